import type { FastifyInstance } from "fastify";
import { pools } from "../db/index.ts";
import { queueStats } from "../jobs/queue.ts";
import { requestContext } from "../jobs/request-context.ts";

// A small Prometheus registry (text exposition format 0.0.4): counters and histograms with labels.
type Labels = Record<string, string>;

const escapeLabel = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(",")}}` : "";
};

export class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    const entry = this.values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    this.values.set(key, entry);
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines.join("\n");
  }
}

export class Histogram {
  private readonly series = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly bounds: number[],
  ) {}
  observe(labels: Labels, value: number): void {
    const key = labelText(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels, buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    for (let index = 0; index < this.bounds.length; index++) if (value <= this.bounds[index]) entry.buckets[index]++;
    entry.sum += value;
    entry.count++;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, buckets, sum, count } of this.series.values()) {
      this.bounds.forEach((bound, index) => {
        lines.push(`${this.name}_bucket${labelText({ ...labels, le: String(bound) })} ${buckets[index]}`);
      });
      lines.push(`${this.name}_bucket${labelText({ ...labels, le: "+Inf" })} ${count}`);
      lines.push(`${this.name}_sum${labelText(labels)} ${sum}`);
      lines.push(`${this.name}_count${labelText(labels)} ${count}`);
    }
    return lines.join("\n");
  }
}

const gauge = (name: string, help: string, samples: [Labels, number][]) =>
  [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} gauge`,
    ...samples.map(([labels, value]) => `${name}${labelText(labels)} ${value}`),
  ].join("\n");

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

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// Process-wide: one process serves one app (tests with several apps in one process share the counts).
export const httpRequests = new Counter("takt_http_requests_total", "HTTP requests answered, by route and status.");
export const httpDuration = new Histogram(
  "takt_http_request_duration_seconds",
  "HTTP request latency, by route and status.",
  SECONDS,
);
export const jobsProcessed = new Counter("takt_jobs_processed_total", "Job attempts finished, by kind and outcome.");
export const jobDuration = new Histogram("takt_job_duration_seconds", "Job attempt duration, by kind.", [
  ...SECONDS,
  30,
  60,
]);
export const eventDeliveryLag = new Histogram(
  "takt_event_delivery_lag_seconds",
  "Time from an event's commit to its delivery on this node's realtime bus.",
  SECONDS,
);

// Request timing, request ids for jobs, and GET /metrics. Registered on the root instance (not encapsulated).
export function registerMetrics(app: FastifyInstance): void {
  const { db, bus } = app.takt;
  // Every enqueueJob while serving this request records its id (see jobs/request-context.ts).
  // The rest of the request (hooks, handler) runs inside this context; nothing outside it inherits the id.
  app.addHook("onRequest", (request, _reply, done) => {
    requestContext.run({ requestId: String(request.id) }, done);
  });
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

  app.get("/metrics", async (_request, reply) => {
    const now = Date.now();
    const stats = await queueStats(db);
    const newest = await db.selectFrom("events").select("created_at").orderBy("id", "desc").limit(1).executeTakeFirst();
    const pool = pools.get(db);
    const sockets = (app as FastifyInstance & { websocketServer?: { clients: Set<unknown> } }).websocketServer;
    const sections = [
      httpRequests.render(),
      httpDuration.render(),
      gauge(
        "takt_jobs",
        "Jobs in the queue, by state (dead = dead-letter, needs an admin).",
        Object.entries(stats.counts).map(([state, count]) => [{ state }, count]),
      ),
      gauge("takt_job_queue_lag_seconds", "Age of the oldest due job still waiting to be claimed.", [
        [{}, stats.oldestDueRunAt ? Math.max(0, (now - Date.parse(stats.oldestDueRunAt)) / 1000) : 0],
      ]),
      jobsProcessed.render(),
      jobDuration.render(),
      gauge("takt_event_newest_age_seconds", "Age of the newest event in the database.", [
        [{}, newest ? Math.max(0, (now - Date.parse(newest.created_at)) / 1000) : 0],
      ]),
      gauge(
        "takt_event_delivery_behind_seconds",
        "How far this node's realtime delivery trails the newest event (0 when caught up).",
        [
          [
            {},
            newest && bus.lastDelivery
              ? Math.max(0, (Date.parse(newest.created_at) - Date.parse(bus.lastDelivery.eventCreatedAt)) / 1000)
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
      // Process memory: a leak shows as a heap that keeps growing (bench/soak.mjs samples it).
      ...processMemory(),
    ];
    return reply.type("text/plain; version=0.0.4; charset=utf-8").send(`${sections.join("\n")}\n`);
  });
}
