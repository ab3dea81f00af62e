import type { ApprovalStatus, TasksTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { type Actor, type Ctx, transact } from "../context.ts";
import { taskEvent } from "../tasks/task.commands.ts";

export const APPROVAL_STATUSES = ["pending", "approved", "rejected", "changes_requested"] as const;

// Approved and rejected close the task; asking for changes or resetting re-opens it. The decision is a
// system story in the activity and an event that notifies followers (notifications area).
export async function decideApproval(
  ctx: Ctx & { actor: Actor },
  task: Pick<TasksTable, "gid" | "workspace_gid" | "resource_subtype" | "completed">,
  status: ApprovalStatus,
  comment?: string,
): Promise<void> {
  const note = comment?.trim() ?? "";
  if (status === "changes_requested" && !note) throw badRequest("text: Missing input. Say what should change.");
  await transact(ctx, async (tx) => {
    const previous = await tx.trx
      .selectFrom("task_approvals")
      .select("approval_status")
      .where("task_gid", "=", task.gid)
      .executeTakeFirst();
    await tx.trx.deleteFrom("task_approvals").where("task_gid", "=", task.gid).execute();
    await tx.trx
      .insertInto("task_approvals")
      .values({ task_gid: task.gid, approval_status: status, decided_by_gid: ctx.actor.gid, decided_at: tx.now })
      .execute();
    // The decision's story (with the approver's words) is derived from this event (story.derive.ts).
    await tx.emit(
      taskEvent(task, {
        action: "changed",
        change: {
          field: "approval_status",
          action: "changed",
          new_value: status,
          old_value: previous?.approval_status ?? "pending",
          ...(note ? { story: { note } } : {}),
        },
      }),
    );
    const completed = status === "approved" || status === "rejected" ? 1 : 0;
    if (completed !== task.completed) {
      await tx.trx
        .updateTable("tasks")
        .set({
          completed,
          completed_at: completed ? tx.now : null,
          completed_by_gid: completed ? ctx.actor.gid : null,
          modified_at: tx.now,
        })
        .where("gid", "=", task.gid)
        .execute();
      await tx.emit(
        taskEvent(task, {
          action: "changed",
          change: { field: "completed", action: "changed", new_value: completed === 1, old_value: completed !== 1 },
        }),
      );
    } else {
      await tx.trx.updateTable("tasks").set({ modified_at: tx.now }).where("gid", "=", task.gid).execute();
    }
  });
}

// approval_status of each approval task (pending when nobody decided yet); other tasks have none.
export async function approvalStatuses(
  db: Ctx["db"],
  tasks: Pick<TasksTable, "gid" | "resource_subtype">[],
): Promise<Map<number, ApprovalStatus>> {
  const approvals = tasks.filter((task) => task.resource_subtype === "approval").map((task) => task.gid);
  const result = new Map<number, ApprovalStatus>();
  if (approvals.length === 0) return result;
  const rows = await db
    .selectFrom("task_approvals")
    .select(["task_gid", "approval_status"])
    .where("task_gid", "in", approvals)
    .execute();
  for (const gid of approvals) result.set(gid, "pending");
  for (const row of rows) result.set(row.task_gid, row.approval_status);
  return result;
}
