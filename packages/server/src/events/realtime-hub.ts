import type { Kysely } from "kysely";
import type { Database, EventsTable } from "../db/schema.ts";
import { type Credential, credentialKey, liveCredentials } from "../domain/auth/credential.ts";
import type { EventBus } from "./bus.ts";
import { eventAudience } from "./event.policy.ts";
import { presentEvent } from "./event.presenter.ts";
import { neighboursSeen, placementFor, placementsOf } from "./realtime-placement.ts";

export interface RealtimeClient {
  userGid: number;
  // What the socket was opened with: it lives only as long as this does.
  credential: Credential;
  isOpen(): boolean;
  send(text: string): void;
  close(code: number, reason: string): void;
}

// Close codes a client can tell apart: its credential ended (sign in again), or its access changed (reconnect).
export const CREDENTIAL_ENDED = { code: 4401, reason: "Not Authorized: the session or token has ended" };
export const ACCESS_CHANGED = { code: 4403, reason: "Access changed: removed from a workspace" };

// A person removed from a workspace (an event every node hears): their sockets close, whatever else they see.
const removesFromWorkspace = (event: EventsTable) =>
  event.resource_type === "user" && event.action === "removed" && event.parent_type === "workspace";

interface Log {
  warn(details: object, message: string): void;
}

// Fans committed events out to this node's sockets. Events that arrive together are checked as one batch:
// who may see them is decided for every connected user at once (a few queries per batch, see eventAudience),
// not per socket and event. Batches are delivered one after another, so each socket gets events in commit order.
// A socket is bound to the credential that opened it: when the bus says a person's sessions or tokens ended
// (on any node) their sockets are checked at once, and every batch checks all credentials again before
// sending (two queries), so nothing reaches a socket whose session ended, expired or whose token was revoked.
// A task placed in a section (created, moved, reordered) also carries `placement`: the section and the tasks now
// just before and after it, each named only to a reader who sees that task (see realtime-placement.ts), so a
// board applies the move from the message without asking the server again.
export class RealtimeHub {
  private readonly clients = new Set<RealtimeClient>();
  private pending: EventsTable[] = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private readonly unsubscribeCredentials: () => void;

  constructor(
    private readonly db: Kysely<Database>,
    bus: EventBus,
    private readonly log?: Log,
  ) {
    this.unsubscribe = bus.subscribe((event) => this.enqueue(event));
    this.unsubscribeCredentials = bus.onCredentialsEnded((userGids) => this.recheck(userGids));
  }

  add(client: RealtimeClient): () => void {
    this.clients.add(client);
    return () => this.clients.delete(client);
  }

  close(): void {
    this.unsubscribe();
    this.unsubscribeCredentials();
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

  // Some credentials of these people ended: their sockets are checked, in turn with deliveries.
  private recheck(userGids: number[]): void {
    const people = new Set(userGids);
    if (![...this.clients].some((client) => people.has(client.userGid))) return;
    this.chain = this.chain.then(async () => {
      try {
        await this.dropEnded([...this.clients].filter((client) => people.has(client.userGid)));
      } catch (error) {
        this.log?.warn({ err: error }, "realtime credential check failed");
      }
    });
  }

  // Closes the sockets whose credential no longer holds; answers the ones still open.
  private async dropEnded(clients: RealtimeClient[]): Promise<RealtimeClient[]> {
    const live = await liveCredentials(
      this.db,
      clients.map((client) => client.credential),
    );
    return clients.filter((client) => {
      if (live.has(credentialKey(client.credential))) return true;
      this.drop(client, CREDENTIAL_ENDED);
      return false;
    });
  }

  private drop(client: RealtimeClient, why: { code: number; reason: string }): void {
    this.clients.delete(client);
    if (client.isOpen()) client.close(why.code, why.reason);
  }

  private async deliver(events: EventsTable[]): Promise<void> {
    const removed = new Set(events.filter(removesFromWorkspace).map((event) => event.resource_gid));
    for (const client of this.clients) if (removed.has(client.userGid)) this.drop(client, ACCESS_CHANGED);
    if (![...this.clients].some((client) => client.isOpen())) return;
    try {
      const clients = await this.dropEnded([...this.clients].filter((client) => client.isOpen()));
      if (clients.length === 0) return;
      const userGids = clients.map((client) => client.userGid);
      const [audience, placements] = await Promise.all([
        eventAudience(this.db, events, userGids),
        placementsOf(this.db, events),
      ]);
      const seen = placements.size ? await neighboursSeen(this.db, placements.values(), userGids) : null;
      for (const event of events) {
        const listeners = audience.get(event.id);
        if (!listeners?.size) continue;
        const presented = presentEvent(event);
        const placement = placements.get(event.id);
        if (!placement || !seen) {
          const text = JSON.stringify({ type: "event", event: presented });
          for (const client of clients) {
            if (listeners.has(client.userGid) && client.isOpen()) client.send(text);
          }
          continue;
        }
        // A task placed in a section: each reader is told its neighbours that reader sees (one text per variant).
        const texts = new Map<string, string>();
        for (const client of clients) {
          if (!listeners.has(client.userGid) || !client.isOpen()) continue;
          const told = placementFor(placement, client.userGid, seen);
          const variant = `${told.after}:${told.before}`;
          let text = texts.get(variant);
          if (text === undefined) {
            text = JSON.stringify({ type: "event", event: presented, placement: told });
            texts.set(variant, text);
          }
          client.send(text);
        }
      }
    } catch (error) {
      this.log?.warn({ err: error }, "realtime delivery failed");
    }
  }
}
