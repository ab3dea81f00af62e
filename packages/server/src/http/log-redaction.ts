import type { FastifyRequest } from "fastify";

const REDACTED = "[redacted]";

// Paths whose last part is a bearer secret: whoever holds the URL holds the power it grants.
const SECRET_PATHS = [
  /^(\/api\/1\.0\/invitations\/accept\/)[^/?#]+/,
  /^(\/api\/1\.0\/crm\/intake\/)[^/?#]+/,
  /^(\/invite\/)[^/?#]+/,
  /^(\/reset-password\/)[^/?#]+/,
];

// Query parameters that only ever carry ids, paging and field lists; every other value (search text, sync
// tokens, anything a user typed) is replaced, since a URL may hold what a body would not.
const PLAIN_PARAMS = new Set([
  "limit",
  "offset",
  "opt_fields",
  "opt_pretty",
  "workspace",
  "project",
  "section",
  "team",
  "assignee",
  "resource",
  "user",
  "parent",
  "tag",
  "completed_since",
  "modified_since",
]);

// A request URL fit for the log: secret path parts and free-text query values replaced.
export function redactUrl(url: string): string {
  const [path, query] = splitOnce(url, "?");
  let safePath = path;
  for (const pattern of SECRET_PATHS) safePath = safePath.replace(pattern, `$1${REDACTED}`);
  if (query === null) return safePath;
  const params = query.split("&").map((pair) => {
    const [name] = splitOnce(pair, "=");
    return PLAIN_PARAMS.has(decodeSafely(name)) ? pair : `${name}=${REDACTED}`;
  });
  return `${safePath}?${params.join("&")}`;
}

function splitOnce(text: string, separator: string): [string, string | null] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, null] : [text.slice(0, at), text.slice(at + 1)];
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// Fastify's request log line, with the URL redacted; headers (cookies, Authorization) are never logged.
export function requestSerializer(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

// pino's own guard, for any code that logs a request or its headers whole.
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "headers.cookie",
  "request.headers.authorization",
  "request.headers.cookie",
  "password",
  "*.password",
  "token",
  "*.token",
];
