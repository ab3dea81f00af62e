import type { FastifyInstance } from "fastify";
import { credentialKey } from "../domain/auth/credential.ts";
import { RATE_LIMITED_MESSAGE, RateLimitedError } from "../errors.ts";

// Token buckets in this node's memory: each key holds up to `capacity` requests and refills at capacity per
// window, so a client may burst to the limit and then sustain limit/window. O(1) per request; idle buckets
// (full again) are swept once per window, and past maxKeys the oldest keys are dropped, which only forgets
// them (a forgotten key starts with a full bucket). With several nodes each node counts its own requests.
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    readonly capacity: number,
    readonly windowMs: number,
    readonly maxKeys = 100_000,
  ) {
    this.perMs = capacity / windowMs;
  }

  // 0 when the request may go ahead, otherwise the seconds until one more request is allowed.
  take(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.evict(now);
      this.buckets.set(key, { tokens: this.capacity - 1, at: now });
      return 0;
    }
    const tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    if (tokens >= 1) {
      bucket.tokens = tokens - 1;
      return 0;
    }
    bucket.tokens = tokens;
    return Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
  }

  get size(): number {
    return this.buckets.size;
  }

  // Drops buckets that have refilled completely: they behave exactly as absent ones.
  sweep(now = Date.now()): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.capacity) this.buckets.delete(key);
    }
  }

  private evict(now: number): void {
    this.sweep(now);
    // Still full of live keys (many clients at once): forget the oldest tenth.
    let excess = this.buckets.size - Math.floor(this.maxKeys * 0.9);
    for (const key of this.buckets.keys()) {
      if (excess-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}

// Requests in flight per key; an entry exists only while its key has requests running.
export class InFlight {
  private readonly running = new Map<string, number>();

  constructor(readonly limit: number) {}

  enter(key: string): boolean {
    const count = this.running.get(key) ?? 0;
    if (count >= this.limit) return false;
    this.running.set(key, count + 1);
    return true;
  }

  leave(key: string): void {
    const count = (this.running.get(key) ?? 1) - 1;
    if (count <= 0) this.running.delete(key);
    else this.running.set(key, count);
  }

  get size(): number {
    return this.running.size;
  }
}

const tooMany = (retryAfterSeconds: number) => new RateLimitedError(RATE_LIMITED_MESSAGE, retryAfterSeconds);

// Asana's model: requests per minute per token (or session), requests in flight at once per token, and
// unauthenticated requests per client address. Only /api/ is limited: health checks, /metrics and the web
// app's static files are not. Runs after authentication (registerAuth), which tells the two kinds apart: a
// request counts against its credential only when that credential was accepted (keyed by its hash, whatever
// the cookie's name), and every other one — no credential, an unknown cookie, a wrong or revoked token —
// against its address, in rate and in requests in flight.
export function registerRateLimits(app: FastifyInstance): void {
  const { config } = app.takt;
  const perToken =
    config.rateLimitPerMinute > 0 ? new TokenBuckets(config.rateLimitPerMinute, config.rateLimitWindowMs) : null;
  const perAddress =
    config.rateLimitIpPerMinute > 0 ? new TokenBuckets(config.rateLimitIpPerMinute, config.rateLimitWindowMs) : null;
  const inFlight = config.rateLimitConcurrent > 0 ? new InFlight(config.rateLimitConcurrent) : null;
  if (!perToken && !perAddress && !inFlight) return;

  const sweeper = setInterval(() => {
    perToken?.sweep();
    perAddress?.sweep();
  }, config.rateLimitWindowMs);
  sweeper.unref();
  app.addHook("onClose", async () => clearInterval(sweeper));

  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith("/api/")) return;
    const credential = request.actor ? request.credential : null;
    const key = credential ? credentialKey(credential) : `address:${request.ip}`;
    const wait = (credential ? perToken : perAddress)?.take(key) ?? 0;
    if (wait > 0) throw tooMany(wait);
    // A WebSocket stays open for hours: it counts as a request, not as one in flight.
    if (inFlight && !request.headers.upgrade) {
      if (!inFlight.enter(key)) throw tooMany(1);
      reply.raw.once("close", () => inFlight.leave(key));
    }
  });
}
