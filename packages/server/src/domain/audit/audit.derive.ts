import type { Transaction } from "kysely";
import type { Database, EventsTable } from "../../db/schema.ts";
import type { Actor } from "../context.ts";
import { type AuditCategory, type AuditOrigin, type AuditResource, recordAudit } from "./audit.record.ts";

type Trx = Transaction<Database>;

interface Derived {
  eventType: string;
  category: AuditCategory;
  resource: AuditResource;
  details?: Record<string, unknown>;
}

interface Change {
  field?: string;
  action?: string;
  added_value?: { gid?: string; access_level?: string };
  removed_value?: { gid?: string };
  new_value?: { gid?: string; access_level?: string };
}

async function userOf(trx: Trx, gid: string | number | undefined) {
  if (gid === undefined) return null;
  const user = await trx
    .selectFrom("users")
    .select(["gid", "name", "email"])
    .where("gid", "=", Number(gid))
    .executeTakeFirst();
  return user ? { gid: String(user.gid), name: user.name, email: user.email } : { gid: String(gid) };
}

async function nameIn(trx: Trx, table: "tasks" | "projects" | "teams" | "custom_fields" | "tags", gid: number) {
  const row = await trx.selectFrom(table).select("name").where("gid", "=", gid).executeTakeFirst();
  return row?.name ?? null;
}

async function membership(trx: Trx, event: EventsTable, kind: "project" | "team"): Promise<Derived | null> {
  const change: Change = event.change ? JSON.parse(event.change) : {};
  // Who sees a team and who in it may do what are permissions too.
  if (kind === "team" && (change.field === "visibility" || change.field?.endsWith("_access_level"))) {
    return {
      eventType: change.field === "visibility" ? "team_privacy_changed" : "team_permissions_changed",
      category: "permissions",
      resource: { type: "team", gid: event.resource_gid, name: await nameIn(trx, "teams", event.resource_gid) },
      details: { new_value: change.new_value, ...(change.field === "visibility" ? {} : { setting: change.field }) },
    };
  }
  if (change.field !== "members") return null;
  const value = change.added_value ?? change.removed_value ?? change.new_value;
  const suffix = { added: "member_added", removed: "member_removed", changed: "member_access_changed" }[
    change.action ?? ""
  ];
  if (!suffix || !value) return null;
  const name = await nameIn(trx, kind === "project" ? "projects" : "teams", event.resource_gid);
  const accessLevel = change.new_value?.access_level ?? change.added_value?.access_level;
  return {
    eventType: `${kind}_${suffix}`,
    category: "permissions",
    resource: { type: kind, gid: event.resource_gid, name },
    details: { user: await userOf(trx, value.gid), ...(accessLevel ? { new_value: accessLevel } : {}) },
  };
}

async function deletion(trx: Trx, event: EventsTable): Promise<Derived | null> {
  const gid = event.resource_gid;
  const deleted = (resource: AuditResource): Derived => ({
    eventType: `${event.resource_type}_deleted`,
    category: "deletion",
    resource,
  });
  switch (event.resource_type) {
    case "task": {
      // Subtasks go with their parent, and a deleted project's tasks with the project: one row for what was deleted.
      if (event.parent_type === "task") return null;
      if (event.parent_type === "project" && event.parent_gid) {
        const project = await trx
          .selectFrom("projects")
          .select("gid")
          .where("gid", "=", event.parent_gid)
          .executeTakeFirst();
        if (!project) return null;
      }
      return deleted({ type: "task", subtype: event.resource_subtype, gid, name: await nameIn(trx, "tasks", gid) });
    }
    case "custom_field":
      return deleted({ type: "custom_field", gid, name: await nameIn(trx, "custom_fields", gid) });
    case "tag":
      return deleted({ type: "tag", gid, name: await nameIn(trx, "tags", gid) });
    case "attachment": {
      const row = await trx.selectFrom("attachments").select("name").where("gid", "=", gid).executeTakeFirst();
      return deleted({ type: "attachment", gid, name: row?.name ?? null });
    }
    case "team":
      return deleted({ type: "team", gid, name: await nameIn(trx, "teams", gid) });
    default:
      return null;
  }
}

async function invitation(trx: Trx, event: EventsTable): Promise<Derived | null> {
  if (event.action !== "added" && event.action !== "deleted") return null;
  const row = await trx
    .selectFrom("invitations")
    .select(["email", "role", "project_gid", "team_gid", "access_level"])
    .where("gid", "=", event.resource_gid)
    .executeTakeFirst();
  return {
    eventType: event.action === "added" ? "user_invited" : "invitation_revoked",
    category: "user_management",
    resource: { type: "invitation", gid: event.resource_gid, email: row?.email ?? null },
    details: row
      ? {
          role: row.role,
          project: row.project_gid ? { gid: String(row.project_gid) } : null,
          team: row.team_gid ? { gid: String(row.team_gid) } : null,
          access_level: row.access_level,
        }
      : {},
  };
}

async function workspaceUser(trx: Trx, event: EventsTable): Promise<Derived | null> {
  if (event.parent_type !== "workspace" || (event.action !== "added" && event.action !== "removed")) return null;
  const user = await userOf(trx, event.resource_gid);
  const role = await trx
    .selectFrom("workspace_memberships")
    .select("role")
    .where("workspace_gid", "=", event.workspace_gid)
    .where("user_gid", "=", event.resource_gid)
    .executeTakeFirst();
  return {
    eventType: event.action === "added" ? "user_added_to_workspace" : "user_removed_from_workspace",
    category: "user_management",
    resource: { type: "user", gid: event.resource_gid, name: user?.name ?? null, email: user?.email ?? null },
    details: role ? { role: role.role } : {},
  };
}

async function secretReveal(trx: Trx, event: EventsTable): Promise<Derived | null> {
  const story = await trx
    .selectFrom("stories")
    .select("details")
    .where("gid", "=", event.resource_gid)
    .executeTakeFirst();
  const field = story?.details ? (JSON.parse(story.details).custom_field as { gid: string; name: string }) : undefined;
  const task = event.parent_gid ? await nameIn(trx, "tasks", event.parent_gid) : null;
  return {
    eventType: "secret_revealed",
    category: "content_access",
    resource: { type: "custom_field", subtype: "secret", gid: field ? Number(field.gid) : null, name: field?.name },
    details: { task: event.parent_gid ? { gid: String(event.parent_gid), name: task } : null },
  };
}

// Which of a command's events the audit log keeps. Deletions whose row is gone before the event is emitted
// (projects, sections) and changes that emit no event are recorded by their command with recordAudit.
async function derive(trx: Trx, event: EventsTable): Promise<Derived | null> {
  if (event.action === "deleted" && event.resource_type !== "invitation") return deletion(trx, event);
  if (event.resource_type === "project" && event.action === "changed") return membership(trx, event, "project");
  if (event.resource_type === "team" && event.action === "changed") return membership(trx, event, "team");
  if (event.resource_type === "invitation") return invitation(trx, event);
  if (event.resource_type === "user") return workspaceUser(trx, event);
  if (event.resource_type === "story" && event.resource_subtype === "secret_revealed") return secretReveal(trx, event);
  return null;
}

// Called for every event a command emits, inside its transaction.
export async function auditFromEvent(
  trx: Trx,
  event: EventsTable,
  actor: Actor | null,
  origin: AuditOrigin | undefined,
): Promise<void> {
  const derived = await derive(trx, event);
  if (!derived) return;
  await recordAudit(trx, origin, actor, { workspaceGid: event.workspace_gid, ...derived });
}
