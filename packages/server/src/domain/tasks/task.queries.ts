import type { Kysely, SelectQueryBuilder, Transaction } from "kysely";
import type { Db } from "../../db/index.ts";
import type { Database, TasksTable } from "../../db/schema.ts";
import { visibleProjectGids } from "../projects/project.policy.ts";
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
}

export async function loadTask(db: Reader, gid: number): Promise<TasksTable | undefined> {
  return db.selectFrom("tasks").selectAll().where("gid", "=", gid).executeTakeFirst();
}

const asTime = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : new Date(value).toISOString();

// The completed_since / modified_since filters, on any query over tasks.
function filtered<O>(
  query: SelectQueryBuilder<Database, "tasks", O>,
  filter: TaskListFilter,
): SelectQueryBuilder<Database, "tasks", O> {
  const { completedSince, modifiedSince } = filter;
  return query
    .$if(completedSince === "now", (q) => q.where("tasks.completed", "=", 0))
    .$if(completedSince !== undefined && completedSince !== "now", (q) =>
      q.where((eb) =>
        eb.or([eb("tasks.completed", "=", 0), eb("tasks.completed_at", ">=", asTime(completedSince ?? ""))]),
      ),
    )
    .$if(modifiedSince !== undefined, (q) => q.where("tasks.modified_at", ">=", asTime(modifiedSince ?? "")));
}

// Every list starts from the tasks the actor may see, filtered in SQL.
function visibleTasks(db: Db, actorGid: number, filter: TaskListFilter) {
  return filtered(db.selectFrom("tasks").selectAll("tasks"), filter).where(taskIsVisible(db, actorGid));
}

// Whether every task homed in the project is visible to the actor: taskIsVisible holds for a task with a
// membership in a project the actor sees, so one check per project replaces the per-row predicate.
async function projectVisibleTo(db: Db, actorGid: number, projectGid: number): Promise<boolean> {
  const found = await db
    .selectFrom("projects")
    .select("projects.gid")
    .where("projects.gid", "=", projectGid)
    .where("projects.gid", "in", visibleProjectGids(db, actorGid))
    .executeTakeFirst();
  return found !== undefined;
}

// One section's tasks in board order. Driven by the (section_gid, order_key, task_gid) index: a page reads
// only its own rows. `trusted`: the actor sees the section's project, so no per-row visibility check.
function sectionTasks(db: Db, actorGid: number, sectionGid: number, filter: TaskListFilter, trusted: boolean) {
  return filtered(db.selectFrom("tasks").selectAll("tasks"), filter)
    .$if(!trusted, (query) => query.where(taskIsVisible(db, actorGid)))
    .innerJoin("task_memberships as tm", "tm.task_gid", "tasks.gid")
    .where("tm.section_gid", "=", sectionGid)
    .orderBy("tm.order_key")
    .orderBy("tm.task_gid");
}

// A project's tasks in board order: by section, then by place in the section. Section by section, each
// through its index, instead of sorting every membership of the project before the window; with an offset,
// whole sections before the window are skipped by counting their (filtered) tasks.
export async function listProjectTasks(
  db: Db,
  actorGid: number,
  projectGid: number,
  filter: TaskListFilter,
  window: Window,
): Promise<TasksTable[]> {
  const trusted = await projectVisibleTo(db, actorGid, projectGid);
  const sections = await db
    .selectFrom("sections")
    .select("gid")
    .where("project_gid", "=", projectGid)
    .orderBy("order_key")
    .orderBy("gid")
    .execute();
  let skip = window.offset;
  const counts = new Map<number, number>();
  if (skip > 0) {
    const counted = await filtered(db.selectFrom("tasks"), filter)
      .$if(!trusted, (query) => query.where(taskIsVisible(db, actorGid)))
      .innerJoin("task_memberships as tm", "tm.task_gid", "tasks.gid")
      .select((eb) => ["tm.section_gid", eb.fn.countAll().as("count")])
      .where("tm.project_gid", "=", projectGid)
      .groupBy("tm.section_gid")
      .execute();
    for (const row of counted) counts.set(row.section_gid, Number(row.count));
  }
  const rows: TasksTable[] = [];
  for (const section of sections) {
    if (rows.length >= window.limit) break;
    const count = counts.get(section.gid) ?? 0;
    if (skip > 0 && count <= skip) {
      skip -= count;
      continue;
    }
    const page = await sectionTasks(db, actorGid, section.gid, filter, trusted)
      .where("tm.project_gid", "=", projectGid)
      .limit(window.limit - rows.length)
      .offset(skip)
      .execute();
    skip = 0;
    rows.push(...page);
  }
  return rows;
}

export async function listSectionTasks(
  db: Db,
  actorGid: number,
  sectionGid: number,
  filter: TaskListFilter,
  window: Window,
): Promise<TasksTable[]> {
  const section = await db
    .selectFrom("sections")
    .select("project_gid")
    .where("gid", "=", sectionGid)
    .executeTakeFirst();
  const trusted = section !== undefined && (await projectVisibleTo(db, actorGid, section.project_gid));
  return sectionTasks(db, actorGid, sectionGid, filter, trusted).limit(window.limit).offset(window.offset).execute();
}

export function listAssignedTasks(
  db: Db,
  actorGid: number,
  assigneeGid: number,
  workspaceGid: number,
  filter: TaskListFilter,
  window: Window,
) {
  return visibleTasks(db, actorGid, filter)
    .where("tasks.assignee_gid", "=", assigneeGid)
    .where("tasks.workspace_gid", "=", workspaceGid)
    .orderBy("tasks.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

export function listSubtasks(db: Db, actorGid: number, parentGid: number, filter: TaskListFilter, window: Window) {
  return visibleTasks(db, actorGid, filter)
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
  return visibleTasks(db, actorGid, {})
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
