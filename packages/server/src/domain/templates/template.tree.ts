import type { Transaction } from "kysely";
import type { Database, TasksTable } from "../../db/schema.ts";
import type { Actor, Tx } from "../context.ts";
import { plainToRichText } from "../rich-text.ts";
import { insertTask } from "../tasks/task.commands.ts";

// A task as a template holds it: what is copied into each new task, with its subtasks.
export interface TaskTree {
  name: string;
  notes: string;
  html_notes: string;
  resource_subtype: string;
  assignee_gid: number | null;
  subtasks: TaskTree[];
}

const MAX_DEPTH = 5;

export async function readSubtaskTrees(trx: Transaction<Database>, parentGid: number, depth = 0): Promise<TaskTree[]> {
  if (depth >= MAX_DEPTH) return [];
  const children = await trx
    .selectFrom("tasks")
    .selectAll()
    .where("parent_gid", "=", parentGid)
    .orderBy("subtask_order_key")
    .orderBy("gid")
    .execute();
  const trees: TaskTree[] = [];
  for (const child of children)
    trees.push({ ...treeFields(child), subtasks: await readSubtaskTrees(trx, child.gid, depth + 1) });
  return trees;
}

export function treeFields(task: TasksTable): Omit<TaskTree, "subtasks"> {
  return {
    name: task.name,
    notes: task.notes,
    html_notes: task.html_notes || plainToRichText(task.notes),
    resource_subtype: task.resource_subtype,
    assignee_gid: task.assignee_gid,
  };
}

// Assignees who left the workspace are dropped: the task is created unassigned.
async function memberOrNull(tx: Tx, workspaceGid: number, userGid: number | null): Promise<number | null> {
  if (!userGid) return null;
  const row = await tx.trx
    .selectFrom("workspace_memberships")
    .select("user_gid")
    .where("workspace_gid", "=", workspaceGid)
    .where("user_gid", "=", userGid)
    .executeTakeFirst();
  return row ? userGid : null;
}

export async function insertSubtaskTrees(tx: Tx, actor: Actor, parent: TasksTable, trees: TaskTree[]): Promise<void> {
  for (const tree of trees) {
    const child = await insertTask(tx, actor, {
      workspaceGid: parent.workspace_gid,
      fields: {
        name: tree.name,
        notes: tree.notes,
        html_notes: tree.html_notes,
        resource_subtype: tree.resource_subtype,
        assignee_gid: await memberOrNull(tx, parent.workspace_gid, tree.assignee_gid),
        due_on: null,
        due_at: null,
        start_on: null,
        completed: 0,
      },
      parent,
      placements: [],
      followerGids: [],
    });
    await insertSubtaskTrees(tx, actor, child, tree.subtasks);
  }
}

export { memberOrNull };
