import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Ref } from "../../api/types";

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
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export const CONDITION_TYPES = [
  "in_section",
  "assignee_is",
  "assignee_set",
  "has_tag",
  "is_subtask",
  "custom_field_equals",
] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

export const ACTION_TYPES = [
  "move_to_section",
  "mark_complete",
  "set_assignee",
  "set_due_in_days",
  "add_comment",
  "add_to_project",
  "add_follower",
  "add_subtasks_from_template",
  "set_custom_field",
  "add_tag",
  "remove_tag",
  "send_webhook",
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const TRIGGER_FIELDS = ["name", "notes", "assignee", "due_on", "start_on", "completed"] as const;
export const APPROVAL_DECISIONS = ["approved", "rejected", "changes_requested"] as const;

export interface RuleTrigger {
  gid?: string;
  resource_type?: string;
  type: TriggerType;
  section?: string;
  field?: string;
  value?: string | boolean | number | null;
  days?: number;
  custom_field?: string;
}

export type RuleCondition = { type: ConditionType } & Record<string, unknown>;
export type RuleAction = { type: ActionType } & Record<string, unknown>;

export interface Rule {
  gid: string;
  name: string;
  enabled: boolean;
  project: Ref;
  trigger: RuleTrigger;
  conditions: RuleCondition[];
  actions: RuleAction[];
  paused_reason: string | null;
  created_at: string;
}

export interface RuleRun {
  gid: string;
  status: string;
  message: string | null;
  depth: number;
  task: { gid: string } | null;
  created_at: string;
}

export const ruleKeys = {
  list: (project: string) => ["rules", project] as const,
  runs: (rule: string) => ["rule-runs", rule] as const,
};

export function useRules(project: string, enabled = true) {
  return useQuery({
    queryKey: ruleKeys.list(project),
    enabled: !!project && enabled,
    queryFn: () => api.all<Rule>("/rules", { project }),
  });
}

export function useRuleRuns(rule: string, enabled: boolean) {
  return useQuery({
    queryKey: ruleKeys.runs(rule),
    enabled,
    queryFn: async () => (await api.page<RuleRun>(`/rules/${rule}/runs`, { limit: 20 })).data,
    refetchInterval: enabled ? 5000 : false,
  });
}
