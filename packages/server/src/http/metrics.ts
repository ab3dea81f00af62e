import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { groupCommitOf } from "../db/group-commit.ts";
import { type Db, pools } from "../db/index.ts";
import { walSyncOf } from "../db/wal-sync.ts";
import { consumerBacklogs, newestEventAt } from "../events/event.stats.ts";
import { webhookBacklog } from "../integrations/webhooks/webhook.queries.ts";
import { queueStats } from "../jobs/queue.ts";
import { eventDeliveryLag, gauge, httpDuration, httpRequests, jobDuration, jobsProcessed } from "../metrics.ts";
import { release } from "../version.ts";
import { errorBody } from "./errors.ts";

function processMemory(): string[] {
  const memory = process.memoryUsage();
  return [
    gauge("takt_process_resident_memory_bytes", "Resident memory of this process in bytes.", [[{}, memory.rss]]),
    gauge("takt_process_heap_used_bytes", "V8 heap in use in bytes.", [[{}, memory.heapUsed]]),
    gauge("takt_process_heap_total_bytes", "V8 heap allocated in bytes.", [[{}, memory.heapTotal]]),
    gauge("takt_process_external_memory_bytes", "Memory of C++ objects bound to JavaScript (buffers) in bytes.", [
      [{}, memory.external],
    ]),
  ];
}

function sqliteCommits(db: Db): string[] {
  const group = groupCommitOf(db);
  const sync = walSyncOf(db);
  return [
    ...(group
      ? [
          group.unitsPerCommit.render(),
          gauge("takt_sqlite_commit_units_max", "The most units of work one SQLite COMMIT has carried since start.", [
            [{}, group.largest],
          ]),
        ]
      : []),
    ...(sync ? [sync.flushSeconds.render()] : []),
  ];
}

// Event-loop delay: a timer asks to run every 50 ms and records how late it ran. A loop blocked by a long
// synchronous task delays every request on the node. Reported since the previous scrape (or start), then reset.
const LOOP_SAMPLE_MS = 50;
const loopDelays: number[] = [];
let loopDelayMax = 0;
let loopExpected = performance.now() + LOOP_SAMPLE_MS;
setInterval(() => {
  const now = performance.now();
  const late = Math.max(0, now - loopExpected) / 1000;
  loopExpected = now + LOOP_SAMPLE_MS;
  loopDelayMax = Math.max(loopDelayMax, late);
  // At most the last 10 minutes of samples between two scrapes.
  if (loopDelays.length >= 12_000) loopDelays.shift();
  loopDelays.push(late);
}, LOOP_SAMPLE_MS).unref();

function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function processLoad(): string[] {
  const cpu = process.cpuUsage();
  const lines = [
    [
      "# HELP takt_process_cpu_seconds_total CPU time this process has used, by mode.",
      "# TYPE takt_process_cpu_seconds_total counter",
      `takt_process_cpu_seconds_total{mode="user"} ${cpu.user / 1e6}`,
      `takt_process_cpu_seconds_total{mode="system"} ${cpu.system / 1e6}`,
    ].join("\n"),
    gauge(
      "takt_event_loop_lag_seconds",
      "Event-loop delay since the previous scrape, by quantile (max: the longest single stall).",
      [
        [{ quantile: "0.5" }, quantile(loopDelays, 0.5)],
        [{ quantile: "0.99" }, quantile(loopDelays, 0.99)],
        [{ quantile: "max" }, loopDelayMax],
      ],
    ),
  ];
  loopDelays.length = 0;
  loopDelayMax = 0;
  return lines;
}

// The scraper named the metrics token (compared in constant time, by hash so lengths do not matter).
function carriesToken(request: FastifyRequest, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
  if (!given) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}

// Request timing and GET /metrics. Registered on the root instance (not encapsulated).
export function registerMetrics(app: FastifyInstance): void {
  const { db, bus } = app.takt;
  app.addHook("onResponse", async (request, reply) => {
    // The route pattern (/api/1.0/tasks/:task_gid), never the raw URL: bounded label values.
    const route = request.routeOptions.url ?? "unmatched";
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    httpRequests.inc(labels);
    httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
  const unsubscribe = bus.subscribe((event) => {
    const lag = (Date.now() - Date.parse(event.created_at)) / 1000;
    if (Number.isFinite(lag)) eventDeliveryLag.observe({}, Math.max(0, lag));
  });
  app.addHook("onClose", async () => unsubscribe());

  // Off unless a token is set: the same answer as any unknown path, so the listener does not say it exists.
  app.get("/metrics", async (request, reply) => {
    const token = app.takt.config.metricsToken;
    if (!token || !carriesToken(request, token)) {
      return reply.status(404).send(errorBody("No route for GET /metrics"));
    }
    const now = Date.now();
    const stats = await queueStats(db);
    const newestAt = await newestEventAt(db);
    const webhooks = await webhookBacklog(db);
    const consumers = await consumerBacklogs(db);
    const age = (at: string | null) => (at ? Math.max(0, (now - Date.parse(at)) / 1000) : 0);
    const pool = pools.get(db);
    const sockets = (app as FastifyInstance & { websocketServer?: { clients: Set<unknown> } }).websocketServer;
    const sections = [
      gauge("takt_build_info", "The release this process runs (always 1).", [
        [{ version: release.version, build: release.build, node: process.versions.node }, 1],
      ]),
      httpRequests.render(),
      httpDuration.render(),
      gauge(
        "takt_jobs",
        "Jobs by state: queued (waiting, some for a later time), running, stalled (its worker's lease ran out: " +
          "waiting for another worker), dead (out of attempts, needs an admin).",
        Object.entries(stats.counts).map(([state, count]) => [{ state }, count]),
      ),
      gauge(
        "takt_jobs_by_kind",
        "Jobs by kind (rule.run, webhook.flush, schedule:<name>…) and state.",
        stats.kinds.flatMap((kind) =>
          Object.entries(kind.counts).map(([state, count]): [Record<string, string>, number] => [
            { kind: kind.kind, state },
            count,
          ]),
        ),
      ),
      gauge(
        "takt_job_queue_lag_seconds",
        "Age of the oldest due job still waiting to be claimed (queued or stalled).",
        [[{}, age(stats.oldestDueRunAt)]],
      ),
      gauge(
        "takt_job_queue_lag_by_kind_seconds",
        "Age of the oldest due job still waiting, by kind.",
        stats.kinds.map((kind): [Record<string, string>, number] => [{ kind: kind.kind }, age(kind.oldestDueAt)]),
      ),
      gauge("takt_webhook_backlog", "Events recorded for a webhook and not yet delivered.", [[{}, webhooks.pending]]),
      gauge(
        "takt_webhook_oldest_undelivered_seconds",
        "Age of the oldest event still waiting for its webhook (0 when none waits).",
        [[{}, age(webhooks.oldestAt)]],
      ),
      gauge(
        "takt_event_consumer_backlog",
        "Events written but not yet handled, by consumer (rules, webhooks, notifications…; capped at 100000).",
        consumers.map((consumer): [Record<string, string>, number] => [{ consumer: consumer.name }, consumer.backlog]),
      ),
      gauge(
        "takt_event_consumer_behind_seconds",
        "Age of the oldest event a consumer has not handled yet (0 when caught up).",
        consumers.map((consumer): [Record<string, string>, number] => [
          { consumer: consumer.name },
          age(consumer.oldestAt),
        ]),
      ),
      jobsProcessed.render(),
      jobDuration.render(),
      gauge("takt_event_newest_age_seconds", "Age of the newest event in the database.", [
        [{}, newestAt ? Math.max(0, (now - Date.parse(newestAt)) / 1000) : 0],
      ]),
      gauge(
        "takt_event_delivery_behind_seconds",
        "How far this node's realtime delivery trails the newest event (0 when caught up).",
        [
          [
            {},
            newestAt && bus.lastDelivery
              ? Math.max(0, (Date.parse(newestAt) - Date.parse(bus.lastDelivery.eventCreatedAt)) / 1000)
              : 0,
          ],
        ],
      ),
      eventDeliveryLag.render(),
      gauge("takt_websocket_connections", "Open WebSocket connections on this node.", [
        [{}, sockets?.clients.size ?? 0],
      ]),
      gauge("takt_db_pool_connections", "PostgreSQL pool clients, by state (SQLite: none).", [
        [{ state: "total" }, pool?.totalCount ?? 0],
        [{ state: "idle" }, pool?.idleCount ?? 0],
        [{ state: "waiting" }, pool?.waitingCount ?? 0],
      ]),
      // SQLite group commit (off, or PostgreSQL: no series): how many units of work each COMMIT carried.
      ...sqliteCommits(db),
      // Process memory: a leak shows as a heap that keeps growing (bench/soak.mjs samples it).
      ...processMemory(),
      ...processLoad(),
    ];
    return reply.type("text/plain; version=0.0.4; charset=utf-8").send(`${sections.join("\n")}\n`);
  });
}
