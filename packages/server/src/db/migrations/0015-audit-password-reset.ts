import type { Kysely } from "kysely";

// Security: the workspace audit log (Asana's AuditLogEvent, one row per workspace it concerns), password-reset
// links (kept only as their SHA-256, single use, expiring), and an index to end all of a user's sessions at once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("audit_log_events")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    // No foreign keys: an audit row outlives the user, project or token it names.
    .addColumn("workspace_gid", "bigint", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("event_type", "text", (col) => col.notNull())
    .addColumn("event_category", "text", (col) => col.notNull())
    .addColumn("actor_type", "text", (col) => col.notNull())
    .addColumn("actor_gid", "bigint")
    .addColumn("actor_name", "text")
    .addColumn("actor_email", "text")
    .addColumn("resource_type", "text", (col) => col.notNull())
    .addColumn("resource_subtype", "text")
    .addColumn("resource_gid", "bigint")
    .addColumn("resource_name", "text")
    .addColumn("resource_email", "text")
    .addColumn("details", "text", (col) => col.notNull())
    .addColumn("context_type", "text", (col) => col.notNull())
    .addColumn("api_authentication_method", "text")
    .addColumn("client_ip_address", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema
    .createIndex("audit_log_events_workspace")
    .on("audit_log_events")
    .columns(["workspace_gid", "gid"])
    .execute();
  await db.schema
    .createIndex("audit_log_events_type")
    .on("audit_log_events")
    .columns(["workspace_gid", "event_type", "gid"])
    .execute();
  await db.schema
    .createIndex("audit_log_events_actor")
    .on("audit_log_events")
    .columns(["workspace_gid", "actor_gid", "gid"])
    .execute();
  await db.schema
    .createIndex("audit_log_events_resource")
    .on("audit_log_events")
    .columns(["workspace_gid", "resource_gid", "gid"])
    .execute();

  await db.schema
    .createTable("password_resets")
    .addColumn("token_hash", "text", (col) => col.primaryKey())
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("expires_at", "text", (col) => col.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("password_resets_user").on("password_resets").columns(["user_gid"]).execute();

  await db.schema.createIndex("sessions_user").on("sessions").columns(["user_gid"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("sessions_user").execute();
  await db.schema.dropTable("password_resets").execute();
  await db.schema.dropTable("audit_log_events").execute();
}
