import { type FastifyReply, type FastifyRequest, LogController } from "fastify";
import type { Config } from "../config.ts";

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const enabled = (level: string, threshold: string) => (LEVELS[level] ?? 0) >= (LEVELS[threshold] ?? Infinity);

// One access line per request instead of Fastify's two ("incoming request" and "request completed"), at the level
// an admin chooses (accessLogLevel); below the server's logLevel it is decided once, here, and costs nothing per
// request. The line carries the request (serialized by log-redaction.ts: no secrets in URLs), the status and the
// time. Errors are still logged by Fastify's own controller, at error level.
export class AccessLogController extends LogController {
  readonly #incoming: boolean;
  readonly #completed: "info" | "debug" | "trace" | null;

  constructor(config: Pick<Config, "logLevel" | "accessLogLevel">) {
    super();
    const level = config.accessLogLevel;
    // Who debugs a hung request wants to see it arrive: only at debug or trace.
    this.#incoming = enabled("debug", config.logLevel);
    this.#completed = level !== "silent" && enabled(level, config.logLevel) ? level : null;
  }

  override incomingRequest(request: FastifyRequest): void {
    if (this.#incoming) request.log.debug({ req: request }, "incoming request");
  }

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (error) super.requestCompleted(error, request, reply);
    else if (this.#completed)
      request.log[this.#completed](
        { req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime },
        "request completed",
      );
  }
}
