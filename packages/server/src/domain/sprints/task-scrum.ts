import type { Db } from "../../db/index.ts";
import type { TasksTable } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import type { Tx } from "../context.ts";
import { visibleProjectGids } from "../projects/project.policy.ts";
import { writeStoryPoints, writeTaskSprint } from "./sprint.commands.ts";
import { sprintRef } from "./sprint.presenter.ts";
import { findSprint } from "./sprint.queries.ts";

// story_points and sprint as PUT /tasks sets them: resolved and checked before the write, written in its transaction.
export interface TaskScrumInput {
  story_points?: number | null;
  sprint?: { gid: number; name: string } | null;
}

export async function resolveTaskScrum(
  db: Db,
  task: TasksTable,
  input: { story_points?: number | null; sprint?: string | null },
): Promise<TaskScrumInput> {
  const resolved: TaskScrumInput = {};
  if (input.story_points !== undefined) resolved.story_points = input.story_points;
  if (input.sprint === null) resolved.sprint = null;
  if (typeof input.sprint === "string") {
    const gid = /^[0-9]{1,16}$/.test(input.sprint) ? Number(input.sprint) : null;
    const sprint = gid === null ? undefined : await findSprint(db, gid);
    if (!sprint) throw notFound("sprint");
    const member = await db
      .selectFrom("task_memberships")
      .select("task_gid")
      .where("task_gid", "=", task.gid)
      .where("project_gid", "=", sprint.project_gid)
      .executeTakeFirst();
    // The sprint is known only to those who see its project, and the task must be in that project.
    if (!member) throw badRequest(`sprint: the task is not in the sprint's project`);
    if (sprint.state === "completed" && sprint.gid !== task.sprint_gid) {
      throw badRequest("sprint: a completed sprint takes no more tasks");
    }
    resolved.sprint = sprint;
  }
  return resolved;
}

export const hasTaskScrum = (input: TaskScrumInput) => input.story_points !== undefined || input.sprint !== undefined;

export async function writeTaskScrum(tx: Tx, task: TasksTable, input: TaskScrumInput): Promise<void> {
  if (input.story_points !== undefined) await writeStoryPoints(tx, task, input.story_points);
  if (input.sprint !== undefined) {
    const from = task.sprint_gid ? ((await findSprint(tx.trx, task.sprint_gid)) ?? null) : null;
    await writeTaskSprint(tx, task, input.sprint, from);
  }
}

// The compact sprints of the given tasks, for the task presenter.
// viewerGid: a sprint of a project the viewer cannot see is left out (the task shows it by gid alone).
export async function sprintsOfTasks(db: Db, rows: Pick<TasksTable, "sprint_gid">[], viewerGid?: number) {
  const gids = [...new Set(rows.map((row) => row.sprint_gid).filter((gid): gid is number => gid != null))];
  if (gids.length === 0) return new Map<number, ReturnType<typeof sprintRef>>();
  const sprints = await db
    .selectFrom("sprints")
    .select(["gid", "name"])
    .where("gid", "in", gids)
    .$if(viewerGid !== undefined, (query) => query.where("project_gid", "in", visibleProjectGids(db, viewerGid ?? 0)))
    .execute();
  return new Map(sprints.map((sprint) => [sprint.gid, sprintRef(sprint)] as const));
}
