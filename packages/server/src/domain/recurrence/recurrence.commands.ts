import type { Kysely } from "kysely";
import type { Database, TaskRecurrencesTable, TasksTable } from "../../db/schema.ts";
import type { Takt } from "../../takt.ts";
import { type Actor, type Ctx, type Tx, transact } from "../context.ts";
import { insertTask, taskEvent } from "../tasks/task.commands.ts";
import { loadTask } from "../tasks/task.queries.ts";
import { insertSubtaskTrees, memberOrNull, readSubtaskTrees } from "../templates/template.tree.ts";
import { addDays, nextDueOn, type Recurrence } from "./recurrence.rules.ts";

export function recurrenceOfRow(row: Pick<TaskRecurrencesTable, "rrule" | "after_completion_days">): Recurrence {
  return row.rrule !== null ? { rrule: row.rrule } : { every_n_days_after_completion: row.after_completion_days ?? 1 };
}

async function writeRecurrence(tx: Tx, taskGid: number, recurrence: Recurrence | null) {
  await tx.trx.deleteFrom("task_recurrences").where("task_gid", "=", taskGid).execute();
  if (!recurrence) return;
  await tx.trx
    .insertInto("task_recurrences")
    .values({
      task_gid: taskGid,
      rrule: "rrule" in recurrence ? recurrence.rrule : null,
      after_completion_days: "rrule" in recurrence ? null : recurrence.every_n_days_after_completion,
      created_at: tx.now,
    })
    .execute();
}

// Sets or clears a task's recurrence; the change is an event like any field's.
export async function setRecurrence(ctx: Ctx, task: TasksTable, recurrence: Recurrence | null): Promise<void> {
  await transact(ctx, async (tx) => {
    const current = await tx.trx
      .selectFrom("task_recurrences")
      .selectAll()
      .where("task_gid", "=", task.gid)
      .executeTakeFirst();
    const before = current ? recurrenceOfRow(current) : null;
    if (JSON.stringify(before) === JSON.stringify(recurrence)) return;
    await writeRecurrence(tx, task.gid, recurrence);
    await tx.trx.updateTable("tasks").set({ modified_at: tx.now }).where("gid", "=", task.gid).execute();
    await tx.emit(
      taskEvent(task, { action: "changed", change: { field: "recurrence", action: "changed", new_value: recurrence } }),
    );
  });
}

async function actorFor(db: Kysely<Database>, gid: number | null): Promise<Actor | null> {
  if (!gid) return null;
  const user = await db
    .selectFrom("users")
    .select(["gid", "name", "email", "language"])
    .where("gid", "=", gid)
    .executeTakeFirst();
  return user ?? null;
}

// Completing a recurring task creates its next occurrence, once: the mark for (task, occurrence) is a unique key
// written in the same transaction as the new task, so a second run (another node, a retry) writes nothing.
export async function spawnNextOccurrence(takt: Takt, taskGid: number): Promise<number | null> {
  const task = await loadTask(takt.db, taskGid);
  if (task?.completed !== 1) return null;
  const row = await takt.db
    .selectFrom("task_recurrences")
    .selectAll()
    .where("task_gid", "=", task.gid)
    .executeTakeFirst();
  if (!row) return null;
  const actor = (await actorFor(takt.db, task.completed_by_gid)) ?? (await actorFor(takt.db, task.created_by_gid));
  if (!actor) return null;
  const recurrence = recurrenceOfRow(row);
  const dueOn = nextDueOn(recurrence, task.due_on, task.completed_at ?? new Date().toISOString());
  if (!dueOn) return null; // The series has ended (COUNT or UNTIL).
  const key = `recurrence:${task.gid}:${task.due_on ?? "none"}`;
  return transact({ db: takt.db, bus: takt.bus, actor }, async (tx) => {
    const mark = await tx.trx
      .insertInto("automation_marks")
      .values({ key, result_gid: null, created_at: tx.now })
      .onConflict((conflict) => conflict.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    if (!mark) return null;
    const shift = task.due_on ? Math.round((Date.parse(dueOn) - Date.parse(task.due_on)) / 86_400_000) : 0;
    const memberships = await tx.trx
      .selectFrom("task_memberships")
      .select(["project_gid", "section_gid", "order_key"])
      .where("task_gid", "=", task.gid)
      .orderBy("created_at")
      .execute();
    const followers = await tx.trx
      .selectFrom("task_followers")
      .select("user_gid")
      .where("task_gid", "=", task.gid)
      .execute();
    const parent = task.parent_gid ? await loadTask(tx.trx, task.parent_gid) : null;
    const next = await insertTask(tx, actor, {
      workspaceGid: task.workspace_gid,
      fields: {
        name: task.name,
        notes: task.notes,
        html_notes: task.html_notes,
        resource_subtype: task.resource_subtype,
        assignee_gid: await memberOrNull(tx, task.workspace_gid, task.assignee_gid),
        due_on: dueOn,
        due_at: task.due_at ? `${dueOn}${task.due_at.slice(10)}` : null,
        start_on: task.start_on && task.due_on ? addDays(task.start_on, shift) : null,
        completed: 0,
      },
      parent: parent ?? null,
      parentSlot: parent && task.subtask_order_key ? { after: task.subtask_order_key } : undefined,
      placements: memberships.map((membership) => ({
        projectGid: membership.project_gid,
        sectionGid: membership.section_gid,
        slot: { after: membership.order_key },
      })),
      followerGids: followers.map((follower) => follower.user_gid),
    });
    await insertSubtaskTrees(tx, actor, next, await readSubtaskTrees(tx.trx, task.gid));
    await writeRecurrence(tx, next.gid, recurrence);
    await tx.trx.updateTable("automation_marks").set({ result_gid: next.gid }).where("key", "=", key).execute();
    return next.gid;
  });
}
