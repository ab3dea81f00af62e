import type { ListTasksQuery } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { TasksTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import {
  listAssignedTasks,
  listLinkedTasks,
  listProjectTasks,
  listSectionTasks,
  listSubtasks,
  type TaskListFilter,
  type Window,
} from "./task.queries.ts";
import { projectFor, refGid, sectionFor, taskFor, usersFor } from "./task.resolve.ts";

// The lists of tasks a request may ask for: what the list is of is resolved and checked first (404/403), then
// the answer is a loader of one page, which reads only what the actor may see.
export type TaskPages = (window: Window) => Promise<TasksTable[]>;

export function taskListFilter(query: ListTasksQuery): TaskListFilter {
  return { completedSince: query.completed_since, modifiedSince: query.modified_since };
}

// GET /tasks: the tasks of a project, of a section, or assigned to someone in a workspace.
export async function taskList(db: Db, actor: Actor, query: ListTasksQuery): Promise<TaskPages> {
  const filter = taskListFilter(query);
  if (query.section) {
    if (query.project) throw badRequest("section: pass either project or section, not both");
    return sectionTaskList(db, actor, query.section, filter);
  }
  if (query.project) return projectTaskList(db, actor, query.project, filter);
  if (query.assignee || query.workspace) {
    if (!query.workspace) throw badRequest("workspace: Missing input. Pass workspace together with assignee.");
    if (!query.assignee) throw badRequest("assignee: Missing input. Pass assignee together with workspace.");
    const workspaceGid = refGid(query.workspace, "workspace");
    await requireWorkspaceRole(db, actor, workspaceGid);
    const [assignee] = await usersFor(db, actor, workspaceGid, [query.assignee], "assignee");
    return (window) => listAssignedTasks(db, actor.gid, assignee.gid, workspaceGid, filter, window);
  }
  throw badRequest("project: Missing input. Pass project, section, or assignee together with workspace.");
}

export async function projectTaskList(
  db: Db,
  actor: Actor,
  projectRaw: string,
  filter: TaskListFilter,
): Promise<TaskPages> {
  const project = await projectFor(db, actor, projectRaw, "read");
  return (window) => listProjectTasks(db, actor.gid, project.gid, filter, window);
}

export async function sectionTaskList(
  db: Db,
  actor: Actor,
  sectionRaw: string,
  filter: TaskListFilter,
): Promise<TaskPages> {
  const { section } = await sectionFor(db, actor, sectionRaw, "read");
  return (window) => listSectionTasks(db, actor.gid, section.gid, filter, window);
}

export async function subtaskList(db: Db, actor: Actor, taskRaw: string, filter: TaskListFilter): Promise<TaskPages> {
  const parent = await taskFor(db, actor, taskRaw, "read");
  return (window) => listSubtasks(db, actor.gid, parent.gid, filter, window);
}

export async function linkedTaskList(
  db: Db,
  actor: Actor,
  taskRaw: string,
  direction: "dependencies" | "dependents",
): Promise<TaskPages> {
  const task = await taskFor(db, actor, taskRaw, "read");
  return (window) => listLinkedTasks(db, actor.gid, task.gid, direction, window);
}
