import type { Db } from "../../db/index.ts";
import type { ProjectsTable } from "../../db/schema.ts";
import type { Actor } from "../context.ts";
import { taskFor } from "../tasks/task.resolve.ts";
import { requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import { visibleProjectGids } from "./project.policy.ts";

type Window = { limit: number; offset: number };

// GET /tasks/{gid}/projects: the projects a task lives in, as far as the caller sees them.
export async function projectsOfTask(db: Db, actor: Actor, taskRef: string, window: Window): Promise<ProjectsTable[]> {
  const task = await taskFor(db, actor, taskRef, "read");
  return db
    .selectFrom("projects")
    .innerJoin("task_memberships", "task_memberships.project_gid", "projects.gid")
    .selectAll("projects")
    .where("task_memberships.task_gid", "=", task.gid)
    .where("projects.gid", "in", visibleProjectGids(db, actor.gid))
    .orderBy("task_memberships.created_at")
    .orderBy("projects.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

// GET /workspaces/{gid}/projects/search: visible projects whose name or notes hold the text (case-insensitive).
export async function searchProjects(
  db: Db,
  actor: Actor,
  workspaceGid: number,
  filter: { text?: string; archived?: boolean },
  window: Window,
): Promise<ProjectsTable[]> {
  await requireWorkspaceRole(db, actor, workspaceGid);
  const pattern = filter.text ? `%${escapeLike(filter.text.toLowerCase())}%` : undefined;
  return db
    .selectFrom("projects")
    .selectAll()
    .where("workspace_gid", "=", workspaceGid)
    .where("gid", "in", visibleProjectGids(db, actor.gid))
    .$if(pattern !== undefined, (query) =>
      query.where((eb) =>
        eb.or([
          eb(eb.fn("lower", ["name"]), "like", eb.val(pattern ?? "")),
          eb(eb.fn("lower", ["notes"]), "like", eb.val(pattern ?? "")),
        ]),
      ),
    )
    .$if(filter.archived !== undefined, (query) => query.where("archived", "=", filter.archived ? 1 : 0))
    .orderBy("name")
    .orderBy("gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}
