import type { Transaction } from "kysely";
import { groupCommitOf } from "../db/group-commit.ts";
import type { Db } from "../db/index.ts";
import type { Database, EventsTable } from "../db/schema.ts";
import { appendEvent, type NewEvent } from "../events/append.ts";
import type { EventBus } from "../events/bus.ts";
import { bindRequest } from "../jobs/request-context.ts";
import { auditFromEvent } from "./audit/audit.derive.ts";
import type { AuditOrigin } from "./audit/audit.record.ts";
import { deriveStory, type StoryMemo, type TaskRow } from "./stories/story.derive.ts";

export interface Actor {
  gid: number;
  name: string;
  email: string;
  language: string;
}

export interface Ctx {
  // Inside a unit of work this is the unit's transaction: reads see the unit's own writes.
  db: Db;
  bus: EventBus;
  actor: Actor | null;
  // The request behind the command (IP, user agent, how it authenticated), for the audit log.
  origin?: AuditOrigin;
  // Set inside a unit of work: every command run with this context joins it instead of opening its own.
  unit?: Tx;
}

export interface Tx {
  trx: Transaction<Database>;
  actor: Actor | null;
  origin?: AuditOrigin;
  now: string;
  // `task`: the row of the task the event is about, as just written (spares the story derivation a read).
  emit(event: NewEvent, task?: TaskRow): Promise<EventsTable>;
  // Runs once the unit has committed (never if it rolls back): news for other processes, such as sockets to close.
  afterCommit(effect: () => void): void;
  // The events the unit has written so far, in order (published to listeners only once it has committed).
  readonly emitted: readonly EventsTable[];
}

// When a command happens. Requests never pass one (commands run "now"); the demo loader and tests pass an
// explicit past time to write history (a sprint's burndown is computed from event times).
export interface Clock {
  now?: string;
}

// A command's writes, its events, the stories derived from them and the audit rows commit together; listeners
// hear of the events only after commit. Run inside a unit of work, the command joins it.
export async function transact<T>(ctx: Ctx, work: (tx: Tx) => Promise<T>, clock: Clock = {}): Promise<T> {
  if (ctx.unit) {
    const unit = ctx.unit;
    return work(
      clock.now && clock.now !== unit.now ? { ...unit, now: clock.now, emit: emitterAt(unit, clock.now) } : unit,
    );
  }
  // SQLite with group commit: the unit shares a transaction (and its COMMIT's fsync) with the units queued with
  // it; it still commits or rolls back as a whole, and its events and effects follow its COMMIT (db/group-commit.ts).
  const group = groupCommitOf(ctx.db);
  if (group) {
    let opened: OpenTx | undefined;
    return group.run(
      (trx) => {
        opened = openTx(ctx, trx, clock.now ?? new Date().toISOString());
        return work(opened);
      },
      () => {
        if (!opened) return;
        ctx.bus.publish(opened.emitted);
        for (const effect of opened.effects) effect();
      },
    );
  }
  let emitted: EventsTable[] = [];
  let effects: (() => void)[] = [];
  const result = await ctx.db.transaction().execute(async (trx) => {
    const tx = openTx(ctx, trx, clock.now ?? new Date().toISOString());
    emitted = tx.emitted;
    effects = tx.effects;
    return work(tx);
  });
  ctx.bus.publish(emitted);
  for (const effect of effects) effect();
  return result;
}

// One request, one unit of work: everything `work` does through the context it is given — the checks it reads,
// the commands it runs — happens in one transaction. A refusal anywhere leaves no row, event, story or audit entry.
export async function unitOfWork<T, C extends Ctx = Ctx>(
  ctx: C,
  work: (ctx: C & { unit: Tx }) => Promise<T>,
  clock: Clock = {},
): Promise<T> {
  if (ctx.unit) return work(ctx as C & { unit: Tx });
  return transact(ctx, (tx) => work({ ...ctx, db: tx.trx, unit: tx }), clock);
}

type OpenTx = Tx & {
  readonly emitted: EventsTable[];
  effects: (() => void)[];
  write(event: NewEvent, now: string, task?: TaskRow): Promise<EventsTable>;
};

function openTx(ctx: Ctx, trx: Transaction<Database>, now: string): OpenTx {
  // Jobs enqueued in this unit name its request (with group commit, the units sharing the transaction run one
  // after another, each opened here as it starts).
  bindRequest(trx, ctx.origin?.requestId);
  const memo: StoryMemo = new Set();
  const emitted: EventsTable[] = [];
  const effects: (() => void)[] = [];
  const write = async (event: NewEvent, at: string, task?: TaskRow) => {
    const row = await appendEvent(trx, ctx.actor?.gid ?? null, event, at);
    await deriveStory(trx, row, task, memo);
    await auditFromEvent(trx, row, ctx.actor, ctx.origin);
    emitted.push(row);
    return row;
  };
  const tx: OpenTx = {
    trx,
    actor: ctx.actor,
    origin: ctx.origin,
    now,
    emitted,
    effects,
    afterCommit: (effect) => effects.push(effect),
    write,
    emit: (event, task) => write(event, now, task),
  };
  return tx;
}

function emitterAt(unit: Tx, now: string): Tx["emit"] {
  const { write } = unit as OpenTx;
  return (event, task) => write(event, now, task);
}

export const flag = (value: boolean): 0 | 1 => (value ? 1 : 0);
export const nowIso = () => new Date().toISOString();
