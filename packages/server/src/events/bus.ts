import { EventEmitter } from "node:events";
import type { EventsTable } from "../db/schema.ts";

// Fan-out of committed events to in-process listeners (realtime sockets, later job wakers).
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
}
