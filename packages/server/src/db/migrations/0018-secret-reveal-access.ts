import type { Kysely } from "kysely";

// Who may reveal the values of a secret custom field: "editors" (anyone who may edit the task, as before),
// "admins" (workspace admins) or "people" (the people named in custom_field_revealers).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("custom_fields")
    .addColumn("reveal_access", "text", (col) => col.notNull().defaultTo("editors"))
    .execute();
  await db.schema
    .createTable("custom_field_revealers")
    .addColumn("custom_field_gid", "bigint", (col) => col.notNull().references("custom_fields.gid").onDelete("cascade"))
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addPrimaryKeyConstraint("custom_field_revealers_pk", ["custom_field_gid", "user_gid"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("custom_field_revealers").execute();
  await db.schema.alterTable("custom_fields").dropColumn("reveal_access").execute();
}
