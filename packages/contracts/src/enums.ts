import { z } from "zod";

// Closed lists of values the API sends and accepts, shared by request and response schemas.

export const ProjectColor = z
  .enum([
    "dark-pink",
    "dark-green",
    "dark-blue",
    "dark-red",
    "dark-teal",
    "dark-brown",
    "dark-orange",
    "dark-purple",
    "dark-warm-gray",
    "light-pink",
    "light-green",
    "light-blue",
    "light-red",
    "light-teal",
    "light-brown",
    "light-orange",
    "light-purple",
    "light-warm-gray",
    "none",
  ])
  .meta({ id: "ProjectColor", description: "A project's (or project template's) colour." });
export type ProjectColor = z.infer<typeof ProjectColor>;

// Tags take the project palette without "none" (no colour is null).
export const TagColor = ProjectColor.exclude(["none"]).meta({ id: "TagColor", description: "A tag's colour." });
export type TagColor = z.infer<typeof TagColor>;

export const EnumOptionColor = z
  .enum([
    "none",
    "red",
    "orange",
    "yellow-orange",
    "yellow",
    "yellow-green",
    "green",
    "blue-green",
    "aqua",
    "blue",
    "indigo",
    "purple",
    "magenta",
    "hot-pink",
    "pink",
    "cool-gray",
  ])
  .meta({ id: "EnumOptionColor", description: "The colour of an option of an enum or multi_enum field." });
export type EnumOptionColor = z.infer<typeof EnumOptionColor>;

export const CustomFieldSubtype = z.enum(["text", "number", "enum", "multi_enum", "date", "people", "secret"]).meta({
  id: "CustomFieldSubtype",
  description: "The kind of a custom field. secret (Takt) holds an encrypted value shown masked.",
});
export type CustomFieldSubtype = z.infer<typeof CustomFieldSubtype>;

export const CustomFieldFormat = z
  .enum(["none", "percentage", "currency", "duration", "custom", "identifier"])
  .meta({ id: "CustomFieldFormat", description: "How a number field's values are displayed." });
export type CustomFieldFormat = z.infer<typeof CustomFieldFormat>;

export const StatusType = z
  .enum(["on_track", "at_risk", "off_track", "on_hold", "complete"])
  .meta({ id: "StatusType", description: "The state a project status update reports." });
export type StatusType = z.infer<typeof StatusType>;

export const ApprovalStatus = z
  .enum(["pending", "approved", "rejected", "changes_requested"])
  .meta({ id: "ApprovalStatus", description: "The decision on an approval task." });
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

export const SprintState = z.enum(["planned", "active", "completed"]).meta({ id: "SprintState" });
export type SprintState = z.infer<typeof SprintState>;

export const EmailNotifications = z
  .enum(["instant", "daily_digest", "off"])
  .meta({ id: "EmailNotifications", description: "How a person's notifications reach them by email." });
export type EmailNotifications = z.infer<typeof EmailNotifications>;

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
