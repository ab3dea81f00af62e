import { sql } from "kysely";
import type { Db } from "../../db/index.ts";

// Counters kept in the database, so a limit holds across restarts and across nodes on one PostgreSQL: each hit
// is one atomic upsert. A row whose expires_at has passed counts as absent (the next hit starts afresh) and is
// pruned now and then.
export interface ThrottleState {
  hits: number;
  expiresAt: number;
}

const PRUNE_EVERY = 100;
let hitsSincePrune = 0;

// Counts one hit on key. "window": a fixed window of ttlMs from the first hit (N per minute). "streak": the
// count lives on while hits keep coming, forgotten ttlMs after the last one (failures in a row).
export async function hitThrottle(
  db: Db,
  key: string,
  ttlMs: number,
  mode: "window" | "streak",
  now = Date.now(),
): Promise<ThrottleState> {
  const at = new Date(now).toISOString();
  const until = new Date(now + ttlMs).toISOString();
  const expired = sql<boolean>`throttles.expires_at <= ${at}`;
  const row = await db
    .insertInto("throttles")
    .values({ key, hits: 1, window_started_at: at, expires_at: until, blocked_until: null })
    .onConflict((conflict) =>
      conflict.column("key").doUpdateSet({
        hits: sql<number>`case when ${expired} then 1 else throttles.hits + 1 end`,
        window_started_at: sql<string>`case when ${expired} then ${at} else throttles.window_started_at end`,
        expires_at:
          mode === "streak" ? until : sql<string>`case when ${expired} then ${until} else throttles.expires_at end`,
        blocked_until: sql<string | null>`case when ${expired} then null else throttles.blocked_until end`,
      }),
    )
    .returning(["hits", "expires_at"])
    .executeTakeFirstOrThrow();
  if (++hitsSincePrune >= PRUNE_EVERY) {
    hitsSincePrune = 0;
    await pruneThrottles(db, now);
  }
  return { hits: Number(row.hits), expiresAt: Date.parse(row.expires_at) };
}

export async function blockThrottle(db: Db, key: string, untilMs: number): Promise<void> {
  await db
    .updateTable("throttles")
    .set({ blocked_until: new Date(untilMs).toISOString() })
    .where("key", "=", key)
    .execute();
}

// The latest time any of keys is blocked until, or null when none is blocked now.
export async function blockedUntil(db: Db, keys: string[], now = Date.now()): Promise<number | null> {
  if (keys.length === 0) return null;
  const at = new Date(now).toISOString();
  const rows = await db
    .selectFrom("throttles")
    .select("blocked_until")
    .where("key", "in", keys)
    .where("blocked_until", ">", at)
    .where("expires_at", ">", at)
    .execute();
  const times = rows.map((row) => Date.parse(row.blocked_until as string));
  return times.length ? Math.max(...times) : null;
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom("throttles").where("key", "=", key).execute();
}

export async function clearThrottles(db: Db, prefix: string): Promise<void> {
  await db.deleteFrom("throttles").where("key", "like", `${prefix}%`).execute();
}

export async function pruneThrottles(db: Db, now = Date.now()): Promise<void> {
  await db.deleteFrom("throttles").where("expires_at", "<=", new Date(now).toISOString()).execute();
}
