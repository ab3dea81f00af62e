import type { TaskPermissions } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import { prepared } from "../../db/prepared.ts";
import { mayDecideApproval } from "../approvals/approval.policy.ts";
import type { Actor } from "../context.ts";
import { projectAllows } from "../projects/project.policy.ts";
import { TIME_NEEDS } from "../time/time.policy.ts";
import { taskAllows, tasksAccess } from "./task.policy.ts";

// A board asks the abilities of every card: compiled once (db/prepared.ts).
const tasksByGid = prepared(
  ["taskGids"],
  (db, params: { taskGids: number[] }) =>
    db
      .selectFrom("tasks")
      .select(["gid", "root_gid", "assignee_gid", "created_by_gid", "workspace_gid", "resource_subtype"])
      .where("gid", "in", params.taskGids),
  { lists: ["taskGids"] },
);

// What the actor may do with each of the given tasks (absent: they cannot see it), from the access the routes
// check: changing, completing, deleting and adding subtasks take edit on the task; comments and files take
// comment; time as time.policy.ts says; approvals as approval.policy.ts says. Moving takes edit on the task and on
// a project it is in (the section it moves to belongs to one). Five queries for any number of tasks.
export async function taskPermissions(db: Db, actor: Actor, taskGids: number[]): Promise<Map<number, TaskPermissions>> {
  const result = new Map<number, TaskPermissions>();
  if (taskGids.length === 0) return result;
  const tasks = await tasksByGid.all(db, { taskGids });
  const access = await tasksAccess(db, actor, tasks);
  for (const task of tasks) {
    const held = access.get(task.gid);
    if (!held?.level) continue;
    const { level } = held;
    const edit = taskAllows(level, "edit");
    const projectLevels = [...held.projects.values()];
    result.set(task.gid, {
      edit,
      complete: edit,
      comment: taskAllows(level, "comment"),
      attach: taskAllows(level, "comment"),
      approve: task.resource_subtype === "approval" && mayDecideApproval(actor, task, level),
      add_subtasks: edit,
      move: edit && (projectLevels.length === 0 || projectLevels.some((project) => projectAllows(project, "edit"))),
      delete: edit,
      log_time: taskAllows(level, TIME_NEEDS.log),
    });
  }
  return result;
}
