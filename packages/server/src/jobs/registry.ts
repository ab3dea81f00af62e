import type { EventConsumer } from "../events/consumer.ts";
import type { Takt } from "../takt.ts";
import type { Job } from "./queue.ts";

// A handler gets the job (its id is the idempotency key for any side effect) and may ask to run again later.
export type JobHandler = (job: Job, takt: Takt) => Promise<undefined | { rerunAt: Date }>;

export const handlers = new Map<string, JobHandler>();
export const consumers = new Map<string, EventConsumer>();

// Areas register the job kinds they handle and the event consumers they run, once, at import time
// (list the area's registration module in jobs/handlers.ts).
export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

export function registerEventConsumer(consumer: EventConsumer): void {
  consumers.set(consumer.name, consumer);
}
