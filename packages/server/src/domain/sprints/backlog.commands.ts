import type { ProjectsTable, TasksTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import type { Tx } from "../context.ts";
import { type Clock, transact } from "../context.ts";
import { keyBetween } from "../ordering.ts";

import type { SprintCtx } from "./sprint.commands.ts";

export type BacklogPlacement = { before: TasksTable } | { after: TasksTable };

// The ranked neighbours of a task in the project's backlog order (unranked tasks come last, by gid).
async function rankedTasks(tx: Tx, projectGid: number, movingGid: number) {
  return tx.trx
    .selectFrom("tasks")
    .innerJoin("task_memberships as tm", "tm.task_gid", "tasks.gid")
    .select(["tasks.gid", "tasks.backlog_rank"])
    .where("tm.project_gid", "=", projectGid)
    .where("tasks.parent_gid", "is", null)
    .where("tasks.gid", "<>", movingGid)
    .orderBy((eb) => eb.case().when("tasks.backlog_rank", "is", null).then(1).else(0).end())
    .orderBy("tasks.backlog_rank")
    .orderBy("tasks.gid")
    .execute();
}

// Ranks one task before or after another; unranked tasks up to the anchor get keys first, so the order shown
// (ranked by key, then unranked by age) is the order kept. A move writes the moved row (and, once, the unranked).
export async function rankInBacklog(
  ctx: SprintCtx,
  project: ProjectsTable,
  task: TasksTable,
  placement: BacklogPlacement,
  clock: Clock = {},
) {
  const anchor = "before" in placement ? placement.before : placement.after;
  const field = "before" in placement ? "before_task" : "after_task";
  if (anchor.gid === task.gid) throw badRequest(`${field}: a task cannot be placed next to itself`);
  return transact(
    ctx,
    async (tx) => {
      for (const [gid, name] of [
        [task.gid, "task"],
        [anchor.gid, field],
      ] as const) {
        const member = await tx.trx
          .selectFrom("task_memberships")
          .select("task_gid")
          .where("task_gid", "=", gid)
          .where("project_gid", "=", project.gid)
          .executeTakeFirst();
        if (!member) throw badRequest(`${name}: the task ${gid} is not in this project`);
      }
      const others = await rankedTasks(tx, project.gid, task.gid);
      const anchorIndex = others.findIndex((row) => row.gid === anchor.gid);
      if (anchorIndex === -1) throw badRequest(`${field}: the task ${anchor.gid} is a subtask, not a backlog item`);
      // Give keys to the unranked tasks up to and including the anchor's neighbour, in their shown order.
      const through = Math.min(others.length - 1, anchorIndex + 1);
      let last: string | null = null;
      for (let index = 0; index <= through; index += 1) {
        const row = others[index];
        if (row.backlog_rank === null || row.backlog_rank === undefined) {
          row.backlog_rank = keyBetween(last, null);
          await tx.trx
            .updateTable("tasks")
            .set({ backlog_rank: row.backlog_rank })
            .where("gid", "=", row.gid)
            .execute();
        }
        last = row.backlog_rank;
      }
      const [lower, upper] =
        "before" in placement
          ? [others[anchorIndex - 1]?.backlog_rank ?? null, others[anchorIndex].backlog_rank ?? null]
          : [others[anchorIndex].backlog_rank ?? null, others[anchorIndex + 1]?.backlog_rank ?? null];
      const rank = keyBetween(lower, upper);
      await tx.trx
        .updateTable("tasks")
        .set({ backlog_rank: rank, modified_at: tx.now })
        .where("gid", "=", task.gid)
        .execute();
      await tx.emit({
        workspace_gid: task.workspace_gid,
        resource_type: "task",
        resource_gid: task.gid,
        resource_subtype: task.resource_subtype,
        action: "changed",
        change: { field: "backlog_rank", action: "changed", new_value: rank },
      });
      return rank;
    },
    clock,
  );
}
