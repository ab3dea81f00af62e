import type { FastifyInstance } from "fastify";
import { asksForPermissions, withPermissions } from "../domain/abilities.ts";
import { optFieldsOf } from "./request.ts";

// opt_fields=permissions: the caller's abilities join the records of a successful answer, computed by the
// domain's policies (domain/abilities.ts) for the whole answer at once. Nobody else sees the key.
export function registerPermissions(app: FastifyInstance): void {
  app.addHook("preSerialization", async (request, reply, payload) => {
    if (!request.actor || reply.statusCode >= 300) return payload;
    if (typeof payload !== "object" || payload === null || !("data" in payload)) return payload;
    const optFields = optFieldsOf(request);
    if (!optFields || !asksForPermissions(optFields)) return payload;
    return { ...payload, data: await withPermissions(app.takt.db, request.actor, payload.data, optFields) };
  });
}
