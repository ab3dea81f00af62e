import { EventEmitter } from "node:events";
import type { EventsTable } from "../db/schema.ts";

// Fan-out of committed events to in-process listeners (realtime sockets, the job worker).
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(events: EventsTable[]): void {
    for (const event of events) this.emitter.emit("event", event);
  }

  subscribe(listener: (event: EventsTable) => void): () => void {
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }

  // A job was enqueued (after its transaction committed): wake the local worker instead of waiting for its poll.
  notifyJobs(): void {
    this.emitter.emit("jobs");
  }

  onJobs(listener: () => void): () => void {
    this.emitter.on("jobs", listener);
    return () => this.emitter.off("jobs", listener);
  }
}
