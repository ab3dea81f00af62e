import { type ExpressionBuilder, type ExpressionWrapper, type SqlBool, sql } from "kysely";
import type { Db, DialectName } from "../../db/index.ts";
import type { CustomFieldsTable, Database, TasksTable } from "../../db/schema.ts";
import { flushSearchIndex } from "../../db/search-index.ts";
import { badRequest } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import type { Actor } from "../context.ts";
import { visibleFieldGids } from "../custom-fields/custom-field.policy.ts";
import { taskIsVisible } from "../tasks/task.policy.ts";
import { tasksFrom } from "../tasks/task.queries.ts";
import { adaptiveTextSearch, outsideArchivedProjects } from "./search.adaptive.ts";
import type { FieldFilter, SearchParams } from "./search.params.ts";
import { matchesText, searchWords, sqliteQuery } from "./search.text.ts";

type Eb = ExpressionBuilder<Database, "tasks">;
type Condition = ExpressionWrapper<Database, "tasks", SqlBool>;

const memberOf = (eb: Eb, column: "project_gid" | "section_gid", gids: number[]) =>
  eb.exists(
    eb
      .selectFrom("task_memberships as stm")
      .select("stm.task_gid")
      .whereRef("stm.task_gid", "=", "tasks.gid")
      .where(`stm.${column}`, "in", gids),
  );

const taggedWith = (eb: Eb, gids: number[]) =>
  eb.exists(
    eb
      .selectFrom("task_tags as stt")
      .select("stt.task_gid")
      .whereRef("stt.task_gid", "=", "tasks.gid")
      .where("stt.tag_gid", "in", gids),
  );

const followedBy = (eb: Eb, gids: number[]) =>
  eb.exists(
    eb
      .selectFrom("task_followers as stf")
      .select("stf.task_gid")
      .whereRef("stf.task_gid", "=", "tasks.gid")
      .where("stf.user_gid", "in", gids),
  );

// The fields a search names, visible to the actor and in the workspace; secrets are never searchable.
async function fieldsOf(db: Db, actor: Actor, workspaceGid: number, filters: FieldFilter[]) {
  const gids = [...new Set(filters.map((filter) => filter.fieldGid))];
  const fields = new Map<number, CustomFieldsTable>();
  if (gids.length === 0) return fields;
  const rows = await db
    .selectFrom("custom_fields")
    .selectAll()
    .where("gid", "in", gids)
    .where("workspace_gid", "=", workspaceGid)
    .where("gid", "in", visibleFieldGids(db, actor.gid))
    .execute();
  for (const row of rows) fields.set(row.gid, row);
  for (const filter of filters) {
    const field = fields.get(filter.fieldGid);
    if (!field) throw badRequest(`${filter.param}: no such custom field in this workspace`);
    if (field.resource_subtype === "secret") throw badRequest(`${filter.param}: secret fields cannot be searched`);
  }
  return fields;
}

function fieldCondition(eb: Eb, field: CustomFieldsTable, filter: FieldFilter): Condition {
  const values = eb
    .selectFrom("task_custom_field_values as scv")
    .select("scv.task_gid")
    .whereRef("scv.task_gid", "=", "tasks.gid")
    .where("scv.custom_field_gid", "=", field.gid);
  const { param, op, raw } = filter;
  const subtype = field.resource_subtype;
  const number = () => {
    const value = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(value)) throw badRequest(`${param}: must be a number`);
    return value;
  };
  const textOps = {
    contains: (v: string) => `%${v}%`,
    starts_with: (v: string) => `${v}%`,
    ends_with: (v: string) => `%${v}`,
  };
  switch (op) {
    case "is_set": {
      const set = raw === "true" ? true : raw === "false" ? false : null;
      if (set === null) throw badRequest(`${param}: must be true or false`);
      return set ? eb.exists(values) : eb.not(eb.exists(values));
    }
    case "less_than":
    case "greater_than":
      if (subtype !== "number") throw badRequest(`${param}: only number fields compare with less_than/greater_than`);
      return eb.exists(values.where("scv.number_value", op === "less_than" ? "<" : ">", number()));
    case "contains":
    case "starts_with":
    case "ends_with": {
      if (subtype !== "text") throw badRequest(`${param}: only text fields take .${op}`);
      const pattern = textOps[op](raw);
      return eb.exists(values.where((inner) => inner("scv.text_value", "like", pattern)));
    }
    case "value":
      switch (subtype) {
        case "number":
          return eb.exists(values.where("scv.number_value", "=", number()));
        case "text":
          return eb.exists(values.where("scv.text_value", "=", raw));
        case "enum":
        case "multi_enum":
        case "people": {
          const gids = raw.split(",").map((item) => parseGid(item.trim()));
          if (gids.length === 0 || gids.some((gid) => gid === null)) {
            throw badRequest(`${param}: must be a gid or a comma-separated list of gids`);
          }
          if (subtype === "enum") return eb.exists(values.where("scv.enum_option_gid", "in", gids as number[]));
          return eb.exists(
            values.where((inner) => inner.or(gids.map((gid) => inner("scv.multi_value", "like", `%"${gid}"%`)))),
          );
        }
        case "date": {
          if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw badRequest(`${param}: must be a date as YYYY-MM-DD`);
          return eb.exists(values.where("scv.date_value", "=", raw));
        }
        default:
          throw badRequest(`${param}: this field cannot be searched by value`);
      }
  }
}

// From this many matches on, walking tasks newest-first beats sorting the matches (about 0.5 % of 100,000).
const WALK_THRESHOLD = 500;

// Filters that may keep most tasks out: a walk in modified order could then read the whole workspace.
function narrowed(params: SearchParams): boolean {
  return (
    Object.values(params.lists).some((list) => list !== undefined) ||
    params.fields.length > 0 ||
    params.dates.length > 0 ||
    params.assigneeUnassigned === true ||
    params.hasAttachment !== undefined ||
    params.isBlocked !== undefined ||
    params.isBlocking !== undefined
  );
}

export interface SearchOptions {
  // The columns of tasks the answer needs (taskColumnsFor); every column when absent.
  columns?: readonly (keyof TasksTable)[];
  // From this many matches on, the plan walks tasks newest first (WALK_THRESHOLD; a test picks either plan).
  walkThreshold?: number;
}

// Asana's search: every filter in SQL, always within what the actor may see, newest change first by default.
export async function searchTasks(
  db: Db,
  dialect: DialectName,
  actor: Actor,
  workspaceGid: number,
  params: SearchParams,
  options: SearchOptions = {},
): Promise<TasksTable[]> {
  const { columns, walkThreshold = WALK_THRESHOLD } = options;
  const fields = await fieldsOf(db, actor, workspaceGid, params.fields);
  const words = params.text ? searchWords(params.text) : [];
  // The index is kept in batches on SQLite: what the writes so far queued is indexed before it is read.
  if (words.length) await flushSearchIndex(db, dialect);
  const { lists } = params;
  // Adaptive plan. Few matches: their list (the engine asked once) drives it (on SQLite the unary + keeps the
  // planner from reading every task of the workspace through its index instead). Many matches (a common word):
  // checking and sorting every one of them costs hundreds of ms, so the plan walks tasks_workspace_modified newest
  // first and probes each row against the matches, stopping at the page's limit.
  const adaptive =
    words.length > 0 &&
    params.sortBy !== "due_date" &&
    params.sortBy !== "completed_at" &&
    params.sortBy !== "created_at" &&
    !narrowed(params);
  // The adaptive plan is one prepared statement that picks its branch itself (search.adaptive.ts).
  if (adaptive) {
    return adaptiveTextSearch(
      db,
      dialect,
      {
        columns,
        ascending: params.sortAscending,
        resourceSubtype: params.resourceSubtype !== undefined,
        completed: params.completed !== undefined,
        subtask: params.isSubtask === undefined ? "" : params.isSubtask ? "1" : "0",
        outsideArchived: params.archived !== true,
        threshold: walkThreshold,
      },
      {
        query: dialect === "sqlite" ? sqliteQuery(words) : "",
        whole: words.slice(0, -1).join(" & "),
        prefix: `${words.at(-1)}:*`,
        last: words.at(-1) as string,
        workspaceGid,
        actorGid: actor.gid,
        limit: params.limit,
        resourceSubtype: params.resourceSubtype ?? "",
        completed: params.completed ? 1 : 0,
      },
    );
  }
  const workspaceColumn =
    words.length && dialect === "sqlite" ? sql<number>`+tasks.workspace_gid` : sql<number>`tasks.workspace_gid`;
  let query = tasksFrom(db, columns)
    .where(workspaceColumn, "=", workspaceGid)
    .where(taskIsVisible(db, actor.gid))
    .where((eb) => {
      const all: Condition[] = [];
      if (words.length) all.push(matchesText(dialect, words)(eb));
      if (params.resourceSubtype) all.push(eb("tasks.resource_subtype", "=", params.resourceSubtype));
      if (params.assigneeUnassigned) all.push(eb("tasks.assignee_gid", "is", null));
      if (lists["assignee.any"]) all.push(eb("tasks.assignee_gid", "in", lists["assignee.any"]));
      if (lists["assignee.not"]) {
        all.push(
          eb.or([eb("tasks.assignee_gid", "is", null), eb("tasks.assignee_gid", "not in", lists["assignee.not"])]),
        );
      }
      if (lists["created_by.any"]) all.push(eb("tasks.created_by_gid", "in", lists["created_by.any"]));
      if (lists["created_by.not"]) {
        all.push(
          eb.or([
            eb("tasks.created_by_gid", "is", null),
            eb("tasks.created_by_gid", "not in", lists["created_by.not"]),
          ]),
        );
      }
      if (lists["projects.any"]) all.push(memberOf(eb, "project_gid", lists["projects.any"]));
      if (lists["projects.not"]) all.push(eb.not(memberOf(eb, "project_gid", lists["projects.not"])));
      for (const gid of lists["projects.all"] ?? []) all.push(memberOf(eb, "project_gid", [gid]));
      if (lists["sections.any"]) all.push(memberOf(eb, "section_gid", lists["sections.any"]));
      if (lists["sections.not"]) all.push(eb.not(memberOf(eb, "section_gid", lists["sections.not"])));
      if (lists["tags.any"]) all.push(taggedWith(eb, lists["tags.any"]));
      if (lists["tags.not"]) all.push(eb.not(taggedWith(eb, lists["tags.not"])));
      for (const gid of lists["tags.all"] ?? []) all.push(taggedWith(eb, [gid]));
      if (lists["followers.any"]) all.push(followedBy(eb, lists["followers.any"]));
      if (lists["followers.not"]) all.push(eb.not(followedBy(eb, lists["followers.not"])));
      if (lists["teams.any"]) {
        all.push(
          eb.exists(
            eb
              .selectFrom("task_memberships as sttm")
              .innerJoin("projects as stp", "stp.gid", "sttm.project_gid")
              .select("sttm.task_gid")
              .whereRef("sttm.task_gid", "=", "tasks.gid")
              .where("stp.team_gid", "in", lists["teams.any"]),
          ),
        );
      }
      if (params.completed !== undefined) all.push(eb("tasks.completed", "=", params.completed ? 1 : 0));
      if (params.archived !== true && !lists["projects.any"] && !lists["projects.all"]) {
        all.push(outsideArchivedProjects(eb));
      }
      if (params.isSubtask !== undefined) {
        all.push(params.isSubtask ? eb("tasks.parent_gid", "is not", null) : eb("tasks.parent_gid", "is", null));
      }
      if (params.hasAttachment !== undefined) {
        const attached = eb.exists(
          eb.selectFrom("attachments as sa").select("sa.gid").whereRef("sa.parent_gid", "=", "tasks.gid"),
        );
        all.push(params.hasAttachment ? attached : eb.not(attached));
      }
      if (params.isBlocked !== undefined) {
        const blocked = eb.exists(
          eb
            .selectFrom("task_dependencies as sd")
            .innerJoin("tasks as blocker", "blocker.gid", "sd.depends_on_gid")
            .select("sd.task_gid")
            .whereRef("sd.task_gid", "=", "tasks.gid")
            .where("blocker.completed", "=", 0),
        );
        all.push(params.isBlocked ? blocked : eb.not(blocked));
      }
      if (params.isBlocking !== undefined) {
        const blocking = eb.exists(
          eb
            .selectFrom("task_dependencies as sb")
            .select("sb.task_gid")
            .whereRef("sb.depends_on_gid", "=", "tasks.gid"),
        );
        all.push(params.isBlocking ? eb.and([blocking, eb("tasks.completed", "=", 0)]) : eb.not(blocking));
      }
      for (const { column, op, value } of params.dates) {
        all.push(value === null ? eb(`tasks.${column}`, "is", null) : eb(`tasks.${column}`, op, value));
      }
      for (const filter of params.fields) all.push(fieldCondition(eb, fields.get(filter.fieldGid)!, filter));
      return eb.and(all);
    });
  const direction = params.sortAscending ? "asc" : "desc";
  switch (params.sortBy) {
    case "due_date":
      // Tasks without a due date come last either way.
      query = query
        .orderBy((eb) => eb.case().when("tasks.due_on", "is", null).then(1).else(0).end())
        .orderBy("tasks.due_on", direction)
        .orderBy("tasks.due_at", direction);
      break;
    case "completed_at":
      query = query
        .orderBy((eb) => eb.case().when("tasks.completed_at", "is", null).then(1).else(0).end())
        .orderBy("tasks.completed_at", direction);
      break;
    case "created_at":
      query = query.orderBy("tasks.created_at", direction);
      break;
    default:
      query = query.orderBy("tasks.modified_at", direction);
  }
  return query.orderBy("tasks.gid", direction).limit(params.limit).execute();
}
