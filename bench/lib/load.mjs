// One measured row: autocannon over loopback for a bounded time, with the server's resident memory sampled.
import autocannon from "autocannon";
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

async function cannon(options) {
  return new Promise((resolve, reject) => {
    const { path = "", ...rest } = options;
    const instance = autocannon({ ...rest, url: `${options.url}${path}` }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    instance.on("error", reject);
  });
}

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
  if (warmup > 0) await cannon(optionsOf(server.base, scenario, connections, warmup));
  await settle(server);
  const { result, peakRssMiB } = await sampleMemory(server.pid, () =>
    cannon(optionsOf(server.base, scenario, connections, duration)),
  );
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
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    max: result.latency.max,
    total: result.requests.total,
    errors: result.non2xx + result.errors + result.timeouts,
    failures: { non2xx: result.non2xx, socket: result.errors, timeouts: result.timeouts, statuses },
    peakRssMiB,
    hwmMiB: memoryOf(server.pid).hwmMiB,
  };
}
