import { randomBytes } from "node:crypto";
import os from "node:os";
import { withRelaxedSync } from "../db/relaxed-sync.ts";
import { flushSearchIndex, mergeSearchIndex } from "../db/search-index.ts";
import { durable } from "../db/wal-sync.ts";
import { consumeEvents, type EventConsumer, newConsumerPass, newConsumerState } from "../events/consumer.ts";
import { jobDuration, jobsProcessed } from "../metrics.ts";
import type { Takt } from "../takt.ts";
import "./handlers.ts";
import { claimJob, completeJob, deferJob, failJob, type Job, renewLease } from "./queue.ts";
import { consumers, handlers, type JobHandler } from "./registry.ts";
import { enqueueDueTicks, schedules } from "./schedule.ts";

// Under a stream of writes the consumers pass over the new events at most this often, in batches: each pass is
// a transaction per consumer.
const CONSUMER_MIN_GAP_MS = 100;

export interface WorkerOptions {
  id?: string;
  // Jobs run side by side (webhook targets are slow; the database is not the bottleneck).
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  // Extra or replacing handlers (tests); the registered ones are used otherwise.
  handlers?: Record<string, JobHandler>;
  consumers?: EventConsumer[];
  log?: { warn(details: object, message: string): void; info?(details: object, message: string): void };
  // How often the worker enqueues due schedule ticks (registerSchedule); 0 turns scheduling off.
  scheduleCheckMs?: number;
}

export interface Worker {
  id: string;
  wake(): void;
  // Stops claiming, waits for jobs in flight up to the deadline; unfinished jobs' leases expire and another
  // worker picks them up.
  stop(deadlineMs?: number): Promise<void>;
}

export function startWorker(takt: Takt, options: WorkerOptions = {}): Worker {
  const id = options.id ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const pollMs = options.pollMs ?? takt.config.jobPollMs;
  // Configs built by hand (tests) may lack the lease: the default applies.
  const leaseMs = options.leaseMs ?? takt.config.jobLeaseMs ?? 10_000;
  const retry = { baseMs: options.retryBaseMs ?? 1_000, maxMs: options.retryMaxMs ?? 3_600_000 };
  const table = new Map(handlers);
  for (const [kind, handler] of Object.entries(options.handlers ?? {})) table.set(kind, handler);
  const consumerList = [...consumers.values(), ...(options.consumers ?? [])];
  const consumerStates = new Map(consumerList.map((consumer) => [consumer.name, newConsumerState()]));
  const log = options.log;
  // Claims, leases and outcomes are replayed after a power cut (a job runs at least once): no fsync of their own.
  const relaxed = <T>(work: (db: Takt["db"]) => Promise<T>) => withRelaxedSync(takt.db, takt.dialect, work);
  let running = true;
  // Job slots sleep apart from the event consumer: a committed event wakes the consumer only, and the slots
  // wake when jobs were enqueued.
  const slotSleepers = new Set<() => void>();
  const consumerSleepers = new Set<() => void>();
  const wakeAll = (sleepers: Set<() => void>) => {
    for (const resolve of [...sleepers]) resolve();
  };
  // One slot looks for work; a slot that finds a job wakes the next before running it, so as many slots as
  // there are jobs get busy, and a single enqueued job does not send every slot to claim. A wake that finds
  // nobody asleep (every slot busy, or between its claim and its sleep) is kept for the next slot to sleep, which
  // claims again instead: otherwise the job would wait for a poll.
  let jobsWaiting = false;
  const wake = () => {
    const [first] = slotSleepers;
    if (first) first();
    else jobsWaiting = true;
  };
  // The same for the consumers: a commit heard during a pass (or the gap after it) calls for another pass, not the
  // idle poll — rules, webhooks and notifications would otherwise trail a burst of writes by a second on SQLite.
  let eventsWaiting = false;
  const wakeConsumer = () => {
    eventsWaiting = true;
    wakeAll(consumerSleepers);
  };
  const sleep = (ms: number, sleepers: Set<() => void>) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });

  async function runJob(job: Job): Promise<void> {
    const handler = table.get(job.kind);
    const started = performance.now();
    let outcome = "succeeded";
    // Logs about a job carry the id of the request that enqueued it.
    const context = { job: job.id, kind: job.kind, attempts: job.attempts, reqId: job.request_id ?? undefined };
    const heartbeat = setInterval(() => {
      relaxed((db) => renewLease(db, job, id, leaseMs)).catch(() => {});
    }, leaseMs / 3);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      if (job.attempts > job.max_attempts) throw new Error("lease expired on every attempt");
      // A job tells the world (a webhook, an email) of writes: only once they, and the job itself, are on disk.
      await durable(takt.db);
      const result = await handler(job, takt);
      if (result?.rerunAt) {
        outcome = "deferred";
        await relaxed((db) => deferJob(db, job, id, result.rerunAt));
      } else await relaxed((db) => completeJob(db, job, id));
      log?.info?.(context, `job ${outcome}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const state = await relaxed((db) => failJob(db, job, id, message, retry)).catch(() => "lost");
      outcome = state === "dead" ? "dead" : "failed";
      log?.warn({ ...context, state, err: message }, "job failed");
    } finally {
      clearInterval(heartbeat);
      jobsProcessed.inc({ kind: job.kind, outcome });
      jobDuration.observe({ kind: job.kind }, (performance.now() - started) / 1000);
    }
  }

  // Only the first slot polls for jobs that fell due (delayed runs, retries); the others wait to be woken, so an
  // idle worker costs one claim per poll, not one per slot.
  async function slot(index: number): Promise<void> {
    while (running) {
      let job: Job | null = null;
      jobsWaiting = false;
      try {
        job = await relaxed((db) => claimJob(db, takt.dialect, id, { leaseMs, kinds: [...table.keys()] }));
      } catch (error) {
        log?.warn({ err: error }, "job claim failed");
      }
      if (job) {
        wake();
        await runJob(job);
      } else if (!jobsWaiting) await sleep(index === 0 ? pollMs : pollMs * 8, slotSleepers);
    }
  }

  // Every commit of this process wakes the consumers through the bus (and on PostgreSQL, other nodes' commits
  // through LISTEN/NOTIFY); the poll only catches what reaches the database otherwise. A single SQLite process
  // hears of all its writes, so it polls seldom there (another process, such as a CLI command, may still write).
  const consumerIdleMs = takt.dialect === "sqlite" ? Math.max(pollMs, 1_000) : pollMs;
  async function consumeLoop(): Promise<void> {
    while (running) {
      let more = false;
      eventsWaiting = false;
      const pass = newConsumerPass();
      for (const consumer of consumerList) {
        try {
          const result = await consumeEvents(
            takt.db,
            takt.dialect,
            consumer,
            consumerStates.get(consumer.name) ?? newConsumerState(),
            undefined,
            pass,
          );
          more ||= result.more;
          if (result.enqueued) wake();
        } catch (error) {
          log?.warn({ err: error, consumer: consumer.name }, "event consumer failed");
        }
      }
      // SQLite's search index: the tasks the writes since the last pass queued, re-indexed in one batch.
      try {
        await flushSearchIndex(takt.db, takt.dialect);
        // Segments left to merge: another pass soon, as for more events.
        more ||= await mergeSearchIndex(takt.db, takt.dialect);
      } catch (error) {
        log?.warn({ err: error }, "search indexing failed");
      }
      // A stream of writes wakes the consumer per commit: pass over them in small batches, not one by one.
      await new Promise((resolve) => setTimeout(resolve, CONSUMER_MIN_GAP_MS));
      if (!more && !eventsWaiting) await sleep(consumerIdleMs, consumerSleepers);
    }
  }

  const scheduleCheckMs = options.scheduleCheckMs ?? Math.min(1000, pollMs * 4);
  const schedulerSleepers = new Set<() => void>();
  async function scheduleLoop(): Promise<void> {
    const lastTicks = new Map<string, number>();
    while (running) {
      if (schedules.size) {
        try {
          if ((await enqueueDueTicks(takt.db, lastTicks)) > 0) wake();
        } catch (error) {
          log?.warn({ err: error }, "scheduling failed");
        }
      }
      await sleep(scheduleCheckMs, schedulerSleepers);
    }
  }

  const unsubscribeEvents = takt.bus.subscribe(wakeConsumer);
  const unsubscribeJobs = takt.bus.onJobs(wake);
  const loops = [consumeLoop(), ...Array.from({ length: options.concurrency ?? 4 }, (_, index) => slot(index))];
  if (scheduleCheckMs > 0) loops.push(scheduleLoop());

  return {
    id,
    wake,
    async stop(deadlineMs = 10_000) {
      running = false;
      unsubscribeEvents();
      unsubscribeJobs();
      wakeAll(slotSleepers);
      wakeConsumer();
      wakeAll(schedulerSleepers);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled(loops),
        new Promise((resolve) => {
          timer = setTimeout(resolve, deadlineMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
