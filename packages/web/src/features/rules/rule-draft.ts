import type { RuleAction, RuleCondition, RuleTrigger } from "./queries";

// A rule as the builder edits it, before it is saved.
export interface RuleDraft {
  name: string;
  trigger: RuleTrigger;
  conditions: RuleCondition[];
  actions: RuleAction[];
}

// Whether a part of the draft still lacks what it needs (a section to move to, a tag to add…): nothing to save yet.
export function incomplete(draft: RuleDraft): boolean {
  for (const action of draft.actions) {
    if (action.type === "move_to_section" && !action.section) return true;
    if (action.type === "add_comment" && !String(action.text ?? "").trim()) return true;
    if (action.type === "add_to_project" && !action.project) return true;
    if (action.type === "add_follower" && !action.user) return true;
    if (action.type === "add_subtasks_from_template" && !action.task_template) return true;
    if (action.type === "set_assignee" && Array.isArray(action.users) && action.users.length === 0) return true;
    if (action.type === "set_custom_field" && !action.custom_field) return true;
    if ((action.type === "add_tag" || action.type === "remove_tag") && !action.tag) return true;
    if (action.type === "send_webhook" && !String(action.url ?? "").trim()) return true;
  }
  for (const condition of draft.conditions) {
    if (condition.type === "in_section" && !condition.section) return true;
    if (condition.type === "has_tag" && !condition.tag) return true;
    if (condition.type === "custom_field_equals" && !condition.custom_field) return true;
  }
  return draft.trigger.type === "field_changed" && !draft.trigger.field && !draft.trigger.custom_field;
}

// The settings of a trigger that the API keeps, without the empty ones.
export function pick(trigger: RuleTrigger): Partial<RuleTrigger> {
  const { section, field, value, days } = trigger;
  return Object.fromEntries(
    Object.entries({ section, field, value, days }).filter(([, item]) => item !== undefined && item !== null),
  );
}
