import type { ExpressionBuilder, Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Actor } from "../domain/context.ts";
import { authorizeProject } from "../domain/projects/project.policy.ts";
import { authorizeTask } from "../domain/tasks/task.policy.ts";
import { authorizeTeam } from "../domain/teams/team.policy.ts";
import { requireFullMember } from "../domain/workspaces/workspace.policy.ts";
import { notFound } from "../errors.ts";

type Reader = Kysely<Database>;

export type ScopeType = "workspace" | "team" | "project" | "section" | "task" | "tag" | "user_task_list";

// A resource whose event stream can be followed (events API) or subscribed to (webhooks).
export interface EventScope {
  type: ScopeType;
  gid: number;
  workspace_gid: number;
  name: string;
}

// SQL: the events about the scope and everything under it. Events bubble up: a project's stream holds its
// sections', tasks' and subtasks' events (tasks through task_memberships, subtasks through root_gid), and the
// events whose parent is any of those (stories on a task, a subtask added to a task, a task moved to a section).
export function eventIsAbout(db: Reader, scope: Pick<EventScope, "type" | "gid">) {
  return (eb: ExpressionBuilder<Database, "events">) => {
    const direct = [eb("events.resource_gid", "=", scope.gid), eb("events.parent_gid", "=", scope.gid)];
    const under = (gids: ReturnType<typeof childGids>) => [
      eb("events.resource_gid", "in", gids),
      eb("events.parent_gid", "in", gids),
    ];
    const childGids = (kind: "sections" | "tasks" | "subtasks" | "team-projects") => {
      if (kind === "sections")
        return db.selectFrom("sections").select("sections.gid").where("project_gid", "=", scope.gid);
      if (kind === "team-projects")
        return db.selectFrom("projects").select("projects.gid").where("team_gid", "=", scope.gid);
      if (kind === "subtasks") {
        return db
          .selectFrom("tasks")
          .select("tasks.gid")
          .where((inner) => inner.or([inner("root_gid", "=", scope.gid), inner("parent_gid", "=", scope.gid)]))
          .where("tasks.gid", "!=", scope.gid);
      }
      return db
        .selectFrom("tasks")
        .select("tasks.gid")
        .where((inner) =>
          inner.exists(
            inner
              .selectFrom("task_memberships as stm")
              .select("stm.task_gid")
              .where("stm.project_gid", "=", scope.gid)
              .where((member) =>
                member.or([
                  member("stm.task_gid", "=", member.ref("tasks.gid")),
                  member("stm.task_gid", "=", member.ref("tasks.root_gid")),
                ]),
              ),
          ),
        );
    };
    switch (scope.type) {
      case "workspace":
        return eb("events.workspace_gid", "=", scope.gid);
      case "team":
        return eb.or([...direct, eb("events.resource_gid", "in", childGids("team-projects"))]);
      case "project":
        return eb.or([...direct, ...under(childGids("sections")), ...under(childGids("tasks"))]);
      case "task":
        return eb.or([...direct, ...under(childGids("subtasks"))]);
      case "tag": {
        // The tag's own events and those of the tasks it is on.
        const tagged = db
          .selectFrom("tasks")
          .select("tasks.gid")
          .where("tasks.gid", "in", db.selectFrom("task_tags").select("task_gid").where("tag_gid", "=", scope.gid));
        return eb.or([...direct, ...under(tagged)]);
      }
      case "user_task_list": {
        // My Tasks: the events of the tasks assigned to the list's owner in its workspace.
        const list = db.selectFrom("user_task_lists").where("user_task_lists.gid", "=", scope.gid);
        const assigned = db
          .selectFrom("tasks")
          .select("tasks.gid")
          .where("tasks.assignee_gid", "=", list.select("user_task_lists.user_gid"))
          .where("tasks.workspace_gid", "=", list.select("user_task_lists.workspace_gid"));
        return eb.or([...direct, ...under(assigned)]);
      }
      default:
        return eb.or(direct);
    }
  };
}

// Finds what a gid names and checks the actor may read it: 404 when it is unknown or invisible to them.
export async function resolveScope(db: Reader, actor: Actor, gid: number): Promise<EventScope> {
  const project = await db.selectFrom("projects").selectAll().where("gid", "=", gid).executeTakeFirst();
  if (project) {
    await authorizeProject(db, actor, project, "read").catch(() => {
      throw notFound("resource");
    });
    return { type: "project", gid, workspace_gid: project.workspace_gid, name: project.name };
  }
  const task = await db.selectFrom("tasks").selectAll().where("gid", "=", gid).executeTakeFirst();
  if (task) {
    await authorizeTask(db, actor, task, "read").catch(() => {
      throw notFound("resource");
    });
    return { type: "task", gid, workspace_gid: task.workspace_gid, name: task.name };
  }
  const section = await db
    .selectFrom("sections")
    .innerJoin("projects", "projects.gid", "sections.project_gid")
    .select(["sections.name", "projects.gid", "projects.workspace_gid", "projects.privacy_setting"])
    .where("sections.gid", "=", gid)
    .executeTakeFirst();
  if (section) {
    await authorizeProject(db, actor, section, "read").catch(() => {
      throw notFound("resource");
    });
    return { type: "section", gid, workspace_gid: section.workspace_gid, name: section.name };
  }
  const team = await db.selectFrom("teams").selectAll().where("gid", "=", gid).executeTakeFirst();
  if (team) {
    await authorizeTeam(db, actor, team, "read").catch(() => {
      throw notFound("resource");
    });
    return { type: "team", gid, workspace_gid: team.workspace_gid, name: team.name };
  }
  const tag = await db.selectFrom("tags").selectAll().where("gid", "=", gid).executeTakeFirst();
  if (tag) {
    // A tag is seen by the workspace's full members.
    await requireFullMember(db, actor, tag.workspace_gid).catch(() => {
      throw notFound("resource");
    });
    return { type: "tag", gid, workspace_gid: tag.workspace_gid, name: tag.name };
  }
  const list = await db.selectFrom("user_task_lists").selectAll().where("gid", "=", gid).executeTakeFirst();
  if (list) {
    // My Tasks is its owner's to follow.
    if (list.user_gid !== actor.gid) throw notFound("resource");
    return { type: "user_task_list", gid, workspace_gid: list.workspace_gid, name: "My Tasks" };
  }
  const workspace = await db.selectFrom("workspaces").selectAll().where("gid", "=", gid).executeTakeFirst();
  if (workspace) {
    // A workspace's whole stream is for its full members; guests follow the projects shared with them.
    await requireFullMember(db, actor, gid).catch(() => {
      throw notFound("resource");
    });
    return { type: "workspace", gid, workspace_gid: gid, name: workspace.name };
  }
  throw notFound("resource");
}

// The scope of a stored subscription, without an access check (the check ran when it was created).
export async function loadScope(
  db: Reader,
  type: string,
  gid: number,
): Promise<Pick<EventScope, "gid" | "type" | "name"> | null> {
  if (type === "user_task_list") {
    const list = await db.selectFrom("user_task_lists").select("gid").where("gid", "=", gid).executeTakeFirst();
    return list ? { gid, type: "user_task_list", name: "My Tasks" } : null;
  }
  const table = {
    workspace: "workspaces",
    team: "teams",
    project: "projects",
    section: "sections",
    task: "tasks",
    tag: "tags",
  } as const;
  const name = table[type as Exclude<ScopeType, "user_task_list">];
  if (!name) return null;
  const row = await db.selectFrom(name).select("name").where("gid", "=", gid).executeTakeFirst();
  return row ? { gid, type: type as ScopeType, name: row.name } : null;
}
