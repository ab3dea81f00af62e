import type { Kysely } from "kysely";
import type { Database, EventsTable } from "../db/schema.ts";
import type { EventBus } from "./bus.ts";
import { eventAudience } from "./event.policy.ts";
import { presentEvent } from "./event.presenter.ts";

export interface RealtimeClient {
  userGid: number;
  isOpen(): boolean;
  send(text: string): void;
}

interface Log {
  warn(details: object, message: string): void;
}

// Fans committed events out to this node's sockets. Events that arrive together are checked as one batch:
// who may see them is decided for every connected user at once (a few queries per batch, see eventAudience),
// not per socket and event. Batches are delivered one after another, so each socket gets events in commit order.
export class RealtimeHub {
  private readonly clients = new Set<RealtimeClient>();
  private pending: EventsTable[] = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Kysely<Database>,
    bus: EventBus,
    private readonly log?: Log,
  ) {
    this.unsubscribe = bus.subscribe((event) => this.enqueue(event));
  }

  add(client: RealtimeClient): () => void {
    this.clients.add(client);
    return () => this.clients.delete(client);
  }

  close(): void {
    this.unsubscribe();
    this.clients.clear();
  }

  // Resolves once every event heard so far has been delivered (tests, shutdown).
  idle(): Promise<void> {
    return this.chain;
  }

  private enqueue(event: EventsTable): void {
    if (this.clients.size === 0) return;
    this.pending.push(event);
    if (this.scheduled) return;
    this.scheduled = true;
    // The events of one commit are published synchronously: gather them, then check them together.
    queueMicrotask(() => {
      this.scheduled = false;
      const batch = this.pending;
      this.pending = [];
      this.chain = this.chain.then(() => this.deliver(batch));
    });
  }

  private async deliver(events: EventsTable[]): Promise<void> {
    const clients = [...this.clients].filter((client) => client.isOpen());
    if (clients.length === 0) return;
    try {
      const audience = await eventAudience(
        this.db,
        events,
        clients.map((client) => client.userGid),
      );
      for (const event of events) {
        const listeners = audience.get(event.id);
        if (!listeners?.size) continue;
        const text = JSON.stringify({ type: "event", event: presentEvent(event) });
        for (const client of clients) {
          if (listeners.has(client.userGid) && client.isOpen()) client.send(text);
        }
      }
    } catch (error) {
      this.log?.warn({ err: error }, "realtime delivery failed");
    }
  }
}
