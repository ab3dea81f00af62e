// A Takt backup is one gzip file of JSON lines, the same for SQLite and PostgreSQL (so a backup of one restores
// into the other):
//   {"format":"takt-backup","version":1,"created_at":…,"source":"sqlite"|"postgres","migrations":[…]}
//   {"table":"tasks","columns":[…]}            then one line per row: {"row":[…values in column order]}
//   {"file":"attachments/ab/ab12…","data":"<base64>"}
//   {"secret_key":"<base64>"}                  SQLite only: <dataDir>/secret.key (PostgreSQL: a server_secrets row)
//   {"end":true,"rows":{"tasks":12,…},"files":3}
export const BACKUP_FORMAT = "takt-backup";
export const BACKUP_VERSION = 1;

// The key of secret custom field values on SQLite (see domain/custom-fields/secret-box.ts); on PostgreSQL the
// same key is the server_secrets row named SECRET_KEY_ROW.
export const SECRET_KEY_FILE = "secret.key";
export const SECRET_KEY_ROW = "custom_field_secret_key";

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  created_at: string;
  source: string;
  migrations: string[];
}

export interface BackupSummary {
  rows: Record<string, number>;
  files: number;
}

// Binary column values travel as {"$base64": "…"}; everything else in Takt's schema is text, number or null.
export function encodeValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { $base64: value.toString("base64") };
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return Number(value);
  return value;
}

export function decodeValue(value: unknown): unknown {
  if (value && typeof value === "object" && "$base64" in value) {
    return Buffer.from(String((value as { $base64: string }).$base64), "base64");
  }
  return value;
}
