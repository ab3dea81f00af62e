import type { Transaction } from "kysely";
import type { Db } from "../db/index.ts";
import type { Database, EventsTable } from "../db/schema.ts";
import { appendEvent, type NewEvent } from "../events/append.ts";
import type { EventBus } from "../events/bus.ts";
import { deriveStory } from "./stories/story.derive.ts";

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
}

export interface Tx {
  trx: Transaction<Database>;
  actor: Actor | null;
  now: string;
  emit(event: NewEvent): Promise<EventsTable>;
}

// A command's writes and its events commit together; listeners hear of the events only after commit.
export async function transact<T>(ctx: Ctx, work: (tx: Tx) => Promise<T>): Promise<T> {
  const emitted: EventsTable[] = [];
  const result = await ctx.db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const tx: Tx = {
      trx,
      actor: ctx.actor,
      now,
      async emit(event) {
        const row = await appendEvent(trx, ctx.actor?.gid ?? null, event, now);
        await deriveStory(trx, row);
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
