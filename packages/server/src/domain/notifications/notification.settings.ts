import type { Db } from "../../db/index.ts";
import type { EmailNotifications } from "../../db/schema.ts";

export const EMAIL_CHOICES = ["instant", "daily_digest", "off"] as const;
// Without a choice of their own, people get their notifications by email as they happen.
export const DEFAULT_EMAIL_CHOICE: EmailNotifications = "instant";

export async function emailChoiceOf(db: Db, userGid: number): Promise<EmailNotifications> {
  const row = await db
    .selectFrom("notification_settings")
    .select("email_notifications")
    .where("user_gid", "=", userGid)
    .executeTakeFirst();
  return row?.email_notifications ?? DEFAULT_EMAIL_CHOICE;
}

export async function setEmailChoice(db: Db, userGid: number, choice: EmailNotifications): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto("notification_settings")
    .values({ user_gid: userGid, email_notifications: choice, updated_at: now })
    .onConflict((conflict) => conflict.column("user_gid").doUpdateSet({ email_notifications: choice, updated_at: now }))
    .execute();
}
