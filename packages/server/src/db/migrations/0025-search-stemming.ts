import { type Kysely, sql } from "kysely";

// Search that knows word forms: "роботов", "робота" and "робот" find each other, as do "pages" and "page".
// PostgreSQL: the document holds each text twice, through the `russian` configuration (Snowball stems; Latin
// words go to the English stemmer, stop words drop out) and through `simple` (words as written, for the prefix
// of a word still being typed). SQLite: the FTS5 columns hold the text and then the Snowball stems of its words
// (takt_search_text, registered on every connection by db/search-text.ts). The index is rebuilt from the tasks
// and comments here. Renaming a task to the same name no longer rewrites its index entry.
// A contract step: on SQLite the new triggers call takt_search_text, which the previous release does not
// register, so its writes to tasks and comments would fail.
export const kind = "contract";

export async function up(db: Kysely<unknown>): Promise<void> {
  if (await isPostgres(db)) await postgresUp(db);
  else await sqliteUp(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (await isPostgres(db)) await postgresDown(db);
  else await sqliteDown(db);
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

const SQLITE_TRIGGERS = ["insert", "update", "delete", "comment_insert", "comment_update", "comment_delete"];

const comments = (task: string) =>
  `(select coalesce(group_concat(text, ' '), '') from stories where task_gid = ${task} and type = 'comment')`;

// The index as 0007 made it (without stems) or as this migration makes it (through takt_search_text).
function sqliteIndex(document: (value: string) => string): string[] {
  return [
    `create virtual table task_search using fts5(name, notes, comments, tokenize = 'unicode61 remove_diacritics 2')`,
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
    `insert into task_search (rowid, name, notes, comments)
       select gid, ${document("name")}, ${document("notes")}, ${document(comments("tasks.gid"))} from tasks`,
  ];
}

async function sqliteReplace(db: Kysely<unknown>, document: (value: string) => string) {
  await run(db, [
    ...SQLITE_TRIGGERS.map((name) => `drop trigger if exists task_search_${name}`),
    "drop table if exists task_search",
    ...sqliteIndex(document),
  ]);
}

const sqliteUp = (db: Kysely<unknown>) => sqliteReplace(db, (value) => `takt_search_text(${value})`);
const sqliteDown = (db: Kysely<unknown>) => sqliteReplace(db, (value) => value);

// The document of one task: name (weight A), notes and comments, through the given configurations.
function postgresRefresh(configs: string[]): string {
  const vector = (text: string) => configs.map((config) => `to_tsvector('${config}', ${text})`).join(" || ");
  return `create or replace function task_search_refresh(target bigint) returns void language sql as $$
     insert into task_search (task_gid, document)
     select t.gid,
            setweight(${vector("t.name")}, 'A') ||
            ${vector("t.notes")} ||
            ${vector("c.text")}
     from tasks t,
          lateral (select coalesce((select string_agg(s.text, ' ') from stories s
                                    where s.task_gid = t.gid and s.type = 'comment'), '') as text) c
     where t.gid = target
     on conflict (task_gid) do update set document = excluded.document
   $$`;
}

async function postgresUp(db: Kysely<unknown>) {
  await run(db, [
    postgresRefresh(["russian", "simple"]),
    "drop trigger if exists task_search_task on tasks",
    `create trigger task_search_task_insert after insert on tasks
       for each row execute function task_search_task_trigger()`,
    `create trigger task_search_task_update after update of name, notes on tasks
       for each row when (new.name is distinct from old.name or new.notes is distinct from old.notes)
       execute function task_search_task_trigger()`,
    "select task_search_refresh(gid) from tasks",
  ]);
}

async function postgresDown(db: Kysely<unknown>) {
  await run(db, [
    postgresRefresh(["simple"]),
    "drop trigger if exists task_search_task_insert on tasks",
    "drop trigger if exists task_search_task_update on tasks",
    `create trigger task_search_task after insert or update of name, notes on tasks
       for each row execute function task_search_task_trigger()`,
    "select task_search_refresh(gid) from tasks",
  ]);
}
