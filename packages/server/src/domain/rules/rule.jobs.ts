import type { EventsTable } from "../../db/schema.ts";
import type { EventConsumer } from "../../events/consumer.ts";
import { enqueueJob } from "../../jobs/queue.ts";
import { registerEventConsumer, registerJobHandler } from "../../jobs/registry.ts";
import { registerSchedule } from "../../jobs/schedule.ts";
import { definitionOf } from "./rule.commands.ts";
import { dueScanEveryMs, RULE_RUN, scanDueDates } from "./rule.due.ts";
import { runRule } from "./rule.engine.ts";
import { submittedTask, triggerMatches } from "./rule.match.ts";

export { RULE_RUN };

const taskOf = (event: EventsTable) =>
  event.resource_type === "task"
    ? event.resource_gid
    : event.parent_type === "task"
      ? event.parent_gid
      : submittedTask(event);

// Events that fire a rule become one job per (rule, event): at-least-once delivery, one run each.
export const rulesConsumer: EventConsumer = {
  name: "rules",
  async handle(trx, events) {
    const relevant = events.filter((event) => taskOf(event) !== null);
    if (relevant.length === 0) return false;
    const rules = await trx
      .selectFrom("rules")
      .selectAll()
      .where("enabled", "=", 1)
      .where("paused_reason", "is", null)
      .where("workspace_gid", "in", [...new Set(relevant.map((event) => event.workspace_gid))])
      .execute();
    if (rules.length === 0) return false;
    const taskGids = [...new Set(relevant.map((event) => taskOf(event) as number))];
    const memberships = await trx
      .selectFrom("task_memberships")
      .select(["task_gid", "project_gid"])
      .where("task_gid", "in", taskGids)
      .execute();
    const projectsOf = new Map<number, Set<number>>();
    for (const row of memberships) {
      const set = projectsOf.get(row.task_gid) ?? new Set();
      set.add(row.project_gid);
      projectsOf.set(row.task_gid, set);
    }
    const sectionGids = relevant
      .filter((event) => event.parent_type === "section")
      .map((event) => event.parent_gid ?? 0);
    const sectionProject = new Map(
      sectionGids.length
        ? (
            await trx.selectFrom("sections").select(["gid", "project_gid"]).where("gid", "in", sectionGids).execute()
          ).map((row) => [row.gid, row.project_gid] as const)
        : [],
    );
    let enqueued = false;
    for (const event of relevant) {
      const taskGid = taskOf(event) as number;
      const inProjects = projectsOf.get(taskGid) ?? new Set<number>();
      const ofSection = event.parent_type === "section" ? (sectionProject.get(event.parent_gid ?? 0) ?? null) : null;
      for (const rule of rules) {
        if (!inProjects.has(rule.project_gid) && ofSection !== rule.project_gid) continue;
        const trigger = definitionOf(rule).trigger;
        if (!triggerMatches(trigger, event, rule.project_gid, ofSection)) continue;
        const id = await enqueueJob(trx, {
          kind: RULE_RUN,
          payload: { rule: rule.gid, event: event.id, task: taskGid },
          // No delay: a run marks the events its actions wrote (the loop guard, rule_event_origins) in the unit of
          // work that writes them, so the mark is there whenever the event is.
          key: `${RULE_RUN}:${rule.gid}:${event.id}`,
        });
        enqueued ||= id !== null;
      }
    }
    return enqueued;
  },
};

registerEventConsumer(rulesConsumer);
registerSchedule("rules.due_dates", dueScanEveryMs(), async (tick, takt) => {
  await scanDueDates(takt, new Date(Math.max(tick.start.getTime(), Date.now())));
});
registerJobHandler(RULE_RUN, async (job, takt) => {
  const rule = await takt.db
    .selectFrom("rules")
    .selectAll()
    .where("gid", "=", Number(job.payload.rule))
    .executeTakeFirst();
  if (!rule) return undefined;
  const origin = job.payload.event
    ? await takt.db
        .selectFrom("rule_event_origins")
        .select("chain")
        .where("event_id", "=", Number(job.payload.event))
        .executeTakeFirst()
    : undefined;
  const chain = origin ? (JSON.parse(origin.chain) as number[]) : ((job.payload.chain as number[] | undefined) ?? []);
  await runRule(takt, {
    rule,
    taskGid: Number(job.payload.task),
    key: String(job.payload.key ?? job.payload.event),
    chain,
    eventId: job.payload.event ? Number(job.payload.event) : undefined,
  });
  return undefined;
});
