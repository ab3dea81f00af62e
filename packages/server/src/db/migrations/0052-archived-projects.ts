import { type Kysely, sql } from "kysely";

// Search and typeahead leave out tasks whose every project is archived: for each match they ask whether one of
// the task's projects is archived. PostgreSQL answered that by reading the whole projects table once per match (a
// 200-row scan is cheaper than an index probe in its cost model, but not 500 times over): 5 of the 16 ms of a
// search for a word in 500 of the benchmark's 100,000 tasks. An index of the archived projects alone (few, often
// none) is probed instead. SQLite already went through the primary key; it keeps the same small index.
export const kind = "expand";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw("create index projects_archived on projects (gid) where archived = 1").execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("drop index projects_archived").execute(db);
}
