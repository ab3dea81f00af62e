import type { TasksTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { transact } from "../context.ts";
import { type TaskCtx, taskEvent, taskRef, touch, userRef } from "./task.commands.ts";
import { dependsTransitively } from "./task.queries.ts";

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
