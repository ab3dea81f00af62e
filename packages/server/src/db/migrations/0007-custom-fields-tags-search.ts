import { type Kysely, sql } from "kysely";

// Custom fields (library and project-local), their enum options, project settings and task values; tags;
// and the full-text index over task names, notes and comments, kept in step by triggers on both databases.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("custom_fields")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    // Set for a project-local field; null for a field of the workspace's library.
    .addColumn("project_gid", "bigint", (col) => col.references("projects.gid").onDelete("cascade"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull())
    .addColumn("resource_subtype", "text", (col) => col.notNull())
    .addColumn("precision", "integer")
    .addColumn("format", "text", (col) => col.notNull())
    .addColumn("currency_code", "text")
    .addColumn("custom_label", "text")
    .addColumn("custom_label_position", "text")
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("custom_fields_workspace")
    .on("custom_fields")
    .columns(["workspace_gid", "gid"])
    .execute();

  await db.schema
    .createTable("custom_field_enum_options")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("custom_field_gid", "bigint", (col) => col.notNull().references("custom_fields.gid").onDelete("cascade"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("color", "text", (col) => col.notNull())
    .addColumn("enabled", "integer", (col) => col.notNull())
    .addColumn("order_key", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("custom_field_enum_options_field")
    .on("custom_field_enum_options")
    .columns(["custom_field_gid", "order_key"])
    .execute();

  await db.schema
    .createTable("custom_field_settings")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("project_gid", "bigint", (col) => col.notNull().references("projects.gid").onDelete("cascade"))
    .addColumn("custom_field_gid", "bigint", (col) => col.notNull().references("custom_fields.gid").onDelete("cascade"))
    .addColumn("is_important", "integer", (col) => col.notNull())
    .addColumn("order_key", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addUniqueConstraint("custom_field_settings_unique", ["project_gid", "custom_field_gid"])
    .execute();
  await db.schema
    .createIndex("custom_field_settings_field")
    .on("custom_field_settings")
    .columns(["custom_field_gid"])
    .execute();

  await db.schema
    .createTable("task_custom_field_values")
    .addColumn("task_gid", "bigint", (col) => col.notNull().references("tasks.gid").onDelete("cascade"))
    .addColumn("custom_field_gid", "bigint", (col) => col.notNull().references("custom_fields.gid").onDelete("cascade"))
    .addColumn("text_value", "text")
    .addColumn("number_value", "double precision")
    .addColumn("enum_option_gid", "bigint")
    .addColumn("date_value", "text")
    .addColumn("date_time_value", "text")
    // multi_enum option gids or people gids, as a JSON array of gid strings.
    .addColumn("multi_value", "text")
    // A secret: base64 of IV, auth tag and AES-256-GCM ciphertext; never plain text.
    .addColumn("secret_value", "text")
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("task_custom_field_values_pk", ["task_gid", "custom_field_gid"])
    .execute();
  await db.schema
    .createIndex("task_custom_field_values_field")
    .on("task_custom_field_values")
    .columns(["custom_field_gid", "task_gid"])
    .execute();

  await db.schema
    .createTable("tags")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("color", "text")
    .addColumn("notes", "text", (col) => col.notNull())
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("tags_workspace").on("tags").columns(["workspace_gid", "name"]).execute();

  await db.schema
    .createTable("task_tags")
    .addColumn("task_gid", "bigint", (col) => col.notNull().references("tasks.gid").onDelete("cascade"))
    .addColumn("tag_gid", "bigint", (col) => col.notNull().references("tags.gid").onDelete("cascade"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("task_tags_pk", ["task_gid", "tag_gid"])
    .execute();
  await db.schema.createIndex("task_tags_tag").on("task_tags").columns(["tag_gid", "task_gid"]).execute();

  // Only PostgreSQL deployments without TAKT_SECRET_KEY keep the generated key here (see config.ts).
  await db.schema
    .createTable("server_secrets")
    .addColumn("name", "text", (col) => col.primaryKey())
    .addColumn("value", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();

  if (await isPostgres(db)) await postgresSearch(db);
  else await sqliteSearch(db);
}

async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  try {
    await sql`select version()`.execute(db);
    return true;
  } catch {
    return false;
  }
}

// FTS5 table whose rowid is the task gid; the comments column holds every comment of the task.
async function sqliteSearch(db: Kysely<unknown>) {
  await sql`create virtual table task_search using fts5(name, notes, comments, tokenize = 'unicode61 remove_diacritics 2')`.execute(
    db,
  );
  const comments = (task: string) =>
    `(select coalesce(group_concat(text, ' '), '') from stories where task_gid = ${task} and type = 'comment')`;
  for (const statement of [
    `create trigger task_search_insert after insert on tasks begin
       insert into task_search (rowid, name, notes, comments) values (new.gid, new.name, new.notes, '');
     end`,
    `create trigger task_search_update after update of name, notes on tasks begin
       update task_search set name = new.name, notes = new.notes where rowid = new.gid;
     end`,
    `create trigger task_search_delete after delete on tasks begin
       delete from task_search where rowid = old.gid;
     end`,
    `create trigger task_search_comment_insert after insert on stories when new.type = 'comment' begin
       update task_search set comments = ${comments("new.task_gid")} where rowid = new.task_gid;
     end`,
    `create trigger task_search_comment_update after update of text on stories when new.type = 'comment' begin
       update task_search set comments = ${comments("new.task_gid")} where rowid = new.task_gid;
     end`,
    `create trigger task_search_comment_delete after delete on stories when old.type = 'comment' begin
       update task_search set comments = ${comments("old.task_gid")} where rowid = old.task_gid;
     end`,
    `insert into task_search (rowid, name, notes, comments)
       select gid, name, notes, ${comments("tasks.gid")} from tasks`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}

// A tsvector per task ('simple' configuration: no stemming, so Russian and English alike) in its own table,
// because comments live in another table and an expression index cannot reach them.
async function postgresSearch(db: Kysely<unknown>) {
  for (const statement of [
    `create table task_search (
       task_gid bigint primary key references tasks (gid) on delete cascade,
       document tsvector not null
     )`,
    "create index task_search_document on task_search using gin (document)",
    `create function task_search_refresh(target bigint) returns void language sql as $$
       insert into task_search (task_gid, document)
       select t.gid,
              setweight(to_tsvector('simple', t.name), 'A') ||
              to_tsvector('simple', t.notes) ||
              to_tsvector('simple', coalesce((select string_agg(s.text, ' ') from stories s
                                              where s.task_gid = t.gid and s.type = 'comment'), ''))
       from tasks t where t.gid = target
       on conflict (task_gid) do update set document = excluded.document
     $$`,
    `create function task_search_task_trigger() returns trigger language plpgsql as $$
       begin perform task_search_refresh(new.gid); return null; end
     $$`,
    `create function task_search_story_trigger() returns trigger language plpgsql as $$
       begin
         if tg_op = 'DELETE' then
           if old.type = 'comment' then perform task_search_refresh(old.task_gid); end if;
         elsif new.type = 'comment' then perform task_search_refresh(new.task_gid);
         end if;
         return null;
       end
     $$`,
    `create trigger task_search_task after insert or update of name, notes on tasks
       for each row execute function task_search_task_trigger()`,
    `create trigger task_search_story after insert or update of text or delete on stories
       for each row execute function task_search_story_trigger()`,
    "select task_search_refresh(gid) from tasks",
  ]) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (await isPostgres(db)) {
    await sql.raw("drop trigger if exists task_search_story on stories").execute(db);
    await sql.raw("drop trigger if exists task_search_task on tasks").execute(db);
    await sql.raw("drop function if exists task_search_story_trigger, task_search_task_trigger").execute(db);
    await sql.raw("drop function if exists task_search_refresh").execute(db);
  } else {
    for (const name of ["insert", "update", "delete", "comment_insert", "comment_update", "comment_delete"]) {
      await sql.raw(`drop trigger if exists task_search_${name}`).execute(db);
    }
  }
  await sql.raw("drop table if exists task_search").execute(db);
  for (const table of [
    "server_secrets",
    "task_tags",
    "tags",
    "task_custom_field_values",
    "custom_field_settings",
    "custom_field_enum_options",
    "custom_fields",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
