import { EventsPage, EventsQuery, WorkspaceEventsParams, WorkspaceEventsQuery } from "@takt/contracts";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
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

  async function feed(request: FastifyRequest, reply: FastifyReply, query: EventsQuery) {
    const actor = actorOf(request);
    const found = await readEventFeed(db, actor, query);
    if (found.fresh) return reply.status(412).send({ ...errorBody(found.stale ? STALE : FIRST), sync: found.sync });
    const optFields = optFieldsOf(request);
    const sight = await eventSight(db, actor.gid, found.events);
    return {
      data: found.events.map((event) => shape(presentEvent(event, sight), optFields)),
      sync: found.sync,
      has_more: found.hasMore,
    };
  }

  app.get(
    "/events",
    contract({
      summary: "Get events on a resource",
      query: EventsQuery,
      response: EventsPage,
      content: "application/json",
    }),
    async (request, reply) => feed(request, reply, parse(EventsQuery, request.query)),
  );

  // A workspace's whole stream, for its full members (the same as /events?resource=<workspace gid>).
  app.get<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/events",
    contract({
      summary: "Get workspace events",
      params: WorkspaceEventsParams,
      query: WorkspaceEventsQuery,
      response: EventsPage,
      content: "application/json",
    }),
    async (request, reply) => {
      const query = parse(WorkspaceEventsQuery, request.query);
      return feed(request, reply, { resource: request.params.workspace_gid, sync: query.sync });
    },
  );
}
