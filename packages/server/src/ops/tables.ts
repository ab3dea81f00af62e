import { sql } from "kysely";
import type { Db, DialectName } from "../db/index.ts";

// schema_releases describes the schema, not the data: the restoring release writes its own.
const INTERNAL = new Set(["kysely_migration", "kysely_migration_lock", "schema_releases"]);
// Indexes kept by triggers (full-text search): not backed up, rebuilt as the rows they index are restored.
const DERIVED = ["task_search"];

const isDerived = (name: string) => DERIVED.some((derived) => name === derived || name.startsWith(`${derived}_`));

// SQLite virtual tables (FTS) and their shadow tables belong to the index, not to the data.
async function sqliteVirtualTables(db: Db): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%'`.execute(db);
  return rows.rows.map((row) => row.name);
}

export interface TableInfo {
  name: string;
  columns: string[];
  // Columns referencing this same table (tasks.parent_gid): rows must be written parents first.
  selfReferences: { column: string; referenced: string }[];
  dependsOn: Set<string>;
}

interface ForeignKey {
  table: string;
  column: string;
  referencedTable: string;
  referencedColumn: string;
}

async function foreignKeys(db: Db, dialect: DialectName, tables: string[]): Promise<ForeignKey[]> {
  if (dialect === "sqlite") {
    const keys: ForeignKey[] = [];
    for (const table of tables) {
      const rows = await sql<{ table: string; from: string; to: string }>`
        select "table", "from", "to" from pragma_foreign_key_list(${table})`.execute(db);
      for (const row of rows.rows) {
        keys.push({ table, column: row.from, referencedTable: row.table, referencedColumn: row.to });
      }
    }
    return keys;
  }
  const rows = await sql<{ table: string; column: string; referenced_table: string; referenced_column: string }>`
    select source.relname as table, source_column.attname as column,
           target.relname as referenced_table, target_column.attname as referenced_column
    from pg_constraint constraint_row
    join pg_class source on source.oid = constraint_row.conrelid
    join pg_namespace namespace on namespace.oid = source.relnamespace
    join pg_class target on target.oid = constraint_row.confrelid
    join pg_attribute source_column
      on source_column.attrelid = constraint_row.conrelid and source_column.attnum = constraint_row.conkey[1]
    join pg_attribute target_column
      on target_column.attrelid = constraint_row.confrelid and target_column.attnum = constraint_row.confkey[1]
    where constraint_row.contype = 'f' and namespace.nspname = current_schema()`.execute(db);
  return rows.rows.map((row) => ({
    table: row.table,
    column: row.column,
    referencedTable: row.referenced_table,
    referencedColumn: row.referenced_column,
  }));
}

// Every application table, referenced tables before the tables that reference them.
export async function tablesInDependencyOrder(db: Db, dialect: DialectName): Promise<TableInfo[]> {
  const virtual = dialect === "sqlite" ? await sqliteVirtualTables(db) : [];
  const skipped = (name: string) =>
    INTERNAL.has(name) || isDerived(name) || virtual.some((table) => name === table || name.startsWith(`${table}_`));
  const metadata = (await db.introspection.getTables()).filter((table) => !table.isView && !skipped(table.name));
  const names = metadata.map((table) => table.name).sort();
  const keys = await foreignKeys(db, dialect, names);
  const infos = new Map<string, TableInfo>(
    metadata.map((table) => [
      table.name,
      {
        name: table.name,
        columns: table.columns.map((column) => column.name),
        selfReferences: [],
        dependsOn: new Set(),
      },
    ]),
  );
  for (const key of keys) {
    const info = infos.get(key.table);
    if (!info || !infos.has(key.referencedTable)) continue;
    if (key.referencedTable === key.table)
      info.selfReferences.push({ column: key.column, referenced: key.referencedColumn });
    else info.dependsOn.add(key.referencedTable);
  }
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  let remaining = names;
  while (remaining.length) {
    const ready = remaining.filter((name) => [...(infos.get(name)?.dependsOn ?? [])].every((dep) => placed.has(dep)));
    // A cycle between tables (none today): place the rest as they come rather than loop forever.
    const batch = ready.length ? ready : remaining;
    for (const name of batch) {
      const info = infos.get(name);
      if (info) ordered.push(info);
      placed.add(name);
    }
    remaining = remaining.filter((name) => !placed.has(name));
  }
  return ordered;
}

// Rows of a self-referencing table, each after the row it references.
export function parentsFirst(rows: Record<string, unknown>[], references: TableInfo["selfReferences"]) {
  if (!references.length) return rows;
  const out: Record<string, unknown>[] = [];
  const done = new Set<string>();
  let pending = rows;
  while (pending.length) {
    const keys = (row: Record<string, unknown>) => references.map((ref) => row[ref.column]);
    const next: Record<string, unknown>[] = [];
    for (const row of pending) {
      const waiting = keys(row).some(
        (value, index) => value !== null && value !== undefined && !done.has(`${index}:${String(value)}`),
      );
      if (waiting) next.push(row);
      else {
        out.push(row);
        for (const [index, ref] of references.entries()) done.add(`${index}:${String(row[ref.referenced])}`);
      }
    }
    // Nothing moved (a dangling or cyclic reference): write the rest as they are.
    if (next.length === pending.length) {
      out.push(...next);
      break;
    }
    pending = next;
  }
  return out;
}
