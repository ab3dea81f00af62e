import type { Db } from "../../db/index.ts";
import type { ApiJobsTable, ProjectTemplatesTable, TaskTemplatesTable, WorkspaceRole } from "../../db/schema.ts";
import { forbidden, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import type { ProjectAction } from "../projects/project.policy.ts";
import { projectFor } from "../tasks/task.resolve.ts";
import { workspaceRole } from "../workspaces/workspace.policy.ts";

// Full workspace members read public templates; a private one is its owner's (and workspace admins').
// 404 for guests and outsiders; deleting needs the owner or a workspace admin.
export async function authorizeProjectTemplate(
  db: Db,
  actor: Actor,
  template: ProjectTemplatesTable | undefined,
  action: "read" | "manage",
): Promise<ProjectTemplatesTable> {
  if (!template) throw notFound("project_template");
  const role = await workspaceRole(db, actor, template.workspace_gid);
  if (!role || role === "guest") throw notFound("project_template");
  const owns = template.owner_gid === actor.gid;
  if (template.public !== 1 && !owns && role !== "admin") throw notFound("project_template");
  if (action === "manage" && !owns && role !== "admin") {
    throw forbidden("Only the template's owner or a workspace admin can delete it.");
  }
  return template;
}

// Which of a workspace's templates a full member lists: all of them for an admin, else public ones and their own.
export const projectTemplatesListedFor = (actor: Actor, role: WorkspaceRole): { visibleTo?: number } =>
  role === "admin" ? {} : { visibleTo: actor.gid };

// Task templates belong to a project: readers of the project read them, editors create, use and delete them.
export async function authorizeTaskTemplate(
  db: Db,
  actor: Actor,
  template: TaskTemplatesTable | undefined,
  action: Extract<ProjectAction, "read" | "edit">,
): Promise<TaskTemplatesTable> {
  if (!template) throw notFound("task_template");
  await projectFor(db, actor, String(template.project_gid), action, "task_template");
  return template;
}

// A job is its starter's to read (and a workspace admin's); anyone else is told it does not exist.
export async function authorizeApiJob(db: Db, actor: Actor, job: ApiJobsTable | undefined): Promise<ApiJobsTable> {
  if (!job) throw notFound("job");
  if (job.created_by_gid !== actor.gid && (await workspaceRole(db, actor, job.workspace_gid)) !== "admin") {
    throw notFound("job");
  }
  return job;
}
