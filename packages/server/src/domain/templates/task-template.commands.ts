import { inTransaction } from "../../db/index.ts";
import type { TasksTable, TaskTemplatesTable } from "../../db/schema.ts";
import { newGid } from "../../ids.ts";
import { type Actor, type Ctx, type Tx, transact } from "../context.ts";
import { insertTask } from "../tasks/task.commands.ts";
import { loadTask } from "../tasks/task.queries.ts";
import { insertSubtaskTrees, memberOrNull, readSubtaskTrees, type TaskTree, treeFields } from "./template.tree.ts";

export const parseTree = (template: TaskTemplatesTable) => JSON.parse(template.content) as TaskTree;

export async function createTaskTemplate(
  ctx: Ctx & { actor: Actor },
  input: { workspaceGid: number; projectGid: number; name: string; tree: TaskTree },
): Promise<TaskTemplatesTable> {
  return transact(ctx, async (tx) => {
    const row: TaskTemplatesTable = {
      gid: newGid(),
      workspace_gid: input.workspaceGid,
      project_gid: input.projectGid,
      name: input.name,
      content: JSON.stringify(input.tree),
      created_by_gid: ctx.actor.gid,
      created_at: tx.now,
    };
    await tx.trx.insertInto("task_templates").values(row).execute();
    return row;
  });
}

export async function treeOfTask(ctx: Ctx, task: TasksTable): Promise<TaskTree> {
  return inTransaction(ctx.db, async (trx) => ({
    ...treeFields(task),
    subtasks: await readSubtaskTrees(trx, task.gid),
  }));
}

// The section-default mark: a task gets a template's subtasks once, however often it is placed.
export const sectionTemplateKey = (taskGid: number, templateGid: number) =>
  `section-template:${taskGid}:${templateGid}`;

async function mark(tx: Tx, key: string, resultGid: number | null): Promise<boolean> {
  const inserted = await tx.trx
    .insertInto("automation_marks")
    .values({ key, result_gid: resultGid, created_at: tx.now })
    .onConflict((conflict) => conflict.column("key").doNothing())
    .returning("key")
    .executeTakeFirst();
  return Boolean(inserted);
}

// A new task from the template, at the end of the template's project's first section.
export async function instantiateTaskTemplate(
  ctx: Ctx & { actor: Actor },
  template: TaskTemplatesTable,
  name: string | undefined,
): Promise<TasksTable> {
  const tree = parseTree(template);
  return transact(ctx, async (tx) => {
    const task = await insertTask(tx, ctx.actor, {
      workspaceGid: template.workspace_gid,
      fields: {
        name: name ?? tree.name,
        notes: tree.notes,
        html_notes: tree.html_notes,
        resource_subtype: tree.resource_subtype,
        assignee_gid: await memberOrNull(tx, template.workspace_gid, tree.assignee_gid),
        due_on: null,
        due_at: null,
        start_on: null,
        completed: 0,
      },
      parent: null,
      placements: [{ projectGid: template.project_gid, sectionGid: null, slot: { at: "end" } }],
      followerGids: [],
    });
    await insertSubtaskTrees(tx, ctx.actor, task, tree.subtasks);
    // If it landed in a section whose default is this template, the subtasks are already there.
    await mark(tx, sectionTemplateKey(task.gid, template.gid), task.gid);
    return task;
  });
}

// Adds the template's subtasks under an existing task, once per (task, template) when keyed.
export async function applyTemplateSubtasks(
  ctx: Ctx & { actor: Actor },
  template: TaskTemplatesTable,
  taskGid: number,
  onceKey: string | null,
): Promise<boolean> {
  return transact(ctx, async (tx) => {
    if (onceKey && !(await mark(tx, onceKey, taskGid))) return false;
    const task = await loadTask(tx.trx, taskGid);
    if (!task) return false;
    await insertSubtaskTrees(tx, ctx.actor, task, parseTree(template).subtasks);
    return true;
  });
}

export async function setSectionDefaultTemplate(ctx: Ctx, sectionGid: number, templateGid: number | null) {
  await transact(ctx, async (tx) => {
    await tx.trx.deleteFrom("section_templates").where("section_gid", "=", sectionGid).execute();
    if (templateGid) {
      await tx.trx
        .insertInto("section_templates")
        .values({ section_gid: sectionGid, task_template_gid: templateGid })
        .execute();
    }
  });
}

export async function deleteTaskTemplate(ctx: Ctx, template: TaskTemplatesTable) {
  await transact(ctx, async (tx) => {
    await tx.trx.deleteFrom("task_templates").where("gid", "=", template.gid).execute();
  });
}
