import { z } from "zod";
import { Gid } from "../common.ts";
import { RuleTriggerType } from "../enums.ts";
import { DateTime, ProjectCompact } from "./shared.ts";

const Ref = z.string().regex(/^[0-9]{1,16}$/, "must be a gid string");

export const RuleTrigger = z
  .strictObject({
    type: RuleTriggerType,
    section: Ref.optional().describe("task_moved_to_section: the section."),
    field: z
      .enum(["name", "notes", "assignee", "due_on", "due_at", "start_on", "completed"])
      .optional()
      .describe("field_changed: the task field."),
    value: z.union([z.string().max(1024), z.boolean(), z.number(), z.null()]).optional(),
    days: z.number().int().min(0).max(365).optional().describe("due_date_approaching: days before the due date."),
    custom_field: Ref.optional().describe("field_changed on a custom field (field is then omitted)."),
  })
  .meta({ id: "RuleTrigger" });
export type RuleTrigger = z.infer<typeof RuleTrigger>;

export const RuleCondition = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("assignee_is"), user: Ref.nullable() }),
    z.strictObject({ type: z.literal("assignee_set"), value: z.boolean() }),
    z.strictObject({
      type: z.literal("field_equals"),
      field: z.enum(["name", "completed", "due_on", "start_on", "resource_subtype"]),
      value: z.union([z.string().max(1024), z.boolean(), z.null()]),
    }),
    z.strictObject({ type: z.literal("in_section"), section: Ref }),
    z.strictObject({ type: z.literal("has_tag"), tag: Ref }),
    z.strictObject({ type: z.literal("is_subtask"), value: z.boolean() }),
    z.strictObject({
      type: z.literal("custom_field_equals"),
      custom_field: Ref,
      value: z.union([z.string().max(1024), z.number(), z.null()]),
    }),
    z.strictObject({ type: z.literal("custom_field_set"), custom_field: Ref, value: z.boolean() }),
  ])
  .meta({ id: "RuleCondition" });
export type RuleCondition = z.infer<typeof RuleCondition>;

export const RuleAction = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("move_to_section"), section: Ref }),
    z.strictObject({ type: z.literal("mark_complete"), value: z.boolean().optional() }),
    z.strictObject({
      type: z.literal("set_assignee"),
      user: Ref.nullable().optional(),
      users: z.array(Ref).min(1).max(50).optional().describe("Round robin among these people."),
    }),
    z.strictObject({ type: z.literal("set_due_in_days"), days: z.number().int().min(0).max(3650) }),
    z.strictObject({ type: z.literal("add_comment"), text: z.string().trim().min(1).max(10_000) }),
    z.strictObject({ type: z.literal("add_to_project"), project: Ref, section: Ref.optional() }),
    z.strictObject({
      type: z.literal("set_field"),
      field: z.enum(["name", "notes", "start_on"]),
      value: z.string().max(65_535).nullable(),
    }),
    z.strictObject({ type: z.literal("add_subtasks_from_template"), task_template: Ref }),
    z.strictObject({ type: z.literal("add_follower"), user: Ref }),
    z.strictObject({
      type: z.literal("set_custom_field"),
      custom_field: Ref,
      value: z.union([z.string().max(1024), z.number(), z.array(z.string().max(64)).max(100), z.null()]),
    }),
    z.strictObject({ type: z.literal("add_tag"), tag: Ref }),
    z.strictObject({ type: z.literal("remove_tag"), tag: Ref }),
    z.strictObject({ type: z.literal("send_webhook"), url: z.string().trim().min(1).max(2048) }),
  ])
  .meta({ id: "RuleAction" });
export type RuleAction = z.infer<typeof RuleAction>;

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
