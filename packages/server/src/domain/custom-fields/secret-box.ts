import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Config } from "../../config.ts";
import type { Db, DialectName } from "../../db/index.ts";
import { createFileDurably } from "../../durable-files.ts";

// Secret custom field values are sealed with AES-256-GCM: a random 12-byte IV per value, the 16-byte tag
// beside it, stored as base64(iv | tag | ciphertext).
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function parseKey(raw: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
  if (key.length !== 32) throw new Error("The secret key must be 32 bytes");
  return key;
}

export function seal(key: Buffer, plain: string): string {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

export function open(key: Buffer, sealed: string): string {
  const raw = Buffer.from(sealed, "base64");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}

// SQLite: <dataDir>/secret.key, written once with mode 0600. Losing it makes stored secrets unreadable.
function fileKey(dataDir: string): Buffer {
  const file = path.join(dataDir, "secret.key");
  try {
    return parseKey(fs.readFileSync(file, "utf8").trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  // On disk before any secret is sealed with it (a key lost in a crash would make those values unreadable); if
  // another process made it first, theirs is used.
  createFileDurably(file, `${crypto.randomBytes(32).toString("base64")}\n`, 0o600);
  return parseKey(fs.readFileSync(file, "utf8").trim());
}

// PostgreSQL without TAKT_SECRET_KEY: every node must share the key, so it lives in the database. Setting
// TAKT_SECRET_KEY keeps it apart from the data (recommended: a database dump alone then reveals nothing).
async function tableKey(db: Db): Promise<Buffer> {
  await db
    .insertInto("server_secrets")
    .values({
      name: "custom_field_secret_key",
      value: crypto.randomBytes(32).toString("base64"),
      created_at: new Date().toISOString(),
    })
    .onConflict((conflict) => conflict.column("name").doNothing())
    .execute();
  const row = await db
    .selectFrom("server_secrets")
    .select("value")
    .where("name", "=", "custom_field_secret_key")
    .executeTakeFirstOrThrow();
  return parseKey(row.value);
}

const cache = new WeakMap<Db, Promise<Buffer>>();

export function secretKeyOf(takt: { db: Db; dialect: DialectName; config: Config }): Promise<Buffer> {
  let key = cache.get(takt.db);
  if (!key) {
    const { config } = takt;
    key = config.secretKey
      ? Promise.resolve(parseKey(config.secretKey))
      : takt.dialect === "postgres"
        ? tableKey(takt.db)
        : Promise.resolve(fileKey(config.dataDir));
    key.catch(() => cache.delete(takt.db));
    cache.set(takt.db, key);
  }
  return key;
}
