import type pg from "pg";

// Named statements on PostgreSQL for the queries compiled once (db/prepared.ts). An unnamed statement is parsed,
// analysed and planned by the server every time it runs; a named one is parsed once per connection and then only
// bound and executed (PostgreSQL re-plans it by itself when a table it reads changes, and decides per execution
// between a generic and a custom plan). The request path runs the same few dozen statements all day, so this is
// where the database's CPU goes.
//
// Only statements whose answer names every column are named. After another node adds a column (an expand
// migration, docs/upgrade.md), a named `select *` or `returning *` would fail with "cached plan must not change
// result type"; a list of columns keeps its type. Columns are dropped only by a contract migration, once no node
// that reads them runs. Should that error come anyway (a schema changed by hand), the statement is never named
// again, and one run outside a transaction is tried again unnamed at once.

const names = new Map<string, string>();
const refused = new Set<string>();
// Statements named per process (each connection prepares those it runs): bounded, since a list's placeholders make
// one text per length.
const NAMES_KEPT = 4000;
const STAR = /\*/g;

export function nameStatement(sql: string): void {
  if (names.has(sql) || refused.has(sql) || names.size >= NAMES_KEPT) return;
  // count(*) names one column; any other star is a row type that follows the table.
  if (sql.replace(/count\(\*\)/gi, "").match(STAR)) return;
  names.set(sql, `takt_${names.size.toString(36)}`);
}

export function statementName(sql: string): string | undefined {
  return names.get(sql);
}

const PLAN_CHANGED = "0A000";
const TRANSACTION = /^\s*(begin|start transaction)\b/i;
const ENDS = /^\s*(commit|rollback)\b/i;

type Query = (...args: unknown[]) => unknown;

// Gives a connection's plain `query(text, values)` calls (Kysely's) the statement's name when it has one.
export function nameStatementsOf(client: pg.PoolClient): void {
  const plain = client.query.bind(client) as Query;
  let inTransaction = false;
  const run = async (text: string, values: unknown[]) => {
    if (TRANSACTION.test(text)) inTransaction = true;
    else if (ENDS.test(text)) inTransaction = false;
    const name = names.get(text);
    if (!name) return plain(text, values);
    try {
      return await plain({ name, text, values });
    } catch (error) {
      if ((error as { code?: string }).code !== PLAN_CHANGED) throw error;
      names.delete(text);
      refused.add(text);
      if (inTransaction) throw error;
      return plain(text, values);
    }
  };
  (client as unknown as { query: Query }).query = (...args: unknown[]) => {
    const [text, values, callback] = args;
    if (typeof text === "string" && Array.isArray(values) && callback === undefined) return run(text, values);
    return plain(...args);
  };
}
