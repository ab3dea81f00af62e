import { type ExpressionBuilder, type SelectQueryBuilder, sql } from "kysely";
import type { Db, DialectName } from "../../db/index.ts";
import { prepared, preparedVariants } from "../../db/prepared.ts";
import type { Database, TasksTable } from "../../db/schema.ts";
import { taskIsVisible } from "../tasks/task.policy.ts";

// The adaptive plan of a text search on SQLite in one prepared statement. Few matches (fewer than the threshold):
// their list drives the plan, each match is checked and the page sorted. Many (a common word): checking and
// sorting every match costs more than walking tasks_workspace_modified newest first and probing each row, which
// stops at the page's limit. The engine's first `threshold` matches are kept once (the CTE `m`), and their count
// picks the branch through each branch's LIMIT: the other one is limited to 0 rows and never runs. One statement,
// compiled once per request shape, instead of asking the engine for its matches and sending them back as a list.

type Eb = ExpressionBuilder<Database, "tasks">;
type Tasks = SelectQueryBuilder<Database, "tasks", TasksTable>;

// The engine's matches as a set (SQLite evaluates `in (subquery)` once per statement).
const allMatches = (query: string) => sql<number>`(select rowid from task_search where task_search match ${query})`;
const keptMatches = sql<number>`(select gid from m)`;

// Narrowing filters (projects, assignees, fields, dates, …) take the other plan (search.query.ts): what is left
// are filters that keep a fair share of the tasks, so walking newest first still reaches a page soon.
export interface TextSearchShape {
  // The columns of tasks the answer needs (gid and modified_at are always read); every column when absent.
  columns?: readonly (keyof TasksTable)[];
  ascending: boolean;
  resourceSubtype: boolean;
  completed: boolean;
  // "" (either), "1" (subtasks only), "0" (top-level tasks only).
  subtask: "" | "0" | "1";
  // Tasks only in archived projects are left out.
  outsideArchived: boolean;
  threshold: number;
}

interface TextSearchValues {
  // SQLite: the engine's query text (sqliteQuery).
  query: string;
  // PostgreSQL: the words before the last joined with & (empty for one word), the last one as a prefix
  // (`word:*`) and as written (engineQuery's parts, as values).
  whole: string;
  prefix: string;
  last: string;
  workspaceGid: number;
  actorGid: number;
  limit: number;
  resourceSubtype: string;
  completed: 0 | 1;
}

const shapeKey = (shape: TextSearchShape) =>
  [
    shape.columns?.join(",") ?? "*",
    shape.ascending ? "asc" : "desc",
    shape.resourceSubtype ? "1" : "",
    shape.completed ? "1" : "",
    shape.subtask,
    shape.outsideArchived ? "1" : "",
    shape.threshold,
  ].join("|");

const shapeOf = (key: string): TextSearchShape => {
  const [columns, direction, subtype, completed, subtask, outside, threshold] = key.split("|");
  return {
    columns: columns === "*" ? undefined : (columns.split(",") as (keyof TasksTable)[]),
    ascending: direction === "asc",
    resourceSubtype: subtype === "1",
    completed: completed === "1",
    subtask: subtask as TextSearchShape["subtask"],
    outsideArchived: outside === "1",
    threshold: Number(threshold),
  };
};

function selected(db: Db, columns: readonly (keyof TasksTable)[] | undefined): Tasks {
  if (!columns) return db.selectFrom("tasks").selectAll("tasks") as Tasks;
  const all = [...new Set<keyof TasksTable>(["gid", "modified_at", ...columns])];
  return db.selectFrom("tasks").select(all.map((column) => `tasks.${column}` as const)) as unknown as Tasks;
}

// What both databases' plans keep of a branch's tasks, newest change first (or oldest): those the actor may see
// that pass the search's filters.
function visibleMatches(query: Tasks, db: Db, shape: TextSearchShape, values: TextSearchValues): Tasks {
  const direction = shape.ascending ? "asc" : "desc";
  return query
    .where(taskIsVisible(db, values.actorGid))
    .$if(shape.resourceSubtype, (q) => q.where("tasks.resource_subtype", "=", values.resourceSubtype))
    .$if(shape.completed, (q) => q.where("tasks.completed", "=", values.completed))
    .$if(shape.subtask !== "", (q) => q.where("tasks.parent_gid", shape.subtask === "1" ? "is not" : "is", null))
    .$if(shape.outsideArchived, (q) => q.where(outsideArchivedProjects))
    .orderBy("tasks.modified_at", direction)
    .orderBy("tasks.gid", direction);
}

const textSearches = preparedVariants((key: string) => {
  const shape = shapeOf(key);
  const direction = shape.ascending ? "asc" : "desc";
  return prepared<TextSearchValues, TasksTable>(
    ["query", "workspaceGid", "actorGid", "limit", "resourceSubtype", "completed"],
    (db, values) => {
      const branch = (walk: boolean, limit: ReturnType<typeof sql<number>>) =>
        selected(db, shape.columns)
          // Few: the unary + keeps SQLite from reading the workspace's tasks through its index instead of the
          // matches. Many: the + keeps it from driving the plan by the matches instead of the walk.
          .where(walk ? sql<number>`tasks.workspace_gid` : sql<number>`+tasks.workspace_gid`, "=", values.workspaceGid)
          .where((eb: Eb) =>
            walk ? eb(sql<number>`+tasks.gid`, "in", allMatches(values.query)) : eb("tasks.gid", "in", keptMatches),
          )
          .$call((q) => visibleMatches(q, db, shape, values))
          .limit(limit);
      const few = branch(
        false,
        sql<number>`(select case when count(*) < ${sql.lit(shape.threshold)} then ${values.limit} else 0 end from m)`,
      );
      const many = branch(
        true,
        sql<number>`(select case when count(*) < ${sql.lit(shape.threshold)} then 0 else ${values.limit} end from m)`,
      );
      return db
        .selectFrom(
          sql<TasksTable>`(with m(gid) as materialized (select rowid from task_search where task_search match ${values.query}
            limit ${sql.lit(shape.threshold)})
            select * from ${few} union all select * from ${many})`.as("found"),
        )
        .selectAll()
        .orderBy(sql.ref("found.modified_at"), direction)
        .orderBy(sql.ref("found.gid"), direction) as unknown as Tasks;
    },
  );
});

// PostgreSQL's form of the same plan. The engine's query is rebuilt from its parts in SQL (a value cannot carry
// SQL). The branch is picked by a condition on the matches' count that refers to no row of tasks: PostgreSQL
// evaluates it once before the branch's scan (a one-time filter) and reads nothing when it is false, and each
// branch keeps the page's limit as its LIMIT, so the walk is planned as a walk (a LIMIT it could not read at
// planning would be costed as a tenth of the workspace, and a sort of every match chosen instead).
const pgTextSearches = preparedVariants((key: string) => {
  const shape = shapeOf(key);
  const direction = shape.ascending ? "asc" : "desc";
  const several = key.endsWith("|several");
  return prepared<TextSearchValues, TasksTable>(
    ["whole", "prefix", "last", "workspaceGid", "actorGid", "limit", "resourceSubtype", "completed"],
    (db, values) => {
      const last = sql`(to_tsquery('simple', ${values.prefix}) || to_tsquery('russian', ${values.last}))`;
      const query = several ? sql`(to_tsquery('russian', ${values.whole}) && ${last})` : last;
      const threshold = sql.lit(shape.threshold);
      const branch = (walk: boolean) =>
        selected(db, shape.columns)
          // Few: the unary + keeps PostgreSQL from walking the workspace's tasks by their index instead of the
          // matches. Many: each row walked is probed (OFFSET 0 keeps the probe a per-row check that runs before
          // the visibility test, instead of a join with every match).
          .where(walk ? sql<number>`tasks.workspace_gid` : sql<number>`+tasks.workspace_gid`, "=", values.workspaceGid)
          .where((eb: Eb) =>
            walk
              ? eb.exists(
                  sql`(select 1 from task_search where task_search.task_gid = tasks.gid and document @@ ${query} offset 0)`,
                )
              : eb("tasks.gid", "in", keptMatches),
          )
          .where(
            walk
              ? sql<boolean>`(select count(*) from m) >= ${threshold}`
              : sql<boolean>`(select count(*) from m) < ${threshold}`,
          )
          .$call((q) => visibleMatches(q, db, shape, values))
          .limit(values.limit);
      return db
        .selectFrom(
          sql<TasksTable>`(with m(gid) as materialized (select task_gid from task_search where document @@ ${query}
            limit ${threshold})
            select * from ${branch(false)} as few union all select * from ${branch(true)} as walked)`.as("found"),
        )
        .selectAll()
        .orderBy(sql.ref("found.modified_at"), direction)
        .orderBy(sql.ref("found.gid"), direction) as unknown as Tasks;
    },
  );
});

// The tasks a text search finds, visible to the actor: on SQLite by the engine's query text (sqliteQuery), on
// PostgreSQL by the parts of engineQuery.
export function adaptiveTextSearch(
  db: Db,
  dialect: DialectName,
  shape: TextSearchShape,
  values: TextSearchValues,
): Promise<TasksTable[]> {
  if (dialect === "postgres")
    return pgTextSearches(`${shapeKey(shape)}|${values.whole ? "several" : "one"}`).all(db, values);
  return textSearches(shapeKey(shape)).all(db, values);
}

// A task that lives only in archived projects (in one or more, and in no live one) is out of sight by default.
export const outsideArchivedProjects = (eb: Eb) =>
  eb.not(
    eb.and([
      eb.exists(
        eb
          .selectFrom("task_memberships as atm")
          .innerJoin("projects as ap", "ap.gid", "atm.project_gid")
          .select("atm.task_gid")
          .whereRef("atm.task_gid", "=", "tasks.gid")
          // A literal, so both databases can answer it from the index of archived projects (0052).
          .where("ap.archived", "=", sql.lit(1)),
      ),
      eb.not(
        eb.exists(
          eb
            .selectFrom("task_memberships as ltm")
            .innerJoin("projects as lp", "lp.gid", "ltm.project_gid")
            .select("ltm.task_gid")
            .whereRef("ltm.task_gid", "=", "tasks.gid")
            .where("lp.archived", "=", 0),
        ),
      ),
    ]),
  );

export interface TypeaheadRow {
  gid: number;
  name: string;
  completed: number;
  resource_subtype: string;
}

interface TypeaheadValues {
  query: string;
  workspaceGid: number;
  actorGid: number;
  count: number;
}

// Typeahead's tasks: open ones first, newest change first. Few matches drive the plan as above; with many, the
// walk runs over open tasks, then over completed ones for what the page still lacks (`open` counts what the first
// walk found).
const typeaheads = preparedVariants((key: string) => {
  const [outside, thresholdText] = key.split("|");
  const threshold = sql.lit(Number(thresholdText));
  return prepared<TypeaheadValues, TypeaheadRow>(["query", "workspaceGid", "actorGid", "count"], (db, values) => {
    const base = (walk: boolean) =>
      db
        .selectFrom("tasks")
        .select(["tasks.gid", "tasks.name", "tasks.completed", "tasks.resource_subtype", "tasks.modified_at"])
        .where(walk ? sql<number>`tasks.workspace_gid` : sql<number>`+tasks.workspace_gid`, "=", values.workspaceGid)
        .where((eb: Eb) =>
          walk ? eb(sql<number>`+tasks.gid`, "in", allMatches(values.query)) : eb("tasks.gid", "in", keptMatches),
        )
        .where(taskIsVisible(db, values.actorGid))
        .$if(outside === "1", (q) => q.where(outsideArchivedProjects));
    const few = base(false)
      .orderBy("tasks.completed")
      .orderBy("tasks.modified_at", "desc")
      .orderBy("tasks.gid", "desc")
      .limit(sql<number>`(select case when count(*) < ${threshold} then ${values.count} else 0 end from m)`);
    const walk = (completed: 0 | 1, limit: ReturnType<typeof sql<number>>) =>
      base(true)
        .where("tasks.completed", "=", completed)
        .orderBy("tasks.modified_at", "desc")
        .orderBy("tasks.gid", "desc")
        .limit(limit);
    const open = walk(
      0,
      sql<number>`(select case when count(*) < ${threshold} then 0 else ${values.count} end from m)`,
    );
    const done = walk(
      1,
      sql<number>`(select case when count(*) < ${threshold} then 0 else ${values.count} - (select count(*) from open) end from m)`,
    );
    return db
      .selectFrom(
        sql<TypeaheadRow>`(with m(gid) as materialized (select rowid from task_search where task_search match ${values.query}
          limit ${threshold}), open as materialized (select * from ${open})
          select * from ${few} union all select * from open union all select * from ${done})`.as("found"),
      )
      .select(["found.gid", "found.name", "found.completed", "found.resource_subtype"])
      .orderBy(sql.ref("found.completed"))
      .orderBy(sql.ref("found.modified_at"), "desc")
      .orderBy(sql.ref("found.gid"), "desc") as unknown as SelectQueryBuilder<Database, "tasks", TypeaheadRow>;
  });
});

// SQLite: tasks whose name matches the engine's name query (see sqliteNameQuery), visible to the actor.
export function adaptiveTypeahead(
  db: Db,
  options: { outsideArchived: boolean; threshold: number },
  values: TypeaheadValues,
): Promise<TypeaheadRow[]> {
  return typeaheads(`${options.outsideArchived ? "1" : ""}|${options.threshold}`).all(db, values);
}
