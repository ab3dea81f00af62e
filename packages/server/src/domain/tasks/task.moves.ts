import { prepared } from "../../db/prepared.ts";
import type { TasksTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { transact } from "../context.ts";
import { assignCustomIds } from "../custom-fields/custom-id.ts";
import { insertMembership, type TaskCtx, taskEvent, taskRef, touch, updateTask } from "./task.commands.ts";
import { edgeSection, type Slot, sectionKey, subtaskKey } from "./task.placement.ts";
import { isAncestorOrSelf, loadTask, subtreeGids } from "./task.queries.ts";

// Anchors are task gids; null means "the start" (insert_after) or "the end" (insert_before), as in Asana.
export interface Anchors {
  insert_before?: number | null;
  insert_after?: number | null;
}

export function checkAnchors(anchors: Anchors, taskGid: number) {
  if (anchors.insert_before != null && anchors.insert_after != null) {
    throw badRequest("insert_after: cannot be given together with insert_before");
  }
  for (const field of ["insert_before", "insert_after"] as const) {
    if (anchors[field] === taskGid) throw badRequest(`${field}: a task cannot be placed next to itself`);
  }
}

// Makes the task a subtask of `parent` (or a top-level task when null); its whole subtree follows.
export async function setParent(
  ctx: TaskCtx,
  task: TasksTable,
  parent: TasksTable | null,
  anchors: Anchors,
): Promise<TasksTable> {
  checkAnchors(anchors, task.gid);
  if (parent && (await isAncestorOrSelf(ctx.db, task.gid, parent))) {
    throw badRequest("parent: a task cannot become a subtask of itself or of one of its own subtasks");
  }
  if (!parent && (anchors.insert_before != null || anchors.insert_after != null)) {
    throw badRequest("insert_before: can only be used together with a parent");
  }
  return transact(ctx, async (tx) => {
    let orderKey: string | null = null;
    if (parent) {
      let slot: Slot = anchors.insert_after === null ? { at: "start" } : { at: "end" };
      for (const field of ["insert_before", "insert_after"] as const) {
        const anchorGid = anchors[field];
        if (anchorGid == null) continue;
        const anchor = await tx.trx
          .selectFrom("tasks")
          .select("subtask_order_key")
          .where("gid", "=", anchorGid)
          .where("parent_gid", "=", parent.gid)
          .executeTakeFirst();
        if (!anchor?.subtask_order_key)
          throw badRequest(`${field}: the task ${anchorGid} is not a subtask of the parent`);
        slot = field === "insert_before" ? { before: anchor.subtask_order_key } : { after: anchor.subtask_order_key };
      }
      orderKey = await subtaskKey(tx.trx, parent.gid, task.gid, slot);
    }
    const rootGid = parent ? parent.root_gid : task.gid;
    await tx.trx
      .updateTable("tasks")
      .set({ parent_gid: parent?.gid ?? null, subtask_order_key: orderKey, root_gid: rootGid, modified_at: tx.now })
      .where("gid", "=", task.gid)
      .execute();
    if (rootGid !== task.root_gid) {
      const below = (await subtreeGids(tx.trx, task.gid)).filter((gid) => gid !== task.gid);
      if (below.length)
        await tx.trx.updateTable("tasks").set({ root_gid: rootGid }).where("gid", "in", below).execute();
    }
    const newParentGid = parent?.gid ?? null;
    if (newParentGid !== task.parent_gid) {
      if (task.parent_gid) {
        await tx.emit(taskEvent(task, { action: "removed", parent_type: "task", parent_gid: task.parent_gid }));
      }
      if (parent) await tx.emit(taskEvent(task, { action: "added", parent_type: "task", parent_gid: parent.gid }));
      await tx.emit(
        taskEvent(task, {
          action: "changed",
          change: {
            field: "parent",
            action: "changed",
            new_value: parent ? { ...taskRef(parent.gid), name: parent.name } : null,
            old_value: task.parent_gid ? taskRef(task.parent_gid) : null,
          },
        }),
      );
    }
    return (await loadTask(tx.trx, task.gid))!;
  });
}

export interface ProjectMove extends Anchors {
  projectGid: number;
  // The section to go to; null: decided by the anchor, or the project's first section.
  sectionGid: number | null;
  // Where the task goes in its section when no anchor says otherwise.
  fallback: "start" | "end";
}

// Every move asks and writes these: compiled once (db/prepared.ts).
const placementIn = prepared(["taskGid", "projectGid"], (db, params: { taskGid: number; projectGid: number }) =>
  db
    .selectFrom("task_memberships")
    .select(["section_gid", "order_key"])
    .where("task_gid", "=", params.taskGid)
    .where("project_gid", "=", params.projectGid),
);
const replace = prepared(
  ["taskGid", "projectGid", "sectionGid", "orderKey"],
  (db, params: { taskGid: number; projectGid: number; sectionGid: number; orderKey: string }) =>
    db
      .updateTable("task_memberships")
      .set({ section_gid: params.sectionGid, order_key: params.orderKey })
      .where("task_gid", "=", params.taskGid)
      .where("project_gid", "=", params.projectGid),
);
const completionFlags = prepared(
  ["gids"],
  (db, params: { gids: number[] }) =>
    db.selectFrom("sections").select(["gid", "marks_complete"]).where("gid", "in", params.gids),
  { lists: ["gids"] },
);

// Adds the task to a project, or moves it within the project when it is already there: one row written.
export async function placeInProject(ctx: TaskCtx, task: TasksTable, move: ProjectMove): Promise<void> {
  checkAnchors(move, task.gid);
  const moved = await transact(ctx, async (tx): Promise<{ from: number | null; to: number } | null> => {
    const existing = await placementIn.first(tx.trx, { taskGid: task.gid, projectGid: move.projectGid });
    let sectionGid = move.sectionGid;
    let slot: Slot | null = null;
    for (const field of ["insert_before", "insert_after"] as const) {
      const anchorGid = move[field];
      if (anchorGid == null) continue;
      const anchor = await placementIn.first(tx.trx, { taskGid: anchorGid, projectGid: move.projectGid });
      if (!anchor) throw badRequest(`${field}: the task ${anchorGid} is not in this project`);
      if (sectionGid !== null && anchor.section_gid !== sectionGid) {
        throw badRequest(`${field}: the task ${anchorGid} is not in the given section`);
      }
      sectionGid = anchor.section_gid;
      slot = field === "insert_before" ? { before: anchor.order_key } : { after: anchor.order_key };
    }
    if (!slot) {
      if (sectionGid !== null) {
        slot =
          move.insert_after === null
            ? { at: "start" }
            : move.insert_before === null
              ? { at: "end" }
              : { at: move.fallback };
      } else if (move.insert_after === null) {
        sectionGid = await edgeSection(tx.trx, move.projectGid, "first", tx.now);
        slot = { at: "start" };
      } else if (move.insert_before === null) {
        sectionGid = await edgeSection(tx.trx, move.projectGid, "last", tx.now);
        slot = { at: "end" };
      } else if (existing) {
        return null; // Already in the project and no place asked for: nothing to move.
      } else {
        sectionGid = await edgeSection(tx.trx, move.projectGid, "first", tx.now);
        slot = { at: move.fallback };
      }
    }
    const target = sectionGid!;
    const orderKey = await sectionKey(tx.trx, target, task.gid, slot!);
    if (existing) {
      await replace.run(tx.trx, {
        taskGid: task.gid,
        projectGid: move.projectGid,
        sectionGid: target,
        orderKey,
      });
    } else {
      await insertMembership.run(tx.trx, {
        task_gid: task.gid,
        project_gid: move.projectGid,
        section_gid: target,
        order_key: orderKey,
        created_at: tx.now,
      });
      await tx.emit(taskEvent(task, { action: "added", parent_type: "project", parent_gid: move.projectGid }));
      await assignCustomIds(tx.trx, tx.now, { projectGid: move.projectGid, taskGid: task.gid });
    }
    // Every placement is told, a reorder within the section too, so boards elsewhere can follow it live.
    await tx.emit(taskEvent(task, { action: "added", parent_type: "section", parent_gid: target }));
    await touch(tx, task.gid);
    return { from: existing?.section_gid ?? null, to: target };
  });
  if (moved) await followColumnCompletion(ctx, task.gid, moved.from, moved.to);
}

// A section that means done (sections.marks_complete) completes the tasks moved into it and reopens the tasks moved
// out of it, in the same unit of work as the move: the board's Done column, the checkbox and the points agree.
async function followColumnCompletion(ctx: TaskCtx, taskGid: number, from: number | null, to: number) {
  if (from === to) return;
  const flags = await completionFlags.all(ctx.db, { gids: from === null ? [to] : [from, to] });
  const marks = (gid: number | null) => flags.some((row) => row.gid === gid && row.marks_complete === 1);
  const into = marks(to);
  const outOf = marks(from);
  if (!into && !outOf) return;
  const current = await loadTask(ctx.db, taskGid);
  if (!current) return;
  if (into && current.completed !== 1) await updateTask(ctx, current, { completed: true });
  else if (!into && outOf && current.completed === 1) await updateTask(ctx, current, { completed: false });
}

export async function removeFromProject(ctx: TaskCtx, task: TasksTable, projectGid: number): Promise<void> {
  await transact(ctx, async (tx) => {
    const result = await tx.trx
      .deleteFrom("task_memberships")
      .where("task_gid", "=", task.gid)
      .where("project_gid", "=", projectGid)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return;
    await tx.emit(taskEvent(task, { action: "removed", parent_type: "project", parent_gid: projectGid }));
    await touch(tx, task.gid);
  });
}
