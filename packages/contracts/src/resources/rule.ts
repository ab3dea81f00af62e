import { z } from "zod";
import { Gid } from "../common.ts";
import { RuleAction, RuleCondition, RuleTrigger } from "../rules.ts";
import { DateTime, ProjectCompact } from "./shared.ts";

export const Rule = z
  .object({
    gid: Gid,
    resource_type: z.literal("rule"),
    name: z.string(),
    enabled: z.boolean(),
    project: ProjectCompact,
    trigger: RuleTrigger.extend({ gid: Gid, resource_type: z.literal("rule_trigger") }).describe(
      "The trigger; its gid runs an incoming_web_request rule (POST /rule_triggers/{gid}/run).",
    ),
    conditions: z.array(RuleCondition),
    actions: z.array(RuleAction),
    paused_reason: z
      .string()
      .nullable()
      .describe("Set when the rule stopped itself (something it names is gone); saving it clears this."),
    created_by: z.object({ gid: Gid, resource_type: z.literal("user") }),
    created_at: DateTime,
    modified_at: DateTime,
    webhook_secret: z
      .string()
      .optional()
      .describe("The secret a send_webhook action signs with: in create and update answers only."),
  })
  .meta({ id: "Rule", description: "Takt: a project's automation rule." });
export type Rule = z.infer<typeof Rule>;

export const RuleRun = z
  .object({
    gid: Gid,
    resource_type: z.literal("rule_run"),
    status: z.enum(["succeeded", "failed", "skipped", "stopped"]),
    message: z.string(),
    depth: z.number().int(),
    task: z.object({ gid: Gid, resource_type: z.literal("task") }).nullable(),
    created_at: DateTime,
  })
  .meta({ id: "RuleRun" });
export type RuleRun = z.infer<typeof RuleRun>;

export const RuleTriggerRun = z
  .object({ message: z.string() })
  .meta({ id: "RuleTriggerRun", description: "The rule will run on the task in the background." });
export type RuleTriggerRun = z.infer<typeof RuleTriggerRun>;
