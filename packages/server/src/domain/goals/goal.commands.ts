import type {
  GoalRelationshipsTable,
  GoalStoriesTable,
  GoalsTable,
  TimePeriodsTable,
} from "../../db/schema-resources.ts";
import { newGid } from "../../ids.ts";
import { type Ctx, transact } from "../context.ts";

// A goal's writes. A change to what its feed tells (name, status, owner, team, due date, the metric's current value)
// raises a goal event; its audience is who sees the goal (events/event.policy.ts), and story.derive tells it in the
// goal's feed.

export function insertGoal(ctx: Ctx, row: Omit<GoalsTable, "gid" | "created_at" | "modified_at">, followers: number[]) {
  return transact(ctx, async (tx) => {
    const full: GoalsTable = { ...row, gid: newGid(), created_at: tx.now, modified_at: tx.now };
    await tx.trx.insertInto("goals").values(full).execute();
    await follow(tx.trx, full.gid, followers);
    return full;
  });
}

type Trx = Parameters<Parameters<typeof transact>[1]>[0]["trx"];

async function follow(trx: Trx, goalGid: number, userGids: number[]) {
  for (const userGid of new Set(userGids)) {
    await trx
      .insertInto("goal_followers")
      .values({ goal_gid: goalGid, user_gid: userGid })
      .onConflict((conflict) => conflict.columns(["goal_gid", "user_gid"]).doNothing())
      .execute();
  }
}

export function updateGoal(ctx: Ctx, row: GoalsTable) {
  return transact(ctx, async (tx) => {
    const before = await tx.trx.selectFrom("goals").selectAll().where("gid", "=", row.gid).executeTakeFirst();
    const next = { ...row, modified_at: tx.now };
    const { gid, ...rest } = next;
    await tx.trx.updateTable("goals").set(rest).where("gid", "=", gid).execute();
    if (before) await emitGoalChanges(tx, before, next);
    return next;
  });
}

type GoalTx = Parameters<Parameters<typeof transact>[1]>[0];

const currentValueOf = (goal: Pick<GoalsTable, "metric">): number | null => {
  if (!goal.metric) return null;
  try {
    const value = (JSON.parse(goal.metric) as { current_number_value?: unknown }).current_number_value;
    return typeof value === "number" ? value : null;
  } catch {
    return null;
  }
};

const userRef = (gid: number | null) => (gid ? { gid: String(gid), resource_type: "user" } : null);
const teamRef = (gid: number | null) => (gid ? { gid: String(gid), resource_type: "team" } : null);

// One event per field of the feed that changed; people and teams by gid only (their names are the reader's to see).
async function emitGoalChanges(tx: GoalTx, before: GoalsTable, after: GoalsTable) {
  const changes: { field: string; old_value: unknown; new_value: unknown }[] = [];
  const add = (field: string, old_value: unknown, new_value: unknown) => {
    if (old_value !== new_value) changes.push({ field, old_value, new_value });
  };
  add("name", before.name, after.name);
  add("status", before.status, after.status);
  add("due_on", before.due_on, after.due_on);
  if (before.owner_gid !== after.owner_gid) {
    changes.push({ field: "owner", old_value: userRef(before.owner_gid), new_value: userRef(after.owner_gid) });
  }
  if (before.team_gid !== after.team_gid) {
    changes.push({ field: "team", old_value: teamRef(before.team_gid), new_value: teamRef(after.team_gid) });
  }
  // Setting a goal's first metric is not progress; a later change of its current value is.
  if (before.metric) add("current_number_value", currentValueOf(before), currentValueOf(after));
  for (const change of changes) {
    await tx.emit({
      workspace_gid: after.workspace_gid,
      resource_type: "goal",
      resource_gid: after.gid,
      action: "changed",
      change: { action: "changed", ...change },
    });
  }
}

export function deleteGoal(ctx: Ctx, gid: number) {
  return transact(ctx, async (tx) => {
    await tx.trx
      .deleteFrom("goal_relationships")
      .where("supporting_type", "=", "goal")
      .where("supporting_gid", "=", gid)
      .execute();
    await tx.trx.deleteFrom("goals").where("gid", "=", gid).execute();
  });
}

export function setFollowers(ctx: Ctx, goalGid: number, userGids: number[], add: boolean) {
  return transact(ctx, async (tx) => {
    if (add) await follow(tx.trx, goalGid, userGids);
    else if (userGids.length) {
      await tx.trx
        .deleteFrom("goal_followers")
        .where("goal_gid", "=", goalGid)
        .where("user_gid", "in", userGids)
        .execute();
    }
  });
}

export function upsertRelationship(ctx: Ctx, row: Omit<GoalRelationshipsTable, "gid" | "created_at">) {
  return transact(ctx, async (tx) => {
    const existing = await tx.trx
      .selectFrom("goal_relationships")
      .selectAll()
      .where("supported_goal_gid", "=", row.supported_goal_gid)
      .where("supporting_gid", "=", row.supporting_gid)
      .executeTakeFirst();
    if (existing) {
      await tx.trx
        .updateTable("goal_relationships")
        .set({ contribution_weight: row.contribution_weight })
        .where("gid", "=", existing.gid)
        .execute();
      return { ...existing, contribution_weight: row.contribution_weight };
    }
    const full = { ...row, gid: newGid(), created_at: tx.now };
    await tx.trx.insertInto("goal_relationships").values(full).execute();
    return full;
  });
}

export function deleteRelationship(ctx: Ctx, supportedGoal: number, supportingGid: number) {
  return transact(ctx, async (tx) => {
    await tx.trx
      .deleteFrom("goal_relationships")
      .where("supported_goal_gid", "=", supportedGoal)
      .where("supporting_gid", "=", supportingGid)
      .execute();
  });
}

export function updateRelationshipWeight(ctx: Ctx, gid: number, weight: number) {
  return transact(ctx, async (tx) => {
    await tx.trx
      .updateTable("goal_relationships")
      .set({ contribution_weight: weight })
      .where("gid", "=", gid)
      .execute();
  });
}

export function insertGoalStatusUpdate(
  ctx: Ctx & { actor: { gid: number } },
  goal: GoalsTable,
  input: { status_type: string; title: string; text?: string },
) {
  return transact(ctx, async (tx) => {
    const row = {
      gid: newGid(),
      goal_gid: goal.gid,
      status_type: input.status_type,
      title: input.title,
      text: (input.text ?? "").trim(),
      created_by_gid: ctx.actor.gid,
      created_at: tx.now,
    };
    await tx.trx.insertInto("goal_status_updates").values(row).execute();
    // A goal's status follows its latest update, as Asana shows it.
    const status = { on_track: "green", at_risk: "yellow", off_track: "red", on_hold: null, complete: "achieved" }[
      input.status_type
    ];
    const before = await tx.trx.selectFrom("goals").selectAll().where("gid", "=", goal.gid).executeTakeFirst();
    await tx.trx
      .updateTable("goals")
      .set({ status: status ?? null, modified_at: tx.now })
      .where("gid", "=", goal.gid)
      .execute();
    if (before) await emitGoalChanges(tx, before, { ...before, status: status ?? null });
    return row;
  });
}

export function deleteGoalStatusUpdate(ctx: Ctx, gid: number) {
  return transact(ctx, async (tx) => {
    await tx.trx.deleteFrom("goal_status_updates").where("gid", "=", gid).execute();
  });
}

// A workspace's time periods for a year: the fiscal year (calendar year), its halves and quarters.
export function ensureTimePeriods(ctx: Ctx, workspaceGid: number, year: number) {
  return transact(ctx, async (tx) => {
    const exists = await tx.trx
      .selectFrom("time_periods")
      .select("gid")
      .where("workspace_gid", "=", workspaceGid)
      .where("period", "=", "FY")
      .where("start_on", "=", `${year}-01-01`)
      .executeTakeFirst();
    if (exists) return;
    const fy: TimePeriodsTable = {
      gid: newGid(),
      workspace_gid: workspaceGid,
      period: "FY",
      display_name: `FY ${year}`,
      start_on: `${year}-01-01`,
      end_on: `${year}-12-31`,
      parent_gid: null,
    };
    const halves: TimePeriodsTable[] = (["H1", "H2"] as const).map((period, index) => ({
      gid: newGid(),
      workspace_gid: workspaceGid,
      period,
      display_name: `${period} ${year}`,
      start_on: index === 0 ? `${year}-01-01` : `${year}-07-01`,
      end_on: index === 0 ? `${year}-06-30` : `${year}-12-31`,
      parent_gid: fy.gid,
    }));
    const ends = ["03-31", "06-30", "09-30", "12-31"];
    const starts = ["01-01", "04-01", "07-01", "10-01"];
    const quarters: TimePeriodsTable[] = (["Q1", "Q2", "Q3", "Q4"] as const).map((period, index) => ({
      gid: newGid(),
      workspace_gid: workspaceGid,
      period,
      display_name: `${period} ${year}`,
      start_on: `${year}-${starts[index]}`,
      end_on: `${year}-${ends[index]}`,
      parent_gid: halves[index < 2 ? 0 : 1].gid,
    }));
    for (const row of [fy, ...halves, ...quarters]) {
      await tx.trx
        .insertInto("time_periods")
        .values(row)
        .onConflict((conflict) => conflict.columns(["workspace_gid", "period", "start_on"]).doNothing())
        .execute();
    }
  });
}

// A comment on a goal (Asana's goal story).
export function insertGoalStory(
  ctx: Ctx,
  row: { goal_gid: number; created_by_gid: number | null; text: string; html_text: string },
) {
  return transact(ctx, async (tx) => {
    const full: GoalStoriesTable = { ...row, gid: newGid(), created_at: tx.now };
    await tx.trx.insertInto("goal_stories").values(full).execute();
    return full;
  });
}

export function setGoalFieldSetting(
  ctx: Ctx,
  goalGid: number,
  fieldGid: number,
  attach: { important: boolean; position: number } | null,
) {
  return transact(ctx, async (tx) => {
    if (!attach) {
      await tx.trx
        .deleteFrom("goal_custom_field_settings")
        .where("goal_gid", "=", goalGid)
        .where("custom_field_gid", "=", fieldGid)
        .execute();
      return;
    }
    const important = attach.important ? 1 : 0;
    await tx.trx
      .insertInto("goal_custom_field_settings")
      .values({
        gid: newGid(),
        goal_gid: goalGid,
        custom_field_gid: fieldGid,
        is_important: important,
        position: attach.position,
        created_at: tx.now,
      })
      .onConflict((conflict) =>
        conflict
          .columns(["goal_gid", "custom_field_gid"])
          .doUpdateSet({ is_important: important, position: attach.position }),
      )
      .execute();
  });
}
