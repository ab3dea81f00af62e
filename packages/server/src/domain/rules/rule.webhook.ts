import { createHmac } from "node:crypto";
import type { RulesTable, TasksTable } from "../../db/schema.ts";
import type { EventBus } from "../../events/bus.ts";
import { eventSight } from "../../events/event.policy.ts";
import { presentEvent } from "../../events/event.presenter.ts";
import { outboundPolicy, refuseTarget } from "../../integrations/webhooks/target-guard.ts";
import { postToTarget, signature } from "../../integrations/webhooks/webhook.http.ts";
import { enqueueJob } from "../../jobs/queue.ts";
import { registerJobHandler } from "../../jobs/registry.ts";
import type { Takt } from "../../takt.ts";
import type { Tx } from "../context.ts";
import { secretKeyOf } from "../custom-fields/secret-box.ts";

export const RULE_WEBHOOK = "rules.webhook";

// Each rule signs with its own secret, derived from the server key (nothing to store, nothing to leak in the
// rule's JSON); GET /rules/{gid} shows it to the project's editors so the receiver can check X-Hook-Signature.
export async function ruleWebhookSecret(takt: Takt, ruleGid: number): Promise<string> {
  return createHmac("sha256", await secretKeyOf(takt))
    .update(`rule-webhook:${ruleGid}`)
    .digest("hex");
}

// The POST goes through the job queue: a slow or failing target never holds up the rule's other actions,
// and it is retried with the queue's backoff. One job per (rule, run key, url).
// Queued in the run's unit of work: the POST is sent only if the run commits.
export async function enqueueRuleWebhook(
  unit: Tx,
  bus: EventBus,
  input: { rule: RulesTable; task: TasksTable; url: string; eventId?: number; key: string },
) {
  const db = unit.trx;
  const event = input.eventId
    ? await db.selectFrom("events").selectAll().where("id", "=", input.eventId).executeTakeFirst()
    : undefined;
  const body = {
    rule: { gid: String(input.rule.gid), resource_type: "rule", name: input.rule.name },
    task: { gid: String(input.task.gid), resource_type: "task", name: input.task.name },
    // Read as the rule's creator reads it: what they cannot see is not named.
    events: event ? [presentEvent(event, await eventSight(db, input.rule.created_by_gid, [event]))] : [],
  };
  await enqueueJob(db, {
    kind: RULE_WEBHOOK,
    payload: { rule: input.rule.gid, url: input.url, body: JSON.stringify(body) },
    key: `${RULE_WEBHOOK}:${input.rule.gid}:${input.key}:${input.url}`,
    maxAttempts: 5,
  });
  unit.afterCommit(() => bus.notifyJobs());
}

registerJobHandler(RULE_WEBHOOK, async (job, takt) => {
  const url = String(job.payload.url);
  const body = String(job.payload.body);
  // Checked again at send time: the name may resolve to a private address by now.
  const policy = outboundPolicy(takt.config);
  const refused = await refuseTarget(url, policy);
  if (refused) throw new Error(refused);
  const answer = await postToTarget(
    url,
    {
      "content-type": "application/json",
      "x-hook-signature": signature(await ruleWebhookSecret(takt, Number(job.payload.rule)), body),
    },
    body,
    takt.config.webhookTimeoutMs,
    policy,
  );
  if (!answer.ok) throw new Error(answer.content);
  return undefined;
});
