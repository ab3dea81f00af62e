import { createHash } from "node:crypto";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/index.ts";
import { RateLimitedError } from "../../errors.ts";
import { blockedUntil, blockThrottle, clearThrottle, hitThrottle } from "../throttles/throttle.store.ts";

export type LoginThrottleSettings = Pick<
  Config,
  "loginMaxFailures" | "loginIpMaxFailures" | "loginLockoutSeconds" | "loginLockoutMaxSeconds"
>;

// A run of failures is forgotten a day after its last failure (or at once by a successful sign-in).
const STREAK_MS = 24 * 3600_000;

// Emails are kept hashed: the table must not become a list of what people typed into the sign-in form.
// Unknown emails are counted exactly like known ones, so a lockout tells nothing about who has an account.
const emailKey = (email: string) =>
  `login-email:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 40)}`;
const addressKey = (ip: string) => `login-ip:${ip}`;

function keysOf(settings: LoginThrottleSettings, email: string, ip: string) {
  return [
    { key: emailKey(email), threshold: settings.loginMaxFailures },
    { key: addressKey(ip), threshold: settings.loginIpMaxFailures },
  ].filter((entry) => entry.threshold > 0);
}

function lockedOut(untilMs: number, now: number): RateLimitedError {
  const seconds = Math.max(1, Math.ceil((untilMs - now) / 1000));
  const wait = seconds === 1 ? "1 second" : seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return new RateLimitedError(`Too many failed sign-in attempts. Try again in ${wait}.`, seconds);
}

// Refuses (429) while the email or the address is locked out, without looking at the password.
export async function assertSignInAllowed(
  db: Db,
  settings: LoginThrottleSettings,
  email: string,
  ip: string,
  now = Date.now(),
): Promise<void> {
  const keys = keysOf(settings, email, ip).map((entry) => entry.key);
  const until = await blockedUntil(db, keys, now);
  if (until !== null) throw lockedOut(until, now);
}

// Counts a failed sign-in. From the threshold on, each failure locks for loginLockoutSeconds, doubling per
// further failure up to loginLockoutMaxSeconds; the answer to that failure is then the 429 itself.
export async function recordFailedSignIn(
  db: Db,
  settings: LoginThrottleSettings,
  email: string,
  ip: string,
  now = Date.now(),
): Promise<RateLimitedError | null> {
  let until: number | null = null;
  for (const { key, threshold } of keysOf(settings, email, ip)) {
    const { hits } = await hitThrottle(db, key, STREAK_MS, "streak", now);
    if (hits < threshold) continue;
    const lockSeconds = Math.min(
      settings.loginLockoutSeconds * 2 ** Math.min(hits - threshold, 30),
      settings.loginLockoutMaxSeconds,
    );
    const lockUntil = now + lockSeconds * 1000;
    await blockThrottle(db, key, lockUntil);
    until = Math.max(until ?? 0, lockUntil);
  }
  return until === null ? null : lockedOut(until, now);
}

// A successful sign-in clears the email's run of failures. The address's run is left to expire: a
// success on one account must not reset an address that is guessing at others.
export async function recordSuccessfulSignIn(db: Db, email: string): Promise<void> {
  await clearThrottle(db, emailKey(email));
}
