import type { Duplex } from "node:stream";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ApiError, type ErrorDetail, formatBytes, RateLimitedError } from "../errors.ts";

const HELP =
  "For more information on API status codes and how to handle them, read the docs on errors: /api/1.0/docs#errors";

// A 400's message names the field first ("name: …"); the field is also given on its own, for programs.
const FIELD_FIRST = /^([a-z_][a-z0-9_]*(?:[.[][a-z0-9_\]]*)*): /i;

export function errorBody(message: string, help = HELP, detail: ErrorDetail = {}) {
  const { field } = detail;
  return {
    errors: [
      {
        message,
        help,
        ...(field ? { field } : {}),
        ...(detail.code ? { code: detail.code } : {}),
        ...(detail.params ? { params: detail.params } : {}),
      },
    ],
  };
}

// What the multipart parser (@fastify/busboy) throws on a body that does not match its Content-Type: no
// boundary, a cut-off part, a broken part header. The client's fault, so a 400 from any multipart route.
const MULTIPART_PARSE_ERROR =
  /^(Multipart: Boundary not found|Unexpected end of multipart data|\w+ terminated early due to unexpected end of multipart data|Malformed part header)/;

export function handleError(error: FastifyError | ApiError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ApiError) {
    if (error instanceof RateLimitedError) reply.header("Retry-After", String(Math.max(1, error.retryAfterSeconds)));
    const field = error.detail.field ?? (error.status === 400 ? FIELD_FIRST.exec(error.message)?.[1] : undefined);
    return reply.status(error.status).send(errorBody(error.message, error.help, { ...error.detail, field }));
  }
  const fastifyError = error as FastifyError;
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ code: (error as { code?: string }).code }, "database unavailable");
    reply.header("Retry-After", "5");
    return reply.status(503).send(errorBody("The database is unavailable for a moment. Please retry shortly."));
  }
  if (fastifyError.code === "FST_ERR_MAX_PARAM_LENGTH") {
    return reply.status(404).send(errorBody("Unknown object: the id in the path is too long."));
  }
  if (fastifyError.code === "FST_ERR_CTP_INVALID_JSON_BODY" || fastifyError instanceof SyntaxError) {
    return reply.status(400).send(errorBody("Could not parse request body as JSON."));
  }
  if (fastifyError.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
    return reply.status(400).send(errorBody("data: Missing input. The request body is empty."));
  }
  if (fastifyError.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    const limit = request.server.takt?.config.maxBodyBytes;
    return reply
      .status(413)
      .send(errorBody(`The request body is too large: the limit is ${limit ? formatBytes(limit) : "exceeded"}.`));
  }
  if (fastifyError.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return reply.status(415).send(errorBody("Unsupported Content-Type: send application/json."));
  }
  // PostgreSQL refuses U+0000 in text (22021); bodies and queries are checked in validation.ts, this catches paths.
  if (fastifyError.code === "22021") {
    return reply.status(400).send(errorBody("The request contains a NUL character, which cannot be stored."));
  }
  if (MULTIPART_PARSE_ERROR.test(fastifyError.message) && !fastifyError.code) {
    return reply.status(400).send(errorBody("The multipart/form-data body is malformed."));
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return reply.status(fastifyError.statusCode).send(errorBody(fastifyError.message));
  }
  request.log.error({ err: error }, "unhandled error");
  return reply.status(500).send(errorBody("Server Error"));
}

// Requests Node's HTTP parser refuses before Fastify sees them (a URL or headers past 16 KB, a malformed
// request line) get Asana's error shape too, not Fastify's {"error","statusCode"}.
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, reason, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "The request line or headers are too large: the limit is 16 KB."]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", "The request took too long to arrive."]
        : [400, "Bad Request", "The request is malformed."];
  const body = JSON.stringify(errorBody(message));
  // As Node itself decides: answer unless a response on this (keep-alive) connection is already under way.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy(error);
    return;
  }
  // Answer, then read and drop the rest of the request: closing with unread input would reset the
  // connection and the client could lose the answer. The client hangs up once it has read it.
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.resume();
  setTimeout(() => socket.destroy(), 5_000).unref();
}

// PostgreSQL restarting, failing over or refusing connections: the request may be retried, so a 503, not a 500.
// Class 08 is connection exceptions; 57P01–57P03 are shutdown and "cannot connect now".
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "57P01", "57P02", "57P03"]);
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|terminating connection|Client has encountered a connection error|timeout exceeded when trying to connect)/;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}
