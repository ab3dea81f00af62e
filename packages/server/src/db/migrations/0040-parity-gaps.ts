import type { Kysely } from "kysely";

// Custom ID fields ("BUG-12"): a number field with an id_prefix numbers the tasks of its projects in turn, from a
// counter on the field. Stories keep the sticker a comment was posted with (Asana's sticker_name). People's
// out-of-office days (Asana's ooo_entries). Nullable columns, a defaulted counter and a new table only: the previous release runs on the schema as it was.
export const kind = "expand";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("custom_fields").addColumn("id_prefix", "text").execute();
  await db.schema
    .alterTable("custom_fields")
    .addColumn("custom_id_counter", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex("custom_fields_id_prefix")
    .on("custom_fields")
    .columns(["workspace_gid", "id_prefix"])
    .execute();
  await db.schema.alterTable("stories").addColumn("sticker_name", "text").execute();
  await db.schema
    .createTable("ooo_entries")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("start_date", "text", (col) => col.notNull())
    .addColumn("end_date", "text", (col) => col.notNull())
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("ooo_entries_user")
    .on("ooo_entries")
    .columns(["workspace_gid", "user_gid", "start_date"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("ooo_entries").execute();
  await db.schema.alterTable("stories").dropColumn("sticker_name").execute();
  await db.schema.dropIndex("custom_fields_id_prefix").execute();
  await db.schema.alterTable("custom_fields").dropColumn("custom_id_counter").execute();
  await db.schema.alterTable("custom_fields").dropColumn("id_prefix").execute();
}
