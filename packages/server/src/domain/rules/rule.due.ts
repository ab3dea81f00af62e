import { enqueueJob } from "../../jobs/queue.ts";
import type { Takt } from "../../takt.ts";
import { addDays } from "../recurrence/recurrence.rules.ts";
import { definitionOf } from "./rule.commands.ts";

export const RULE_RUN = "rules.run";

// The due-date scan's period: every 5 minutes unless TAKT_RULE_DUE_SCAN_MS says otherwise (tests, small setups).
export function dueScanEveryMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = Number(env.TAKT_RULE_DUE_SCAN_MS);
  return Number.isInteger(raw) && raw >= 1000 ? raw : 5 * 60_000;
}

// Finds the open tasks of projects with "due date approaching" or "overdue" rules whose due date is in the
// rule's window, and enqueues one run per (rule, task, due date): moving the date re-arms the rule, a second
// scan (or a second node) adds nothing. Answers how many runs were new.
export async function scanDueDates(takt: Takt, now = new Date()): Promise<number> {
  const rules = (
    await takt.db
      .selectFrom("rules")
      .selectAll()
      .where("enabled", "=", 1)
      .where("paused_reason", "is", null)
      .where((eb) => eb.or([eb("trigger", "like", "%due_date_approaching%"), eb("trigger", "like", "%overdue%")]))
      .execute()
  ).filter((rule) => ["due_date_approaching", "overdue"].includes(definitionOf(rule).trigger.type));
  const today = now.toISOString().slice(0, 10);
  let added = 0;
  for (const rule of rules) {
    const trigger = definitionOf(rule).trigger;
    let query = takt.db
      .selectFrom("tasks")
      .innerJoin("task_memberships", "task_memberships.task_gid", "tasks.gid")
      .select(["tasks.gid", "tasks.due_on", "tasks.due_at"])
      .distinct()
      .where("task_memberships.project_gid", "=", rule.project_gid)
      .where("tasks.completed", "=", 0)
      .where("tasks.due_on", "is not", null);
    if (trigger.type === "overdue") {
      query = query.where((eb) =>
        eb.or([
          eb.and([eb("tasks.due_at", "is", null), eb("tasks.due_on", "<", today)]),
          eb("tasks.due_at", "<", now.toISOString()),
        ]),
      );
    } else {
      query = query.where("tasks.due_on", ">=", today).where("tasks.due_on", "<=", addDays(today, trigger.days ?? 1));
    }
    for (const task of await query.execute()) {
      const due = task.due_at ?? task.due_on;
      const key = `${trigger.type}:${task.gid}:${due}`;
      const id = await enqueueJob(takt.db, {
        kind: RULE_RUN,
        payload: { rule: rule.gid, task: task.gid, key },
        key: `${RULE_RUN}:${rule.gid}:${key}`,
      });
      if (id !== null) added++;
    }
  }
  if (added) takt.bus.notifyJobs();
  return added;
}
