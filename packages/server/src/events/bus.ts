import { EventEmitter } from "node:events";
import type { EventsTable } from "../db/schema.ts";

// Carries committed events and job wake-ups to the other app nodes (PostgreSQL LISTEN/NOTIFY, see pg-bridge.ts).
export interface BusTransport {
  sendEvents(events: EventsTable[]): void;
  sendJobs(): void;
  sendCredentialsEnded(userGids: number[]): void;
}

// Ids of events already delivered here: a node hears its own NOTIFY back and must not deliver twice.
const REMEMBERED_EVENTS = 10_000;

// Fan-out of committed events to in-process listeners (realtime sockets, the job worker). Without a transport
// (SQLite, one process) it is purely in-process; with one, local events are delivered at once and sent to the
// other nodes, and events from other nodes arrive through receive().
export class EventBus {
  private readonly emitter = new EventEmitter();
  private transport: BusTransport | null = null;
  private readonly delivered = new Set<number>();
  // Newest delivered event: its commit-to-delivery lag, for /metrics.
  lastDelivery: { eventCreatedAt: string; deliveredAt: number } | null = null;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  attach(transport: BusTransport | null): void {
    this.transport = transport;
  }

  publish(events: EventsTable[]): void {
    this.deliver(events);
    if (this.transport && events.length) this.transport.sendEvents(events);
  }

  // Events committed on another node (or echoed back from ours): delivered once per id.
  receive(events: EventsTable[]): void {
    this.deliver(events);
  }

  // Whether this event was already delivered here (a reconnecting transport catches up without repeats).
  hasDelivered(id: number): boolean {
    return this.delivered.has(id);
  }

  private deliver(events: EventsTable[]): void {
    for (const event of events) {
      if (this.delivered.has(event.id)) continue;
      this.delivered.add(event.id);
      if (this.delivered.size > REMEMBERED_EVENTS) {
        const oldest = this.delivered.values().next().value;
        if (oldest !== undefined) this.delivered.delete(oldest);
      }
      this.lastDelivery = { eventCreatedAt: event.created_at, deliveredAt: Date.now() };
      this.emitter.emit("event", event);
    }
  }

  subscribe(listener: (event: EventsTable) => void): () => void {
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }

  // A job was enqueued (after its transaction committed): wake the workers instead of waiting for their poll.
  notifyJobs(): void {
    this.emitter.emit("jobs");
    this.transport?.sendJobs();
  }

  // A wake-up from another node.
  receiveJobs(): void {
    this.emitter.emit("jobs");
  }

  onJobs(listener: () => void): () => void {
    this.emitter.on("jobs", listener);
    return () => this.emitter.off("jobs", listener);
  }

  // Some session or token of these people ended (sign-out, revocation, password change or reset), after commit:
  // realtime sockets of theirs on every node check their credential again and close if it is gone.
  credentialsEnded(userGids: number[]): void {
    if (userGids.length === 0) return;
    this.emitter.emit("credentials", userGids);
    this.transport?.sendCredentialsEnded(userGids);
  }

  // The same news from another node.
  receiveCredentialsEnded(userGids: number[]): void {
    this.emitter.emit("credentials", userGids);
  }

  onCredentialsEnded(listener: (userGids: number[]) => void): () => void {
    this.emitter.on("credentials", listener);
    return () => this.emitter.off("credentials", listener);
  }
}
