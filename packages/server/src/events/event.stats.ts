import type { Db } from "../db/index.ts";

// When the newest event was written, for /metrics (null on an empty log).
export async function newestEventAt(db: Db): Promise<string | null> {
  const newest = await db.selectFrom("events").select("created_at").orderBy("id", "desc").limit(1).executeTakeFirst();
  return newest?.created_at ?? null;
}

// How far each event consumer (rules, webhooks, notifications…) trails the log: events past its cursor (counted
// up to a cap, so a far-behind consumer does not make the scrape slow) and when the oldest of them was written.
export const BACKLOG_COUNT_CAP = 100_000;
export async function consumerBacklogs(db: Db): Promise<{ name: string; backlog: number; oldestAt: string | null }[]> {
  const cursors = await db.selectFrom("consumer_cursors").select(["name", "last_event_id"]).orderBy("name").execute();
  const backlogs = [];
  for (const cursor of cursors) {
    const waiting = db
      .selectFrom("events")
      .select(["id", "created_at"])
      .where("id", ">", cursor.last_event_id)
      .orderBy("id")
      .limit(BACKLOG_COUNT_CAP)
      .as("waiting");
    const row = await db
      .selectFrom(waiting)
      .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.min("waiting.created_at").as("oldest_at")])
      .executeTakeFirst();
    backlogs.push({
      name: cursor.name,
      backlog: Number(row?.count ?? 0),
      oldestAt: (row?.oldest_at as string | null | undefined) ?? null,
    });
  }
  return backlogs;
}
