import { type ExpressionBuilder, sql } from "kysely";
import type { DialectName } from "../../db/index.ts";
import type { Database } from "../../db/schema.ts";

// Words of a search, lowercased; letters and digits of any script, so Russian and English search alike.
export function searchWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 20);
}

// The engine's query: every word must match, the last one as a prefix (the person may still be typing).
export function engineQuery(dialect: DialectName, words: string[]): string {
  if (dialect === "postgres")
    return words.map((word, index) => (index === words.length - 1 ? `${word}:*` : word)).join(" & ");
  return words.map((word, index) => `"${word}"${index === words.length - 1 ? "*" : ""}`).join(" ");
}

// SQL: tasks whose name, notes or comments match (SQLite FTS5 or PostgreSQL tsvector, both kept by triggers).
export function matchesText(dialect: DialectName, words: string[]) {
  const query = engineQuery(dialect, words);
  return (eb: ExpressionBuilder<Database, "tasks">) =>
    dialect === "postgres"
      ? eb(
          "tasks.gid",
          "in",
          sql<number>`(select task_gid from task_search where document @@ to_tsquery('simple', ${query}))`,
        )
      : eb("tasks.gid", "in", sql<number>`(select rowid from task_search where task_search match ${query})`);
}

// LIKE pattern for name lookups; SQLite folds only ASCII case, so the variants cover Cyrillic names too.
export function nameVariants(query: string): string[] {
  const trimmed = query.trim();
  const escaped = (value: string) => `%${value.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const capitalized = trimmed.charAt(0).toUpperCase() + trimmed.slice(1).toLowerCase();
  return [...new Set([trimmed, trimmed.toLowerCase(), capitalized, trimmed.toUpperCase()])].map(escaped);
}
