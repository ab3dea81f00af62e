import type { ProjectsTable, SprintsTable, TasksTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import type { Actor, Ctx, Tx } from "../context.ts";
import { type Clock, transact } from "../context.ts";
import { computeSprintReport } from "../reports/sprint-report.ts";

import { type Committed, sprintRef } from "./sprint.presenter.ts";
import { findSprint } from "./sprint.queries.ts";

export type SprintCtx = Ctx & { actor: Actor };

export interface SprintFields {
  name?: string;
  goal?: string;
  start_on?: string | null;
  end_on?: string | null;
  capacity_points?: number | null;
}

function sprintEvent(sprint: SprintsTable) {
  return {
    workspace_gid: sprint.workspace_gid,
    resource_type: "sprint",
    resource_gid: sprint.gid,
    parent_type: "project",
    parent_gid: sprint.project_gid,
  };
}

function taskChange(task: Pick<TasksTable, "gid" | "workspace_gid" | "resource_subtype">, change: object) {
  return {
    workspace_gid: task.workspace_gid,
    resource_type: "task",
    resource_gid: task.gid,
    resource_subtype: task.resource_subtype,
    action: "changed" as const,
    change: { action: "changed", ...change },
  };
}

export function checkDates(start: string | null | undefined, end: string | null | undefined, field = "end_on") {
  if (start && end && end < start)
    throw badRequest(`${field}: the end date (${end}) must not be before the start date (${start})`);
}

export async function setScrumEnabled(ctx: SprintCtx, project: ProjectsTable, enabled: boolean) {
  return transact(ctx, async (tx) => {
    const value = enabled ? 1 : 0;
    if ((project.scrum_enabled ?? 0) === value) return { ...project, scrum_enabled: value } as ProjectsTable;
    await tx.trx
      .updateTable("projects")
      .set({ scrum_enabled: value, modified_at: tx.now })
      .where("gid", "=", project.gid)
      .execute();
    await tx.emit({
      workspace_gid: project.workspace_gid,
      resource_type: "project",
      resource_gid: project.gid,
      action: "changed",
      change: { field: "scrum_enabled", action: "changed", new_value: enabled },
    });
    return { ...project, scrum_enabled: value, modified_at: tx.now } as ProjectsTable;
  });
}

export async function createSprint(
  ctx: SprintCtx,
  project: ProjectsTable,
  fields: SprintFields & { name: string },
  clock: Clock = {},
) {
  if (project.scrum_enabled !== 1) {
    throw badRequest("project: Scrum is not enabled on this project. Enable it with POST /projects/{gid}/scrum first.");
  }
  checkDates(fields.start_on, fields.end_on);
  return transact(
    ctx,
    async (tx) => {
      const sprint: SprintsTable = {
        gid: newGid(),
        workspace_gid: project.workspace_gid,
        project_gid: project.gid,
        name: fields.name,
        goal: fields.goal ?? "",
        start_on: fields.start_on ?? null,
        end_on: fields.end_on ?? null,
        capacity_points: fields.capacity_points ?? null,
        state: "planned",
        started_at: null,
        completed_at: null,
        committed: null,
        report: null,
        created_at: tx.now,
        modified_at: tx.now,
      };
      await tx.trx.insertInto("sprints").values(sprint).execute();
      await tx.emit({ ...sprintEvent(sprint), action: "added" });
      return sprint;
    },
    clock,
  );
}

export async function updateSprint(ctx: SprintCtx, sprint: SprintsTable, fields: SprintFields) {
  const next = { ...sprint };
  for (const key of ["name", "goal", "start_on", "end_on", "capacity_points"] as const) {
    if (fields[key] !== undefined) (next as Record<string, unknown>)[key] = fields[key];
  }
  checkDates(next.start_on, next.end_on, fields.end_on !== undefined ? "end_on" : "start_on");
  if (sprint.state !== "planned" && next.start_on === null) {
    throw badRequest("start_on: a started sprint keeps its start date");
  }
  const changed = (["name", "goal", "start_on", "end_on", "capacity_points"] as const).filter(
    (key) => next[key] !== sprint[key],
  );
  if (changed.length === 0) return sprint;
  return transact(ctx, async (tx) => {
    const values = Object.fromEntries(changed.map((key) => [key, next[key]]));
    await tx.trx
      .updateTable("sprints")
      .set({ ...values, modified_at: tx.now })
      .where("gid", "=", sprint.gid)
      .execute();
    for (const field of changed) {
      await tx.emit({
        ...sprintEvent(sprint),
        action: "changed",
        change: { field, action: "changed", new_value: next[field] },
      });
    }
    return { ...next, modified_at: tx.now };
  });
}

// A deleted sprint's tasks go back to the backlog; a running sprint must be completed first.
export async function deleteSprint(ctx: SprintCtx, sprint: SprintsTable) {
  if (sprint.state === "active") throw badRequest("sprint: an active sprint cannot be deleted; complete it first");
  await transact(ctx, async (tx) => {
    const tasks = await tx.trx.selectFrom("tasks").selectAll().where("sprint_gid", "=", sprint.gid).execute();
    for (const task of tasks) await writeTaskSprint(tx, task, null, sprint);
    await tx.trx.deleteFrom("sprints").where("gid", "=", sprint.gid).execute();
    await tx.emit({ ...sprintEvent(sprint), action: "deleted" });
  });
}

// The one place a task's sprint changes: the row and the event {field: "sprint"} that burndown replays.
export async function writeTaskSprint(
  tx: Tx,
  task: Pick<TasksTable, "gid" | "workspace_gid" | "resource_subtype" | "sprint_gid">,
  to: Pick<SprintsTable, "gid" | "name"> | null,
  from: Pick<SprintsTable, "gid" | "name"> | null,
) {
  if ((task.sprint_gid ?? null) === (to?.gid ?? null)) return;
  await tx.trx
    .updateTable("tasks")
    .set({ sprint_gid: to?.gid ?? null, modified_at: tx.now })
    .where("gid", "=", task.gid)
    .execute();
  await tx.emit(
    taskChange(task, {
      field: "sprint",
      new_value: to ? sprintRef(to) : null,
      old_value: from ? sprintRef(from) : null,
    }),
  );
}

export async function writeStoryPoints(
  tx: Tx,
  task: Pick<TasksTable, "gid" | "workspace_gid" | "resource_subtype" | "story_points">,
  points: number | null,
) {
  const before = task.story_points ?? null;
  if (before === points) return;
  await tx.trx
    .updateTable("tasks")
    .set({ story_points: points, modified_at: tx.now })
    .where("gid", "=", task.gid)
    .execute();
  await tx.emit(taskChange(task, { field: "story_points", new_value: points, old_value: before }));
}

async function inProject(tx: Tx, taskGid: number, projectGid: number) {
  const membership = await tx.trx
    .selectFrom("task_memberships")
    .select("task_gid")
    .where("task_gid", "=", taskGid)
    .where("project_gid", "=", projectGid)
    .executeTakeFirst();
  return membership !== undefined;
}

export async function addTaskToSprint(ctx: SprintCtx, sprint: SprintsTable, task: TasksTable, clock: Clock = {}) {
  if (sprint.state === "completed") throw badRequest("sprint: a completed sprint takes no more tasks");
  return transact(
    ctx,
    async (tx) => {
      if (!(await inProject(tx, task.gid, sprint.project_gid))) {
        throw badRequest(`task: the task ${task.gid} is not in this sprint's project`);
      }
      const from = task.sprint_gid ? ((await findSprint(tx.trx, task.sprint_gid)) ?? null) : null;
      await writeTaskSprint(tx, task, sprint, from);
    },
    clock,
  );
}

export async function removeTaskFromSprint(ctx: SprintCtx, sprint: SprintsTable, task: TasksTable, clock: Clock = {}) {
  if (task.sprint_gid !== sprint.gid) throw badRequest(`task: the task ${task.gid} is not in this sprint`);
  if (sprint.state === "completed") throw badRequest("sprint: a completed sprint's tasks cannot be changed");
  return transact(ctx, (tx) => writeTaskSprint(tx, task, null, sprint), clock);
}

export async function setStoryPoints(ctx: SprintCtx, task: TasksTable, points: number | null, clock: Clock = {}) {
  return transact(ctx, (tx) => writeStoryPoints(tx, task, points), clock);
}

// Starting freezes the committed scope; only one sprint of a project runs at a time.
export async function startSprint(ctx: SprintCtx, sprint: SprintsTable, clock: Clock = {}) {
  if (sprint.state === "active") throw badRequest("sprint: the sprint has already started");
  if (sprint.state === "completed") throw badRequest("sprint: a completed sprint cannot start again");
  return transact(
    ctx,
    async (tx) => {
      const running = await tx.trx
        .selectFrom("sprints")
        .select(["gid", "name"])
        .where("project_gid", "=", sprint.project_gid)
        .where("state", "=", "active")
        .executeTakeFirst();
      if (running) {
        throw badRequest(
          `sprint: the sprint "${running.name}" (${running.gid}) is active in this project; complete it first`,
        );
      }
      const today = tx.now.slice(0, 10);
      const startOn = sprint.start_on ?? today;
      checkDates(startOn, sprint.end_on);
      const tasks = await tx.trx
        .selectFrom("tasks")
        .select(["gid", "story_points"])
        .where("sprint_gid", "=", sprint.gid)
        .orderBy("gid")
        .execute();
      const committed: Committed = {
        points: Math.round(tasks.reduce((sum, task) => sum + Number(task.story_points ?? 0), 0) * 100) / 100,
        tasks: tasks.length,
        task_gids: tasks.map((task) => task.gid),
      };
      const values = {
        state: "active" as const,
        start_on: startOn,
        started_at: tx.now,
        committed: JSON.stringify(committed),
        modified_at: tx.now,
      };
      await tx.trx.updateTable("sprints").set(values).where("gid", "=", sprint.gid).execute();
      await tx.emit({
        ...sprintEvent(sprint),
        action: "changed",
        change: { field: "state", action: "changed", new_value: "active", old_value: "planned" },
      });
      return { ...sprint, ...values };
    },
    clock,
  );
}

// Completing records the sprint report, then moves the unfinished tasks to the backlog or to the next sprint.
export async function completeSprint(
  ctx: SprintCtx,
  sprint: SprintsTable,
  target: SprintsTable | null,
  clock: Clock = {},
) {
  if (sprint.state === "completed") throw badRequest("sprint: the sprint is already completed");
  if (sprint.state === "planned") throw badRequest("sprint: the sprint has not started; start it first");
  if (target) {
    if (target.gid === sprint.gid) throw badRequest('move_incomplete_to: must be another sprint or "backlog"');
    if (target.project_gid !== sprint.project_gid) {
      throw badRequest("move_incomplete_to: the sprint is not in the same project");
    }
    if (target.state === "completed") throw badRequest("move_incomplete_to: the sprint is already completed");
  }
  return transact(
    ctx,
    async (tx) => {
      const current = await findSprint(tx.trx, sprint.gid);
      if (current?.state !== "active") throw badRequest("sprint: the sprint is already completed");
      const report = await computeSprintReport(tx.trx, current, tx.now);
      const values = {
        state: "completed" as const,
        completed_at: tx.now,
        report: JSON.stringify({ ...report, state: "completed" }),
        modified_at: tx.now,
      };
      await tx.trx.updateTable("sprints").set(values).where("gid", "=", sprint.gid).execute();
      await tx.emit({
        ...sprintEvent(sprint),
        action: "changed",
        change: { field: "state", action: "changed", new_value: "completed", old_value: "active" },
      });
      const unfinished = await tx.trx
        .selectFrom("tasks")
        .selectAll()
        .where("sprint_gid", "=", sprint.gid)
        .where("completed", "=", 0)
        .execute();
      for (const task of unfinished) await writeTaskSprint(tx, task, target, sprint);
      return { ...current, ...values };
    },
    clock,
  );
}
