import type { ExpressionBuilder, Kysely, Transaction } from "kysely";
import { type Db, inTransaction } from "../../db/index.ts";
import { prepared } from "../../db/prepared.ts";
import type { Database } from "../../db/schema.ts";
import { unauthorized } from "../../errors.ts";
import type { EventBus } from "../../events/bus.ts";
import { newGid } from "../../ids.ts";
import { type AuditOrigin, recordUserAudit } from "../audit/audit.record.ts";
import type { Actor, Tx } from "../context.ts";
import { hashPassword, hashSecret, newSecret, verifyPassword } from "./passwords.ts";

type Writer = Kysely<Database> | Transaction<Database>;

// Who did it and from where, for the audit log.
export interface AuditBy {
  actor: Actor;
  origin?: AuditOrigin;
}

// The database, and the bus that tells every node's realtime sockets when a person's credentials end (sign-out,
// token revocation, password change or reset): each such socket closes at once instead of listening on.
export interface AuthDeps {
  db: Db;
  bus: EventBus;
  // Inside a unit of work: the sockets are told once it commits, when the ended credential is gone for them too.
  unit?: Tx;
}

// After commit: a socket that checks its credential before then would still find it.
export function whenCommitted(deps: AuthDeps, effect: () => void): void {
  if (deps.unit) deps.unit.afterCommit(effect);
  else effect();
}

const SESSION_DAYS = 30;
export const TOKEN_PREFIX = "takt_pat_";

let decoyHash: Promise<string> | undefined;

export async function checkPassword(db: Db, email: string, password: string): Promise<Actor | null> {
  const user = await db
    .selectFrom("users")
    .selectAll()
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
  // An unknown email costs the same scrypt as a wrong password: the answer's timing does not tell who has an account.
  decoyHash ??= hashPassword("takt decoy password");
  const hash = user ? user.password_hash : await decoyHash;
  if (!(await verifyPassword(password, hash)) || !user) return null;
  return { gid: user.gid, name: user.name, email: user.email, language: user.language };
}

export async function createSession(db: Writer, userGid: number): Promise<{ token: string; expiresAt: Date }> {
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

// Signing in on a browser always makes a new session id: the one the browser held before (planted or stale) is
// ended, never promoted, so a session id fixed before sign-in cannot become an authenticated one.
export async function openSession(db: Writer, userGid: number, previousToken: string | null) {
  if (previousToken) await endSession(db, previousToken);
  return createSession(db, userGid);
}

export async function endSession(db: Writer, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", hashSecret(token)).execute();
}

// Every session of the user, on every browser: after a password change or reset.
export async function endAllSessions(db: Writer, userGid: number): Promise<void> {
  await db.deleteFrom("sessions").where("user_gid", "=", userGid).execute();
}

// A new password: stored as a fresh scrypt hash; every session and pending reset link of the user ends with it.
export async function setPassword(trx: Writer, userGid: number, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await trx.updateTable("users").set({ password_hash: passwordHash }).where("gid", "=", userGid).execute();
  await endAllSessions(trx, userGid);
  await trx.deleteFrom("password_resets").where("user_gid", "=", userGid).execute();
}

// Changing one's own password needs the current one; the caller's browser gets a fresh session afterwards.
export async function changePassword(
  deps: AuthDeps,
  by: AuditBy,
  current: string,
  next: string,
): Promise<"changed" | "wrong_password"> {
  const { db } = deps;
  const user = await db.selectFrom("users").select("password_hash").where("gid", "=", by.actor.gid).executeTakeFirst();
  if (!user || !(await verifyPassword(current, user.password_hash))) return "wrong_password";
  await inTransaction(db, async (trx) => {
    await setPassword(trx, by.actor.gid, next);
    await recordUserAudit(trx, by.origin, by.actor, by.actor, {
      eventType: "user_password_changed",
      category: "account_settings",
    });
  });
  whenCommitted(deps, () => deps.bus.credentialsEnded([by.actor.gid]));
  return "changed";
}

export async function createAccessToken(db: Db, userGid: number, name: string, by?: AuditBy) {
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
  await inTransaction(db, async (trx) => {
    await trx.insertInto("personal_access_tokens").values(row).execute();
    if (by) await auditToken(trx, by, "personal_access_token_created", row);
  });
  return { row, token };
}

export async function revokeAccessToken(
  deps: AuthDeps,
  userGid: number,
  tokenGid: number,
  by?: AuditBy,
): Promise<boolean> {
  const { db } = deps;
  const revoked = await inTransaction(db, async (trx) => {
    const token = await trx
      .selectFrom("personal_access_tokens")
      .select(["gid", "name"])
      .where("gid", "=", tokenGid)
      .where("user_gid", "=", userGid)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (!token) return false;
    await trx
      .updateTable("personal_access_tokens")
      .set({ revoked_at: new Date().toISOString() })
      .where("gid", "=", tokenGid)
      .execute();
    if (by) await auditToken(trx, by, "personal_access_token_revoked", token);
    return true;
  });
  if (revoked) whenCommitted(deps, () => deps.bus.credentialsEnded([userGid]));
  return revoked;
}

function auditToken(trx: Writer, by: AuditBy, eventType: string, token: { gid: number; name: string }) {
  return recordUserAudit(trx, by.origin, by.actor, by.actor, {
    eventType,
    category: "apps",
    resource: { type: "personal_access_token", gid: token.gid, name: token.name },
  });
}

const USER_COLUMNS = ["users.gid", "users.name", "users.email", "users.language"] as const;

// Deactivated in a workspace and a member of none: such a person may no longer sign in, and their sessions and
// tokens stop working. Reactivation (or an invitation elsewhere) lets them back in.
export const DEACTIVATED_MESSAGE =
  "email: your account was deactivated by the workspace's admin; ask them to reactivate you";
const deactivatedEverywhere = (eb: ExpressionBuilder<Database, "users">) =>
  eb.and([
    eb.exists(
      eb.selectFrom("workspace_deactivations as wd").select("wd.gid").whereRef("wd.user_gid", "=", "users.gid"),
    ),
    eb.not(
      eb.exists(
        eb.selectFrom("workspace_memberships as lm").select("lm.gid").whereRef("lm.user_gid", "=", "users.gid"),
      ),
    ),
  ]);

export async function isDeactivatedEverywhere(db: Db, userGid: number): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("users.gid")
    .where("users.gid", "=", userGid)
    .where(deactivatedEverywhere)
    .executeTakeFirst();
  return row !== undefined;
}

export async function actorFromSession(db: Db, token: string): Promise<Actor | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.gid", "sessions.user_gid")
    .select(USER_COLUMNS)
    .where("sessions.token_hash", "=", hashSecret(token))
    .where("sessions.expires_at", ">", new Date().toISOString())
    .where((eb) => eb.not(deactivatedEverywhere(eb as unknown as ExpressionBuilder<Database, "users">)))
    .executeTakeFirst();
  return row ?? null;
}

// Every request with a token runs this: compiled once (db/prepared.ts).
const tokenOwner = prepared(["hash"], (db, params: { hash: string }) =>
  db
    .selectFrom("personal_access_tokens")
    .innerJoin("users", "users.gid", "personal_access_tokens.user_gid")
    .select((eb) => [
      ...USER_COLUMNS,
      "personal_access_tokens.gid as token_gid",
      "personal_access_tokens.last_used_at",
      deactivatedEverywhere(eb as unknown as ExpressionBuilder<Database, "users">).as("deactivated"),
    ])
    .where("personal_access_tokens.token_hash", "=", params.hash)
    .where("personal_access_tokens.revoked_at", "is", null),
);

export async function actorFromAccessToken(db: Db, token: string): Promise<Actor | null> {
  const row = await tokenOwner.first(db, { hash: hashSecret(token) });
  if (!row) return null;
  if (row.deactivated) throw unauthorized(DEACTIVATED_MESSAGE.replace("email: ", "Not Authorized: "));
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

// A failed sign-in, in the audit log of each workspace the named user belongs to. An unknown email belongs to no
// workspace: there is no audit log to write it to.
export async function auditFailedSignIn(db: Db, email: string, origin: AuditOrigin | undefined): Promise<void> {
  const claimed = await db
    .selectFrom("users")
    .select(["gid", "name", "email"])
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
  if (claimed) {
    await recordUserAudit(db, origin, null, claimed, {
      eventType: "user_login_failed",
      category: "logins",
      actorType: "anonymous",
    });
  }
}

export async function signOut(deps: AuthDeps, token: string, origin: AuditOrigin | undefined): Promise<void> {
  const { db } = deps;
  const actor = await actorFromSession(db, token);
  await inTransaction(db, async (trx) => {
    await endSession(trx, token);
    if (actor) await recordUserAudit(trx, origin, actor, actor, { eventType: "user_logged_out", category: "logins" });
  });
  if (actor) whenCommitted(deps, () => deps.bus.credentialsEnded([actor.gid]));
}
