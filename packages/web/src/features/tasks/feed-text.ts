import dayjs from "dayjs";
import type { Story } from "../../api/types";
import i18n from "../../i18n";
import { describeRuleSteps } from "../rules/describe";
import { formatMinutes } from "../time/duration";

// A rule's story names the rule and what it did; it has no author.
export const isRuleStory = (story: Pick<Story, "text" | "resource_subtype">) =>
  story.resource_subtype === "rule_ran" || story.text.startsWith('Rule "');

function day(value: string): string {
  const date = dayjs(value.slice(0, 10)).locale(i18n.language);
  return date.year() === dayjs().year() ? date.format(i18n.t("feed.dayFormat")) : date.format("ll");
}

function moment(value: string): string {
  return dayjs(value).locale(i18n.language).format("lll");
}

function datesText(story: Story): string {
  const dates = story.new_dates;
  if (!dates) return story.text;
  const due = dates.due_at ? moment(dates.due_at) : dates.due_on ? day(dates.due_on) : null;
  const start = dates.start_on ? day(dates.start_on) : null;
  if (start && due) return i18n.t("feed.dateRangeChanged", { start, due });
  if (due) return i18n.t("feed.dueChanged", { date: due });
  if (start) return i18n.t("feed.startChanged", { date: start });
  return i18n.t("feed.dueRemoved");
}

// "logged 1h 30m": minutes from the structured field, else read back from the English text.
function loggedMinutes(story: Story): number | null {
  if (typeof story.duration_minutes === "number") return story.duration_minutes;
  const match = story.text.match(/^logged (?:(\d+)h)?\s*(?:(\d+)m)?$/);
  if (!match || (!match[1] && !match[2])) return null;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

function customFieldText(story: Story): string {
  if (story.custom_field && story.custom_field.name === undefined) return i18n.t("feed.private.fieldChanged");
  const field = story.custom_field?.name;
  if (!field) return story.text;
  if (story.text.startsWith("changed the secret field")) return i18n.t("feed.secretFieldChanged", { field });
  return story.new_display_value
    ? i18n.t("feed.fieldChanged", { field, value: story.new_display_value })
    : i18n.t("feed.fieldCleared", { field });
}

// "Rule "Triage" moved this task to Doing.", from the story's rule and steps; without them (a story asked for
// without those fields) it reads as the server wrote it.
function ruleText(story: Story): string {
  if (!story.rule) return story.text;
  if (story.rule.name == null) return i18n.t("feed.private.ruleRan");
  if (!story.rule_steps?.length) return story.text;
  return i18n.t("feed.ruleRan", {
    rule: story.rule.name,
    steps: describeRuleSteps(story.rule_steps, i18n.t.bind(i18n), i18n.language),
  });
}

const APPROVAL = ["approved", "rejected", "changes_requested", "pending"];

// Structured stories read in the viewer's language; anything unknown falls back to the server's text.
export function systemText(story: Story): string {
  const t = i18n.t.bind(i18n);
  if (isRuleStory(story)) return ruleText(story);
  const subtype = story.resource_subtype;
  if (subtype.endsWith("_custom_field_changed")) return customFieldText(story);
  switch (subtype) {
    case "section_changed":
      if (story.project && story.project.name === undefined) return t("feed.private.sectionChanged");
      return story.new_section
        ? t("feed.sectionChanged", { from: story.old_section?.name ?? "—", to: story.new_section.name })
        : story.text;
    case "assigned":
      return story.assignee ? t("feed.assigned", { name: story.assignee.name }) : story.text;
    case "unassigned":
      return t("feed.unassigned");
    case "marked_complete":
      return t("feed.completed");
    case "marked_incomplete":
      return t("feed.incomplete");
    case "created":
    case "task_created":
      return t("feed.created");
    case "name_changed":
      return story.new_name ? t("feed.renamed", { name: story.new_name }) : story.text;
    case "added_to_project": {
      if (!story.project) return story.text;
      const key = story.text.startsWith("created") ? "createdInProject" : "addedToProject";
      if (story.project.name === undefined) return t(`feed.private.${key}`);
      return t(`feed.${key}`, { project: story.project.name });
    }
    case "added_to_task": {
      if (!story.task) return story.text;
      const key = story.text.startsWith("created") ? "createdAsSubtask" : "addedToTask";
      if (story.task.name === undefined) return t(`feed.private.${key}`);
      return t(`feed.${key}`, { task: story.task.name });
    }
    case "removed_from_project":
      if (story.project && story.project.name === undefined) return t("feed.private.removedFromProject");
      return story.project?.name ? t("feed.removedFromProject", { project: story.project.name }) : story.text;
    case "removed_from_task":
      if (story.task && story.task.name === undefined) return t("feed.private.removedFromTask");
      return story.task?.name ? t("feed.removedFromTask", { task: story.task.name }) : t("feed.madeTopLevel");
    case "due_date_changed":
      return datesText(story);
    case "notes_changed":
      return t("feed.notesChanged");
    case "collaborator_added":
      return story.follower?.name ? t("feed.collaboratorAdded", { name: story.follower.name }) : story.text;
    case "dependency_added":
    case "dependency_removed":
    case "dependent_added":
    case "dependent_removed": {
      if (!story.dependency) return story.text;
      const key = subtype.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
      if (story.dependency.name === undefined) return t(`feed.private.${key}`);
      if (!story.dependency.name) return story.text;
      return t(`feed.${key}`, { task: story.dependency.name });
    }
    case "resource_subtype_changed": {
      const kind = story.new_resource_subtype;
      if (!kind || !["default_task", "milestone", "approval", "section"].includes(kind)) return story.text;
      return t("feed.subtypeChanged", { kind: t(`feed.kinds.${kind}`) });
    }
    case "secret_revealed":
      if (story.custom_field && story.custom_field.name === undefined) return t("feed.private.secretRevealed");
      return story.custom_field?.name ? t("feed.secretRevealed", { field: story.custom_field.name }) : story.text;
    case "approval_status_changed": {
      const status = story.new_approval_status;
      if (!status || !APPROVAL.includes(status)) return story.text;
      const colon = story.text.indexOf(": ");
      const verb = t(`feed.approval.${status}`);
      return colon === -1 ? verb : `${verb}: ${story.text.slice(colon + 2)}`;
    }
    case "time_logged": {
      const minutes = loggedMinutes(story);
      return minutes === null ? story.text : t("feed.timeLogged", { duration: formatMinutes(minutes) });
    }
    default:
      return story.text;
  }
}
