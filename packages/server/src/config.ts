import path from "node:path";
import { z } from "zod";

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
  webDir: z.string().optional(),
  // Outgoing mail (invitations, notifications); unset: messages are logged instead of sent.
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  mailFrom: z.string().min(3),
  maxUploadBytes: z.coerce.number().int().min(1),
  // Admin setting: let webhooks target loopback, private and link-local addresses (off: such targets get a 400).
  webhookAllowPrivate: z.boolean(),
  webhookTimeoutMs: z.coerce.number().int().min(100),
  // First retry delay of a failing webhook; it doubles per attempt up to webhookRetryMaxMs, for 24 hours.
  webhookRetryBaseMs: z.coerce.number().int().min(1),
  webhookRetryMaxMs: z.coerce.number().int().min(1),
  jobPollMs: z.coerce.number().int().min(10),
});

export type Config = z.infer<typeof ConfigSchema>;

export interface ConfigFlags {
  port?: string;
  host?: string;
  dataDir?: string;
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse({
    port: flags.port ?? env.PORT ?? 3000,
    host: flags.host ?? env.HOST ?? "0.0.0.0",
    dataDir: path.resolve(flags.dataDir ?? env.TAKT_DATA_DIR ?? "./data"),
    databaseUrl: env.DATABASE_URL || undefined,
    publicUrl: env.TAKT_PUBLIC_URL || undefined,
    logLevel: env.LOG_LEVEL ?? "info",
    webDir: env.TAKT_WEB_DIR || undefined,
    smtpUrl: env.TAKT_SMTP_URL || undefined,
    mailFrom: env.TAKT_MAIL_FROM || "Takt <takt@localhost>",
    maxUploadBytes: Math.floor(Number(env.TAKT_MAX_UPLOAD_MB || 25) * 1024 * 1024),
    webhookAllowPrivate: ["1", "true", "yes"].includes((env.TAKT_WEBHOOK_ALLOW_PRIVATE ?? "").toLowerCase()),
    webhookTimeoutMs: env.TAKT_WEBHOOK_TIMEOUT_MS || 10_000,
    webhookRetryBaseMs: env.TAKT_WEBHOOK_RETRY_BASE_MS || 30_000,
    webhookRetryMaxMs: env.TAKT_WEBHOOK_RETRY_MAX_MS || 3_600_000,
    jobPollMs: env.TAKT_JOB_POLL_MS || 250,
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`Invalid configuration: ${issue.path.join(".")}: ${issue.message}`);
  }
  return result.data;
}

export function maskedConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: config.databaseUrl?.replace(/\/\/([^:/@]+):([^@]+)@/, "//$1:***@"),
    smtpUrl: config.smtpUrl?.replace(/\/\/([^:/@]+):([^@]+)@/, "//$1:***@"),
  };
}
