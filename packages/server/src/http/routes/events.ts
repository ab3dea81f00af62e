import { EventsPage, EventsQuery } from "@takt/contracts";
import type { FastifyInstance } from "fastify";
import { shape } from "../../domain/opt-fields.ts";
import { readEventFeed } from "../../events/event.feed.ts";
import { eventSight } from "../../events/event.policy.ts";
import { presentEvent } from "../../events/event.presenter.ts";
import { contract } from "../contract.ts";
import { errorBody } from "../errors.ts";
import { actorOf, optFieldsOf } from "../request.ts";
import { parse } from "../validation.ts";

const STALE =
  "Sync token invalid or too old. If you are attempting to keep resources in sync, you must fetch the full dataset for this query now and use the new sync token for the next sync.";
const FIRST =
  "Sync token required. Use the sync token in this answer for the next request; events from now on will be returned.";

// Asana's events API: the first call (or a stale token) answers 412 with a fresh sync token; later calls
// return what happened to the resource and everything under it since, 100 at a time.
export async function eventsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  app.get(
    "/events",
    contract({
      summary: "Get events on a resource",
      query: EventsQuery,
      response: EventsPage,
      content: "application/json",
    }),
    async (request, reply) => {
      const actor = actorOf(request);
      const query = parse(EventsQuery, request.query);
      const feed = await readEventFeed(db, actor, query);
      if (feed.fresh) return reply.status(412).send({ ...errorBody(feed.stale ? STALE : FIRST), sync: feed.sync });
      const optFields = optFieldsOf(request);
      const sight = await eventSight(db, actor.gid, feed.events);
      return {
        data: feed.events.map((event) => shape(presentEvent(event, sight), optFields)),
        sync: feed.sync,
        has_more: feed.hasMore,
      };
    },
  );
}
