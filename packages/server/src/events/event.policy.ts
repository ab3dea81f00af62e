import type { Kysely } from "kysely";
import type { Database, EventsTable } from "../db/schema.ts";
import type { Actor } from "../domain/context.ts";
import { fieldsSeenOnTasks } from "../domain/custom-fields/custom-field.presenter.ts";
import { goalVisible } from "../domain/goals/goal.policy.ts";
import { projectVisible } from "../domain/projects/project.policy.ts";
import { taskIsVisibleTo } from "../domain/tasks/task.policy.ts";
import { type Sight, sightOf } from "../domain/visible-references.ts";
import { eventReferences } from "./event.presenter.ts";

type Reader = Kysely<Database>;

// What decides whether someone may hear of an event: the same visibility as reading the resource it is about.
type Subject =
  | { kind: "owner"; userGid: number | null }
  | { kind: "task"; gid: number }
  | { kind: "project"; gid: number }
  | { kind: "team"; gid: number }
  | { kind: "goal"; gid: number }
  | { kind: "workspace"; gid: number };

function subjectOf(event: EventsTable): Subject {
  // An inbox notification (notifications area) is its owner's alone.
  if (event.resource_type === "notification") {
    return { kind: "owner", userGid: event.parent_type === "user" ? event.parent_gid : null };
  }
  // A goal's changes are heard by those who see the goal (a members-only goal's owner, creator and followers).
  if (event.resource_type === "goal") return { kind: "goal", gid: event.resource_gid };
  const taskGid =
    event.resource_type === "task" ? event.resource_gid : event.parent_type === "task" ? event.parent_gid : null;
  // A deleted task is gone: its event goes to those who see where it lived.
  if (taskGid && !(event.resource_type === "task" && event.action === "deleted")) return { kind: "task", gid: taskGid };
  const projectGid =
    event.resource_type === "project" ? event.resource_gid : event.parent_type === "project" ? event.parent_gid : null;
  if (projectGid) return { kind: "project", gid: projectGid };
  // A team's events are heard by those who see the team (a secret team's by its members and workspace admins).
  const teamGid =
    event.resource_type === "team" ? event.resource_gid : event.parent_type === "team" ? event.parent_gid : null;
  if (teamGid) return { kind: "team", gid: teamGid };
  return { kind: "workspace", gid: event.workspace_gid };
}

const pairKey = (gid: number, userGid: number) => `${gid}:${userGid}`;

// Who among `userGids` may see each event: event id → the user gids. Set-based: at most one query per kind of
// subject (tasks, projects, workspaces, teams, goals) for the whole batch, whatever the number of events and users.
export async function eventAudience(
  db: Reader,
  events: EventsTable[],
  userGids: number[],
): Promise<Map<number, Set<number>>> {
  const audience = new Map<number, Set<number>>(events.map((event) => [event.id, new Set<number>()]));
  const users = [...new Set(userGids)];
  if (events.length === 0 || users.length === 0) return audience;
  const subjects = events.map((event) => ({ event, subject: subjectOf(event) }));
  const gidsOf = (kind: Subject["kind"]) => [
    ...new Set(subjects.flatMap(({ subject }) => (subject.kind === kind && "gid" in subject ? [subject.gid] : []))),
  ];
  const taskGids = gidsOf("task");
  const projectGids = gidsOf("project");
  const workspaceGids = gidsOf("workspace");
  const teamGids = gidsOf("team");
  const goalGids = gidsOf("goal");
  const seen = new Set<string>();
  const [tasks, projects, workspaces, teams, goals] = await Promise.all([
    taskGids.length
      ? db
          .selectFrom(["tasks", "users"])
          .select(["tasks.gid", "users.gid as user_gid"])
          .where("tasks.gid", "in", taskGids)
          .where("users.gid", "in", users)
          .where((eb) => taskIsVisibleTo(db, eb.ref("users.gid"))(eb))
          .execute()
      : [],
    projectGids.length
      ? db
          .selectFrom(["projects", "users"])
          .select(["projects.gid", "users.gid as user_gid"])
          .where("projects.gid", "in", projectGids)
          .where("users.gid", "in", users)
          .where((eb) => projectVisible(db, eb.ref("users.gid"), eb.ref("projects.gid"))(eb))
          .execute()
      : [],
    workspaceGids.length
      ? db
          .selectFrom("workspace_memberships")
          .select(["workspace_gid as gid", "user_gid"])
          .where("workspace_gid", "in", workspaceGids)
          .where("user_gid", "in", users)
          .where("role", "in", ["admin", "member"])
          .execute()
      : [],
    teamGids.length
      ? db
          .selectFrom("teams")
          .innerJoin("workspace_memberships as wm", "wm.workspace_gid", "teams.workspace_gid")
          .select(["teams.gid", "wm.user_gid"])
          .where("teams.gid", "in", teamGids)
          .where("wm.user_gid", "in", users)
          .where("wm.role", "in", ["admin", "member"])
          .where((eb) =>
            eb.or([
              eb("teams.visibility", "!=", "secret"),
              eb("wm.role", "=", "admin"),
              eb.exists(
                eb
                  .selectFrom("team_memberships as tm")
                  .select("tm.gid")
                  .whereRef("tm.team_gid", "=", "teams.gid")
                  .whereRef("tm.user_gid", "=", "wm.user_gid"),
              ),
            ]),
          )
          .execute()
      : [],
    goalGids.length
      ? db
          .selectFrom(["goals", "users"])
          .select(["goals.gid", "users.gid as user_gid"])
          .where("goals.gid", "in", goalGids)
          .where("users.gid", "in", users)
          .where((eb) => goalVisible(db, eb.ref("users.gid"), eb.ref("goals.gid"))(eb))
          .execute()
      : [],
  ]);
  for (const [kind, rows] of [
    ["task", tasks],
    ["project", projects],
    ["workspace", workspaces],
    ["team", teams],
    ["goal", goals],
  ] as const) {
    for (const row of rows) seen.add(`${kind}:${pairKey(row.gid, row.user_gid)}`);
  }
  for (const { event, subject } of subjects) {
    const listeners = audience.get(event.id) as Set<number>;
    for (const userGid of users) {
      const visible =
        subject.kind === "owner"
          ? subject.userGid === userGid
          : seen.has(`${subject.kind}:${pairKey(subject.gid, userGid)}`);
      if (visible) listeners.add(userGid);
    }
  }
  return audience;
}

// The events of a page the actor may see, in a bounded number of queries.
export async function visibleEvents(db: Reader, actor: Actor, events: EventsTable[]): Promise<EventsTable[]> {
  const audience = await eventAudience(db, events, [actor.gid]);
  return events.filter((event) => audience.get(event.id)?.has(actor.gid));
}

// Whether the actor may hear of one event.
export async function canSeeEvent(db: Reader, actor: Actor, event: EventsTable): Promise<boolean> {
  return (await visibleEvents(db, actor, [event])).length === 1;
}

// What one reader (a webhook's creator) sees of the tasks, projects and custom fields a batch of events names:
// a few queries for the whole batch.
export async function eventSight(db: Reader, readerGid: number, events: EventsTable[]): Promise<Sight> {
  const referenced = eventReferences(events);
  const [seen, fields] = await Promise.all([
    sightOf(db, readerGid, referenced),
    fieldsSeenOnTasks(db, readerGid, referenced.fields),
  ]);
  return { ...seen, field: (taskGid, fieldGid) => fields.has(`${taskGid}:${fieldGid}`) };
}
