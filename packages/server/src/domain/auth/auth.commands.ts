import type { Db } from "../../db/index.ts";
import { newGid } from "../../ids.ts";
import type { Actor } from "../context.ts";
import { hashSecret, newSecret, verifyPassword } from "./passwords.ts";

const SESSION_DAYS = 30;
export const TOKEN_PREFIX = "takt_pat_";

export async function checkPassword(db: Db, email: string, password: string): Promise<Actor | null> {
  const user = await db
    .selectFrom("users")
    .selectAll()
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user || !(await verifyPassword(password, user.password_hash))) return null;
  return { gid: user.gid, name: user.name, email: user.email, language: user.language };
}

export async function createSession(db: Db, userGid: number): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret("");
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await db
    .insertInto("sessions")
    .values({
      token_hash: hashSecret(token),
      user_gid: userGid,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    })
    .execute();
  return { token, expiresAt };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", hashSecret(token)).execute();
}

export async function createAccessToken(db: Db, userGid: number, name: string) {
  const token = newSecret(TOKEN_PREFIX);
  const row = {
    gid: newGid(),
    user_gid: userGid,
    name,
    token_hash: hashSecret(token),
    hint: token.slice(-4),
    created_at: new Date().toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto("personal_access_tokens").values(row).execute();
  return { row, token };
}

export async function revokeAccessToken(db: Db, userGid: number, tokenGid: number): Promise<boolean> {
  const result = await db
    .updateTable("personal_access_tokens")
    .set({ revoked_at: new Date().toISOString() })
    .where("gid", "=", tokenGid)
    .where("user_gid", "=", userGid)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

const USER_COLUMNS = ["users.gid", "users.name", "users.email", "users.language"] as const;

export async function actorFromSession(db: Db, token: string): Promise<Actor | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.gid", "sessions.user_gid")
    .select(USER_COLUMNS)
    .where("sessions.token_hash", "=", hashSecret(token))
    .where("sessions.expires_at", ">", new Date().toISOString())
    .executeTakeFirst();
  return row ?? null;
}

export async function actorFromAccessToken(db: Db, token: string): Promise<Actor | null> {
  const row = await db
    .selectFrom("personal_access_tokens")
    .innerJoin("users", "users.gid", "personal_access_tokens.user_gid")
    .select([...USER_COLUMNS, "personal_access_tokens.gid as token_gid", "personal_access_tokens.last_used_at"])
    .where("personal_access_tokens.token_hash", "=", hashSecret(token))
    .where("personal_access_tokens.revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  const now = new Date();
  // Record use at most once a minute, so reads do not turn into a write each.
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await db
      .updateTable("personal_access_tokens")
      .set({ last_used_at: now.toISOString() })
      .where("gid", "=", row.token_gid)
      .execute();
  }
  return { gid: row.gid, name: row.name, email: row.email, language: row.language };
}
