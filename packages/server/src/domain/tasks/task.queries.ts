import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from "kysely";
import type { Db } from "../../db/index.ts";
import { prepared, preparedVariants } from "../../db/prepared.ts";
import type { Database, TasksTable } from "../../db/schema.ts";
import { projectVisible } from "../projects/project.policy.ts";
import { taskIsVisible } from "./task.policy.ts";

type Reader = Kysely<Database> | Transaction<Database>;

export interface TaskListFilter {
  // "now": only incomplete tasks; a time: incomplete ones and those completed since.
  completedSince?: string;
  modifiedSince?: string;
}

export interface Window {
  limit: number;
  offset: number;
  // Only these columns of `tasks` (what the presenter needs for the request's fields, see taskColumnsFor); all
  // when absent.
  columns?: readonly (keyof TasksTable)[];
}

// `select tasks.<columns>` (or every column) for a list: a page of 100 wide rows costs several times what the few
// columns a list shows do.
export function tasksFrom(db: Db, columns?: readonly (keyof TasksTable)[]) {
  const from = db.selectFrom("tasks");
  return (
    columns ? from.select(columns.map((column) => `tasks.${column}` as const)) : from.selectAll("tasks")
  ) as SelectQueryBuilder<Database, "tasks", TasksTable>;
}

// Every request about a task reads it first: compiled once (db/prepared.ts).
const taskByGid = prepared(["gid"], (db, params: { gid: number }) =>
  db.selectFrom("tasks").selectAll().where("gid", "=", params.gid),
);

export async function loadTask(db: Reader, gid: number): Promise<TasksTable | undefined> {
  return taskByGid.first(db, { gid });
}

const asTime = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : new Date(value).toISOString();

// The completed_since / modified_since filters as times (or "now": incomplete tasks only).
interface FilterTimes {
  completed?: "now" | string;
  modified?: string;
}

function filterTimes(filter: TaskListFilter): FilterTimes {
  const { completedSince, modifiedSince } = filter;
  return {
    completed: completedSince === undefined || completedSince === "now" ? completedSince : asTime(completedSince),
    modified: modifiedSince === undefined ? undefined : asTime(modifiedSince),
  };
}

// The filters, on any query over tasks (joined with other tables or not).
function filteredBy<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  times: FilterTimes,
): SelectQueryBuilder<DB, TB, O> {
  const { completed, modified } = times;
  const tasks = query as unknown as SelectQueryBuilder<Database, "tasks", O>;
  return tasks
    .$if(completed === "now", (q) => q.where("tasks.completed", "=", 0))
    .$if(completed !== undefined && completed !== "now", (q) =>
      q.where((eb) => eb.or([eb("tasks.completed", "=", 0), eb("tasks.completed_at", ">=", completed ?? "")])),
    )
    .$if(modified !== undefined, (q) =>
      q.where("tasks.modified_at", ">=", modified ?? ""),
    ) as unknown as SelectQueryBuilder<DB, TB, O>;
}

function filtered<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  filter: TaskListFilter,
): SelectQueryBuilder<DB, TB, O> {
  return filteredBy(query, filterTimes(filter));
}

// A list's statement depends on the columns the request's fields need and on which filters it has: one prepared
// query per such shape (db/prepared.ts), the filters' times and the window passed as values.
interface ListParams {
  actorGid: number;
  ownerGid: number;
  completedAt: string;
  modifiedAt: string;
  limit: number;
  offset: number;
}
const LIST_PARAMS = ["actorGid", "ownerGid", "completedAt", "modifiedAt", "limit", "offset"] as const;

function shapeOf(filter: TaskListFilter, window: Window): string {
  const completed = filter.completedSince === undefined ? "" : filter.completedSince === "now" ? "now" : "since";
  return `${completed}|${filter.modifiedSince === undefined ? "" : "modified"}|${window.columns?.join(",") ?? "*"}`;
}

function listParams(actorGid: number, ownerGid: number, filter: TaskListFilter, window: Window): ListParams {
  const times = filterTimes(filter);
  return {
    actorGid,
    ownerGid,
    completedAt: times.completed === "now" ? "" : (times.completed ?? ""),
    modifiedAt: times.modified ?? "",
    limit: window.limit,
    offset: window.offset,
  };
}

// The shape back as what a builder needs: the columns, and the filters with markers where their times go.
function fromShape(shape: string, params: ListParams): { times: FilterTimes; columns?: (keyof TasksTable)[] } {
  const [completed, modified, columns] = shape.split("|");
  return {
    times: {
      completed: completed === "now" ? "now" : completed === "since" ? params.completedAt : undefined,
      modified: modified ? params.modifiedAt : undefined,
    },
    columns: columns === "*" ? undefined : (columns.split(",") as (keyof TasksTable)[]),
  };
}

// Every list starts from the tasks the actor may see, filtered in SQL.
function visibleTasks(db: Db, actorGid: number, filter: TaskListFilter, window: Window) {
  return filtered(tasksFrom(db, window.columns), filter).where(taskIsVisible(db, actorGid));
}

// A project's tasks in board order: by section, then by place in the section, in one statement. The plan
// walks the project's sections in order (sections_project_order) and each section's tasks through
// (section_gid, order_key, task_gid), so a page reads little more than its own rows: the joins are written as
// CROSS JOINs, which SQLite takes in the order written, and the unary + keeps it off the (project_gid, order_key)
// index — with it, SQLite read every task of the project and sorted them all for each page. SQLite keeps the
// walk's order across the join only because each section row is distinct on (order_key, gid) — a UNIQUE index of
// NOT NULL columns (migration 0054); before, it read and sorted every task of the sections a page starts in.
// (PostgreSQL plans a cross join with its conditions like any other join.)
// When the actor sees the project, every task homed in it is visible: no per-row check.
const projectTasks = preparedVariants((shape: string) =>
  prepared(LIST_PARAMS, (db, params: ListParams) => {
    const { times, columns } = fromShape(shape, params);
    const projectGid = params.ownerGid;
    const joined = db
      .selectFrom("sections as s")
      .crossJoin("task_memberships as tm")
      .crossJoin("tasks")
      .whereRef("tm.section_gid", "=", "s.gid")
      .whereRef("tasks.gid", "=", "tm.task_gid")
      .where("s.project_gid", "=", projectGid)
      .where(sql<number>`+${sql.ref("tm.project_gid")}`, "=", projectGid);
    const selected = (
      columns ? joined.select(columns.map((column) => `tasks.${column}` as const)) : joined.selectAll("tasks")
    ) as ReturnType<typeof joined.selectAll<"tasks">>;
    return filteredBy(selected, times)
      .where((eb) =>
        eb.or([projectVisible(db, params.actorGid, projectGid)(eb), taskIsVisible(db, params.actorGid)(eb)]),
      )
      .orderBy("s.order_key")
      .orderBy("s.gid")
      .orderBy("tm.order_key")
      .orderBy("tm.task_gid")
      .limit(params.limit)
      .offset(params.offset) as unknown as SelectQueryBuilder<Database, "tasks", TasksTable>;
  }),
);

export async function listProjectTasks(
  db: Db,
  actorGid: number,
  projectGid: number,
  filter: TaskListFilter,
  window: Window,
): Promise<TasksTable[]> {
  return projectTasks(shapeOf(filter, window)).all(db, listParams(actorGid, projectGid, filter, window));
}

const sectionTasks = preparedVariants((shape: string) =>
  prepared(LIST_PARAMS, (db, params: ListParams) => {
    const { times, columns } = fromShape(shape, params);
    const sectionGid = params.ownerGid;
    return filteredBy(tasksFrom(db, columns), times)
      .innerJoin("task_memberships as tm", "tm.task_gid", "tasks.gid")
      .where("tm.section_gid", "=", sectionGid)
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom("sections as vs")
              .select("vs.gid")
              .where("vs.gid", "=", sectionGid)
              .where((inner) => projectVisible(db, params.actorGid, inner.ref("vs.project_gid"))(inner)),
          ),
          taskIsVisible(db, params.actorGid)(eb),
        ]),
      )
      .orderBy("tm.order_key")
      .orderBy("tm.task_gid")
      .limit(params.limit)
      .offset(params.offset);
  }),
);

export async function listSectionTasks(
  db: Db,
  actorGid: number,
  sectionGid: number,
  filter: TaskListFilter,
  window: Window,
): Promise<TasksTable[]> {
  return sectionTasks(shapeOf(filter, window)).all(db, listParams(actorGid, sectionGid, filter, window));
}

export function listAssignedTasks(
  db: Db,
  actorGid: number,
  assigneeGid: number,
  workspaceGid: number,
  filter: TaskListFilter,
  window: Window,
) {
  return visibleTasks(db, actorGid, filter, window)
    .where("tasks.assignee_gid", "=", assigneeGid)
    .where("tasks.workspace_gid", "=", workspaceGid)
    .orderBy("tasks.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

export function listSubtasks(db: Db, actorGid: number, parentGid: number, filter: TaskListFilter, window: Window) {
  return visibleTasks(db, actorGid, filter, window)
    .where("tasks.parent_gid", "=", parentGid)
    .orderBy("tasks.subtask_order_key")
    .orderBy("tasks.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

// dependencies: the tasks this one waits on; dependents: the tasks waiting on this one.
export function listLinkedTasks(
  db: Db,
  actorGid: number,
  taskGid: number,
  direction: "dependencies" | "dependents",
  window: Window,
) {
  const [own, other] =
    direction === "dependencies"
      ? (["task_gid", "depends_on_gid"] as const)
      : (["depends_on_gid", "task_gid"] as const);
  return visibleTasks(db, actorGid, {}, window)
    .innerJoin("task_dependencies as td", `td.${other}`, "tasks.gid")
    .where(`td.${own}`, "=", taskGid)
    .orderBy("tasks.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

// The task and all its descendants, level by level (a query per level, not per task).
export async function subtreeGids(db: Reader, rootGid: number): Promise<number[]> {
  const all = [rootGid];
  let level = [rootGid];
  while (level.length) {
    const children = await db.selectFrom("tasks").select("gid").where("parent_gid", "in", level).execute();
    level = children.map((child) => child.gid);
    all.push(...level);
  }
  return all;
}

// Whether `target` is reachable from `start` by following "depends on" edges.
export async function dependsTransitively(db: Reader, start: number, target: number): Promise<boolean> {
  const seen = new Set([start]);
  let frontier = [start];
  while (frontier.length) {
    const next = await db
      .selectFrom("task_dependencies")
      .select("depends_on_gid")
      .where("task_gid", "in", frontier)
      .execute();
    frontier = [];
    for (const edge of next) {
      if (edge.depends_on_gid === target) return true;
      if (!seen.has(edge.depends_on_gid)) {
        seen.add(edge.depends_on_gid);
        frontier.push(edge.depends_on_gid);
      }
    }
  }
  return false;
}

// Whether `ancestor` is `task` itself or above it in the subtask tree.
export async function isAncestorOrSelf(db: Reader, ancestorGid: number, task: TasksTable): Promise<boolean> {
  let cursor: Pick<TasksTable, "gid" | "parent_gid"> | undefined = task;
  const seen = new Set<number>();
  while (cursor && !seen.has(cursor.gid)) {
    if (cursor.gid === ancestorGid) return true;
    seen.add(cursor.gid);
    if (cursor.parent_gid === null) return false;
    cursor = await db
      .selectFrom("tasks")
      .select(["gid", "parent_gid"])
      .where("gid", "=", cursor.parent_gid)
      .executeTakeFirst();
  }
  return false;
}
