import type { Kysely } from "kysely";

// Custom ID fields ("BUG-12"): a number field with an id_prefix numbers the tasks of its projects in turn, from a
// counter on the field. Stories keep the sticker a comment was posted with (Asana's sticker_name).
// Nullable columns and a defaulted counter only: the previous release runs on the schema as it was.
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
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("stories").dropColumn("sticker_name").execute();
  await db.schema.dropIndex("custom_fields_id_prefix").execute();
  await db.schema.alterTable("custom_fields").dropColumn("custom_id_counter").execute();
  await db.schema.alterTable("custom_fields").dropColumn("id_prefix").execute();
}
