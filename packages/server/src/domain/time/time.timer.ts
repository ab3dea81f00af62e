import type { TimeTrackingEntriesTable } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";
import { unitOfWork } from "../context.ts";
import type { TaskCtx } from "../tasks/task.commands.ts";
import { taskFor } from "../tasks/task.resolve.ts";
import { startTimer, stopTimer } from "./time.commands.ts";

// Takt's start/stop timer: one running timer per person, kept on the server so it survives a reload.

// POST /tasks/{gid}/timer/start: starting a timer stops the running one and answers the entry it left.
export async function startTimerUseCase(ctx: TaskCtx, taskRaw: string): Promise<TimeTrackingEntriesTable | null> {
  return unitOfWork(ctx, async (uow) => {
    const task = await taskFor(uow.db, uow.actor, taskRaw, "comment");
    const { stopped } = await startTimer(uow, task);
    return stopped;
  });
}

// POST /timer/stop: the entry the timer leaves; 404 when none was running.
export async function stopTimerUseCase(ctx: TaskCtx): Promise<TimeTrackingEntriesTable> {
  return unitOfWork(ctx, async (uow) => {
    const entry = await stopTimer(uow);
    if (!entry) throw notFound("timer");
    return entry;
  });
}
