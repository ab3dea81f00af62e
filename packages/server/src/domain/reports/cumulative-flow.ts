import type { Db } from "../../db/index.ts";
import { daysBetween, endOfDay } from "./sprint-history.ts";

interface Move {
  id: number;
  task: number;
  at: string;
  // The section the task went to in this project; null: it left the project (or was deleted).
  section: number | null;
}

// Tasks per section at the end of each day, replayed from section moves, removals and deletions.
export async function computeCumulativeFlow(db: Db, projectGid: number, from: string, to: string, now = new Date()) {
  const sections = await db
    .selectFrom("sections")
    .select(["gid", "name"])
    .where("project_gid", "=", projectGid)
    .orderBy("order_key")
    .orderBy("gid")
    .execute();
  const sectionGids = sections.map((section) => section.gid);
  const rows = await db
    .selectFrom("events")
    .select(["id", "resource_gid", "action", "parent_type", "parent_gid", "created_at"])
    .where("resource_type", "=", "task")
    .where((eb) =>
      eb.or([
        eb.and([
          eb("parent_type", "=", "section"),
          eb("action", "=", "added"),
          ...(sectionGids.length ? [eb("parent_gid", "in", sectionGids)] : [eb.lit(false)]),
        ]),
        eb.and([eb("parent_type", "=", "project"), eb("parent_gid", "=", projectGid), eb("action", "=", "removed")]),
      ]),
    )
    .execute();
  const tasks = [...new Set(rows.map((row) => row.resource_gid))];
  const deletions = tasks.length
    ? await db
        .selectFrom("events")
        .select(["id", "resource_gid", "created_at"])
        .where("resource_type", "=", "task")
        .where("action", "=", "deleted")
        .where("resource_gid", "in", tasks)
        .execute()
    : [];
  const moves: Move[] = [
    ...rows.map((row) => ({
      id: Number(row.id),
      task: row.resource_gid,
      at: row.created_at,
      section: row.parent_type === "section" ? (row.parent_gid as number) : null,
    })),
    ...deletions.map((row) => ({ id: Number(row.id), task: row.resource_gid, at: row.created_at, section: null })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
  const place = new Map<number, number | null>();
  const nowIso = now.toISOString();
  let next = 0;
  const days = daysBetween(from, to).map((date) => {
    const cutoff = endOfDay(date) < nowIso ? endOfDay(date) : nowIso;
    while (next < moves.length && moves[next].at <= cutoff) {
      place.set(moves[next].task, moves[next].section);
      next += 1;
    }
    const counts: Record<string, number> = Object.fromEntries(sectionGids.map((gid) => [String(gid), 0]));
    for (const section of place.values())
      if (section !== null && String(section) in counts) counts[String(section)] += 1;
    return { date, counts };
  });
  return {
    from,
    to,
    sections: sections.map((section) => ({ gid: String(section.gid), resource_type: "section", name: section.name })),
    days,
  };
}
