import pg from "pg";
import type { Db } from "../db/index.ts";
import type { EventsTable } from "../db/schema.ts";
import type { EventBus } from "./bus.ts";

export const EVENTS_CHANNEL = "takt_events";
export const JOBS_CHANNEL = "takt_jobs";
// User gids whose sessions or tokens ended: their sockets on every node re-check their credential.
export const CREDENTIALS_CHANNEL = "takt_credentials";
// NOTIFY payloads are limited to 8000 bytes: ids go out in chunks well under it.
const IDS_PER_NOTIFY = 300;
// After a reconnect, events this recent that were not delivered yet are caught up.
const CATCH_UP_LIMIT = 1000;

interface Log {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface PgBridge {
  // Resolves once the listening connection is up (tests wait for it before writing).
  ready: Promise<void>;
  close(): Promise<void>;
}

// Connects a node's EventBus to every other node on the same PostgreSQL: after commit the writer sends
// NOTIFY takt_events '<id,id,…>'; every node LISTENs on a dedicated connection (reconnecting), reads those
// event rows and delivers them on its bus (which skips ids it already delivered, its own included).
export function startPgBridge(bus: EventBus, db: Db, databaseUrl: string, log?: Log): PgBridge {
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = 250;
  let lastId = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  // Sends and deliveries each keep their order: a node's events reach the others in its commit order.
  let sending = Promise.resolve();
  let receiving = Promise.resolve();
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const notify = (channel: string, payload: string) => {
    sending = sending
      .then(() =>
        db.selectNoFrom((eb) => eb.fn<string>("pg_notify", [eb.val(channel), eb.val(payload)]).as("sent")).execute(),
      )
      .then(
        () => {},
        (error: unknown) => log?.warn({ err: error, channel }, "NOTIFY failed"),
      );
  };

  const deliver = (load: () => Promise<EventsTable[]>) => {
    receiving = receiving
      .then(async () => {
        const rows = await load();
        const fresh = rows.filter((row) => !bus.hasDelivered(row.id));
        if (fresh.length) bus.receive(fresh);
        for (const row of rows) if (row.id > lastId) lastId = row.id;
      })
      .catch((error: unknown) => log?.warn({ err: error }, "realtime fan-in failed"));
  };

  const onNotification = (message: pg.Notification) => {
    if (message.channel === JOBS_CHANNEL) {
      bus.receiveJobs();
      return;
    }
    const ids = (message.payload ?? "")
      .split(",")
      .map(Number)
      .filter((id) => Number.isSafeInteger(id) && id > 0);
    if (message.channel === CREDENTIALS_CHANNEL) {
      if (ids.length) bus.receiveCredentialsEnded(ids);
      return;
    }
    if (!ids.length || ids.every((id) => bus.hasDelivered(id))) return;
    deliver(() => db.selectFrom("events").selectAll().where("id", "in", ids).orderBy("id").execute());
  };

  const scheduleReconnect = () => {
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 10_000);
  };

  const connect = () => {
    const next = new pg.Client({ connectionString: databaseUrl });
    client = next;
    next.on("notification", onNotification);
    next.on("error", (error) => {
      log?.warn({ err: error }, "realtime LISTEN connection lost");
      next.removeAllListeners("notification");
      next.end().catch(() => {});
      if (client === next) client = null;
      scheduleReconnect();
    });
    next.on("end", () => {
      if (client === next) {
        client = null;
        scheduleReconnect();
      }
    });
    next
      .connect()
      .then(() => next.query(`LISTEN ${EVENTS_CHANNEL}; LISTEN ${JOBS_CHANNEL}; LISTEN ${CREDENTIALS_CHANNEL}`))
      .then(() => {
        if (closed) return next.end();
        retryMs = 250;
        markReady();
        // Events committed while this node was not listening: deliver those it has not seen.
        if (lastId > 0) {
          deliver(() =>
            db.selectFrom("events").selectAll().where("id", ">", lastId).orderBy("id").limit(CATCH_UP_LIMIT).execute(),
          );
        }
      })
      .catch((error: unknown) => {
        log?.warn({ err: error }, "realtime LISTEN connection failed");
        next.end().catch(() => {});
        if (client === next) client = null;
        scheduleReconnect();
      });
  };

  bus.attach({
    sendEvents(events) {
      for (const event of events) if (event.id > lastId) lastId = event.id;
      for (let start = 0; start < events.length; start += IDS_PER_NOTIFY) {
        notify(
          EVENTS_CHANNEL,
          events
            .slice(start, start + IDS_PER_NOTIFY)
            .map((event) => event.id)
            .join(","),
        );
      }
    },
    sendJobs() {
      notify(JOBS_CHANNEL, "");
    },
    sendCredentialsEnded(userGids) {
      for (let start = 0; start < userGids.length; start += IDS_PER_NOTIFY) {
        notify(CREDENTIALS_CHANNEL, userGids.slice(start, start + IDS_PER_NOTIFY).join(","));
      }
    },
  });
  connect();

  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      bus.attach(null);
      await sending;
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
