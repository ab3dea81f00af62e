import type { Kysely, Transaction } from "kysely";
import type { AuditLogEventsTable, Database } from "../../db/schema.ts";
import { newGid } from "../../ids.ts";
import type { Actor } from "../context.ts";

type Writer = Kysely<Database> | Transaction<Database>;

// Where a request came from, as the audit log's `context` tells it.
export interface AuditOrigin {
  contextType: "web" | "api";
  authMethod: "cookie" | "personal_access_token" | null;
  ip: string | null;
  userAgent: string | null;
  // The HTTP request (Fastify's reqId): jobs its unit of work enqueues carry it (jobs/request-context.ts).
  requestId?: string;
}

export interface AuditResource {
  type: string;
  subtype?: string | null;
  gid?: number | null;
  name?: string | null;
  email?: string | null;
}

export interface AuditEntry {
  workspaceGid: number;
  eventType: string;
  category: AuditCategory;
  resource: AuditResource;
  details?: Record<string, unknown>;
  // Defaults to the acting user (or "asana" when the system acts); "anonymous" for a failed sign-in.
  actorType?: AuditLogEventsTable["actor_type"];
}

export type AuditCategory =
  | "logins"
  | "account_settings"
  | "apps"
  | "permissions"
  | "user_management"
  | "content_export"
  | "content_access"
  | "deletion";

// Writes one audit row. Called with the command's transaction, the row commits or rolls back with the change.
export async function recordAudit(
  db: Writer,
  origin: AuditOrigin | undefined,
  actor: Pick<Actor, "gid" | "name" | "email"> | null,
  entry: AuditEntry,
): Promise<void> {
  const actorType = entry.actorType ?? (actor ? "user" : "asana");
  const row: AuditLogEventsTable = {
    gid: newGid(),
    workspace_gid: entry.workspaceGid,
    created_at: new Date().toISOString(),
    event_type: entry.eventType,
    event_category: entry.category,
    actor_type: actorType,
    actor_gid: actor?.gid ?? null,
    actor_name: actor?.name ?? null,
    actor_email: actor?.email ?? null,
    resource_type: entry.resource.type,
    resource_subtype: entry.resource.subtype ?? null,
    resource_gid: entry.resource.gid ?? null,
    resource_name: entry.resource.name ?? null,
    resource_email: entry.resource.email ?? null,
    details: JSON.stringify(entry.details ?? {}),
    // No request behind it: the system (rules, jobs) acted.
    context_type: origin?.contextType ?? "asana",
    api_authentication_method: origin?.contextType === "api" ? origin.authMethod : null,
    client_ip_address: origin?.ip ?? null,
    user_agent: origin?.userAgent?.slice(0, 500) ?? null,
  };
  await db.insertInto("audit_log_events").values(row).execute();
}

// Account events (sign-in, password, tokens) belong to no one workspace: each workspace the user is in gets a row.
export async function recordUserAudit(
  db: Writer,
  origin: AuditOrigin | undefined,
  actor: Pick<Actor, "gid" | "name" | "email"> | null,
  user: Pick<Actor, "gid" | "name" | "email">,
  entry: Omit<AuditEntry, "workspaceGid" | "resource"> & { resource?: AuditResource },
): Promise<void> {
  const workspaces = await db
    .selectFrom("workspace_memberships")
    .select("workspace_gid")
    .where("user_gid", "=", user.gid)
    .execute();
  const resource = entry.resource ?? { type: "user", gid: user.gid, name: user.name, email: user.email };
  for (const { workspace_gid } of workspaces) {
    await recordAudit(db, origin, actor, { ...entry, resource, workspaceGid: workspace_gid });
  }
}

// Inside a command: the row joins the command's transaction, with its actor and origin.
export async function auditInTx(
  tx: { trx: Transaction<Database>; actor: Actor | null; origin?: AuditOrigin },
  entry: AuditEntry,
): Promise<void> {
  await recordAudit(tx.trx, tx.origin, tx.actor, entry);
}
