import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { shape } from "../../domain/opt-fields.ts";
import { gidMillisAgo, LATE_COMMIT_WINDOW_MS } from "../../events/consumer.ts";
import { eventSight, visibleEvents } from "../../events/event.policy.ts";
import { presentEvent } from "../../events/event.presenter.ts";
import { eventIsAbout, resolveScope } from "../../events/event.scope.ts";
import { advance, decodeSyncToken, encodeSyncToken, type SyncPosition } from "../../events/sync-token.ts";
import { errorBody } from "../errors.ts";
import { actorOf, optFieldsOf } from "../request.ts";
import { gidParam, parse } from "../validation.ts";

const PAGE = 100;

const EventsQuery = z.object({
  resource: z.string().min(1),
  sync: z.string().min(1).max(100_000).optional(),
});

// Asana's events API: the first call (or a stale token) answers 412 with a fresh sync token; later calls
// return what happened to the resource and everything under it since, 100 at a time.
export async function eventsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  app.get("/events", async (request, reply) => {
    const actor = actorOf(request);
    const query = parse(EventsQuery, request.query);
    const scope = await resolveScope(db, actor, gidParam(query.resource, "resource"));
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
      const message = query.sync
        ? "Sync token invalid or too old. If you are attempting to keep resources in sync, you must fetch the full dataset for this query now and use the new sync token for the next sync."
        : "Sync token required. Use the sync token in this answer for the next request; events from now on will be returned.";
      return reply.status(412).send({ ...errorBody(message), sync: encodeSyncToken(fresh) });
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
    const visible = await visibleEvents(db, actor, page);
    const next = advance(
      position,
      page.map((event) => event.id),
      hasMore,
    );
    const optFields = optFieldsOf(request);
    const sight = await eventSight(db, actor.gid, visible);
    return {
      data: visible.map((event) => shape(presentEvent(event, sight), optFields)),
      sync: encodeSyncToken(next),
      has_more: hasMore,
    };
  });
}
