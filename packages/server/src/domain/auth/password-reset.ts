import { type Db, inTransaction } from "../../db/index.ts";
import { recordUserAudit } from "../audit/audit.record.ts";
import type { Actor } from "../context.ts";
import { type AuditBy, type AuthDeps, setPassword, whenCommitted } from "./auth.commands.ts";
import { hashSecret, newSecret } from "./passwords.ts";

export const RESET_TOKEN_PREFIX = "takt_pwr_";
export const RESET_LINK_MINUTES = 60;
// Per person: one email a minute at most, and a few an hour, so the form cannot be used to flood an inbox.
const MIN_INTERVAL_MS = 60_000;
const MAX_PER_HOUR = 5;

export type ResetRequest =
  | { outcome: "issued"; user: Actor; token: string; expiresAt: string }
  | { outcome: "unknown" | "throttled" };

// Issues a reset link for the email's owner. The caller answers the same whatever the outcome, so the form
// does not tell who has an account. A new link replaces any earlier one.
export async function requestPasswordReset(db: Db, email: string, origin: AuditBy["origin"]): Promise<ResetRequest> {
  const user = await db
    .selectFrom("users")
    .select(["gid", "name", "email", "language"])
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user) return { outcome: "unknown" };
  const now = Date.now();
  const recent = await db
    .selectFrom("password_resets")
    .select("created_at")
    .where("user_gid", "=", user.gid)
    .where("created_at", ">", new Date(now - 3_600_000).toISOString())
    .orderBy("created_at", "desc")
    .execute();
  if (recent.length >= MAX_PER_HOUR) return { outcome: "throttled" };
  if (recent[0] && now - Date.parse(recent[0].created_at) < MIN_INTERVAL_MS) return { outcome: "throttled" };
  const token = newSecret(RESET_TOKEN_PREFIX);
  const expiresAt = new Date(now + RESET_LINK_MINUTES * 60_000).toISOString();
  await inTransaction(db, async (trx) => {
    // Earlier links stop working; their rows stay (marked used) so the hourly count still sees them.
    await trx
      .updateTable("password_resets")
      .set({ used_at: new Date(now).toISOString() })
      .where("user_gid", "=", user.gid)
      .where("used_at", "is", null)
      .execute();
    await trx
      .insertInto("password_resets")
      .values({
        token_hash: hashSecret(token),
        user_gid: user.gid,
        created_at: new Date(now).toISOString(),
        expires_at: expiresAt,
        used_at: null,
      })
      .execute();
    await recordUserAudit(trx, origin, null, user, {
      eventType: "user_password_reset_requested",
      category: "account_settings",
      actorType: "anonymous",
    });
  });
  return { outcome: "issued", user, token, expiresAt };
}

// Sets the new password from a valid link: the link is spent, every session of the person ends.
export async function confirmPasswordReset(
  deps: AuthDeps,
  token: string,
  password: string,
  origin: AuditBy["origin"],
): Promise<Actor | null> {
  const nowIso = new Date().toISOString();
  const user = await inTransaction(deps.db, async (trx) => {
    const reset = await trx
      .selectFrom("password_resets")
      .innerJoin("users", "users.gid", "password_resets.user_gid")
      .select(["users.gid", "users.name", "users.email", "users.language"])
      .where("password_resets.token_hash", "=", hashSecret(token))
      .where("password_resets.used_at", "is", null)
      .where("password_resets.expires_at", ">", nowIso)
      .executeTakeFirst();
    if (!reset) return null;
    // Spent first, guarded by used_at: two submissions of one link cannot both pass.
    const spent = await trx
      .updateTable("password_resets")
      .set({ used_at: nowIso })
      .where("token_hash", "=", hashSecret(token))
      .where("used_at", "is", null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return null;
    await setPassword(trx, reset.gid, password);
    await recordUserAudit(trx, origin, reset, reset, {
      eventType: "user_password_reset",
      category: "account_settings",
    });
    return reset;
  });
  if (user) whenCommitted(deps, () => deps.bus.credentialsEnded([user.gid]));
  return user;
}
