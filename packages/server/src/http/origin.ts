import type { FastifyRequest } from "fastify";
import type { AuditOrigin } from "../domain/audit/audit.record.ts";

// The audit log's context for a request: the browser app authenticates by cookie ("web"), scripts by token ("api").
export function originOf(request: FastifyRequest): AuditOrigin {
  const bearer = Boolean(request.headers.authorization);
  const userAgent = request.headers["user-agent"];
  return {
    contextType: bearer ? "api" : "web",
    authMethod: bearer ? "personal_access_token" : request.actor ? "cookie" : null,
    ip: request.ip ?? null,
    userAgent: typeof userAgent === "string" ? userAgent : null,
    requestId: String(request.id),
  };
}
