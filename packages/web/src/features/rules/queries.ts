import type * as C from "@takt/contracts";
import { RULE_APPROVAL_DECISIONS, RULE_TRIGGER_TYPES } from "@takt/contracts/constants";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Answer } from "../../api/types";

// Every trigger the contract knows is offered.
export const TRIGGER_TYPES = RULE_TRIGGER_TYPES;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export const CONDITION_TYPES = [
  "in_section",
  "assignee_is",
  "assignee_set",
  "has_tag",
  "is_subtask",
  "custom_field_equals",
] as const satisfies readonly C.RuleCondition["type"][];
// The builder offers these; a rule may hold any the contract knows.
export type OfferedCondition = (typeof CONDITION_TYPES)[number];
export type ConditionType = C.RuleCondition["type"];

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
] as const satisfies readonly C.RuleAction["type"][];
export type OfferedAction = (typeof ACTION_TYPES)[number];
export type ActionType = C.RuleAction["type"];

export const TRIGGER_FIELDS = ["name", "notes", "assignee", "due_on", "start_on", "completed"] as const;
export const APPROVAL_DECISIONS = RULE_APPROVAL_DECISIONS;

// The builder's drafts: a trigger, condition or action as it is being filled in (the contract's shape once complete).
export type RuleTrigger = Omit<C.RuleTrigger, "field"> & { gid?: string; resource_type?: string; field?: string };
export type RuleCondition = { type: ConditionType } & Record<string, unknown>;
export type RuleAction = { type: ActionType } & Record<string, unknown>;

export type Rule = Answer<
  C.Rule,
  "name" | "enabled" | "project" | "trigger" | "conditions" | "actions" | "paused_reason" | "created_at",
  "paused_problem"
>;

export type RuleRun = Answer<
  C.RuleRun,
  "status" | "message" | "depth" | "task" | "created_at",
  "steps" | "condition" | "problem"
>;
export type RuleStep = C.RuleStep;

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
