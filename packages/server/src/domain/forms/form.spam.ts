import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { ApiError, badRequest } from "../../http/errors.ts";

// Anti-spam for forms. Both the rate limit and the fill-token key live in this process's memory: with
// several nodes each counts its own submissions, and a restart invalidates the forms people have open
// (they reload the form). Settings are mutable so tests can shorten the minimum fill time.
export const formSpamSettings = { minFillMs: 3000, maxFillMs: 24 * 3600_000, perIpPerMinute: 10 };

const secret = randomBytes(32);
const sign = (payload: string) => createHmac("sha256", secret).update(payload).digest("base64url");

// A token handed out with the form: when it was shown, for which form.
export function issueFillToken(formGid: number, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ f: String(formGid), t: now })).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

// Refuses a token not issued for this form, and a form filled faster than a person could.
export function checkFillToken(token: string, formGid: number, now = Date.now()): void {
  const [payload, signature] = token.split(".");
  const expected = payload ? sign(payload) : "";
  if (!payload || !signature || signature.length !== expected.length) {
    throw badRequest("fill_token: invalid; reload the form");
  }
  if (!timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
    throw badRequest("fill_token: invalid; reload the form");
  }
  const { f, t } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { f: string; t: number };
  if (f !== String(formGid)) throw badRequest("fill_token: issued for another form; reload the form");
  if (now - t < formSpamSettings.minFillMs) throw badRequest("fill_token: the form was submitted too quickly");
  if (now - t > formSpamSettings.maxFillMs) throw badRequest("fill_token: expired; reload the form");
}

const recent = new Map<string, number[]>();

// At most perIpPerMinute submissions per address per minute; the 429 says when to come back.
export function takeSubmissionSlot(ip: string, now = Date.now()): void {
  const window = (recent.get(ip) ?? []).filter((time) => now - time < 60_000);
  if (window.length >= formSpamSettings.perIpPerMinute) {
    recent.set(ip, window);
    const retry = Math.ceil((60_000 - (now - window[0])) / 1000);
    throw new ApiError(429, `Too many form submissions from your address. Try again in ${retry} seconds.`);
  }
  window.push(now);
  recent.set(ip, window);
  if (recent.size > 10_000) {
    for (const [key, times] of recent) if (times.every((time) => now - time >= 60_000)) recent.delete(key);
  }
}

export function resetSubmissionSlots(): void {
  recent.clear();
}
