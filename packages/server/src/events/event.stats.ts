import type { Db } from "../db/index.ts";

// When the newest event was written, for /metrics (null on an empty log).
export async function newestEventAt(db: Db): Promise<string | null> {
  const newest = await db.selectFrom("events").select("created_at").orderBy("id", "desc").limit(1).executeTakeFirst();
  return newest?.created_at ?? null;
}
