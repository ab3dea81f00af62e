import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { parseAllowEntry } from "./integrations/webhooks/target-guard.ts";

// The sender when TAKT_MAIL_FROM is unset: many mail servers refuse it, so the admin area points it out.
export const DEFAULT_MAIL_FROM = "Takt <takt@localhost>";

const ConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  dataDir: z.string().min(1),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres://")
    .optional(),
  publicUrl: z.string().url().optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
  // The level of the one access line per request (http/access-log.ts); below logLevel it costs next to nothing.
  accessLogLevel: z.enum(["info", "debug", "trace", "silent"]),
  webDir: z.string().optional(),
  // Outgoing mail (invitations, notifications); unset: messages are logged instead of sent.
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  mailFrom: z.string().min(3),
  maxUploadBytes: z.coerce.number().int().min(1),
  // Largest file an import takes (a board's export zip with its files, a Slack export); held in memory and in
  // the import's row until its job has run.
  maxImportBytes: z.coerce.number().int().min(1024),
  // Admin setting: let webhooks target loopback, private and link-local addresses (off: such targets get a 400).
  webhookAllowPrivate: z.boolean(),
  // Admin setting: the few private addresses or CIDR ranges outgoing webhooks may reach ("10.0.0.5", "10.1.0.0/16").
  webhookAllowList: z.array(
    z.string().refine((entry) => parseAllowEntry(entry) !== null, "must be an IP address or a CIDR range"),
  ),
  // Strict-Transport-Security: "auto" sends it on requests that came over TLS (request.protocol, honouring
  // X-Forwarded-Proto), "always" on every answer (TLS ends at a proxy that does not say so), "off" never.
  hsts: z.enum(["auto", "always", "off"]),
  // Who may frame the public request form (/forms/:gid), as CSP frame-ancestors sources: "'self'",
  // "https://client.example.com"; every other page may not be framed at all.
  formFrameAncestors: z.string().regex(/^[^;,\r\n]+$/, "must be CSP sources separated by spaces"),
  webhookTimeoutMs: z.coerce.number().int().min(100),
  // First retry delay of a failing webhook; it doubles per attempt up to webhookRetryMaxMs, for 24 hours.
  webhookRetryBaseMs: z.coerce.number().int().min(1),
  webhookRetryMaxMs: z.coerce.number().int().min(1),
  jobPollMs: z.coerce.number().int().min(10),
  // How long a claimed job stays leased without a heartbeat (renewed every third of it): a killed worker's
  // jobs are picked up by another one after at most this long.
  jobLeaseMs: z.coerce.number().int().min(300).max(3_600_000),
  // Retention (jobs/retention.ts, hourly): succeeded and dead jobs finished longer ago than jobRetentionDays are
  // deleted, and webhook delivery log rows older than webhookDeliveryRetentionDays (a webhook's newest 100 stay).
  jobRetentionDays: z.coerce.number().int().min(1),
  webhookDeliveryRetentionDays: z.coerce.number().int().min(1),
  // Attachments in an S3-compatible bucket (all four of endpoint, bucket and keys); unset: in <dataDir>/attachments.
  s3Endpoint: z.string().url().optional(),
  s3Bucket: z.string().min(1).optional(),
  s3AccessKey: z.string().min(1).optional(),
  s3SecretKey: z.string().min(1).optional(),
  s3Region: z.string().min(1),
  // GET /metrics (Prometheus) answers only requests carrying "Authorization: Bearer <metricsToken>"; unset, it is
  // not served at all (404), so a listener on 0.0.0.0 does not publish queue sizes and traffic to anyone.
  metricsToken: z.string().min(16, "must be at least 16 characters").optional(),
  // web: HTTP + realtime, no job worker; worker: jobs only (HTTP serves /healthz, /readyz, /metrics); all: both.
  role: z.enum(["web", "worker", "all"]),
  // Key of secret custom field values (AES-256-GCM): 32 bytes as 64 hex digits or base64. Unset: generated once
  // and kept in <dataDir>/secret.key (SQLite) or the server_secrets table (PostgreSQL); see custom-fields/secret-box.ts.
  secretKey: z
    .string()
    .refine((value) => /^[0-9a-fA-F]{64}$/.test(value) || Buffer.from(value, "base64").length === 32, {
      message: "must be 32 bytes as 64 hex digits or base64",
    })
    .optional(),
  // Abuse limits (http/rate-limit.ts), counted in this node's memory: with several nodes each node counts its
  // own share. 0 turns a limit off. Requests per window per access token or session; unauthenticated requests
  // per client address; requests in flight at once per token or session.
  rateLimitPerMinute: z.coerce.number().int().min(0),
  rateLimitIpPerMinute: z.coerce.number().int().min(0),
  rateLimitConcurrent: z.coerce.number().int().min(0),
  // The window the per-minute limits refill over (one minute; tests shorten it).
  rateLimitWindowMs: z.coerce.number().int().min(100).max(3_600_000),
  // Sign-in lockout (domain/auth/login-throttle.ts, in the database, so it holds across restarts and nodes):
  // after this many failures in a row for one email (or from one address) sign-in is refused for
  // loginLockoutSeconds, doubling with each further failure up to loginLockoutMaxSeconds. 0 failures: off.
  loginMaxFailures: z.coerce.number().int().min(0),
  loginIpMaxFailures: z.coerce.number().int().min(0),
  loginLockoutSeconds: z.coerce.number().int().min(1),
  loginLockoutMaxSeconds: z.coerce.number().int().min(1),
  // Public form submissions per client address per minute, counted in the database (0: off).
  formSubmissionsPerMinute: z.coerce.number().int().min(0),
  // Request size: JSON bodies, rich text fields (notes, html_notes, text, html_text) and items of any list or
  // object in a body (followers, tags, custom_fields…).
  maxBodyBytes: z.coerce.number().int().min(1024),
  maxRichTextChars: z.coerce.number().int().min(1),
  maxItemsPerRequest: z.coerce.number().int().min(1),
  // Which proxies may set X-Forwarded-For (the client address the per-address limits count): true, false, or
  // comma-separated addresses, CIDRs and loopback/linklocal/uniquelocal. Default: loopback only (a proxy on the
  // same machine). A proxy elsewhere on the network is named by its address ("10.0.0.2") or range
  // ("loopback,uniquelocal" trusts every private-network peer). Trusting every proxy (true) lets any client name
  // its own address, and so escape per-address limits.
  trustProxy: z.union([z.boolean(), z.string().min(1)]),
  // On SIGTERM, /readyz answers 503 for this long before the listener closes, so a load balancer stops sending
  // new requests while in-flight ones finish (0: close at once).
  drainMs: z.coerce.number().int().min(0).max(600_000),
  // SQLite: write requests that arrive while one is committing commit together, one COMMIT (and fsync) for the
  // lot, each still all or nothing and answered only after that COMMIT (db/group-commit.ts). Off: one each.
  sqliteGroupCommit: z.boolean({ error: "must be on or off" }),
  // SQLite: a SELECT's rows come back as one JSON text, read several times faster than row by row
  // (db/packed-rows.ts). Off: row by row, as the driver gives them (to compare).
  sqlitePackedRows: z.boolean({ error: "must be on or off" }),
  // SQLite: requests start one per turn of the event loop, in the order they arrived, so new connections are
  // accepted between requests under load (turns.ts). Off: every ready request in one turn (to compare).
  sqliteRequestTurns: z.boolean({ error: "must be on or off" }),
  // SQLite: the page cache of the server's connection, in MiB. The operating system caches the database file
  // too, so a larger cache mostly saves system calls; each MiB here is a MiB of the server's resident memory.
  sqliteCacheMb: z.coerce.number().int().min(1).max(65_536),
  // SQLite: threads with connections of their own that run the costly SELECTs beside the event loop
  // (db/sqlite-threads.ts). 0: every statement on the server's connection.
  sqliteReadThreads: z.coerce.number().int().min(0).max(64),
});

export type Config = z.infer<typeof ConfigSchema>;

// SQLite's page cache when no setting names one (a tool that opens the database without the whole configuration
// gets the same).
export const DEFAULT_SQLITE_CACHE_MB = 4;

// One read thread for each core beyond the first (the event loop's), up to four.
function defaultReadThreads(): number {
  return Math.min(4, Math.max(1, os.availableParallelism() - 1));
}

export interface ConfigFlags {
  port?: string;
  host?: string;
  dataDir?: string;
  role?: string;
  databaseUrl?: string;
  logLevel?: string;
  // A JSON file whose keys are this config's names (port, dataDir, databaseUrl, role…).
  config?: string;
}

function readConfigFile(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`Invalid configuration: cannot read ${file}: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error(`Invalid configuration: ${file} must hold a JSON object`);
  }
  const known = new Set(Object.keys(ConfigSchema.shape));
  for (const key of Object.keys(parsed)) {
    if (!known.has(key)) throw new Error(`Invalid configuration: ${key}: unknown setting in ${file}`);
  }
  return parsed as Record<string, unknown>;
}

const bool = (value: string) => ["1", "true", "yes"].includes(value.toLowerCase());

// A switch: on/true/yes/1 or off/false/no/0; anything else is passed on for the schema to refuse.
function onOff(value: string | undefined): boolean | string | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (["on", "true", "yes", "1"].includes(lower)) return true;
  if (["off", "false", "no", "0"].includes(lower)) return false;
  return value;
}

// TAKT_TRUST_PROXY: true/false, or a comma-separated list of addresses.
function trustProxyOf(value: string | undefined): boolean | string | undefined {
  if (value === undefined) return undefined;
  return /^(true|false)$/i.test(value) ? value.toLowerCase() === "true" : value;
}

// Precedence: flags > environment > config file (--config or TAKT_CONFIG) > defaults.
export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const file = readConfigFile(flags.config ?? (env.TAKT_CONFIG || undefined));
  const envOf = (name: string) => (env[name] === "" ? undefined : env[name]);
  const pick = <T>(key: keyof Config, flag: T | undefined, fromEnv: T | undefined, fallback: unknown) =>
    flag ?? fromEnv ?? file[key] ?? fallback;
  const uploadMb = envOf("TAKT_MAX_UPLOAD_MB");
  const importMb = envOf("TAKT_MAX_IMPORT_MB");
  const bodyMb = envOf("TAKT_MAX_BODY_MB");
  // TAKT_RATE_LIMITS=off: no request rate or concurrency limits by default (load benchmarks, soak runs).
  const limitsOff = envOf("TAKT_RATE_LIMITS")?.toLowerCase() === "off";
  const allowPrivate = envOf("TAKT_WEBHOOK_ALLOW_PRIVATE");
  const dataDir = pick("dataDir", flags.dataDir, envOf("TAKT_DATA_DIR"), "./data");
  const result = ConfigSchema.safeParse({
    port: pick("port", flags.port, envOf("PORT"), 3000),
    host: pick("host", flags.host, envOf("HOST"), "0.0.0.0"),
    dataDir: typeof dataDir === "string" ? path.resolve(dataDir) : dataDir,
    databaseUrl: pick("databaseUrl", flags.databaseUrl, envOf("DATABASE_URL"), undefined),
    publicUrl: pick("publicUrl", undefined, envOf("TAKT_PUBLIC_URL"), undefined),
    logLevel: pick("logLevel", flags.logLevel, envOf("LOG_LEVEL"), "info"),
    accessLogLevel: pick("accessLogLevel", undefined, envOf("TAKT_ACCESS_LOG_LEVEL"), "info"),
    webDir: pick("webDir", undefined, envOf("TAKT_WEB_DIR"), undefined),
    smtpUrl: pick("smtpUrl", undefined, envOf("TAKT_SMTP_URL"), undefined),
    mailFrom: pick("mailFrom", undefined, envOf("TAKT_MAIL_FROM"), DEFAULT_MAIL_FROM),
    maxUploadBytes: pick(
      "maxUploadBytes",
      undefined,
      uploadMb === undefined ? undefined : Math.floor(Number(uploadMb) * 1024 * 1024),
      25 * 1024 * 1024,
    ),
    maxImportBytes: pick(
      "maxImportBytes",
      undefined,
      importMb === undefined ? undefined : Math.floor(Number(importMb) * 1024 * 1024),
      256 * 1024 * 1024,
    ),
    webhookAllowPrivate: pick(
      "webhookAllowPrivate",
      undefined,
      allowPrivate === undefined ? undefined : bool(allowPrivate),
      false,
    ),
    webhookAllowList: pick(
      "webhookAllowList",
      undefined,
      envOf("TAKT_WEBHOOK_ALLOW_LIST")
        ?.split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
      [],
    ),
    hsts: pick("hsts", undefined, envOf("TAKT_HSTS"), "auto"),
    formFrameAncestors: pick("formFrameAncestors", undefined, envOf("TAKT_FORM_FRAME_ANCESTORS"), "'self'"),
    webhookTimeoutMs: pick("webhookTimeoutMs", undefined, envOf("TAKT_WEBHOOK_TIMEOUT_MS"), 10_000),
    webhookRetryBaseMs: pick("webhookRetryBaseMs", undefined, envOf("TAKT_WEBHOOK_RETRY_BASE_MS"), 30_000),
    webhookRetryMaxMs: pick("webhookRetryMaxMs", undefined, envOf("TAKT_WEBHOOK_RETRY_MAX_MS"), 3_600_000),
    jobPollMs: pick("jobPollMs", undefined, envOf("TAKT_JOB_POLL_MS"), 250),
    jobLeaseMs: pick("jobLeaseMs", undefined, envOf("TAKT_JOB_LEASE_MS"), 10_000),
    jobRetentionDays: pick("jobRetentionDays", undefined, envOf("TAKT_JOB_RETENTION_DAYS"), 7),
    webhookDeliveryRetentionDays: pick(
      "webhookDeliveryRetentionDays",
      undefined,
      envOf("TAKT_WEBHOOK_DELIVERY_RETENTION_DAYS"),
      14,
    ),
    s3Endpoint: pick("s3Endpoint", undefined, envOf("TAKT_S3_ENDPOINT"), undefined),
    s3Bucket: pick("s3Bucket", undefined, envOf("TAKT_S3_BUCKET"), undefined),
    s3AccessKey: pick("s3AccessKey", undefined, envOf("TAKT_S3_ACCESS_KEY"), undefined),
    s3SecretKey: pick("s3SecretKey", undefined, envOf("TAKT_S3_SECRET_KEY"), undefined),
    s3Region: pick("s3Region", undefined, envOf("TAKT_S3_REGION"), "us-east-1"),
    metricsToken: pick("metricsToken", undefined, envOf("TAKT_METRICS_TOKEN"), undefined),
    role: pick("role", flags.role, envOf("TAKT_ROLE"), "all"),
    secretKey: pick("secretKey", undefined, envOf("TAKT_SECRET_KEY"), undefined),
    rateLimitPerMinute: pick(
      "rateLimitPerMinute",
      undefined,
      envOf("TAKT_RATE_LIMIT_PER_MINUTE"),
      limitsOff ? 0 : 1500,
    ),
    rateLimitIpPerMinute: pick(
      "rateLimitIpPerMinute",
      undefined,
      envOf("TAKT_RATE_LIMIT_IP_PER_MINUTE"),
      limitsOff ? 0 : 300,
    ),
    rateLimitConcurrent: pick(
      "rateLimitConcurrent",
      undefined,
      envOf("TAKT_RATE_LIMIT_CONCURRENT"),
      limitsOff ? 0 : 50,
    ),
    rateLimitWindowMs: pick("rateLimitWindowMs", undefined, envOf("TAKT_RATE_LIMIT_WINDOW_MS"), 60_000),
    loginMaxFailures: pick("loginMaxFailures", undefined, envOf("TAKT_LOGIN_MAX_FAILURES"), 5),
    loginIpMaxFailures: pick("loginIpMaxFailures", undefined, envOf("TAKT_LOGIN_IP_MAX_FAILURES"), 20),
    loginLockoutSeconds: pick("loginLockoutSeconds", undefined, envOf("TAKT_LOGIN_LOCKOUT_SECONDS"), 60),
    loginLockoutMaxSeconds: pick("loginLockoutMaxSeconds", undefined, envOf("TAKT_LOGIN_LOCKOUT_MAX_SECONDS"), 3600),
    formSubmissionsPerMinute: pick(
      "formSubmissionsPerMinute",
      undefined,
      envOf("TAKT_FORM_SUBMISSIONS_PER_MINUTE"),
      10,
    ),
    maxBodyBytes: pick(
      "maxBodyBytes",
      undefined,
      bodyMb === undefined ? undefined : Math.floor(Number(bodyMb) * 1024 * 1024),
      2 * 1024 * 1024,
    ),
    maxRichTextChars: pick("maxRichTextChars", undefined, envOf("TAKT_MAX_RICH_TEXT_CHARS"), 65_535),
    maxItemsPerRequest: pick("maxItemsPerRequest", undefined, envOf("TAKT_MAX_ITEMS_PER_REQUEST"), 100),
    trustProxy: pick("trustProxy", undefined, trustProxyOf(envOf("TAKT_TRUST_PROXY")), "loopback"),
    drainMs: pick("drainMs", undefined, envOf("TAKT_DRAIN_MS"), 5_000),
    sqliteGroupCommit: pick("sqliteGroupCommit", undefined, onOff(envOf("TAKT_SQLITE_GROUP_COMMIT")), true),
    sqlitePackedRows: pick("sqlitePackedRows", undefined, onOff(envOf("TAKT_SQLITE_PACKED_ROWS")), true),
    sqliteRequestTurns: pick("sqliteRequestTurns", undefined, onOff(envOf("TAKT_SQLITE_REQUEST_TURNS")), true),
    sqliteCacheMb: pick("sqliteCacheMb", undefined, envOf("TAKT_SQLITE_CACHE_MB"), DEFAULT_SQLITE_CACHE_MB),
    sqliteReadThreads: pick("sqliteReadThreads", undefined, envOf("TAKT_SQLITE_READ_THREADS"), defaultReadThreads()),
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`Invalid configuration: ${issue.path.join(".")}: ${issue.message}`);
  }
  // Half an S3 setup would silently keep files on local disk: all four settings or none.
  const s3 = (["s3Endpoint", "s3Bucket", "s3AccessKey", "s3SecretKey"] as const).filter((key) => !result.data[key]);
  if (s3.length > 0 && s3.length < 4) {
    throw new Error(`Invalid configuration: ${s3[0]}: required when another S3 setting is set`);
  }
  return result.data;
}

export function maskedConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: config.databaseUrl?.replace(/\/\/([^:/@]+):([^@]+)@/, "//$1:***@"),
    smtpUrl: config.smtpUrl?.replace(/\/\/([^:/@]+):([^@]+)@/, "//$1:***@"),
    ...Object.fromEntries(
      Object.entries(config)
        .filter(([key, value]) => /secret|password|token|apikey/i.test(key) && value)
        .map(([key]) => [key, "***"]),
    ),
  };
}
