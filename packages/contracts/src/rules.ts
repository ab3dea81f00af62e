import { z } from "zod";
import { Gid } from "./common.ts";
import { RULE_APPROVAL_DECISIONS, RULE_TRIGGER_FIELDS, RULE_TRIGGER_TYPES } from "./constants.ts";

// Rules (Takt extension, after Asana's rules): when a trigger fires on a task of the project and the conditions
// hold, the actions run.

export { RULE_APPROVAL_DECISIONS, RULE_TRIGGER_FIELDS, RULE_TRIGGER_TYPES };
export const RuleTriggerType = z.enum(RULE_TRIGGER_TYPES).meta({ id: "RuleTriggerType" });
export type RuleTriggerType = z.infer<typeof RuleTriggerType>;

export const RuleTrigger = z
  .strictObject({
    type: RuleTriggerType,
    section: Gid.optional(),
    field: z.enum(RULE_TRIGGER_FIELDS).optional(),
    value: z.union([z.string().max(1024), z.boolean(), z.number(), z.null()]).optional(),
    days: z.number().int().min(0).max(365).optional(),
    // field_changed on a custom field (field is then omitted).
    custom_field: Gid.optional(),
  })
  .meta({ id: "RuleTrigger" });
export type RuleTrigger = z.infer<typeof RuleTrigger>;

export const RULE_CONDITION_TYPES = [
  "assignee_is",
  "assignee_set",
  "field_equals",
  "in_section",
  "has_tag",
  "is_subtask",
  "custom_field_equals",
  "custom_field_set",
] as const;
export type RuleConditionType = (typeof RULE_CONDITION_TYPES)[number];

export const RuleCondition = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("assignee_is"), user: Gid.nullable() }),
    z.strictObject({ type: z.literal("assignee_set"), value: z.boolean() }),
    z.strictObject({
      type: z.literal("field_equals"),
      field: z.enum(["name", "completed", "due_on", "start_on", "resource_subtype"]),
      value: z.union([z.string().max(1024), z.boolean(), z.null()]),
    }),
    z.strictObject({ type: z.literal("in_section"), section: Gid }),
    z.strictObject({ type: z.literal("has_tag"), tag: Gid }),
    z.strictObject({ type: z.literal("is_subtask"), value: z.boolean() }),
    // A custom field's current value: an enum option by gid or name, a number, text, a date; null = unset.
    z.strictObject({
      type: z.literal("custom_field_equals"),
      custom_field: Gid,
      value: z.union([z.string().max(1024), z.number(), z.null()]),
    }),
    z.strictObject({ type: z.literal("custom_field_set"), custom_field: Gid, value: z.boolean() }),
  ])
  .meta({ id: "RuleCondition" });
export type RuleCondition = z.infer<typeof RuleCondition>;

export const RULE_ACTION_TYPES = [
  "move_to_section",
  "mark_complete",
  "set_assignee",
  "set_due_in_days",
  "add_comment",
  "add_to_project",
  "set_field",
  "add_subtasks_from_template",
  "add_follower",
  "set_custom_field",
  "add_tag",
  "remove_tag",
  "send_webhook",
] as const;
export type RuleActionType = (typeof RULE_ACTION_TYPES)[number];

export const RuleAction = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("move_to_section"), section: Gid }),
    z.strictObject({ type: z.literal("mark_complete"), value: z.boolean().optional() }),
    z.strictObject({
      type: z.literal("set_assignee"),
      user: Gid.nullable().optional(),
      users: z.array(Gid).min(1).max(50).optional(),
    }),
    z.strictObject({ type: z.literal("set_due_in_days"), days: z.number().int().min(0).max(3650) }),
    z.strictObject({ type: z.literal("add_comment"), text: z.string().trim().min(1).max(10_000) }),
    z.strictObject({ type: z.literal("add_to_project"), project: Gid, section: Gid.optional() }),
    z.strictObject({
      type: z.literal("set_field"),
      field: z.enum(["name", "notes", "start_on"]),
      value: z.string().max(65_535).nullable(),
    }),
    z.strictObject({ type: z.literal("add_subtasks_from_template"), task_template: Gid }),
    z.strictObject({ type: z.literal("add_follower"), user: Gid }),
    z.strictObject({
      type: z.literal("set_custom_field"),
      custom_field: Gid,
      value: z.union([z.string().max(1024), z.number(), z.array(z.string().max(64)).max(100), z.null()]),
    }),
    z.strictObject({ type: z.literal("add_tag"), tag: Gid }),
    z.strictObject({ type: z.literal("remove_tag"), tag: Gid }),
    z.strictObject({ type: z.literal("send_webhook"), url: z.string().trim().min(1).max(2048) }),
  ])
  .meta({ id: "RuleAction" });
export type RuleAction = z.infer<typeof RuleAction>;

const RuleName = z.string().trim().min(1, "must not be empty").max(1024);
const RuleConditions = z.array(RuleCondition).max(20);
const RuleActions = z.array(RuleAction).min(1, "must contain at least one action").max(20);

export const CreateRuleBody = z.strictObject({
  project: Gid,
  name: RuleName,
  enabled: z.boolean().optional(),
  trigger: RuleTrigger,
  conditions: RuleConditions.optional(),
  actions: RuleActions,
});
export type CreateRuleBody = z.infer<typeof CreateRuleBody>;

export const UpdateRuleBody = z.strictObject({
  name: RuleName.optional(),
  enabled: z.boolean().optional(),
  trigger: RuleTrigger.optional(),
  conditions: RuleConditions.optional(),
  actions: RuleActions.optional(),
});
export type UpdateRuleBody = z.infer<typeof UpdateRuleBody>;

// Asana's incoming web request trigger: the task to run the rule on.
export const RunRuleTriggerBody = z.strictObject({
  resource: Gid,
  action_data: z.record(z.string(), z.unknown()).optional(),
});
export type RunRuleTriggerBody = z.infer<typeof RunRuleTriggerBody>;

export const RulesQuery = z.object({ project: z.string().optional() }).loose();

export const RuleParams = z.object({ gid: Gid });
export const RuleTriggerParams = z.object({ gid: Gid });
