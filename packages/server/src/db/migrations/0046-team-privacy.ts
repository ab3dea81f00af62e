import type { Kysely } from "kysely";

// A team's privacy (Asana's visibility: secret, request_to_join, public) and who in it may do what (Asana's
// *_access_level settings), the requests to join a team that admits members by request, and the team an inbox
// entry is about. Defaulted columns, a nullable column and a new table only: the previous release runs on the
// schema as it was (its teams read as public and admin-managed, which is what the defaults say).
export const kind = "expand";

const LEVELS = [
  "edit_team_name_or_description_access_level",
  "edit_team_visibility_or_trash_team_access_level",
  "member_invite_management_access_level",
  "join_request_management_access_level",
  "team_member_removal_access_level",
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("teams")
    .addColumn("visibility", "text", (col) => col.notNull().defaultTo("public"))
    .execute();
  for (const level of LEVELS) {
    await db.schema
      .alterTable("teams")
      .addColumn(level, "text", (col) => col.notNull().defaultTo("only_team_admins"))
      .execute();
  }
  await db.schema
    .createTable("team_join_requests")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("team_gid", "bigint", (col) => col.notNull().references("teams.gid").onDelete("cascade"))
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("message", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("decided_at", "text")
    .addColumn("decided_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addUniqueConstraint("team_join_requests_once", ["team_gid", "user_gid"])
    .execute();
  await db.schema
    .createIndex("team_join_requests_pending")
    .on("team_join_requests")
    .columns(["team_gid", "status"])
    .execute();
  await db.schema
    .alterTable("inbox_notifications")
    .addColumn("team_gid", "bigint", (col) => col.references("teams.gid").onDelete("cascade"))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("inbox_notifications").dropColumn("team_gid").execute();
  await db.schema.dropTable("team_join_requests").execute();
  for (const level of [...LEVELS].reverse()) await db.schema.alterTable("teams").dropColumn(level).execute();
  await db.schema.alterTable("teams").dropColumn("visibility").execute();
}
