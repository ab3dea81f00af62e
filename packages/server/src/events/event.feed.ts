import type { Db } from "../db/index.ts";
import type { EventsTable } from "../db/schema.ts";
import type { Actor } from "../domain/context.ts";
import { refGid } from "../domain/tasks/task.resolve.ts";
import { gidMillisAgo, LATE_COMMIT_WINDOW_MS } from "./consumer.ts";
import { visibleEvents } from "./event.policy.ts";
import { eventIsAbout, resolveScope } from "./event.scope.ts";
import { advance, decodeSyncToken, encodeSyncToken, type SyncPosition } from "./sync-token.ts";

const PAGE = 100;

export type EventFeed =
  // No token, or a stale one: a fresh token, from which events will be returned.
  | { fresh: true; stale: boolean; sync: string }
  | { fresh: false; events: EventsTable[]; sync: string; hasMore: boolean };

// Asana's events API: what happened to the resource (one the actor reads) and everything under it since the
// sync token, 100 at a time, only what the actor may see.
export async function readEventFeed(
  db: Db,
  actor: Actor,
  query: { resource: string; sync?: string },
): Promise<EventFeed> {
  const scope = await resolveScope(db, actor, refGid(query.resource, "resource"));
  const position = query.sync ? decodeSyncToken(query.sync, scope.gid) : null;
  if (!position) {
    const cursor = gidMillisAgo(LATE_COMMIT_WINDOW_MS);
    const recent = await db
      .selectFrom("events")
      .select("id")
      .where("id", ">", cursor)
      .where(eventIsAbout(db, scope))
      .execute();
    const fresh: SyncPosition = {
      resource: scope.gid,
      cursor,
      recent: recent.map((row) => row.id),
      issuedAt: Date.now(),
    };
    return { fresh: true, stale: Boolean(query.sync), sync: encodeSyncToken(fresh) };
  }
  const rows = await db
    .selectFrom("events")
    .selectAll()
    .where("id", ">", position.cursor)
    .$if(position.recent.length > 0, (builder) => builder.where("id", "not in", position.recent))
    .where(eventIsAbout(db, scope))
    .orderBy("id")
    .limit(PAGE + 1)
    .execute();
  const hasMore = rows.length > PAGE;
  const page = rows.slice(0, PAGE);
  const next = advance(
    position,
    page.map((event) => event.id),
    hasMore,
  );
  return { fresh: false, events: await visibleEvents(db, actor, page), sync: encodeSyncToken(next), hasMore };
}
