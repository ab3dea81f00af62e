import type {
  BacklogInsertBody,
  CompleteSprintBody,
  CreateSprintBody,
  SprintState,
  UpdateSprintBody,
} from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { ProjectsTable, SprintsTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { authorizeProject, type ProjectAction } from "../projects/project.policy.ts";
import { findProject } from "../projects/project.queries.ts";
import { computeBurndown } from "../reports/burndown.ts";
import { computeSprintReport, type SprintReport } from "../reports/sprint-report.ts";
import { taskFor } from "../tasks/task.resolve.ts";
import { rankInBacklog } from "./backlog.commands.ts";
import {
  addTaskToSprint,
  completeSprint,
  createSprint,
  deleteSprint,
  removeTaskFromSprint,
  setScrumEnabled,
  startSprint,
  updateSprint,
} from "./sprint.commands.ts";
import { authorizeSprint } from "./sprint.policy.ts";
import { backlogTasks, findSprint, sprintsOfProject, sprintTasks, sprintTotals } from "./sprint.queries.ts";

type SprintCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

async function projectOf(db: Db, actor: Actor, projectGid: number, action: ProjectAction) {
  const project = await findProject(db, projectGid);
  await authorizeProject(db, actor, project, action);
  return project as ProjectsTable;
}

// A sprint as its answers show it: with its project and the live totals of its tasks.
async function viewOf(db: Db, sprint: SprintsTable, project: ProjectsTable) {
  return { sprint, project, totals: await sprintTotals(db, [sprint.gid]) };
}

const sprintOf = async (db: Db, actor: Actor, sprintGid: number, action: "read" | "edit") =>
  authorizeSprint(db, actor, await findSprint(db, sprintGid), action);

export async function setProjectScrum(ctx: SprintCtx, projectGid: number, enabled: boolean) {
  return unitOfWork(ctx, async (uow) =>
    setScrumEnabled(uow, await projectOf(uow.db, ctx.actor, projectGid, "edit"), enabled),
  );
}

export async function listSprints(ctx: SprintCtx, projectGid: number, state: SprintState | undefined, window: Window) {
  const project = await projectOf(ctx.db, ctx.actor, projectGid, "read");
  const sprints = await sprintsOfProject(ctx.db, project.gid, state)
    .limit(window.limit)
    .offset(window.offset)
    .execute();
  const totals = await sprintTotals(
    ctx.db,
    sprints.map((sprint) => sprint.gid),
  );
  return { project, sprints, totals };
}

export async function addSprint(ctx: SprintCtx, projectGid: number, input: CreateSprintBody) {
  return unitOfWork(ctx, async (uow) => {
    const project = await projectOf(uow.db, ctx.actor, projectGid, "edit");
    return viewOf(uow.db, await createSprint(uow, project, input), project);
  });
}

export async function showSprint(ctx: SprintCtx, sprintGid: number) {
  const { sprint, project } = await sprintOf(ctx.db, ctx.actor, sprintGid, "read");
  return viewOf(ctx.db, sprint, project);
}

export async function editSprint(ctx: SprintCtx, sprintGid: number, input: UpdateSprintBody) {
  return unitOfWork(ctx, async (uow) => {
    const { sprint, project } = await sprintOf(uow.db, ctx.actor, sprintGid, "edit");
    return viewOf(uow.db, await updateSprint(uow, sprint, input), project);
  });
}

export async function removeSprint(ctx: SprintCtx, sprintGid: number) {
  await unitOfWork(ctx, async (uow) => {
    const { sprint } = await sprintOf(uow.db, ctx.actor, sprintGid, "edit");
    await deleteSprint(uow, sprint);
  });
}

export async function listSprintTasks(ctx: SprintCtx, sprintGid: number, window: Window) {
  const { sprint } = await sprintOf(ctx.db, ctx.actor, sprintGid, "read");
  return sprintTasks(ctx.db, sprint.gid).limit(window.limit).offset(window.offset).execute();
}

// Planning: a task the actor reads goes into (or out of) a sprint they may plan.
export async function planSprintTask(
  ctx: SprintCtx,
  sprintGid: number,
  taskRef: string,
  change: "addTask" | "removeTask",
) {
  await unitOfWork(ctx, async (uow) => {
    const { sprint } = await sprintOf(uow.db, ctx.actor, sprintGid, "edit");
    const task = await taskFor(uow.db, ctx.actor, taskRef, "read");
    if (change === "addTask") await addTaskToSprint(uow, sprint, task);
    else await removeTaskFromSprint(uow, sprint, task);
  });
}

export async function beginSprint(ctx: SprintCtx, sprintGid: number) {
  return unitOfWork(ctx, async (uow) => {
    const { sprint, project } = await sprintOf(uow.db, ctx.actor, sprintGid, "edit");
    return viewOf(uow.db, await startSprint(uow, sprint), project);
  });
}

// Unfinished tasks go to the backlog or to another sprint of the same project.
export async function finishSprint(ctx: SprintCtx, sprintGid: number, input: CompleteSprintBody) {
  return unitOfWork(ctx, async (uow) => {
    const { sprint, project } = await sprintOf(uow.db, ctx.actor, sprintGid, "edit");
    let target: SprintsTable | null = null;
    if (input.move_incomplete_to !== "backlog") {
      const targetGid = parseGid(input.move_incomplete_to);
      target = (targetGid === null ? undefined : await findSprint(uow.db, targetGid)) ?? null;
      if (!target || target.project_gid !== sprint.project_gid) {
        throw badRequest(`move_incomplete_to: no sprint ${input.move_incomplete_to} in this project`);
      }
    }
    return viewOf(uow.db, await completeSprint(uow, sprint, target), project);
  });
}

export async function sprintBurndown(ctx: SprintCtx, sprintGid: number) {
  const { sprint } = await sprintOf(ctx.db, ctx.actor, sprintGid, "read");
  return computeBurndown(ctx.db, sprint);
}

// A completed sprint's report was recorded when it completed; a running one's is computed now.
export async function sprintReport(ctx: SprintCtx, sprintGid: number): Promise<SprintReport> {
  const { sprint } = await sprintOf(ctx.db, ctx.actor, sprintGid, "read");
  return sprint.report ? JSON.parse(sprint.report) : computeSprintReport(ctx.db, sprint, new Date().toISOString());
}

export async function listBacklog(ctx: SprintCtx, projectGid: number, window: Window) {
  const project = await projectOf(ctx.db, ctx.actor, projectGid, "read");
  return backlogTasks(ctx.db, project.gid).limit(window.limit).offset(window.offset).execute();
}

export async function placeInBacklog(ctx: SprintCtx, projectGid: number, input: BacklogInsertBody) {
  if ((input.before_task === undefined) === (input.after_task === undefined)) {
    throw badRequest("before_task: pass exactly one of before_task or after_task");
  }
  await unitOfWork(ctx, async (uow) => {
    const project = await projectOf(uow.db, ctx.actor, projectGid, "edit");
    const task = await taskFor(uow.db, ctx.actor, input.task, "read");
    const anchorField = input.before_task !== undefined ? "before_task" : "after_task";
    const anchorRef = (input.before_task ?? input.after_task) as string;
    const anchor = await taskFor(uow.db, ctx.actor, anchorRef, "read", anchorField);
    await rankInBacklog(uow, project, task, anchorField === "before_task" ? { before: anchor } : { after: anchor });
  });
}
