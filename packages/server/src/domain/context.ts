import type { Transaction } from "kysely";
import type { Db } from "../db/index.ts";
import type { Database, EventsTable } from "../db/schema.ts";
import { appendEvent, type NewEvent } from "../events/append.ts";
import type { EventBus } from "../events/bus.ts";
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
  db: Db;
  bus: EventBus;
  actor: Actor | null;
  // The request behind the command (IP, user agent, how it authenticated), for the audit log.
  origin?: AuditOrigin;
}

export interface Tx {
  trx: Transaction<Database>;
  actor: Actor | null;
  origin?: AuditOrigin;
  now: string;
  // `task`: the row of the task the event is about, as just written (spares the story derivation a read).
  emit(event: NewEvent, task?: TaskRow): Promise<EventsTable>;
}

// A command's writes and its events commit together; listeners hear of the events only after commit.
export async function transact<T>(ctx: Ctx, work: (tx: Tx) => Promise<T>): Promise<T> {
  const emitted: EventsTable[] = [];
  const result = await ctx.db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const memo: StoryMemo = new Set();
    const tx: Tx = {
      trx,
      actor: ctx.actor,
      origin: ctx.origin,
      now,
      async emit(event, task) {
        const row = await appendEvent(trx, ctx.actor?.gid ?? null, event, now);
        await deriveStory(trx, row, task, memo);
        await auditFromEvent(trx, row, ctx.actor, ctx.origin);
        emitted.push(row);
        return row;
      },
    };
    return work(tx);
  });
  ctx.bus.publish(emitted);
  return result;
}

export const flag = (value: boolean): 0 | 1 => (value ? 1 : 0);
export const nowIso = () => new Date().toISOString();
