import type { Kysely } from "kysely";

// Time entries say which project's budget they count toward (Asana's attributable_to) and whether they bill
// (billable_status; null: as their category says, else billable). A category may be non-billable (Takt).
// Nullable or defaulted columns only: the previous release runs on the schema as it was.
export const kind = "expand";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("time_tracking_entries")
    .addColumn("attributable_to_gid", "bigint", (col) => col.references("projects.gid").onDelete("set null"))
    .execute();
  await db.schema.alterTable("time_tracking_entries").addColumn("billable_status", "text").execute();
  await db.schema
    .alterTable("time_tracking_categories")
    .addColumn("is_billable", "integer", (col) => col.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("time_tracking_categories").dropColumn("is_billable").execute();
  await db.schema.alterTable("time_tracking_entries").dropColumn("billable_status").execute();
  await db.schema.alterTable("time_tracking_entries").dropColumn("attributable_to_gid").execute();
}
