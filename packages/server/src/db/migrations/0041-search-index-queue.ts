import { type Kysely, sql } from "kysely";

// SQLite: the full-text index is no longer rewritten inside every write. Writing a task's name or notes, or a
// comment, only queues the task (task_search_pending, one b-tree row); db/search-index.ts re-indexes the queued
// tasks in batches — before any search reads the index, and at each pass of the job worker's event consumers — so
// a batch of writes adds one FTS segment instead of one each, and the stemming runs once per batch, off the
// request. PostgreSQL keeps its triggers (a tsvector column has no segments to merge): nothing changes there.
// A contract step: the previous release never empties the queue, so its searches would miss later writes.
export const kind = "contract";

const OLD_TRIGGERS = ["insert", "update", "delete", "comment_insert", "comment_update", "comment_delete"];

const queue = (gid: string) => `insert or ignore into task_search_pending (task_gid) values (${gid});`;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (await isPostgres(db)) return;
  await run(db, [
    ...OLD_TRIGGERS.map((name) => `drop trigger if exists task_search_${name}`),
    "create table task_search_pending (task_gid integer primary key)",
    `create trigger task_search_insert after insert on tasks begin ${queue("new.gid")} end`,
    `create trigger task_search_update after update of name, notes on tasks
       when new.name is not old.name or new.notes is not old.notes begin ${queue("new.gid")} end`,
    `create trigger task_search_delete after delete on tasks begin ${queue("old.gid")} end`,
    `create trigger task_search_comment_insert after insert on stories when new.type = 'comment'
       begin ${queue("new.task_gid")} end`,
    `create trigger task_search_comment_update after update of text on stories
       when new.type = 'comment' and new.text is not old.text begin ${queue("new.task_gid")} end`,
    `create trigger task_search_comment_delete after delete on stories when old.type = 'comment'
       begin ${queue("old.task_gid")} end`,
  ]);
}

// Back to 0025's triggers, with what was still queued indexed first.
export async function down(db: Kysely<unknown>): Promise<void> {
  if (await isPostgres(db)) return;
  const document = (value: string) => `takt_search_text(${value})`;
  const comments = (task: string) =>
    `(select coalesce(group_concat(text, ' '), '') from stories where task_gid = ${task} and type = 'comment')`;
  await run(db, [
    "delete from task_search where rowid in (select task_gid from task_search_pending)",
    `insert into task_search (rowid, name, notes, comments)
       select gid, ${document("name")}, ${document("notes")}, ${document(comments("tasks.gid"))} from tasks
       where gid in (select task_gid from task_search_pending)`,
    ...OLD_TRIGGERS.map((name) => `drop trigger if exists task_search_${name}`),
    "drop table task_search_pending",
    `create trigger task_search_insert after insert on tasks begin
       insert into task_search (rowid, name, notes, comments)
       values (new.gid, ${document("new.name")}, ${document("new.notes")}, '');
     end`,
    `create trigger task_search_update after update of name, notes on tasks
       when new.name is not old.name or new.notes is not old.notes begin
       update task_search set name = ${document("new.name")}, notes = ${document("new.notes")} where rowid = new.gid;
     end`,
    `create trigger task_search_delete after delete on tasks begin
       delete from task_search where rowid = old.gid;
     end`,
    `create trigger task_search_comment_insert after insert on stories when new.type = 'comment' begin
       update task_search set comments = ${document(comments("new.task_gid"))} where rowid = new.task_gid;
     end`,
    `create trigger task_search_comment_update after update of text on stories
       when new.type = 'comment' and new.text is not old.text begin
       update task_search set comments = ${document(comments("new.task_gid"))} where rowid = new.task_gid;
     end`,
    `create trigger task_search_comment_delete after delete on stories when old.type = 'comment' begin
       update task_search set comments = ${document(comments("old.task_gid"))} where rowid = old.task_gid;
     end`,
  ]);
}

async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  try {
    await sql`select version()`.execute(db);
    return true;
  } catch {
    return false;
  }
}

async function run(db: Kysely<unknown>, statements: string[]) {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
