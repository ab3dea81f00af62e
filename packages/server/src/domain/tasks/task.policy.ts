import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import { isPostgres } from "../../db/dialect.ts";
import type { Db } from "../../db/index.ts";
import { prepared } from "../../db/prepared.ts";
import type { AccessLevel, Database, TasksTable } from "../../db/schema.ts";
import { forbidden, notFound } from "../../errors.ts";
import { atLeast, stronger } from "../access-level.ts";
import type { Actor } from "../context.ts";
import { projectAccessLevels, projectVisible, visibleProjectGids } from "../projects/project.policy.ts";

export type TaskAction = "read" | "comment" | "edit";
const NEEDED: Record<TaskAction, AccessLevel> = { read: "viewer", comment: "commenter", edit: "editor" };

type TaskRef = Pick<TasksTable, "gid" | "root_gid" | "assignee_gid" | "created_by_gid" | "workspace_gid">;

type ActorRef = number | Expression<number>;
type TaskEb = ExpressionBuilder<Database, "tasks">;
type MembershipEb = ExpressionBuilder<Database & { vtm: Database["task_memberships"] }, "tasks" | "vtm">;

// The visibility predicate on `tasks`, given how to decide that the actor sees the project of a membership.
// SQLite tries the terms in the order written and stops at the first true one: the cheap ones first (the
// assignee is a column of the row, a follower one probe of a key), so My Tasks never asks about projects.
// PostgreSQL (`postgres`): the follower probe carries OFFSET 0, which keeps it a probe of the key for each row
// tested. Otherwise, expecting to test most of a workspace (it plans before the LIMIT), it first reads every task
// the person follows into a hash (3,868 rows, 2–3 ms for a person of the benchmark) even when the page needs a few
// dozen rows tested: a search for a common word 5 → 3 ms.
function taskVisibleWhen(actor: ActorRef, projectSeen: (eb: MembershipEb) => Expression<SqlBool>, postgres: boolean) {
  return (eb: TaskEb) =>
    eb.or([
      eb("tasks.assignee_gid", "=", actor),
      eb.exists(
        eb
          .selectFrom("task_followers as vtf")
          .select("vtf.task_gid")
          .whereRef("vtf.task_gid", "=", "tasks.gid")
          .where("vtf.user_gid", "=", actor)
          .$if(postgres, (query) => query.offset(sql.lit(0))),
      ),
      eb.exists(
        eb
          .selectFrom("task_memberships as vtm")
          .select("vtm.task_gid")
          .where((inner) =>
            inner.or([
              inner("vtm.task_gid", "=", inner.ref("tasks.gid")),
              inner("vtm.task_gid", "=", inner.ref("tasks.root_gid")),
            ]),
          )
          .where(projectSeen),
      ),
      eb.and([
        eb("tasks.created_by_gid", "=", actor),
        eb.not(
          eb.exists(
            eb
              .selectFrom("task_memberships as vtm2")
              .select("vtm2.task_gid")
              .where((inner) =>
                inner.or([
                  inner("vtm2.task_gid", "=", inner.ref("tasks.gid")),
                  inner("vtm2.task_gid", "=", inner.ref("tasks.root_gid")),
                ]),
              ),
          ),
        ),
      ]),
    ]);
}

// SQL: a task is visible when it or its top-level ancestor is in a visible project, when the actor is its
// assignee or follower, or when the actor created it and it lives in no project (a private task).
// For one actor over many tasks: the actor's visible projects are listed once per statement.
export function taskIsVisible(db: Db, actorGid: number) {
  return taskVisibleWhen(
    actorGid,
    (eb) => eb("vtm.project_gid", "in", visibleProjectGids(db, actorGid)),
    isPostgres(db),
  );
}

// The same predicate probing only the projects of each task's memberships instead of listing every project the
// actor sees first. The actor is a gid (cheaper than the list for the few rows of a page's parents or
// dependencies) or taken from the outer query, e.g. `users.gid`: many actors at once, each pair probing only the
// projects of that task (realtime fan-out, see events/event.policy.ts).
export function taskIsVisibleTo(db: Db, actor: ActorRef) {
  return taskVisibleWhen(actor, (eb) => projectVisible(db, actor, eb.ref("vtm.project_gid"))(eb), isPostgres(db));
}

// What the actor holds on each given task: the access level (absent: no access) and, per project the task itself
// is in, the actor's access to that project. A constant number of queries for any number of tasks.
export interface TaskAccess {
  level: AccessLevel | null;
  projects: Map<number, AccessLevel | null>;
}

// Every request about a task asks these: compiled once (db/prepared.ts).
const membershipProjects = prepared(
  ["taskGids"],
  (db, params: { taskGids: number[] }) =>
    db
      .selectFrom("task_memberships")
      .innerJoin("projects", "projects.gid", "task_memberships.project_gid")
      .select(["task_memberships.task_gid", "projects.gid", "projects.workspace_gid", "projects.privacy_setting"])
      .where("task_memberships.task_gid", "in", params.taskGids),
  { lists: ["taskGids"] },
);

const followedAmong = prepared(
  ["taskGids", "userGid"],
  (db, params: { taskGids: number[]; userGid: number }) =>
    db
      .selectFrom("task_followers")
      .select("task_gid")
      .where("task_gid", "in", params.taskGids)
      .where("user_gid", "=", params.userGid),
  { lists: ["taskGids"] },
);

export async function tasksAccess(db: Db, actor: Actor, tasks: TaskRef[]): Promise<Map<number, TaskAccess>> {
  const result = new Map<number, TaskAccess>();
  if (tasks.length === 0) return result;
  const related = [...new Set(tasks.flatMap((task) => [task.gid, task.root_gid]))];
  const memberships = await membershipProjects.all(db, { taskGids: related });
  const projects = [...new Map(memberships.map((row) => [row.gid, row])).values()];
  const levels = await projectAccessLevels(db, actor, projects);
  const followed = new Set(
    (await followedAmong.all(db, { taskGids: tasks.map((task) => task.gid), userGid: actor.gid })).map(
      (row) => row.task_gid,
    ),
  );
  const projectsOf = new Map<number, number[]>();
  for (const row of memberships) {
    const list = projectsOf.get(row.task_gid);
    if (list) list.push(row.gid);
    else projectsOf.set(row.task_gid, [row.gid]);
  }
  for (const task of tasks) {
    const own = projectsOf.get(task.gid) ?? [];
    const inherited = task.root_gid === task.gid ? [] : (projectsOf.get(task.root_gid) ?? []);
    // The strongest of the projects' levels (its own and its top-level task's) and what the person holds on the
    // task itself; a page of tasks runs this for each, so no intermediate lists.
    let level: AccessLevel | null = null;
    for (const gid of own) level = stronger(level, levels.get(gid) ?? null);
    for (const gid of inherited) level = stronger(level, levels.get(gid) ?? null);
    if (task.assignee_gid === actor.gid) level = stronger(level, "editor");
    if (task.created_by_gid === actor.gid && own.length === 0 && inherited.length === 0) level = "admin";
    if (followed.has(task.gid)) level = stronger(level, "commenter");
    result.set(task.gid, { level, projects: new Map(own.map((gid) => [gid, levels.get(gid) ?? null])) });
  }
  return result;
}

export async function taskAccess(db: Db, actor: Actor, task: TaskRef): Promise<AccessLevel | null> {
  return (await tasksAccess(db, actor, [task])).get(task.gid)?.level ?? null;
}

// Whether an access level allows an action on the task: the rule authorizeTask enforces, and the one the caller's
// abilities report (task.abilities.ts).
export function taskAllows(level: AccessLevel | null, action: TaskAction): boolean {
  return atLeast(level, NEEDED[action]);
}

// 404 when the task is invisible to the actor, 403 when visible but the action needs more access.
export async function authorizeTask(
  db: Db,
  actor: Actor,
  task: TaskRef | undefined,
  action: TaskAction,
): Promise<AccessLevel> {
  if (!task) throw notFound("task");
  const level = await taskAccess(db, actor, task);
  if (!level) throw notFound("task");
  if (!taskAllows(level, action)) throw forbidden(`You need ${NEEDED[action]} access to this task.`);
  return level;
}

// Following a task lets one read it, so naming anyone but oneself needs edit access; oneself, comment access.
export function followerChangeAction(actor: Actor, userGids: number[]): TaskAction {
  return userGids.every((gid) => gid === actor.gid) ? "comment" : "edit";
}

// The projects of the task's memberships in which the actor may add tasks (used when copying a task).
export async function editableProjectsOf(db: Db, actor: Actor, taskGid: number): Promise<Set<number>> {
  const projects = await db
    .selectFrom("task_memberships")
    .innerJoin("projects", "projects.gid", "task_memberships.project_gid")
    .select(["projects.gid", "projects.workspace_gid", "projects.privacy_setting"])
    .where("task_memberships.task_gid", "=", taskGid)
    .execute();
  const levels = await projectAccessLevels(db, actor, projects);
  return new Set([...levels].filter(([, level]) => atLeast(level, "editor")).map(([gid]) => gid));
}
