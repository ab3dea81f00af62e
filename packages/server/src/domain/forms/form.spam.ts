import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "../../db/index.ts";
import { badRequest, invalid, RateLimitedError } from "../../errors.ts";
import { clearThrottles, hitThrottle } from "../throttles/throttle.store.ts";

// Anti-spam for forms: a signed fill token (when the form was shown, checked on submit) and a per-address
// limit. Both hold across restarts and nodes: the token's key is derived from the server's secret key
// (custom-fields/secret-box.ts, shared by every node), the counts are kept in the database. Settings are
// mutable so tests can shorten the minimum fill time.
export const formSpamSettings = { minFillMs: 3000, maxFillMs: 24 * 3600_000 };

// The fill-token signing key, derived from the server's secret key so it serves no other purpose.
export function fillTokenKey(serverKey: Buffer): Buffer {
  return createHmac("sha256", serverKey).update("takt form fill token").digest();
}

const sign = (key: Buffer, payload: string) => createHmac("sha256", key).update(payload).digest("base64url");

// A token handed out with the form: when it was shown, for which form.
export function issueFillToken(key: Buffer, formGid: number, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ f: String(formGid), t: now })).toString("base64url");
  return `${payload}.${sign(key, payload)}`;
}

// Refuses a token not issued for this form, and a form filled faster than a person could.
export function checkFillToken(key: Buffer, token: string, formGid: number, now = Date.now()): void {
  const [payload, signature] = token.split(".");
  const expected = payload ? sign(key, payload) : "";
  if (!payload || !signature || signature.length !== expected.length) {
    throw badRequest("fill_token: invalid; reload the form");
  }
  if (!timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
    throw badRequest("fill_token: invalid; reload the form");
  }
  const { f, t } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { f: string; t: number };
  if (f !== String(formGid)) throw badRequest("fill_token: issued for another form; reload the form");
  if (now - t < formSpamSettings.minFillMs) {
    throw invalid("fill_token", "form_too_quick", "the form was submitted too quickly");
  }
  if (now - t > formSpamSettings.maxFillMs) throw invalid("fill_token", "form_expired", "expired; reload the form");
}

const SUBMISSION_WINDOW_MS = 60_000;
const slotKey = (ip: string) => `form-ip:${ip}`;

// At most perMinute submissions per client address per minute, counted in the database so the limit holds
// across restarts and across nodes; the 429 says when to come back. 0: no limit.
export async function takeSubmissionSlot(db: Db, ip: string, perMinute: number, now = Date.now()): Promise<void> {
  if (perMinute <= 0) return;
  const slot = await hitThrottle(db, slotKey(ip), SUBMISSION_WINDOW_MS, "window", now);
  if (slot.hits > perMinute) {
    const retry = Math.max(1, Math.ceil((slot.expiresAt - now) / 1000));
    throw new RateLimitedError(`Too many form submissions from your address. Try again in ${retry} seconds.`, retry);
  }
}

export async function resetSubmissionSlots(db: Db): Promise<void> {
  await clearThrottles(db, slotKey(""));
}
