import type { CreateTaskInput } from "@takt/contracts";
import { prepared } from "../../db/prepared.ts";
import type { TasksTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import type { Takt } from "../../takt.ts";
import { decideApproval } from "../approvals/approval.commands.ts";
import { authorizeApproval } from "../approvals/approval.policy.ts";
import { unitOfWork } from "../context.ts";
import { taskProjectGids } from "../custom-fields/custom-field.values.ts";
import { secretKeyOf } from "../custom-fields/secret-box.ts";
import { prepareTaskExtras } from "../custom-fields/task-extras.ts";
import { setRecurrence } from "../recurrence/recurrence.commands.ts";
import { recurrenceOf } from "../recurrence/recurrence.input.ts";
import { requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import { createTask, type TaskCtx } from "./task.commands.ts";
import { externalColumns } from "./task.external.ts";
import { checkExclusiveFields, taskFieldsOf } from "./task.fields.ts";
import { loadTask } from "./task.queries.ts";
import { projectFor, refGid, sameWorkspace, sectionOfProject, taskFor, usersFor } from "./task.resolve.ts";

// One of the sections a new task goes into that marks its tasks complete. Compiled once (db/prepared.ts).
const doneSection = prepared(
  ["sectionGids"],
  (db, params: { sectionGids: number[] }) =>
    db.selectFrom("sections").select("gid").where("gid", "in", params.sectionGids).where("marks_complete", "=", 1),
  { lists: ["sectionGids"] },
);

// POST /tasks, and POST /tasks/{parent}/subtasks with `parentPath`: everything the body names is resolved and
// checked, then the task, its memberships, followers, custom field values, tags and recurrence are written in one
// unit of work.
export async function createTaskUseCase(
  takt: Takt,
  ctx: TaskCtx,
  input: CreateTaskInput,
  parentPath?: string,
): Promise<TasksTable> {
  const recurrence = recurrenceOf(input.recurrence);
  if (parentPath !== undefined && input.parent !== undefined) {
    throw badRequest("parent: is given by the path; leave it out");
  }
  return unitOfWork(ctx, async (uow) => {
    const { db, actor } = uow;
    const pathParent = parentPath === undefined ? null : await taskFor(db, actor, parentPath, "edit");
    checkExclusiveFields(input);
    const placements = new Map<number, number | null>();
    const projects: { workspace_gid: number; field: string }[] = [];
    for (const raw of input.projects ?? []) {
      const project = await projectFor(db, actor, raw, "edit", "projects");
      if (!placements.has(project.gid)) placements.set(project.gid, null);
      projects.push({ workspace_gid: project.workspace_gid, field: "projects" });
    }
    for (const [index, membership] of (input.memberships ?? []).entries()) {
      const field = `memberships.${index}`;
      const project = await projectFor(db, actor, membership.project, "edit", `${field}.project`);
      const sectionGid = membership.section
        ? await sectionOfProject(db, membership.section, project.gid, `${field}.section`)
        : null;
      placements.set(project.gid, sectionGid);
      projects.push({ workspace_gid: project.workspace_gid, field: `${field}.project` });
    }
    const parent = pathParent ?? (input.parent ? await taskFor(db, actor, input.parent, "edit", "parent") : null);
    let workspaceGid: number;
    if (input.workspace) {
      workspaceGid = refGid(input.workspace, "workspace");
      await requireWorkspaceRole(db, actor, workspaceGid);
    } else {
      const inferred = projects[0]?.workspace_gid ?? parent?.workspace_gid;
      if (inferred === undefined) throw badRequest("workspace: Missing input. Pass workspace, projects or parent.");
      workspaceGid = inferred;
    }
    for (const project of projects) sameWorkspace(project.field, workspaceGid, project);
    if (parent) sameWorkspace("parent", workspaceGid, parent);
    const assignee = input.assignee ? (await usersFor(db, actor, workspaceGid, [input.assignee], "assignee"))[0] : null;
    const followers = await usersFor(db, actor, workspaceGid, input.followers ?? [], "followers");
    const after = await prepareTaskExtras(db, actor, {
      secretKey: () => secretKeyOf(takt),
      workspaceGid,
      // Which projects' fields apply matters only when custom fields are given.
      projectGids: [...placements.keys(), ...(parent && input.custom_fields ? await taskProjectGids(db, parent) : [])],
      customFields: input.custom_fields,
      tags: input.tags,
    });
    // A task created right in a column that means done is done, unless the caller says otherwise.
    const sectionGids = [...placements.values()].filter((gid): gid is number => gid !== null);
    const intoDone =
      input.completed === undefined && sectionGids.length > 0 && !!(await doneSection.first(db, { sectionGids }));
    const task = await createTask(uow, {
      workspaceGid,
      fields: taskFieldsOf(intoDone ? { ...input, completed: true } : input, assignee?.gid ?? null),
      parent,
      placements: [...placements].map(([projectGid, sectionGid]) => ({ projectGid, sectionGid })),
      followerGids: followers.map((user) => user.gid),
      columns: externalColumns(input, assignee ? actor.gid : undefined),
      after,
    });
    if (recurrence !== undefined) await setRecurrence(uow, task, recurrence);
    let created = task;
    // Pending is every task's state before a decision; a decision needs an approval task.
    if (input.approval_status !== undefined && input.approval_status !== "pending") {
      if (task.resource_subtype !== "approval") {
        throw badRequest('approval_status: only approval tasks (resource_subtype "approval") take a decision');
      }
      await authorizeApproval(db, actor, task);
      await decideApproval(uow, task, input.approval_status);
      created = (await loadTask(db, task.gid)) ?? task;
    }
    return created;
  });
}
