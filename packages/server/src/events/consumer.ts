import type { Transaction } from "kysely";
import type { Db, DialectName } from "../db/index.ts";
import { relaxedCommit, withRelaxedSync } from "../db/relaxed-sync.ts";
import type { Database, EventsTable } from "../db/schema.ts";
import { newGid } from "../ids.ts";

// gids carry 12 bits of counter under the milliseconds (see ids.ts): this many ids per millisecond.
export const GIDS_PER_MS = 4096;

// Event ids are taken when a command runs, not when it commits, so a slow transaction can commit an event
// with a smaller id than one already read. Readers re-scan this much time behind their cursor and rely on
// their consumer to be idempotent per event (unique keys), so such late events are neither lost nor applied twice.
export const LATE_COMMIT_WINDOW_MS = 10_000;

// SQLite has a single writer and one process serves it: its transactions run one after another on one
// connection, so an event id taken inside one is always above every id committed before it and late commits
// cannot happen there. The window is still re-scanned now and then, in case another process (a CLI command)
// wrote to the same file. PostgreSQL re-scans it at every step.
export const SQLITE_LATE_SCAN_EVERY_MS = 5_000;

// The id that stands for "this many milliseconds ago".
export function gidMillisAgo(ms: number): number {
  return newGid() - ms * GIDS_PER_MS;
}

export interface EventConsumer {
  name: string;
  // Runs in the transaction that advances the cursor. Must be idempotent per event: a late-commit re-scan or
  // another node may hand it an event again. Answers true when it enqueued jobs (the worker then wakes).
  handle(trx: Transaction<Database>, events: EventsTable[]): Promise<boolean>;
}

// The ids of events handed to a consumer recently, in order, as 8-byte numbers in one typed array: under a stream
// of writes the re-scan window holds tens of thousands (10 s at 3,500 events/s) for each consumer, which a Set kept
// at ~40 bytes apiece. Fresh batches arrive in ascending order and are appended; a late commit is placed by a
// binary search.
export class HandledIds {
  private ids = new Float64Array(1024);
  private start = 0;
  private end = 0;

  get size(): number {
    return this.end - this.start;
  }

  // The position of the first id at or above `id` (`end` when none is).
  private lowerBound(id: number): number {
    let low = this.start;
    let high = this.end;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ids[middle] < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  has(id: number): boolean {
    const at = this.lowerBound(id);
    return at < this.end && this.ids[at] === id;
  }

  // How many ids lie in (floor, last].
  countIn(floor: number, last: number): number {
    return this.lowerBound(last + 1) - this.lowerBound(floor + 1);
  }

  add(id: number): void {
    this.room();
    if (this.size > 0 && id <= this.ids[this.end - 1]) {
      const at = this.lowerBound(id);
      if (at < this.end && this.ids[at] === id) return;
      this.ids.copyWithin(at + 1, at, this.end);
      this.ids[at] = id;
      this.end += 1;
      return;
    }
    this.ids[this.end++] = id;
  }

  // Forgets the ids at or below `floor`.
  dropThrough(floor: number): void {
    this.start = this.lowerBound(floor + 1);
    if (this.start === this.end) this.start = this.end = 0;
  }

  // Space for one more id: the live part moved to the front, or a larger array.
  private room(): void {
    if (this.end < this.ids.length) return;
    const live = this.ids.subarray(this.start, this.end);
    const next = live.length * 2 > this.ids.length ? new Float64Array(this.ids.length * 2) : this.ids;
    next.set(live);
    this.ids = next;
    this.end -= this.start;
    this.start = 0;
  }
}

export interface ConsumerState {
  // Events this process has handed to the consumer recently (ids inside the re-scan window).
  seen: HandledIds;
  // The cursor row exists (created on the first step).
  ready: boolean;
  // When the late-commit window was last re-scanned (performance.now()).
  lateScannedAt: number;
}

export function newConsumerState(): ConsumerState {
  return { seen: new HandledIds(), ready: false, lateScannedAt: Number.NEGATIVE_INFINITY };
}

export interface ConsumerPass {
  batches: Map<number, EventsTable[]>;
  // How many events the late-commit window behind a cursor holds, and their ids once someone needed them.
  windowCounts: Map<number, number>;
  windowIds: Map<number, number[]>;
}

export function newConsumerPass(): ConsumerPass {
  return { batches: new Map(), windowCounts: new Map(), windowIds: new Map() };
}

// The ids in the late-commit window behind the cursor that may not have been handled here. Events are never
// deleted, so the window only gains rows: when it holds as many as this process has handled in it, none is
// new, and the count (an index range the database counts itself) spares reading thousands of ids under a
// stream of writes on every step of every consumer.
async function lateCommits(
  trx: Transaction<Database>,
  pass: ConsumerPass,
  state: ConsumerState,
  last: number,
): Promise<number[]> {
  const floor = Math.max(0, last - LATE_COMMIT_WINDOW_MS * GIDS_PER_MS);
  let count = pass.windowCounts.get(last);
  if (count === undefined) {
    const row = await trx
      .selectFrom("events")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("id", ">", floor)
      .where("id", "<=", last)
      .executeTakeFirstOrThrow();
    count = Number(row.n);
    pass.windowCounts.set(last, count);
  }
  if (state.seen.countIn(floor, last) >= count) return [];
  let ids = pass.windowIds.get(last);
  if (!ids) {
    ids = (await trx.selectFrom("events").select("id").where("id", ">", floor).where("id", "<=", last).execute()).map(
      (row) => row.id,
    );
    pass.windowIds.set(last, ids);
  }
  return ids;
}

// One step: the next batch after the cursor, plus late commits in the window behind it, handled and the cursor
// advanced in one transaction. Returns how many events were handled and whether more are waiting.
export async function consumeEvents(
  db: Db,
  dialect: DialectName,
  consumer: EventConsumer,
  state: ConsumerState,
  batchSize = 500,
  // What this pass over the consumers already read, by the cursor it was read at: consumers at the same cursor
  // share one read. A read a moment ago may miss events committed since: those come next step.
  pass: ConsumerPass = newConsumerPass(),
): Promise<{ handled: number; more: boolean; enqueued: boolean }> {
  if (!state.ready) {
    await db
      .insertInto("consumer_cursors")
      .values({ name: consumer.name, last_event_id: 0, updated_at: new Date().toISOString() })
      .onConflict((conflict) => conflict.column("name").doNothing())
      .execute();
    state.ready = true;
  }
  const now = performance.now();
  const rescan = dialect === "postgres" || now - state.lateScannedAt >= SQLITE_LATE_SCAN_EVERY_MS;
  if (rescan) state.lateScannedAt = now;
  // The cursor and what the consumer enqueues are replayed after a crash: no fsync of their own (relaxed-sync.ts).
  const outcome = await withRelaxedSync(db, dialect, (connection) =>
    connection.transaction().execute(async (trx) => {
      await relaxedCommit(trx, dialect);
      // On PostgreSQL one node at a time consumes; the others skip this tick instead of waiting.
      const cursor = await trx
        .selectFrom("consumer_cursors")
        .select("last_event_id")
        .where("name", "=", consumer.name)
        .$if(dialect === "postgres", (query) => query.forUpdate().skipLocked())
        .executeTakeFirst();
      if (!cursor) return { handled: [] as number[], more: false, upper: 0, enqueued: false };
      const last = cursor.last_event_id;
      const fresh =
        pass.batches.get(last) ??
        (await trx.selectFrom("events").selectAll().where("id", ">", last).orderBy("id").limit(batchSize).execute());
      pass.batches.set(last, fresh);
      const upper = fresh.length ? fresh[fresh.length - 1].id : last;
      const lateIds = rescan ? (await lateCommits(trx, pass, state, last)).filter((id) => !state.seen.has(id)) : [];
      const unseen = new Set(lateIds);
      const late = unseen.size
        ? (
            await trx
              .selectFrom("events")
              .selectAll()
              .where("id", ">=", Math.min(...unseen))
              .where("id", "<=", last)
              .orderBy("id")
              .execute()
          ).filter((event) => unseen.has(event.id))
        : [];
      const events = [...late, ...fresh];
      const enqueued = events.length > 0 && (await consumer.handle(trx, events));
      if (upper !== last) {
        await trx
          .updateTable("consumer_cursors")
          .set({ last_event_id: upper, updated_at: new Date().toISOString() })
          .where("name", "=", consumer.name)
          .execute();
      }
      return { handled: events.map((event) => event.id), more: fresh.length === batchSize, upper, enqueued };
    }),
  );
  for (const id of outcome.handled) state.seen.add(id);
  // Ids at or below the window behind the cursor are never re-scanned: forget them.
  if (outcome.upper) state.seen.dropThrough(outcome.upper - LATE_COMMIT_WINDOW_MS * GIDS_PER_MS);
  return { handled: outcome.handled.length, more: outcome.more, enqueued: outcome.enqueued };
}
