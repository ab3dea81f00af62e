import dayjs from "dayjs";
import type { TFunction } from "i18next";
import type { Rule, RuleAction, RuleCondition, RuleRun, RuleStep, RuleTrigger } from "./queries";

// Names for the gids a rule mentions (missing ones read as "a deleted …").
export interface Names {
  sections: Map<string, string>;
  users: Map<string, string>;
  projects: Map<string, string>;
  tags: Map<string, string>;
  templates: Map<string, string>;
  fields: Map<string, string>;
}

const nameOf = (map: Map<string, string>, gid: unknown, t: TFunction) =>
  (typeof gid === "string" && map.get(gid)) || t("rules.missing");

export function describeTrigger(trigger: RuleTrigger, names: Names, t: TFunction): string {
  switch (trigger.type) {
    case "task_moved_to_section":
      return trigger.section
        ? t("rules.when.movedTo", { section: nameOf(names.sections, trigger.section, t) })
        : t("rules.trigger.task_moved_to_section");
    case "task_assigned":
      return trigger.value
        ? t("rules.when.assignedTo", { user: nameOf(names.users, trigger.value, t) })
        : t("rules.trigger.task_assigned");
    case "due_date_approaching":
      return t("rules.when.dueIn", { count: trigger.days ?? 1 });
    case "field_changed": {
      const field = trigger.custom_field
        ? nameOf(names.fields, trigger.custom_field, t)
        : t(`rules.field.${trigger.field ?? "name"}`);
      return trigger.custom_field && trigger.value !== undefined && trigger.value !== null
        ? t("rules.when.fieldChangedTo", { field, value: String(trigger.value) })
        : t("rules.when.fieldChanged", { field });
    }
    case "approval_decided":
      return trigger.value
        ? t("rules.when.approval", { value: t(`rules.decision.${trigger.value}`) })
        : t("rules.trigger.approval_decided");
    default:
      return t(`rules.trigger.${trigger.type}`);
  }
}

export function describeCondition(condition: RuleCondition, names: Names, t: TFunction): string {
  switch (condition.type) {
    case "in_section":
      return t("rules.if.inSection", { section: nameOf(names.sections, condition.section, t) });
    case "assignee_is":
      return condition.user
        ? t("rules.if.assigneeIs", { user: nameOf(names.users, condition.user, t) })
        : t("rules.if.unassigned");
    case "assignee_set":
      return condition.value ? t("rules.if.assigned") : t("rules.if.unassigned");
    case "has_tag":
      return t("rules.if.hasTag", { tag: nameOf(names.tags, condition.tag, t) });
    case "is_subtask":
      return condition.value ? t("rules.if.subtask") : t("rules.if.notSubtask");
    case "custom_field_equals": {
      const field = nameOf(names.fields, condition.custom_field, t);
      return condition.value === null || condition.value === undefined
        ? t("rules.if.fieldEmpty", { field })
        : t("rules.if.fieldEquals", { field, value: String(condition.value) });
    }
    default:
      return t(`rules.condition.${(condition as { type: string }).type}`);
  }
}

export function describeAction(action: RuleAction, names: Names, t: TFunction): string {
  switch (action.type) {
    case "move_to_section":
      return t("rules.then.moveTo", { section: nameOf(names.sections, action.section, t) });
    case "mark_complete":
      return action.value === false ? t("rules.then.incomplete") : t("rules.then.complete");
    case "set_assignee": {
      const users = action.users as string[] | undefined;
      if (users?.length)
        return t("rules.then.roundRobin", { users: users.map((gid) => nameOf(names.users, gid, t)).join(", ") });
      return action.user
        ? t("rules.then.assign", { user: nameOf(names.users, action.user, t) })
        : t("rules.then.unassign");
    }
    case "set_due_in_days":
      return t("rules.then.dueIn", { count: Number(action.days ?? 0) });
    case "add_comment":
      return t("rules.then.comment", { text: String(action.text ?? "") });
    case "add_to_project":
      return t("rules.then.addToProject", { project: nameOf(names.projects, action.project, t) });
    case "add_follower":
      return t("rules.then.follower", { user: nameOf(names.users, action.user, t) });
    case "add_subtasks_from_template":
      return t("rules.then.subtasks", { template: nameOf(names.templates, action.task_template, t) });
    case "set_custom_field":
      return t("rules.then.setField", {
        field: nameOf(names.fields, action.custom_field, t),
        value: action.value === null || action.value === undefined ? "—" : String(action.value),
      });
    case "add_tag":
      return t("rules.then.addTag", { tag: nameOf(names.tags, action.tag, t) });
    case "remove_tag":
      return t("rules.then.removeTag", { tag: nameOf(names.tags, action.tag, t) });
    case "send_webhook":
      return t("rules.then.webhook", { url: String(action.url ?? "") });
    default:
      return t(`rules.action.${(action as { type: string }).type}`);
  }
}

// What a rule's run did, in the reader's language: "moved this task to Done, added a comment". A project the reader
// cannot see comes without a name, and so does a section of it (a move recorded before the section's project was
// named has a project without one: the section's name tells); a step recorded before steps were typed keeps its
// English text.
export function describeRuleSteps(steps: readonly RuleStep[], t: TFunction, language: string): string {
  return steps.map((step) => describeStep(step, t, language)).join(", ");
}

function describeStep(step: RuleStep, t: TFunction, language: string): string {
  switch (step.type) {
    case "moved_to_section":
      return step.section?.name == null
        ? t("rules.step.movedPrivate")
        : t("rules.step.moved_to_section", { section: step.section.name });
    case "added_to_project":
      return step.project?.name == null
        ? t("rules.step.addedPrivate")
        : t("rules.step.added_to_project", { project: step.project.name });
    case "assigned":
    case "follower_added":
      return t(`rules.step.${step.type}`, { user: step.user?.name ?? "" });
    case "due_on_set":
      return t("rules.step.due_on_set", { date: step.due_on ? dayjs(step.due_on).locale(language).format("ll") : "" });
    case "field_set":
      return t("rules.step.field_set", { field: t(`rules.field.${step.field}`, { defaultValue: step.field ?? "" }) });
    case "custom_field_set":
      return step.custom_field?.name
        ? t("rules.step.custom_field_set", { field: step.custom_field.name })
        : t("rules.step.customFieldUnnamed");
    case "subtasks_added":
      return t("rules.step.subtasks_added", { template: step.task_template?.name ?? "" });
    case "tag_added":
    case "tag_removed":
      return t(`rules.step.${step.type}`, { tag: step.tag?.name ?? "" });
    case "stopped_at_depth":
      return t("rules.step.stopped_at_depth", { count: step.depth ?? 0 });
    case "text":
      return step.text ?? "";
    default:
      return t(`rules.step.${step.type}`);
  }
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

// A run of the run log, in the reader's language: what it did, the condition that did not hold, or why it failed.
// A run logged before runs kept these reads as the server wrote it.
export function describeRun(run: RuleRun, names: Names, t: TFunction, language: string): string {
  if ((run.status === "succeeded" || run.status === "stopped") && run.steps?.length)
    return sentence(describeRuleSteps(run.steps, t, language));
  if (run.status === "skipped" && run.condition)
    return t("rules.run.skipped", { condition: describeCondition(run.condition as RuleCondition, names, t) });
  if (run.status === "failed" && run.problem && run.problem.type !== "other")
    return sentence(t(`rules.problem.${run.problem.type}`));
  return run.message;
}

// Why a rule paused itself, in the reader's language when the server named the problem.
export function describePause(rule: Pick<Rule, "paused_reason" | "paused_problem">, t: TFunction): string {
  const problem = rule.paused_problem;
  return t("rules.paused", {
    reason: problem && problem.type !== "other" ? t(`rules.problem.${problem.type}`) : rule.paused_reason,
  });
}
