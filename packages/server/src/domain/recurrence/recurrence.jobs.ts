import type { EventConsumer } from "../../events/consumer.ts";
import { enqueueJob } from "../../jobs/queue.ts";
import { registerEventConsumer, registerJobHandler } from "../../jobs/registry.ts";
import { spawnNextOccurrence } from "./recurrence.commands.ts";

export const RECURRENCE_NEXT = "recurrence.next";

function completedTrue(change: string | null): boolean {
  if (!change) return false;
  const parsed = JSON.parse(change) as { field?: string; new_value?: unknown };
  return parsed.field === "completed" && parsed.new_value === true;
}

// Completions of recurring tasks become one job each (keyed by the event); the job's own unique mark makes
// the next occurrence exactly once whatever the delivery count.
export const recurrenceConsumer: EventConsumer = {
  name: "recurrence",
  async handle(trx, events) {
    const completions = events.filter(
      (event) => event.resource_type === "task" && event.action === "changed" && completedTrue(event.change),
    );
    if (completions.length === 0) return false;
    const recurring = new Set(
      (
        await trx
          .selectFrom("task_recurrences")
          .select("task_gid")
          .where(
            "task_gid",
            "in",
            completions.map((event) => event.resource_gid),
          )
          .execute()
      ).map((row) => row.task_gid),
    );
    let enqueued = false;
    for (const event of completions) {
      if (!recurring.has(event.resource_gid)) continue;
      const id = await enqueueJob(trx, {
        kind: RECURRENCE_NEXT,
        payload: { task: event.resource_gid },
        key: `${RECURRENCE_NEXT}:${event.id}`,
      });
      enqueued ||= id !== null;
    }
    return enqueued;
  },
};

registerEventConsumer(recurrenceConsumer);
registerJobHandler(RECURRENCE_NEXT, async (job, takt) => {
  await spawnNextOccurrence(takt, Number(job.payload.task));
  return undefined;
});
