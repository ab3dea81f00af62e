import type { Kysely, Transaction } from "kysely";
import type { Db } from "../../db/index.ts";
import type { Database, SprintsTable } from "../../db/schema.ts";
import { NO_TOTALS, type SprintTotals } from "./sprint.presenter.ts";

type Reader = Kysely<Database> | Transaction<Database>;

export function findSprint(db: Reader, gid: number): Promise<SprintsTable | undefined> {
  return db.selectFrom("sprints").selectAll().where("gid", "=", gid).executeTakeFirst();
}

// Planned and active sprints first (by start date), then completed ones, newest first.
export function sprintsOfProject(db: Db, projectGid: number, state?: SprintsTable["state"]) {
  return db
    .selectFrom("sprints")
    .selectAll()
    .where("project_gid", "=", projectGid)
    .$if(state !== undefined, (query) => query.where("state", "=", state as SprintsTable["state"]))
    .orderBy((eb) => eb.case().when("state", "=", "completed").then(1).else(0).end())
    .orderBy("start_on")
    .orderBy("completed_at", "desc")
    .orderBy("gid");
}

// Live totals of each sprint's tasks, in one query.
export async function sprintTotals(db: Reader, sprintGids: number[]): Promise<Map<number, SprintTotals>> {
  const totals = new Map<number, SprintTotals>();
  if (sprintGids.length === 0) return totals;
  const rows = await db
    .selectFrom("tasks")
    .select(["sprint_gid", "completed", "story_points"])
    .where("sprint_gid", "in", sprintGids)
    .execute();
  for (const row of rows) {
    const gid = row.sprint_gid as number;
    const total = { ...(totals.get(gid) ?? NO_TOTALS) };
    const points = Number(row.story_points ?? 0);
    total.num_tasks += 1;
    total.total_points += points;
    if (row.completed === 1) {
      total.num_completed_tasks += 1;
      total.completed_points += points;
    }
    totals.set(gid, total);
  }
  for (const total of totals.values()) {
    total.total_points = Math.round(total.total_points * 100) / 100;
    total.completed_points = Math.round(total.completed_points * 100) / 100;
  }
  return totals;
}

export function sprintTasks(db: Db, sprintGid: number) {
  return db
    .selectFrom("tasks")
    .selectAll("tasks")
    .where("tasks.sprint_gid", "=", sprintGid)
    .orderBy((eb) => eb.case().when("tasks.backlog_rank", "is", null).then(1).else(0).end())
    .orderBy("tasks.backlog_rank")
    .orderBy("tasks.gid");
}

// The backlog: open top-level tasks of the project in no sprint, by rank (unranked ones last, oldest first).
export function backlogTasks(db: Db, projectGid: number) {
  return db
    .selectFrom("tasks")
    .innerJoin("task_memberships as tm", "tm.task_gid", "tasks.gid")
    .selectAll("tasks")
    .where("tm.project_gid", "=", projectGid)
    .where("tasks.sprint_gid", "is", null)
    .where("tasks.completed", "=", 0)
    .where("tasks.parent_gid", "is", null)
    .orderBy((eb) => eb.case().when("tasks.backlog_rank", "is", null).then(1).else(0).end())
    .orderBy("tasks.backlog_rank")
    .orderBy("tasks.gid");
}
