import type { TasksTable } from "../../db/schema.ts";
import type { NewEvent } from "../../events/append.ts";
import { badRequest } from "../../http/errors.ts";
import { newGid } from "../../ids.ts";
import { type Actor, type Ctx, type Tx, transact } from "../context.ts";
import {
  applyTaskFields,
  type ChangedField,
  EMPTY_TASK_FIELDS,
  type TaskFieldInput,
  type TaskFieldState,
} from "./task.fields.ts";
import { edgeSection, type Slot, sectionKey, subtaskKey } from "./task.placement.ts";
import { dependsTransitively, isAncestorOrSelf, loadTask, subtreeGids } from "./task.queries.ts";

export type TaskCtx = Ctx & { actor: Actor };
type TaskRow = Pick<TasksTable, "gid" | "workspace_gid" | "resource_subtype">;

export function taskEvent(task: TaskRow, event: Omit<NewEvent, "workspace_gid" | "resource_type" | "resource_gid">) {
  return {
    workspace_gid: task.workspace_gid,
    resource_type: "task",
    resource_gid: task.gid,
    resource_subtype: task.resource_subtype,
    ...event,
  };
}

const taskRef = (gid: number) => ({ gid: String(gid), resource_type: "task" });
const userRef = (gid: number) => ({ gid: String(gid), resource_type: "user" });

async function touch(tx: Tx, taskGid: number) {
  await tx.trx.updateTable("tasks").set({ modified_at: tx.now }).where("gid", "=", taskGid).execute();
}

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

export interface Placement {
  projectGid: number;
  sectionGid: number | null;
  slot?: Slot;
}

export interface NewTask {
  workspaceGid: number;
  fields: TaskFieldState;
  parent: TasksTable | null;
  parentSlot?: Slot;
  placements: Placement[];
  followerGids: number[];
}

// Writes a task with its memberships and followers, and the events saying where it was added.
export async function insertTask(tx: Tx, actor: Actor, input: NewTask): Promise<TasksTable> {
  const gid = newGid();
  const completed = input.fields.completed === 1;
  const row: TasksTable = {
    gid,
    workspace_gid: input.workspaceGid,
    root_gid: input.parent ? input.parent.root_gid : gid,
    parent_gid: input.parent?.gid ?? null,
    subtask_order_key: input.parent
      ? await subtaskKey(tx.trx, input.parent.gid, gid, input.parentSlot ?? { at: "end" })
      : null,
    ...input.fields,
    completed_at: completed ? tx.now : null,
    completed_by_gid: completed ? actor.gid : null,
    created_by_gid: actor.gid,
    created_at: tx.now,
    modified_at: tx.now,
  };
  await tx.trx.insertInto("tasks").values(row).execute();
  for (const placement of input.placements) {
    const sectionGid = placement.sectionGid ?? (await edgeSection(tx.trx, placement.projectGid, "first", tx.now));
    const orderKey = await sectionKey(tx.trx, sectionGid, gid, placement.slot ?? { at: "end" });
    await tx.trx
      .insertInto("task_memberships")
      .values({
        task_gid: gid,
        project_gid: placement.projectGid,
        section_gid: sectionGid,
        order_key: orderKey,
        created_at: tx.now,
      })
      .execute();
    await tx.emit(taskEvent(row, { action: "added", parent_type: "project", parent_gid: placement.projectGid }));
    await tx.emit(taskEvent(row, { action: "added", parent_type: "section", parent_gid: sectionGid }));
  }
  if (input.parent) {
    await tx.emit(taskEvent(row, { action: "added", parent_type: "task", parent_gid: input.parent.gid }));
  }
  if (!input.parent && input.placements.length === 0) {
    await tx.emit(taskEvent(row, { action: "added", parent_type: "workspace", parent_gid: input.workspaceGid }));
  }
  // Being assigned a new task is news to the assignee (stories, notifications): told like a later assignment.
  if (row.assignee_gid) {
    const fieldValue = await fieldValues(tx);
    const change = {
      field: "assignee",
      action: "changed",
      new_value: await fieldValue(row, "assignee"),
      old_value: null,
    };
    await tx.emit(taskEvent(row, { action: "changed", change }));
  }
  const followers = [...new Set([actor.gid, ...input.followerGids])];
  await tx.trx
    .insertInto("task_followers")
    .values(followers.map((userGid) => ({ task_gid: gid, user_gid: userGid })))
    .execute();
  return row;
}

export async function createTask(
  ctx: TaskCtx,
  input: Omit<NewTask, "fields"> & { fields: TaskFieldInput },
): Promise<TasksTable> {
  const { next } = applyTaskFields(EMPTY_TASK_FIELDS, input.fields);
  return transact(ctx, (tx) => insertTask(tx, ctx.actor, { ...input, fields: next }));
}

// The value a change event carries for a field: plain values, a compact user for the assignee.
async function fieldValues(tx: Tx) {
  return async (state: TaskFieldState, field: ChangedField): Promise<unknown> => {
    if (field === "assignee") {
      if (!state.assignee_gid) return null;
      const user = await tx.trx
        .selectFrom("users")
        .select(["gid", "name"])
        .where("gid", "=", state.assignee_gid)
        .executeTakeFirst();
      return user ? { gid: String(user.gid), resource_type: "user", name: user.name } : null;
    }
    if (field === "completed") return state.completed === 1;
    return state[field];
  };
}

export async function updateTask(ctx: TaskCtx, task: TasksTable, input: TaskFieldInput): Promise<TasksTable> {
  const { next, changed } = applyTaskFields(task, input);
  if (changed.length === 0) return task;
  return transact(ctx, async (tx) => {
    const completion =
      next.completed === task.completed
        ? {}
        : next.completed === 1
          ? { completed_at: tx.now, completed_by_gid: ctx.actor.gid }
          : { completed_at: null, completed_by_gid: null };
    await tx.trx
      .updateTable("tasks")
      .set({ ...next, ...completion, modified_at: tx.now })
      .where("gid", "=", task.gid)
      .execute();
    const fieldValue = await fieldValues(tx);
    const updated = { ...task, resource_subtype: next.resource_subtype };
    for (const field of changed) {
      const change = {
        field,
        action: "changed",
        new_value: await fieldValue(next, field),
        old_value: await fieldValue(task, field),
      };
      await tx.emit(taskEvent(updated, { action: "changed", change }));
    }
    return (await loadTask(tx.trx, task.gid))!;
  });
}

// Deletes the task with all its subtasks; the events are written first, while the rows still exist.
export async function deleteTask(ctx: TaskCtx, task: TasksTable): Promise<void> {
  await transact(ctx, async (tx) => {
    const gids = await subtreeGids(tx.trx, task.gid);
    const rows = await tx.trx
      .selectFrom("tasks")
      .select(["gid", "workspace_gid", "resource_subtype", "parent_gid"])
      .where("gid", "in", gids)
      .execute();
    const project = await tx.trx
      .selectFrom("task_memberships")
      .select("project_gid")
      .where("task_gid", "=", task.gid)
      .orderBy("created_at")
      .orderBy("project_gid")
      .executeTakeFirst();
    for (const row of [task, ...rows.filter((other) => other.gid !== task.gid)]) {
      const parent =
        row.gid === task.gid && project
          ? { parent_type: "project", parent_gid: project.project_gid }
          : row.parent_gid
            ? { parent_type: "task", parent_gid: row.parent_gid }
            : { parent_type: "workspace", parent_gid: row.workspace_gid };
      await tx.emit(taskEvent(row, { action: "deleted", ...parent }));
    }
    await tx.trx.deleteFrom("tasks").where("gid", "in", gids).execute();
  });
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

// Adds the task to a project, or moves it within the project when it is already there: one row written.
export async function placeInProject(ctx: TaskCtx, task: TasksTable, move: ProjectMove): Promise<void> {
  checkAnchors(move, task.gid);
  await transact(ctx, async (tx) => {
    const existing = await tx.trx
      .selectFrom("task_memberships")
      .select(["section_gid", "order_key"])
      .where("task_gid", "=", task.gid)
      .where("project_gid", "=", move.projectGid)
      .executeTakeFirst();
    let sectionGid = move.sectionGid;
    let slot: Slot | null = null;
    for (const field of ["insert_before", "insert_after"] as const) {
      const anchorGid = move[field];
      if (anchorGid == null) continue;
      const anchor = await tx.trx
        .selectFrom("task_memberships")
        .select(["section_gid", "order_key"])
        .where("task_gid", "=", anchorGid)
        .where("project_gid", "=", move.projectGid)
        .executeTakeFirst();
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
        return; // Already in the project and no place asked for: nothing to move.
      } else {
        sectionGid = await edgeSection(tx.trx, move.projectGid, "first", tx.now);
        slot = { at: move.fallback };
      }
    }
    const target = sectionGid!;
    const orderKey = await sectionKey(tx.trx, target, task.gid, slot!);
    if (existing) {
      await tx.trx
        .updateTable("task_memberships")
        .set({ section_gid: target, order_key: orderKey })
        .where("task_gid", "=", task.gid)
        .where("project_gid", "=", move.projectGid)
        .execute();
    } else {
      await tx.trx
        .insertInto("task_memberships")
        .values({
          task_gid: task.gid,
          project_gid: move.projectGid,
          section_gid: target,
          order_key: orderKey,
          created_at: tx.now,
        })
        .execute();
      await tx.emit(taskEvent(task, { action: "added", parent_type: "project", parent_gid: move.projectGid }));
    }
    // Every placement is told, a reorder within the section too, so boards elsewhere can follow it live.
    await tx.emit(taskEvent(task, { action: "added", parent_type: "section", parent_gid: target }));
    await touch(tx, task.gid);
  });
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

export async function changeFollowers(
  ctx: TaskCtx,
  task: TasksTable,
  userGids: number[],
  action: "added" | "removed",
): Promise<void> {
  await transact(ctx, async (tx) => {
    const current = new Set(
      (await tx.trx.selectFrom("task_followers").select("user_gid").where("task_gid", "=", task.gid).execute()).map(
        (row) => row.user_gid,
      ),
    );
    const affected = [...new Set(userGids)].filter((gid) =>
      action === "added" ? !current.has(gid) : current.has(gid),
    );
    if (affected.length === 0) return;
    if (action === "added") {
      await tx.trx
        .insertInto("task_followers")
        .values(affected.map((userGid) => ({ task_gid: task.gid, user_gid: userGid })))
        .execute();
    } else {
      await tx.trx
        .deleteFrom("task_followers")
        .where("task_gid", "=", task.gid)
        .where("user_gid", "in", affected)
        .execute();
    }
    for (const userGid of affected) {
      const value = action === "added" ? { added_value: userRef(userGid) } : { removed_value: userRef(userGid) };
      await tx.emit(taskEvent(task, { action: "changed", change: { field: "followers", action, ...value } }));
    }
    await touch(tx, task.gid);
  });
}

// A dependency edge: `task` waits on `dependsOn`. The events are on the waiting task, field "dependencies".
export interface DependencyEdge {
  task: TasksTable;
  dependsOn: TasksTable;
}

export async function changeDependencies(
  ctx: TaskCtx,
  edges: DependencyEdge[],
  action: "added" | "removed",
  field: "dependencies" | "dependents",
): Promise<void> {
  for (const edge of edges) {
    if (edge.task.gid === edge.dependsOn.gid) throw badRequest(`${field}: a task cannot depend on itself`);
  }
  await transact(ctx, async (tx) => {
    for (const { task, dependsOn } of edges) {
      const exists = await tx.trx
        .selectFrom("task_dependencies")
        .select("task_gid")
        .where("task_gid", "=", task.gid)
        .where("depends_on_gid", "=", dependsOn.gid)
        .executeTakeFirst();
      if (action === "added") {
        if (exists) continue;
        if (await dependsTransitively(tx.trx, dependsOn.gid, task.gid)) {
          throw badRequest(`${field}: ${dependsOn.gid} already depends on ${task.gid}; this would make a cycle`);
        }
        await tx.trx
          .insertInto("task_dependencies")
          .values({ task_gid: task.gid, depends_on_gid: dependsOn.gid })
          .execute();
      } else {
        if (!exists) continue;
        await tx.trx
          .deleteFrom("task_dependencies")
          .where("task_gid", "=", task.gid)
          .where("depends_on_gid", "=", dependsOn.gid)
          .execute();
      }
      const value =
        action === "added" ? { added_value: taskRef(dependsOn.gid) } : { removed_value: taskRef(dependsOn.gid) };
      await tx.emit(taskEvent(task, { action: "changed", change: { field: "dependencies", action, ...value } }));
      await touch(tx, task.gid);
      await touch(tx, dependsOn.gid);
    }
  });
}
