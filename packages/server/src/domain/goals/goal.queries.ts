import type { Db } from "../../db/index.ts";
import type { GoalsTable } from "../../db/schema-resources.ts";
import { visibleGoalGids } from "./goal.policy.ts";

type Window = { limit: number; offset: number };

export function loadGoal(db: Db, gid: number): Promise<GoalsTable | undefined> {
  return db.selectFrom("goals").selectAll().where("gid", "=", gid).executeTakeFirst();
}

export interface GoalFilter {
  workspace?: number;
  team?: number;
  timePeriods?: number[];
  workspaceLevel?: boolean;
  supporting?: number;
}

export function visibleGoals(db: Db, actorGid: number, filter: GoalFilter, window: Window) {
  let query = db.selectFrom("goals").selectAll().where("gid", "in", visibleGoalGids(db, actorGid));
  if (filter.workspace !== undefined) query = query.where("workspace_gid", "=", filter.workspace);
  if (filter.team !== undefined) query = query.where("team_gid", "=", filter.team);
  if (filter.timePeriods?.length) query = query.where("time_period_gid", "in", filter.timePeriods);
  if (filter.workspaceLevel !== undefined) {
    query = query.where("team_gid", filter.workspaceLevel ? "is" : "is not", null);
  }
  if (filter.supporting !== undefined) {
    query = query.where("gid", "in", (eb) =>
      eb.selectFrom("goal_relationships").select("supported_goal_gid").where("supporting_gid", "=", filter.supporting!),
    );
  }
  return query.orderBy("due_on").orderBy("name").orderBy("gid").limit(window.limit).offset(window.offset).execute();
}

export function relationshipsOf(
  db: Db,
  goalGid: number,
  subtype: "subgoal" | "supporting_work" | undefined,
  window: Window,
) {
  let query = db.selectFrom("goal_relationships").selectAll().where("supported_goal_gid", "=", goalGid);
  if (subtype === "subgoal") query = query.where("supporting_type", "=", "goal");
  if (subtype === "supporting_work") query = query.where("supporting_type", "!=", "goal");
  return query.orderBy("created_at").orderBy("gid").limit(window.limit).offset(window.offset).execute();
}

export function loadRelationship(db: Db, gid: number) {
  return db.selectFrom("goal_relationships").selectAll().where("gid", "=", gid).executeTakeFirst();
}

export function goalStatusUpdates(db: Db, goalGid: number, window: Window) {
  return db
    .selectFrom("goal_status_updates")
    .selectAll()
    .where("goal_gid", "=", goalGid)
    .orderBy("gid", "desc")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

export function timePeriodsOf(db: Db, workspaceGid: number, range: { start_on?: string; end_on?: string }) {
  let query = db.selectFrom("time_periods").selectAll().where("workspace_gid", "=", workspaceGid);
  if (range.start_on) query = query.where("start_on", ">=", range.start_on);
  if (range.end_on) query = query.where("end_on", "<=", range.end_on);
  return query.orderBy("start_on").orderBy("end_on", "desc").execute();
}

export function loadTimePeriod(db: Db, gid: number) {
  return db.selectFrom("time_periods").selectAll().where("gid", "=", gid).executeTakeFirst();
}

export function goalStories(db: Db, goalGid: number, window: Window) {
  return db
    .selectFrom("goal_stories")
    .selectAll()
    .where("goal_gid", "=", goalGid)
    .orderBy("created_at")
    .orderBy("gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

export function goalFieldSettings(db: Db, goalGid: number) {
  return db
    .selectFrom("goal_custom_field_settings as s")
    .innerJoin("custom_fields as f", "f.gid", "s.custom_field_gid")
    .select([
      "s.gid",
      "s.goal_gid",
      "s.is_important",
      "s.position",
      "f.gid as field_gid",
      "f.name",
      "f.resource_subtype",
    ])
    .where("s.goal_gid", "=", goalGid)
    .orderBy("s.position")
    .execute();
}
