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
  };
}
