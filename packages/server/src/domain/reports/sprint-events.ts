import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { ScopeEvent, ScopeField, TaskNow } from "./sprint-history.ts";

type Reader = Kysely<Database> | Transaction<Database>;

const FIELDS: ScopeField[] = ["sprint", "story_points", "completed"];

function gidOf(value: unknown): number | null {
  if (value && typeof value === "object" && "gid" in value) return Number((value as { gid: string }).gid);
  return null;
}

function scopeValue(field: ScopeField, value: unknown): number | boolean | null {
  if (field === "sprint") return gidOf(value);
  if (field === "completed") return value === true;
  return typeof value === "number" ? value : null;
}

// Every event that moved a task into or out of the sprint, changed its points or completion, or deleted it,
// for every task that was ever in the sprint, with the tasks' current values.
export async function loadSprintEvents(
  db: Reader,
  sprintGid: number,
): Promise<{ events: ScopeEvent[]; current: Map<number, TaskNow> }> {
  const mentions = await db
    .selectFrom("events")
    .select("resource_gid")
    .where("resource_type", "=", "task")
    .where("action", "=", "changed")
    .where("change", "like", '%"field":"sprint"%')
    .where("change", "like", `%"gid":"${sprintGid}"%`)
    .execute();
  const inSprint = await db.selectFrom("tasks").select("gid").where("sprint_gid", "=", sprintGid).execute();
  const gids = [...new Set([...mentions.map((row) => row.resource_gid), ...inSprint.map((row) => row.gid)])];
  return loadTaskScopeEvents(db, gids);
}

export async function loadTaskScopeEvents(
  db: Reader,
  gids: number[],
): Promise<{ events: ScopeEvent[]; current: Map<number, TaskNow> }> {
  const current = new Map<number, TaskNow>();
  const events: ScopeEvent[] = [];
  if (gids.length === 0) return { events, current };
  for (let start = 0; start < gids.length; start += 500) {
    const chunk = gids.slice(start, start + 500);
    const rows = await db
      .selectFrom("tasks")
      .select(["gid", "sprint_gid", "story_points", "completed"])
      .where("gid", "in", chunk)
      .execute();
    for (const row of rows) {
      current.set(row.gid, {
        gid: row.gid,
        sprint_gid: row.sprint_gid ?? null,
        story_points: row.story_points == null ? null : Number(row.story_points),
        completed: row.completed === 1,
      });
    }
    const found = await db
      .selectFrom("events")
      .select(["id", "resource_gid", "action", "change", "created_at"])
      .where("resource_type", "=", "task")
      .where("resource_gid", "in", chunk)
      .where((eb) =>
        eb.or([
          eb("action", "=", "deleted"),
          eb.and([
            eb("action", "=", "changed"),
            eb.or(FIELDS.map((field) => eb("change", "like", `%"field":"${field}"%`))),
          ]),
        ]),
      )
      .execute();
    for (const row of found) {
      const base = { id: Number(row.id), task_gid: row.resource_gid, at: row.created_at };
      if (row.action === "deleted") {
        events.push({ ...base, field: "deleted", new_value: true, old_value: false });
        continue;
      }
      const change = JSON.parse(row.change ?? "{}") as { field?: string; new_value?: unknown; old_value?: unknown };
      const field = change.field as ScopeField;
      if (!FIELDS.includes(field)) continue;
      events.push({
        ...base,
        field,
        new_value: scopeValue(field, change.new_value),
        old_value: scopeValue(field, change.old_value),
      });
    }
  }
  return { events, current };
}
