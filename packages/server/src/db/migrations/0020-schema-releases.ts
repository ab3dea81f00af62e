import type { Kysely } from "kysely";

// Rolling upgrades (docs/upgrade.md): each applied migration is recorded with its kind, so a node running an
// older release can tell whether it may keep running on this schema. "expand" (a new table, a nullable column,
// an index) leaves everything the previous release reads and writes in place; "contract" (a dropped or renamed
// column, a new NOT NULL without default) does not, and needs the release that applied it or a newer one.
export const kind = "expand";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("schema_releases")
    .addColumn("name", "text", (column) => column.primaryKey())
    .addColumn("kind", "text", (column) => column.notNull())
    .addColumn("release", "text", (column) => column.notNull())
    .addColumn("applied_at", "text", (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("schema_releases").execute();
}
