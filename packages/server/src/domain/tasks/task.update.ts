import type { UpdateTaskInput } from "@takt/contracts";
import type { TasksTable } from "../../db/schema.ts";
import type { Takt } from "../../takt.ts";
import { decideApproval } from "../approvals/approval.commands.ts";
import { authorizeApproval } from "../approvals/approval.policy.ts";
import { unitOfWork } from "../context.ts";
import { taskProjectGids } from "../custom-fields/custom-field.values.ts";
import { secretKeyOf } from "../custom-fields/secret-box.ts";
import { prepareTaskExtras } from "../custom-fields/task-extras.ts";
import { setRecurrence } from "../recurrence/recurrence.commands.ts";
import { recurrenceOf } from "../recurrence/recurrence.input.ts";
import { resolveTaskScrum } from "../sprints/task-scrum.ts";
import { setEstimate } from "../time/time.commands.ts";
import { type TaskCtx, updateTask } from "./task.commands.ts";
import { setTaskExternals } from "./task.external.ts";
import { checkExclusiveFields, taskFieldsOf } from "./task.fields.ts";
import { loadTask } from "./task.queries.ts";
import { taskFor, usersFor } from "./task.resolve.ts";

// PUT /tasks/{gid}: the task's fields, scrum fields, custom field values, tags, recurrence, approval decision and
// estimate change together or not at all. A refusal at any step (a decision that needs a comment, an unknown
// tag) leaves the task as it was, with no event, story or audit entry.
export async function updateTaskUseCase(
  takt: Takt,
  ctx: TaskCtx,
  taskRaw: string,
  input: UpdateTaskInput,
): Promise<TasksTable> {
  const recurrence = recurrenceOf(input.recurrence);
  checkExclusiveFields(input);
  return unitOfWork(ctx, async (uow) => {
    const { db, actor } = uow;
    const task = await taskFor(db, actor, taskRaw, "edit");
    const assigneeGid =
      input.assignee === undefined || input.assignee === null
        ? input.assignee
        : (await usersFor(db, actor, task.workspace_gid, [input.assignee], "assignee"))[0].gid;
    if (input.approval_status !== undefined) await authorizeApproval(db, actor, task);
    const scrum = await resolveTaskScrum(db, task, input);
    const after = await prepareTaskExtras(db, actor, {
      secretKey: () => secretKeyOf(takt),
      workspaceGid: task.workspace_gid,
      projectGids: input.custom_fields ? await taskProjectGids(db, task) : [],
      customFields: input.custom_fields,
      tags: input.tags,
      replaceTags: true,
    });
    const updated = await updateTask(uow, task, taskFieldsOf(input, assigneeGid), scrum, after);
    if (recurrence !== undefined) await setRecurrence(uow, updated, recurrence);
    if (input.approval_status !== undefined) await decideApproval(uow, updated, input.approval_status);
    if (input.estimated_minutes !== undefined) await setEstimate(uow, updated, input.estimated_minutes);
    // Approval and estimate write the row again: read it back through the unit, which sees its own writes.
    const reread = input.approval_status !== undefined || input.estimated_minutes !== undefined;
    const latest = reread ? ((await loadTask(db, task.gid)) ?? updated) : updated;
    const reassigned = assigneeGid !== undefined && assigneeGid !== null && assigneeGid !== task.assignee_gid;
    return setTaskExternals(uow.unit, latest, input, reassigned ? actor.gid : undefined);
  });
}
