import type { RuleProblem } from "@takt/contracts";
import type { RuleRunsTable, RulesTable } from "../../db/schema.ts";
import type { Takt } from "../../takt.ts";
import { ruleStepsText, stepsFor } from "../stories/story.render.ts";
import type { Sight } from "../visible-references.ts";
import { definitionOf } from "./rule.commands.ts";
import type { RunDetails } from "./rule.queries.ts";
import { ruleWebhookSecret } from "./rule.webhook.ts";

export function presentRule(rule: RulesTable, projectName: string) {
  const definition = definitionOf(rule);
  return {
    gid: String(rule.gid),
    resource_type: "rule",
    name: rule.name,
    enabled: rule.enabled === 1,
    project: { gid: String(rule.project_gid), resource_type: "project", name: projectName },
    trigger: { gid: String(rule.trigger_gid), resource_type: "rule_trigger", ...definition.trigger },
    conditions: definition.conditions,
    actions: definition.actions,
    // Set when the rule stopped itself (a section, person or project it names is gone); saving it clears this.
    paused_reason: rule.paused_reason,
    paused_problem: rule.paused_reason ? problemOf(rule.paused_problem) : null,
    created_by: { gid: String(rule.created_by_gid), resource_type: "user" },
    created_at: rule.created_at,
    modified_at: rule.modified_at,
  };
}

// The answer to its editor (create, update): with the secret a send_webhook action signs with.
export async function presentRuleToEditor(takt: Takt, rule: RulesTable, projectName: string) {
  const data = presentRule(rule, projectName);
  return data.actions.some((action) => action.type === "send_webhook")
    ? { ...data, webhook_secret: await ruleWebhookSecret(takt, rule.gid) }
    : data;
}

// A problem kept as JSON; a rule paused before problems were kept has one without a name.
function problemOf(raw: string | null): RuleProblem {
  return raw ? (JSON.parse(raw) as RuleProblem) : { type: "other" };
}

// A run as its reader may read it: the steps name only the projects (and their sections) the reader sees, and
// so does the English message written from them. Runs logged before steps were kept read as written.
export function presentRuleRun(run: RuleRunsTable, details: RunDetails, sight: Sight) {
  const steps = details.steps ? stepsFor(details.steps, sight) : [];
  return {
    gid: String(run.gid),
    resource_type: "rule_run",
    status: run.status,
    message: details.steps && run.status === "succeeded" ? ruleStepsText(steps, sight) : run.message,
    steps,
    condition: details.condition ?? null,
    problem: run.status === "failed" ? (details.problem ?? { type: "other" }) : null,
    depth: run.depth,
    task: run.task_gid ? { gid: String(run.task_gid), resource_type: "task" } : null,
    created_at: run.created_at,
  };
}
