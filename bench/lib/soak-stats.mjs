// Small statistics for the soak: percentiles, least-squares slope, and a keep-alive HTTP client that
// times each request and never throws on a status code.
import http from "node:http";

export function percentile(sorted, fraction) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank];
}

export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : null,
  };
}

// Slope of y over x by ordinary least squares (null with fewer than 2 points or no spread in x).
export function slope(points) {
  const n = points.length;
  if (n < 2) return null;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (const [x, y] of points) {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  }
  return denominator === 0 ? null : numerator / denominator;
}

export const mean = (values) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null);

export const mb = (bytes) => (bytes == null ? null : bytes / 1024 ** 2);

// One keep-alive pool for the whole run, like a client library would use.
export function httpClient(base, { maxSockets, timeoutMs }) {
  // FIFO: every pooled connection is used in turn, so none sits idle until the server closes it under a request.
  const agent = new http.Agent({ keepAlive: true, maxSockets, scheduling: "fifo" });
  const url = new URL(base);
  return {
    // Resolves {status, text, ms} for any answer; rejects on socket errors and timeouts.
    request(method, path, token, data) {
      const body = data === undefined ? undefined : JSON.stringify({ data });
      const started = performance.now();
      return new Promise((resolve, reject) => {
        const request = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path,
            headers: {
              authorization: `Bearer ${token}`,
              ...(body === undefined
                ? {}
                : { "content-type": "application/json", "content-length": Buffer.byteLength(body) }),
            },
          },
          (response) => {
            const chunks = [];
            response.on("data", (chunk) => chunks.push(chunk));
            response.on("end", () =>
              resolve({
                status: response.statusCode,
                text: Buffer.concat(chunks).toString("utf8"),
                ms: performance.now() - started,
              }),
            );
            response.on("error", reject);
          },
        );
        request.setTimeout(timeoutMs, () => {
          // Where it hung: still connecting, request not fully sent, or sent and never answered.
          const socket = request.socket;
          const where = !socket
            ? "no connection from the pool"
            : socket.connecting
              ? "still connecting"
              : `connected from port ${socket.localPort}, ${socket.bytesWritten} bytes sent, ${socket.bytesRead} read`;
          request.destroy(new Error(`timeout after ${timeoutMs} ms (${where})`));
        });
        request.on("error", reject);
        request.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
