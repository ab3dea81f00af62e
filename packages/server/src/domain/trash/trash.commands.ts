import { sql } from "kysely";
import type { Database, ProjectsTable, TasksTable } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import type { Tx } from "../context.ts";
import { taskEvent } from "../tasks/task.commands.ts";
import { subtreeGids } from "../tasks/task.queries.ts";

// How long a deleted task waits in the trash.
export const TRASH_DAYS = 30;

type Row = Record<string, unknown>;
type Table = keyof Database;

// The rows that hang off a task, by the column naming it; kept with the task and put back in this order.
const TASK_ROWS: [Table, string][] = [
  ["task_memberships", "task_gid"],
  ["task_followers", "task_gid"],
  ["task_dependencies", "task_gid"],
  ["task_dependencies", "depends_on_gid"],
  ["stories", "task_gid"],
  ["attachments", "parent_gid"],
  ["task_custom_field_values", "task_gid"],
  ["task_tags", "task_gid"],
  ["task_recurrences", "task_gid"],
  ["task_approvals", "task_gid"],
  ["time_tracking_entries", "task_gid"],
];
const STORY_ROWS: Table[] = ["story_likes", "story_edits"];

interface Snapshot {
  tasks: Row[];
  rows: { table: Table; rows: Row[] }[];
}

async function rowsWhere(tx: Tx, table: Table, column: string, gids: number[]): Promise<Row[]> {
  if (gids.length === 0) return [];
  return (await tx.trx.selectFrom(table).selectAll().where(sql.ref<number>(column), "in", gids).execute()) as Row[];
}

async function snapshotTasks(tx: Tx, gids: number[]): Promise<Snapshot> {
  const tasks = await rowsWhere(tx, "tasks", "gid", gids);
  const rows: Snapshot["rows"] = [];
  const seen = new Set<string>();
  for (const [table, column] of TASK_ROWS) {
    const found = (await rowsWhere(tx, table, column, gids)).filter((row) => {
      const key = `${table}:${JSON.stringify(row)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    rows.push({ table, rows: found });
  }
  const storyGids = (rows.find((entry) => entry.table === "stories")?.rows ?? []).map((row) => Number(row.gid));
  for (const table of STORY_ROWS) rows.push({ table, rows: await rowsWhere(tx, table, "story_gid", storyGids) });
  return { tasks, rows };
}

async function putInTrash(
  tx: Tx & { actor: NonNullable<Tx["actor"]> },
  item: { workspaceGid: number; type: "task" | "project"; gid: number; name: string; projectGid: number | null },
  payload: unknown,
) {
  await tx.trx.deleteFrom("trash_items").where("resource_gid", "=", item.gid).execute();
  await tx.trx
    .insertInto("trash_items")
    .values({
      gid: newGid(),
      workspace_gid: item.workspaceGid,
      resource_type: item.type,
      resource_gid: item.gid,
      name: item.name,
      project_gid: item.projectGid,
      deleted_by_gid: tx.actor.gid,
      deleted_at: tx.now,
      payload: JSON.stringify(payload),
    })
    .execute();
}

// Called by the task delete, inside its transaction, before the rows go.
export async function keepInTrash(tx: Tx, task: TasksTable, gids: number[], projectGid: number | null) {
  if (!tx.actor) return;
  const snapshot = await snapshotTasks(tx, gids);
  await putInTrash(
    tx as Tx & { actor: NonNullable<Tx["actor"]> },
    { workspaceGid: task.workspace_gid, type: "task", gid: task.gid, name: task.name, projectGid },
    snapshot,
  );
}

// The rows that hang off a project, by the column naming it, in the order they go back (parents first). What
// only points at a project (portfolio items, favorites) stays where it is and finds the project again.
const PROJECT_ROWS: [Table, string][] = [
  ["sections", "project_gid"],
  ["sprints", "project_gid"],
  ["custom_fields", "project_gid"],
  ["project_memberships", "project_gid"],
  ["invitations", "project_gid"],
  ["custom_field_settings", "project_gid"],
  ["task_templates", "project_gid"],
  ["rules", "project_gid"],
  ["status_updates", "parent_gid"],
  ["forms", "project_gid"],
  ["project_briefs", "project_gid"],
  ["access_requests", "project_gid"],
  ["rates", "project_gid"],
  ["budgets", "project_gid"],
  ["allocations", "project_gid"],
  ["project_stage_changes", "project_gid"],
];

interface ProjectSnapshot {
  project: Row;
  rows: { table: Table; rows: Row[] }[];
  // Memberships of tasks that live on in other projects.
  memberships: Row[];
  tasks: Snapshot;
}

// Called by the project delete, inside its transaction, before the rows go: the project with its sections,
// members, fields, settings and the tasks that lived only in it.
export async function keepProjectInTrash(tx: Tx, project: ProjectsTable, taskGids: number[]) {
  if (!tx.actor) return;
  const projectRow = (await rowsWhere(tx, "projects", "gid", [project.gid]))[0];
  const rows: ProjectSnapshot["rows"] = [];
  for (const [table, column] of PROJECT_ROWS)
    rows.push({ table, rows: await rowsWhere(tx, table, column, [project.gid]) });
  const fieldGids = (rows.find((entry) => entry.table === "custom_fields")?.rows ?? []).map((row) => Number(row.gid));
  rows.splice(3, 0, {
    table: "custom_field_enum_options",
    rows: await rowsWhere(tx, "custom_field_enum_options", "custom_field_gid", fieldGids),
  });
  const sectionGids = (rows.find((entry) => entry.table === "sections")?.rows ?? []).map((row) => Number(row.gid));
  rows.push({ table: "section_templates", rows: await rowsWhere(tx, "section_templates", "section_gid", sectionGids) });
  const subtrees: number[] = [];
  for (const gid of taskGids) subtrees.push(...(await subtreeGids(tx.trx, gid)));
  const tasks = await snapshotTasks(tx, subtrees);
  const here = new Set(subtrees);
  const memberships = (await rowsWhere(tx, "task_memberships", "project_gid", [project.gid])).filter(
    (row) => !here.has(Number(row.task_gid)),
  );
  await putInTrash(
    tx as Tx & { actor: NonNullable<Tx["actor"]> },
    { workspaceGid: project.workspace_gid, type: "project", gid: project.gid, name: project.name, projectGid: null },
    { project: projectRow, rows, memberships, tasks } satisfies ProjectSnapshot,
  );
}

async function existing(tx: Tx, table: Table, gids: unknown[]): Promise<Set<number>> {
  const wanted = [...new Set(gids.filter((gid) => gid !== null && gid !== undefined).map(Number))];
  if (wanted.length === 0) return new Set();
  const found = (await tx.trx
    .selectFrom(table)
    .select(sql.ref<number>("gid").as("gid"))
    .where(sql.ref<number>("gid"), "in", wanted)
    .execute()) as {
    gid: number;
  }[];
  return new Set(found.map((row) => Number(row.gid)));
}

// Puts the task (or project) back as it was, leaving out what no longer exists (a deleted section, tag, field or
// sprint).
export async function restoreFromTrash(tx: Tx, item: Database["trash_items"]) {
  const age = Date.parse(tx.now) - Date.parse(item.deleted_at);
  if (age > TRASH_DAYS * 86_400_000) throw notFound("trash_item");
  if (item.resource_type === "project") return restoreProject(tx, item);
  const taken = await tx.trx.selectFrom("tasks").select("gid").where("gid", "=", item.resource_gid).executeTakeFirst();
  if (taken) throw badRequest("task: it is not in the trash any more");
  await restoreTasks(tx, JSON.parse(item.payload) as Snapshot, item.project_gid);
  await tx.trx.deleteFrom("trash_items").where("gid", "=", item.gid).execute();
}

async function restoreProject(tx: Tx, item: Database["trash_items"]) {
  const taken = await tx.trx
    .selectFrom("projects")
    .select("gid")
    .where("gid", "=", item.resource_gid)
    .executeTakeFirst();
  if (taken) throw badRequest("project: it is not in the trash any more");
  const snapshot = JSON.parse(item.payload) as ProjectSnapshot;
  const project = snapshot.project as unknown as ProjectsTable;
  const team = project.team_gid ? await existing(tx, "teams", [project.team_gid]) : new Set<number>();
  await tx.trx
    .insertInto("projects")
    .values({
      ...snapshot.project,
      team_gid: project.team_gid && team.has(Number(project.team_gid)) ? project.team_gid : null,
    } as never)
    .execute();
  const globalFields = await existing(
    tx,
    "custom_fields",
    snapshot.rows
      .filter((entry) => entry.table === "custom_field_settings")
      .flatMap((entry) => entry.rows.map((row) => row.custom_field_gid)),
  );
  const users = await existing(
    tx,
    "users",
    snapshot.rows
      .filter((entry) => entry.table === "project_memberships")
      .flatMap((entry) => entry.rows.map((row) => row.user_gid)),
  );
  for (const entry of snapshot.rows) {
    let rows = entry.rows;
    if (entry.table === "project_memberships") rows = rows.filter((row) => users.has(Number(row.user_gid)));
    if (entry.table === "custom_field_settings") {
      // Project-local fields were put back just before; a workspace field may have gone since.
      const local = new Set(
        (snapshot.rows.find((other) => other.table === "custom_fields")?.rows ?? []).map((row) => Number(row.gid)),
      );
      rows = rows.filter(
        (row) => local.has(Number(row.custom_field_gid)) || globalFields.has(Number(row.custom_field_gid)),
      );
    }
    await insertRows(tx, entry.table, rows);
  }
  await restoreTasks(tx, snapshot.tasks, project.gid);
  const others = await existing(
    tx,
    "tasks",
    snapshot.memberships.map((row) => row.task_gid),
  );
  await insertRows(
    tx,
    "task_memberships",
    snapshot.memberships.filter((row) => others.has(Number(row.task_gid))),
  );
  await tx.trx.deleteFrom("trash_items").where("gid", "=", item.gid).execute();
  await tx.emit({
    workspace_gid: project.workspace_gid,
    resource_type: "project",
    resource_gid: project.gid,
    parent_type: project.team_gid ? "team" : "workspace",
    parent_gid: project.team_gid ?? project.workspace_gid,
    action: "undeleted",
  });
}

async function insertRows(tx: Tx, table: Table, rows: Row[]) {
  for (let start = 0; start < rows.length; start += 200) {
    await tx.trx
      .insertInto(table)
      .values(rows.slice(start, start + 200) as never)
      .execute();
  }
}

async function restoreTasks(tx: Tx, snapshot: Snapshot, projectGid: number | null) {
  const sprints = await existing(
    tx,
    "sprints",
    snapshot.tasks.map((row) => row.sprint_gid),
  );
  // Parents before their subtasks.
  const pending = [...snapshot.tasks];
  const placed = new Set<number>();
  while (pending.length > 0) {
    const index = pending.findIndex((row) => row.parent_gid === null || placed.has(Number(row.parent_gid)));
    const [row] = pending.splice(index === -1 ? 0 : index, 1);
    const values = {
      ...row,
      sprint_gid: row.sprint_gid && sprints.has(Number(row.sprint_gid)) ? row.sprint_gid : null,
    };
    if (!("sprint_gid" in row)) delete (values as Row).sprint_gid;
    await tx.trx
      .insertInto("tasks")
      .values(values as never)
      .execute();
    placed.add(Number(row.gid));
  }
  const sections = await existing(
    tx,
    "sections",
    snapshot.rows
      .filter((entry) => entry.table === "task_memberships")
      .flatMap((entry) => entry.rows.map((row) => row.section_gid)),
  );
  const all = snapshot.rows.flatMap((entry) => entry.rows.map((row) => ({ table: entry.table, row })));
  const tasksNow = await existing(
    tx,
    "tasks",
    all.filter(({ table }) => table === "task_dependencies").flatMap(({ row }) => [row.task_gid, row.depends_on_gid]),
  );
  const tags = await existing(
    tx,
    "tags",
    all.filter(({ table }) => table === "task_tags").map(({ row }) => row.tag_gid),
  );
  const fields = await existing(
    tx,
    "custom_fields",
    all.filter(({ table }) => table === "task_custom_field_values").map(({ row }) => row.custom_field_gid),
  );
  const keep = (table: Table, row: Row) => {
    if (table === "task_memberships") return sections.has(Number(row.section_gid));
    if (table === "task_dependencies")
      return tasksNow.has(Number(row.task_gid)) && tasksNow.has(Number(row.depends_on_gid));
    if (table === "task_tags") return tags.has(Number(row.tag_gid));
    if (table === "task_custom_field_values") return fields.has(Number(row.custom_field_gid));
    return true;
  };
  for (const entry of snapshot.rows)
    await insertRows(
      tx,
      entry.table,
      entry.rows.filter((row) => keep(entry.table, row)),
    );
  for (const row of snapshot.tasks) {
    const task = row as unknown as TasksTable;
    const parent = task.parent_gid
      ? { parent_type: "task", parent_gid: task.parent_gid }
      : projectGid
        ? { parent_type: "project", parent_gid: projectGid }
        : { parent_type: "workspace", parent_gid: task.workspace_gid };
    await tx.emit(taskEvent(task, { action: "undeleted", ...parent }));
  }
}
