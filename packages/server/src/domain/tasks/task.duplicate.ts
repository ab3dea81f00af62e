import type { DuplicatePart } from "@takt/contracts";
import type { ApiJobsTable, TasksTable } from "../../db/schema.ts";
import { type Tx, transact, unitOfWork } from "../context.ts";
import { recordFinishedJob } from "../templates/api-job.ts";
import { insertTask, type Placement, type TaskCtx, taskEvent } from "./task.commands.ts";
import type { TaskFieldState } from "./task.fields.ts";
import { editableProjectsOf } from "./task.policy.ts";
import { loadTask } from "./task.queries.ts";
import { taskFor } from "./task.resolve.ts";

function copiedFields(source: TasksTable, name: string, include: Set<DuplicatePart>): TaskFieldState {
  return {
    name,
    notes: include.has("notes") ? source.notes : "",
    html_notes: include.has("notes") ? source.html_notes : "<body></body>",
    resource_subtype: source.resource_subtype,
    assignee_gid: include.has("assignee") ? source.assignee_gid : null,
    due_on: include.has("dates") ? source.due_on : null,
    due_at: include.has("dates") ? source.due_at : null,
    start_on: include.has("dates") ? source.start_on : null,
    completed: 0,
  };
}

async function copySubtasks(tx: Tx, ctx: TaskCtx, from: TasksTable, to: TasksTable, include: Set<DuplicatePart>) {
  const children = await tx.trx
    .selectFrom("tasks")
    .selectAll()
    .where("parent_gid", "=", from.gid)
    .orderBy("subtask_order_key")
    .orderBy("gid")
    .execute();
  for (const child of children) {
    const copy = await insertTask(tx, ctx.actor, {
      workspaceGid: to.workspace_gid,
      fields: copiedFields(child, child.name, include),
      parent: to,
      placements: [],
      followerGids: [],
    });
    await copySubtasks(tx, ctx, child, copy, include);
  }
}

// Asana duplicates in a background job; Takt copies in one transaction and answers with a finished job.
// Memberships are copied only into the projects the actor may edit (editableProjectGids), right after the original.
export async function duplicateTask(
  ctx: TaskCtx,
  source: TasksTable,
  name: string,
  include: Set<DuplicatePart>,
  editableProjectGids: Set<number>,
): Promise<TasksTable> {
  return transact(ctx, async (tx) => {
    const parent = include.has("parent") && source.parent_gid ? await loadTask(tx.trx, source.parent_gid) : undefined;
    const placements: Placement[] = include.has("projects")
      ? (
          await tx.trx
            .selectFrom("task_memberships")
            .select(["project_gid", "section_gid", "order_key"])
            .where("task_gid", "=", source.gid)
            .orderBy("created_at")
            .execute()
        )
          .filter((membership) => editableProjectGids.has(membership.project_gid))
          .map((membership) => ({
            projectGid: membership.project_gid,
            sectionGid: membership.section_gid,
            slot: { after: membership.order_key },
          }))
      : [];
    const followerGids = include.has("followers")
      ? (await tx.trx.selectFrom("task_followers").select("user_gid").where("task_gid", "=", source.gid).execute()).map(
          (row) => row.user_gid,
        )
      : [];
    const copy = await insertTask(tx, ctx.actor, {
      workspaceGid: source.workspace_gid,
      fields: copiedFields(source, name, include),
      parent: parent ?? null,
      parentSlot: parent && source.subtask_order_key ? { after: source.subtask_order_key } : undefined,
      placements,
      followerGids,
    });
    if (include.has("dependencies")) {
      const edges = await tx.trx
        .selectFrom("task_dependencies")
        .select("depends_on_gid")
        .where("task_gid", "=", source.gid)
        .execute();
      for (const edge of edges) {
        await tx.trx
          .insertInto("task_dependencies")
          .values({ task_gid: copy.gid, depends_on_gid: edge.depends_on_gid })
          .execute();
        await tx.emit(
          taskEvent(copy, {
            action: "changed",
            change: {
              field: "dependencies",
              action: "added",
              added_value: { gid: String(edge.depends_on_gid), resource_type: "task" },
            },
          }),
        );
      }
    }
    if (include.has("subtasks")) await copySubtasks(tx, ctx, source, copy, include);
    return copy;
  });
}

// POST /tasks/{gid}/duplicate: the copy, for those who may edit the original.
export async function duplicateTaskUseCase(
  ctx: TaskCtx,
  taskRaw: string,
  input: { name: string; include: string[] },
): Promise<ApiJobsTable> {
  return unitOfWork(ctx, async (uow) => {
    const task = await taskFor(uow.db, uow.actor, taskRaw, "edit");
    const include = new Set(input.include as DuplicatePart[]);
    const copy = await duplicateTask(
      uow,
      task,
      input.name,
      include,
      await editableProjectsOf(uow.db, uow.actor, task.gid),
    );
    return recordFinishedJob(uow.db, {
      workspaceGid: copy.workspace_gid,
      subtype: "duplicate_task",
      actorGid: uow.actor.gid,
      newTaskGid: copy.gid,
    });
  });
}
