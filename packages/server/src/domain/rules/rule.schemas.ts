import { z } from "zod";

const Gid = z.string().regex(/^[0-9]{1,16}$/, "must be a gid string");

export const TRIGGER_TYPES = [
  "task_added",
  "task_moved_to_section",
  "task_completed",
  "task_uncompleted",
  "task_assigned",
  "comment_added",
  "due_date_approaching",
  "overdue",
  "field_changed",
  "approval_decided",
  "form_submitted",
  "incoming_web_request",
] as const;

export const Trigger = z.strictObject({
  type: z.enum(TRIGGER_TYPES),
  section: Gid.optional(),
  field: z.enum(["name", "notes", "assignee", "due_on", "due_at", "start_on", "completed"]).optional(),
  value: z.union([z.string().max(1024), z.boolean(), z.number(), z.null()]).optional(),
  days: z.number().int().min(0).max(365).optional(),
  // field_changed on a custom field (field is then omitted).
  custom_field: Gid.optional(),
});

export const Condition = z.discriminatedUnion("type", [
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
]);

export const Action = z.discriminatedUnion("type", [
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
]);

export type RuleTrigger = z.infer<typeof Trigger>;
export type RuleCondition = z.infer<typeof Condition>;
export type RuleAction = z.infer<typeof Action>;

export const CreateRuleBody = z.strictObject({
  project: Gid,
  name: z.string().trim().min(1, "must not be empty").max(1024),
  enabled: z.boolean().optional(),
  trigger: Trigger,
  conditions: z.array(Condition).max(20).optional(),
  actions: z.array(Action).min(1, "must contain at least one action").max(20),
});

export const UpdateRuleBody = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(1024).optional(),
  enabled: z.boolean().optional(),
  trigger: Trigger.optional(),
  conditions: z.array(Condition).max(20).optional(),
  actions: z.array(Action).min(1, "must contain at least one action").max(20).optional(),
});

export const RunTriggerBody = z.strictObject({
  resource: Gid,
  action_data: z.record(z.string(), z.unknown()).optional(),
});
