import type { FastifyReply, FastifyRequest } from "fastify";
import type { Actor, Ctx } from "../domain/context.ts";
import { type OptFields, parseOptFields } from "../domain/opt-fields.ts";
import { unauthorized } from "../errors.ts";
import { originOf } from "./origin.ts";
import { fetchWindow, type Listed, listResult, type Page, parsePage } from "./pagination.ts";

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized();
  return request.actor;
}

export function ctxOf(request: FastifyRequest): Ctx & { actor: Actor } {
  const { db, bus } = request.server.takt;
  return { db, bus, actor: actorOf(request), origin: originOf(request) };
}

export function optFieldsOf(request: FastifyRequest): OptFields {
  return parseOptFields((request.query as Record<string, unknown>)?.opt_fields);
}

export function pageOf(request: FastifyRequest): Page & { window: { limit: number; offset: number } } {
  const page = parsePage((request.query as Record<string, unknown>) ?? {});
  return { ...page, window: fetchWindow(page) };
}

export function baseUrl(request: FastifyRequest): string {
  return request.server.takt.config.publicUrl ?? `${request.protocol}://${request.host}`;
}

export function listed<T>(request: FastifyRequest, page: Page, rows: T[]): Listed<T> {
  const [path, query = ""] = request.url.split("?");
  return listResult(rows, page, { path: path.replace(/^\/api\/1\.0/, ""), base: `${baseUrl(request)}/api/1.0`, query });
}

// 201 with Location, as Asana answers a create.
export function created<T extends { gid: string }>(reply: FastifyReply, path: string, data: T) {
  reply.status(201).header("Location", `/api/1.0${path}/${data.gid}`);
  return { data };
}
