import type { Kysely } from "kysely";

// Importers (Trello, Asana, CSV) and exports: each import with its progress and problems, the keys that make a
// rerun of the same file create nothing twice, and workspace exports produced by a job.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("imports")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("team_gid", "bigint")
    .addColumn("project_gid", "bigint")
    .addColumn("source", "text", (col) => col.notNull())
    .addColumn("file_name", "text", (col) => col.notNull().defaultTo(""))
    // The uploaded file as base64 (a CSV may be in Windows-1251: bytes, not text); cleared once the import ends.
    .addColumn("content", "text", (col) => col.notNull())
    // JSON: project_name, mapping, encoding.
    .addColumn("options", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("counts", "text", (col) => col.notNull())
    .addColumn("problems", "text", (col) => col.notNull())
    .addColumn("created_by_gid", "bigint", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("started_at", "text")
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("imports_workspace").on("imports").column("workspace_gid").execute();

  await db.schema
    .createTable("import_keys")
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    // "trello:<board id>", "asana:<project gid>", "csv:<sha256 of the file>", or "trello-member" for people.
    .addColumn("source", "text", (col) => col.notNull())
    .addColumn("external_id", "text", (col) => col.notNull())
    .addColumn("resource_gid", "bigint", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("import_keys_pk", ["workspace_gid", "source", "external_id"])
    .execute();

  await db.schema
    .createTable("workspace_exports")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("file", "text")
    .addColumn("size", "bigint")
    .addColumn("error", "text")
    .addColumn("created_by_gid", "bigint", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("finished_at", "text")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("workspace_exports").execute();
  await db.schema.dropTable("import_keys").execute();
  await db.schema.dropTable("imports").execute();
}
