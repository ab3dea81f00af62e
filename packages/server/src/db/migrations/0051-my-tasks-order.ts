import { type Kysely, sql } from "kysely";

// My Tasks lists a person's tasks in a workspace soonest due first, undated last (user-task-list.queries.ts): an
// index in that very order lets a page read its 100 rows and stop, instead of reading and sorting every task the
// person was ever given (1,400 rows for a person of the benchmark's 100,000-task workspace: 3.3 → 0.6 ms).
// The expressions are the query's own, as both databases require to use it. It begins with the columns of
// tasks_workspace_assignee, which it replaces (every lookup by workspace and assignee uses it the same way), so a
// new task still updates as many indexes as before. Older releases run on it unchanged.
export const kind = "expand";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create index tasks_assignee_due on tasks (workspace_gid, assignee_gid,
        (case when coalesce(due_at, due_on) is null then 1 else 0 end), (coalesce(due_at, due_on)), created_at, gid)`,
    )
    .execute(db);
  await sql.raw("drop index tasks_workspace_assignee").execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw("create index tasks_workspace_assignee on tasks (workspace_gid, assignee_gid)").execute(db);
  await sql.raw("drop index tasks_assignee_due").execute(db);
}
