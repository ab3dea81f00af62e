import pino from "pino";
import { withRelaxedSync } from "../../db/relaxed-sync.ts";
import { sendMail } from "../../email/mailer.ts";
import type { Job } from "../../jobs/queue.ts";
import { enqueueJob } from "../../jobs/queue.ts";
import type { Takt } from "../../takt.ts";
import { transact } from "../context.ts";
import { digestEmail, instantEmail } from "./notification.email.ts";
import { DEFAULT_EMAIL_CHOICE } from "./notification.settings.ts";

export const NOTIFY_DIGEST = "notifications.digest";
// The hour (UTC) the daily digest goes out.
const DIGEST_HOUR_UTC = 7;

const loggers = new WeakMap<Takt, pino.Logger>();
function logOf(takt: Takt) {
  let log = loggers.get(takt);
  if (!log) {
    log = pino({ level: takt.config.logLevel });
    loggers.set(takt, log);
  }
  return log;
}

const inboxUrl = (takt: Takt) => `${takt.config.publicUrl ?? ""}/inbox`;

export function nextDigestAt(now: Date): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DIGEST_HOUR_UTC));
  if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

function recipients(takt: Takt) {
  return takt.db
    .selectFrom("inbox_notifications")
    .innerJoin("users", "users.gid", "inbox_notifications.user_gid")
    .leftJoin("notification_settings", "notification_settings.user_gid", "inbox_notifications.user_gid")
    .selectAll("inbox_notifications")
    .select(["users.email", "notification_settings.email_notifications"]);
}

// The notifications of one event: the owner's bell hears of it live (an event only its owner may see), and
// email goes out now, joins tomorrow's digest, or nowhere, as each person chose.
export async function deliverNotifications(job: Job, takt: Takt): Promise<undefined> {
  const eventId = Number(job.payload.event_id);
  const rows = await recipients(takt).where("inbox_notifications.event_id", "=", eventId).execute();
  if (rows.length === 0) return;
  await transact({ db: takt.db, bus: takt.bus, actor: null }, async (tx) => {
    for (const row of rows) {
      await tx.emit({
        workspace_gid: row.workspace_gid,
        resource_type: "notification",
        resource_gid: row.gid,
        parent_type: "user",
        parent_gid: row.user_gid,
        action: "added",
      });
    }
  });
  for (const row of rows) {
    const choice = row.email_notifications ?? DEFAULT_EMAIL_CHOICE;
    if (choice === "off" || row.emailed_at) continue;
    if (choice === "daily_digest") {
      const runAt = nextDigestAt(new Date());
      await enqueueJob(takt.db, {
        kind: NOTIFY_DIGEST,
        payload: { user_gid: row.user_gid },
        runAt,
        key: `digest:${row.user_gid}:${runAt.toISOString().slice(0, 10)}`,
      });
      continue;
    }
    const delivery = await sendMail(takt.config, logOf(takt), instantEmail(row.email, row, inboxUrl(takt)));
    if (delivery === "failed") throw new Error(`notification email to user ${row.user_gid} failed`);
    // Bookkeeping of a job that runs at least once (an email is sent before it is marked): no fsync of its own.
    await withRelaxedSync(takt.db, takt.dialect, (db) =>
      db
        .updateTable("inbox_notifications")
        .set({ emailed_at: new Date().toISOString() })
        .where("gid", "=", row.gid)
        .execute(),
    );
  }
  // No wake-up for the workers: a digest job waits for tomorrow, and the bell's events reach the bus on commit.
  return undefined;
}

// One message with what the person has not read, archived or been emailed yet.
export async function sendDigest(job: Job, takt: Takt): Promise<undefined> {
  const userGid = Number(job.payload.user_gid);
  const rows = await recipients(takt)
    .where("inbox_notifications.user_gid", "=", userGid)
    .where("inbox_notifications.emailed_at", "is", null)
    .where("inbox_notifications.read_at", "is", null)
    .where("inbox_notifications.archived_at", "is", null)
    .orderBy("inbox_notifications.gid")
    .limit(200)
    .execute();
  if (rows.length === 0 || (rows[0].email_notifications ?? DEFAULT_EMAIL_CHOICE) !== "daily_digest") return;
  const delivery = await sendMail(takt.config, logOf(takt), digestEmail(rows[0].email, rows, inboxUrl(takt)));
  if (delivery === "failed") throw new Error(`digest email to user ${userGid} failed`);
  await takt.db
    .updateTable("inbox_notifications")
    .set({ emailed_at: new Date().toISOString() })
    .where(
      "gid",
      "in",
      rows.map((row) => row.gid),
    )
    .execute();
  return undefined;
}
