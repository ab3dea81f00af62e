import type { FastifyInstance, FastifyRequest } from "fastify";
import { withQueryCount } from "../db/query-count.ts";

export const QUERY_COUNT_HEADER = "x-takt-query-count";

// With query counting on (tests, diagnostics), every answer says how many SQL statements it took.
export function registerQueryCount(app: FastifyInstance): void {
  const counts = new WeakMap<FastifyRequest, { queries: number }>();
  app.addHook("onRequest", (request, _reply, done) => {
    const store = { queries: 0 };
    counts.set(request, store);
    withQueryCount(store, done);
  });
  app.addHook("onSend", async (request, reply, payload) => {
    const count = counts.get(request);
    if (count) reply.header(QUERY_COUNT_HEADER, String(count.queries));
    return payload;
  });
}
