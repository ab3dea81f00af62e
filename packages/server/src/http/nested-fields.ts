import type { FastifyInstance } from "fastify";
import { expandReferences } from "../domain/expand.ts";
import { baseUrl, optFieldsOf } from "./request.ts";

// Every {"data": …} answer: references along nested opt_fields paths are expanded (domain/expand.ts), and
// permalink_url is absolute.
export function registerNestedFields(app: FastifyInstance): void {
  app.addHook("preSerialization", async (request, reply, payload) => {
    if (reply.statusCode >= 300 || typeof payload !== "object" || payload === null || !("data" in payload)) {
      return payload;
    }
    const data = (payload as { data: unknown }).data;
    await expandReferences(
      request.server.takt.db,
      request.actor?.gid ?? null,
      data,
      optFieldsOf(request),
      baseUrl(request),
    );
    return payload;
  });
}
