import type { Db } from "../db/index.ts";
import type { Takt } from "../takt.ts";
import { enqueueJob, type Job } from "./queue.ts";
import { registerJobHandler } from "./registry.ts";

export interface Tick {
  // Start of the tick this run stands for (a multiple of everyMs since the epoch).
  start: Date;
  job: Job;
}

export type ScheduleHandler = (tick: Tick, takt: Takt) => Promise<void>;

export interface Schedule {
  name: string;
  everyMs: number;
  kind: string;
}

export const schedules = new Map<string, Schedule>();

export const scheduleKind = (name: string) => `schedule:${name}`;

export function tickStart(nowMs: number, everyMs: number): number {
  return Math.floor(nowMs / everyMs) * everyMs;
}

// Periodic work (due-date reminders, digests, recurrences) runs once per tick across all nodes: every worker
// enqueues the tick's job with the idempotency key "name:tickStart", the jobs table keeps only the first, and
// one worker claims it. A tick during which no worker ran is skipped, not replayed: handlers look at the
// state of the data (what is due now), not at the tick they missed.
export function registerSchedule(name: string, everyMs: number, handler: ScheduleHandler): void {
  if (!Number.isInteger(everyMs) || everyMs < 1000) throw new Error(`schedule ${name}: everyMs must be ≥ 1000`);
  const kind = scheduleKind(name);
  schedules.set(name, { name, everyMs, kind });
  registerJobHandler(kind, async (job, takt) => {
    await handler({ start: new Date(String(job.payload.tick_start)), job }, takt);
    return undefined;
  });
}

// Enqueues the current tick of every schedule this worker has not enqueued yet; answers how many were new.
export async function enqueueDueTicks(db: Db, lastTicks: Map<string, number>, nowMs = Date.now()): Promise<number> {
  let added = 0;
  for (const schedule of schedules.values()) {
    const start = tickStart(nowMs, schedule.everyMs);
    if (lastTicks.get(schedule.name) === start) continue;
    const iso = new Date(start).toISOString();
    const id = await enqueueJob(db, {
      kind: schedule.kind,
      key: `${schedule.name}:${iso}`,
      payload: { tick_start: iso },
      runAt: new Date(start),
      maxAttempts: 3,
    });
    lastTicks.set(schedule.name, start);
    if (id) added++;
  }
  return added;
}
