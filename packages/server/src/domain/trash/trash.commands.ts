import { sql } from "kysely";
import type { Database, TasksTable } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import type { Tx } from "../context.ts";
import { taskEvent } from "../tasks/task.commands.ts";

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

// Called by the task delete, inside its transaction, before the rows go.
export async function keepInTrash(tx: Tx, task: TasksTable, gids: number[], projectGid: number | null) {
  if (!tx.actor) return;
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
  await tx.trx.deleteFrom("trash_items").where("resource_gid", "=", task.gid).execute();
  await tx.trx
    .insertInto("trash_items")
    .values({
      gid: newGid(),
      workspace_gid: task.workspace_gid,
      resource_type: "task",
      resource_gid: task.gid,
      name: task.name,
      project_gid: projectGid,
      deleted_by_gid: tx.actor.gid,
      deleted_at: tx.now,
      payload: JSON.stringify({ tasks, rows } satisfies Snapshot),
    })
    .execute();
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

// Puts the task back as it was, leaving out what no longer exists (a deleted section, tag, field or sprint).
export async function restoreFromTrash(tx: Tx, item: Database["trash_items"]) {
  const age = Date.parse(tx.now) - Date.parse(item.deleted_at);
  if (age > TRASH_DAYS * 86_400_000) throw notFound("trash_item");
  const taken = await tx.trx.selectFrom("tasks").select("gid").where("gid", "=", item.resource_gid).executeTakeFirst();
  if (taken) throw badRequest("task: it is not in the trash any more");
  const snapshot = JSON.parse(item.payload) as Snapshot;
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
  for (const entry of snapshot.rows) {
    const rows = entry.rows.filter((row) => keep(entry.table, row));
    for (let start = 0; start < rows.length; start += 200) {
      await tx.trx
        .insertInto(entry.table)
        .values(rows.slice(start, start + 200) as never)
        .execute();
    }
  }
  await tx.trx.deleteFrom("trash_items").where("gid", "=", item.gid).execute();
  for (const row of snapshot.tasks) {
    const task = row as unknown as TasksTable;
    const parent = task.parent_gid
      ? { parent_type: "task", parent_gid: task.parent_gid }
      : item.project_gid
        ? { parent_type: "project", parent_gid: item.project_gid }
        : { parent_type: "workspace", parent_gid: task.workspace_gid };
    await tx.emit(taskEvent(task, { action: "undeleted", ...parent }));
  }
}
