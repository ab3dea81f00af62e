import { z } from "zod";

// Closed lists of values the API sends, shared by response schemas (the request schemas keep theirs beside them).

export const SprintState = z.enum(["planned", "active", "completed"]).meta({ id: "SprintState" });
export type SprintState = z.infer<typeof SprintState>;

export const EventAction = z
  .enum(["added", "changed", "removed", "deleted", "undeleted"])
  .meta({ id: "EventAction", description: "What happened to the resource." });
export type EventAction = z.infer<typeof EventAction>;

export const RuleTriggerType = z
  .enum([
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
  ])
  .meta({ id: "RuleTriggerType", description: "The happening that starts a rule." });
export type RuleTriggerType = z.infer<typeof RuleTriggerType>;

export const RuleActionType = z
  .enum([
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
  ])
  .meta({ id: "RuleActionType", description: "What a rule does to the task." });
export type RuleActionType = z.infer<typeof RuleActionType>;
