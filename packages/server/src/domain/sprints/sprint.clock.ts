import type { EventsTable } from "../../db/schema.ts";
import { appendEvent } from "../../events/append.ts";
import type { Ctx, Tx } from "../context.ts";
import { deriveStory } from "../stories/story.derive.ts";

// When a sprint command happens. The API never passes it (commands run "now"); the demo loader and tests pass
// an explicit past time to write a sprint's history, so that the burndown — computed from event times — has
// real past days. State rows and event rows are written together as with transact().
export interface Clock {
  now?: string;
}

export async function transactAt<T>(ctx: Ctx, clock: Clock, work: (tx: Tx) => Promise<T>): Promise<T> {
  const emitted: EventsTable[] = [];
  const result = await ctx.db.transaction().execute(async (trx) => {
    const now = clock.now ?? new Date().toISOString();
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
