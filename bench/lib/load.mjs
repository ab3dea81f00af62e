// One measured row: autocannon over loopback for a bounded time, with the server's resident memory sampled.
import autocannon from "autocannon";
import { percentile } from "./soak-stats.mjs";
import { memoryOf, sampleMemory } from "./takt-server.mjs";

// A scenario: { name, method?, path?, body?, headers?, next?() } where next() answers the next request
// ({ method, path, headers, body }) so requests can rotate over tasks, people and kinds.
function optionsOf(base, scenario, connections, duration) {
  const options = {
    url: base,
    connections,
    duration,
    // A request slower than this counts as a timeout (an error), not as an endless wait.
    timeout: 10,
  };
  if (scenario.next) {
    options.requests = [
      {
        setupRequest: (request) => {
          const next = scenario.next();
          return {
            ...request,
            method: next.method,
            path: next.path,
            headers: next.headers,
            body: next.body === undefined ? undefined : JSON.stringify(next.body),
          };
        },
      },
    ];
  } else {
    options.method = scenario.method ?? "GET";
    options.path = scenario.path;
    options.headers = scenario.headers;
    options.body = scenario.body === undefined ? undefined : JSON.stringify(scenario.body);
  }
  return options;
}

async function cannon(options, onResponse) {
  return new Promise((resolve, reject) => {
    const { path = "", ...rest } = options;
    const instance = autocannon({ ...rest, url: `${options.url}${path}` }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    instance.on("error", reject);
    if (onResponse) instance.on("response", onResponse);
  });
}

// A warm-up and its row on the same connections: one autocannon run of warm-up + duration seconds, the row's
// figures taken from the answers to requests sent after the warm-up. Separate runs would open the row's
// connections afresh in its first milliseconds, and a Node.js server under load accepts one new connection per
// turn of its event loop (libuv), so the row's p99 would be how long the last of 50 new connections waited to be
// accepted, not how long a request takes. That wait is reported on its own: the slowest first answer of a
// connection (`firstAnswerMaxMs`).
async function windowed(options, warmup, duration) {
  const answers = [];
  const firstOf = new Map();
  let started = 0;
  const result = await cannon({ ...options, duration: warmup + duration }, (client, _status, _bytes, ms) => {
    const sent = performance.now() - ms;
    started ||= sent;
    if (!firstOf.has(client)) firstOf.set(client, ms);
    answers.push({ sent, ms });
  });
  const from = started + warmup * 1000;
  const latencies = answers
    .filter((answer) => answer.sent >= from)
    .map((answer) => answer.ms)
    .sort((a, b) => a - b);
  const round = (value) => (value === null || value === undefined ? Number.NaN : Math.round(value * 10) / 10);
  return {
    result,
    figures: {
      requestsPerSecond: latencies.length / duration,
      p50: round(percentile(latencies, 0.5)),
      p99: round(percentile(latencies, 0.99)),
      mean: latencies.reduce((sum, value) => sum + value, 0) / (latencies.length || 1),
      max: round(latencies.at(-1)),
      total: latencies.length,
      firstAnswerMaxMs: round(Math.max(...firstOf.values())),
    },
  };
}

// A row without a warm-up: autocannon's own figures for the whole run.
const figuresOf = (result) => ({
  requestsPerSecond: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  mean: result.latency.average,
  max: result.latency.max,
  total: result.requests.total,
  firstAnswerMaxMs: null,
});

// Requests a row left in flight keep the server busy after autocannon stops; the next row starts only once
// the server answers /healthz promptly again (or after a minute), so rows do not pay for each other.
export async function settle(server, { quickMs = 250, limitMs = 60_000 } = {}) {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    const sent = performance.now();
    try {
      await (await fetch(`${server.base}/healthz`, { signal: AbortSignal.timeout(limitMs) })).arrayBuffer();
    } catch {}
    if (performance.now() - sent < quickMs) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return performance.now() - started;
}

export async function measure(server, scenario, { connections, duration, warmup = 0 }) {
  await settle(server);
  const options = optionsOf(server.base, scenario, connections, duration);
  const {
    result: { result, figures },
    peakRssMiB,
  } = await sampleMemory(server.pid, async () => {
    if (warmup > 0) return windowed(options, warmup, duration);
    const whole = await cannon(options);
    return { result: whole, figures: figuresOf(whole) };
  });
  const statuses = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
    if (!code.startsWith("2")) statuses[code] = stats.count;
  }
  return {
    name: scenario.name,
    kind: scenario.kind,
    request: scenario.describe,
    connections,
    duration,
    ...figures,
    // Errors of the whole run, warm-up included.
    errors: result.non2xx + result.errors + result.timeouts,
    failures: { non2xx: result.non2xx, socket: result.errors, timeouts: result.timeouts, statuses },
    peakRssMiB,
    hwmMiB: memoryOf(server.pid).hwmMiB,
  };
}
