import type { Kysely } from "kysely";
import type { DialectName } from "../db/index.ts";
import { prepared, preparedVariants } from "../db/prepared.ts";
import type { Database, JobsTable } from "../db/schema.ts";
import { newGid } from "../ids.ts";
import { requestIdOf } from "./request-context.ts";

// Works with the database or with an open transaction, so a command can enqueue in its own transaction.
type Executor = Kysely<Database>;

export interface NewJob {
  kind: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  maxAttempts?: number;
  // Idempotency: a second enqueue with the same key is ignored while the first job's row exists (finished jobs
  // are purged after jobRetentionDays, see retention.ts).
  key?: string;
  // Coalescing: while a job with this key waits in the queue, further enqueues with it are ignored.
  coalesceKey?: string;
  // Defaults to the HTTP request being served, if any.
  requestId?: string | null;
}

export interface Job extends Omit<JobsTable, "payload"> {
  payload: Record<string, unknown>;
}

export const DEFAULT_MAX_ATTEMPTS = 10;

function decode(row: JobsTable): Job {
  return { ...row, payload: JSON.parse(row.payload) as Record<string, unknown> };
}

// Returns the new job's id, or null when the key or coalesce key already holds a job.
export async function enqueueJob(db: Executor, job: NewJob): Promise<number | null> {
  const now = new Date().toISOString();
  const id = newGid();
  const inserted = await db
    .insertInto("jobs")
    .values({
      id,
      kind: job.kind,
      payload: JSON.stringify(job.payload ?? {}),
      key: job.key ?? null,
      coalesce_key: job.coalesceKey ?? null,
      pending_key: job.coalesceKey ?? null,
      state: "queued",
      run_at: (job.runAt ?? new Date()).toISOString(),
      attempts: 0,
      max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now,
      updated_at: now,
      finished_at: null,
      request_id: job.requestId ?? requestIdOf(db),
    })
    .onConflict((conflict) => conflict.doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted ? id : null;
}

// Claims the next due job atomically: one UPDATE whose subquery picks the row. PostgreSQL skips rows other
// workers hold (FOR UPDATE SKIP LOCKED); SQLite has a single writer, so the statement alone is enough.
// A running job whose lease has expired (its worker died) is claimable again. Every pass of every worker asks it:
// compiled once per dialect (db/prepared.ts).
const claimNext = preparedVariants((dialect: DialectName) =>
  prepared(
    ["kinds", "now", "workerId", "lockedUntil"],
    (db, params: { kinds: string[]; now: string; workerId: string; lockedUntil: string }) => {
      const next = db
        .selectFrom("jobs")
        .select("id")
        .where("kind", "in", params.kinds)
        .where((eb) =>
          eb.or([
            eb.and([eb("state", "=", "queued"), eb("run_at", "<=", params.now)]),
            eb.and([eb("state", "=", "running"), eb("locked_until", "<", params.now)]),
          ]),
        )
        .orderBy("run_at")
        .orderBy("id")
        .limit(1)
        .$if(dialect === "postgres", (query) => query.forUpdate().skipLocked());
      return db
        .updateTable("jobs")
        .set((eb) => ({
          state: "running",
          locked_by: params.workerId,
          locked_until: params.lockedUntil,
          attempts: eb("attempts", "+", 1),
          pending_key: null,
          updated_at: params.now,
        }))
        .where("id", "=", next)
        .returningAll();
    },
    { lists: ["kinds"] },
  ),
);

export async function claimJob(
  db: Executor,
  dialect: DialectName,
  workerId: string,
  options: { leaseMs: number; kinds: string[] },
): Promise<Job | null> {
  if (options.kinds.length === 0) return null;
  const now = new Date();
  const nowIso = now.toISOString();
  const row = await claimNext(dialect).first(db, {
    kinds: options.kinds,
    now: nowIso,
    workerId,
    lockedUntil: new Date(now.getTime() + options.leaseMs).toISOString(),
  });
  return row ? decode(row) : null;
}

// Extends the lease of a job this worker still holds; false when it has lost it.
export async function renewLease(db: Executor, job: Job, workerId: string, leaseMs: number): Promise<boolean> {
  const result = await db
    .updateTable("jobs")
    .set({ locked_until: new Date(Date.now() + leaseMs).toISOString() })
    .where("id", "=", job.id)
    .where("locked_by", "=", workerId)
    .where("state", "=", "running")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function completeJob(db: Executor, job: Job, workerId: string): Promise<boolean> {
  const now = new Date().toISOString();
  const result = await db
    .updateTable("jobs")
    .set({ state: "succeeded", locked_by: null, locked_until: null, updated_at: now, finished_at: now })
    .where("id", "=", job.id)
    .where("locked_by", "=", workerId)
    .where("state", "=", "running")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// Exponential backoff: base, 2×base, 4×base … capped, with a little jitter so failing jobs spread out.
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (1 + 0.1 * random()));
}

// A failed attempt: back to the queue after the backoff, or dead once its attempts are spent.
export async function failJob(
  db: Executor,
  job: Job,
  workerId: string,
  error: string,
  retry: { baseMs: number; maxMs: number },
): Promise<"queued" | "dead" | "lost"> {
  const now = new Date();
  const dead = job.attempts >= job.max_attempts;
  const result = await db
    .updateTable("jobs")
    .set({
      state: dead ? "dead" : "queued",
      run_at: dead
        ? job.run_at
        : new Date(now.getTime() + backoffMs(job.attempts, retry.baseMs, retry.maxMs)).toISOString(),
      last_error: error.slice(0, 4000),
      locked_by: null,
      locked_until: null,
      updated_at: now.toISOString(),
      finished_at: dead ? now.toISOString() : null,
    })
    .where("id", "=", job.id)
    .where("locked_by", "=", workerId)
    .where("state", "=", "running")
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return "lost";
  return dead ? "dead" : "queued";
}

// The handler asked to run again later (e.g. a webhook waiting out its backoff): not a failure, so the
// attempt is given back. A coalescing job that finds a newer waiting twin leaves the work to it.
export async function deferJob(db: Executor, job: Job, workerId: string, runAt: Date): Promise<void> {
  const now = new Date().toISOString();
  const requeue = (pendingKey: string | null) =>
    db
      .updateTable("jobs")
      .set((eb) => ({
        state: "queued",
        run_at: runAt.toISOString(),
        attempts: eb("attempts", "-", 1),
        pending_key: pendingKey,
        locked_by: null,
        locked_until: null,
        updated_at: now,
      }))
      .where("id", "=", job.id)
      .where("locked_by", "=", workerId)
      .where("state", "=", "running")
      .execute();
  if (!job.coalesce_key) {
    await requeue(null);
    return;
  }
  try {
    await requeue(job.coalesce_key);
  } catch {
    // Another job with the same coalesce key is already waiting: it will do this work.
    await completeJob(db, job, workerId);
  }
}

// Why a job died, for admins: dead jobs stay in the table with their last error.
export async function deadJobs(db: Executor, limit = 100) {
  return jobsInState(db, "dead", limit);
}

export async function jobsInState(db: Executor, state: JobsTable["state"], limit = 100, offset = 0) {
  const rows = await db
    .selectFrom("jobs")
    .selectAll()
    .where("state", "=", state)
    .orderBy(state === "queued" ? "run_at" : "updated_at", state === "queued" ? "asc" : "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(decode);
}

// Jobs by kind and state, and when the oldest due one started waiting, for /metrics. "stalled": claimed by a
// worker whose lease ran out (it died or hangs): waiting for another worker like a queued job, not running.
export interface QueueKindStats {
  kind: string;
  counts: Record<"queued" | "running" | "stalled" | "dead", number>;
  oldestDueAt: string | null;
}

export async function queueStats(
  db: Executor,
): Promise<{ counts: QueueKindStats["counts"]; oldestDueRunAt: string | null; kinds: QueueKindStats[] }> {
  const nowIso = new Date().toISOString();
  const classified = db
    .selectFrom("jobs")
    .select((eb) => [
      "kind",
      eb
        .case()
        .when(eb.and([eb("state", "=", "running"), eb("locked_until", "<", nowIso)]))
        .then("stalled")
        .else(eb.ref("state"))
        .end()
        .as("state"),
      eb
        .case()
        .when(eb.and([eb("state", "=", "queued"), eb("run_at", "<=", nowIso)]))
        .then(eb.ref("run_at"))
        .when(eb.and([eb("state", "=", "running"), eb("locked_until", "<", nowIso)]))
        .then(eb.ref("locked_until"))
        .end()
        .as("due_at"),
    ])
    .where("state", "in", ["queued", "running", "dead"])
    .as("classified");
  const rows = await db
    .selectFrom(classified)
    .select((eb) => [
      "classified.kind",
      "classified.state",
      eb.fn.countAll<number>().as("count"),
      eb.fn.min("classified.due_at").as("oldest_due_at"),
    ])
    .groupBy(["classified.kind", "classified.state"])
    .execute();
  const empty = () => ({ queued: 0, running: 0, stalled: 0, dead: 0 });
  const counts = empty();
  const kinds = new Map<string, QueueKindStats>();
  const earliest = (a: string | null, b: string | null) => (a && b ? (a < b ? a : b) : (a ?? b));
  for (const row of rows) {
    const state = row.state as keyof QueueKindStats["counts"];
    const entry = kinds.get(row.kind) ?? { kind: row.kind, counts: empty(), oldestDueAt: null };
    entry.counts[state] += Number(row.count);
    entry.oldestDueAt = earliest(entry.oldestDueAt, (row.oldest_due_at as string | null) ?? null);
    kinds.set(row.kind, entry);
    counts[state] += Number(row.count);
  }
  const all = [...kinds.values()];
  return {
    counts,
    kinds: all,
    oldestDueRunAt: all.reduce<string | null>((a, kind) => earliest(a, kind.oldestDueAt), null),
  };
}

export async function queueDepth(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("jobs")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("state", "in", ["queued", "running"])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

// An admin gives a dead job a fresh set of attempts. False when the job is not dead (anymore).
export async function retryDeadJob(db: Executor, id: number): Promise<boolean> {
  const now = new Date().toISOString();
  const result = await db
    .updateTable("jobs")
    .set({ state: "queued", attempts: 0, run_at: now, finished_at: null, updated_at: now })
    .where("id", "=", id)
    .where("state", "=", "dead")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
