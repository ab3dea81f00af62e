import type { RuleStep } from "@takt/contracts";
import { plainToRichText } from "../rich-text.ts";
import type { Referenced, Sight } from "../visible-references.ts";
import { quoted, type StoryDates } from "./story.text.ts";

export interface Ref {
  gid: string;
  resource_type: string;
  name?: string | null;
}

// A rule's run is told step by step (the contract's RuleStep): what it names, by reference, so each reader reads it
// in their language and without the names of projects they cannot see.
// Steps stored before they had a type: English text, or a project or section by reference.
type StoredRuleStep = RuleStep | { text: string } | { added_to_project: Ref } | { moved_to_section: Ref; project: Ref };

export function ruleSteps(stored: readonly StoredRuleStep[] | undefined): RuleStep[] {
  return (stored ?? []).map((step) => {
    if ("type" in step) return step;
    if ("moved_to_section" in step)
      return { type: "moved_to_section", section: step.moved_to_section, project: step.project };
    if ("added_to_project" in step) return { type: "added_to_project", project: step.added_to_project };
    return { type: "text", text: step.text };
  });
}

// Asana's structured story fields (the references a story keeps), plus what the rendering needs. Clients may
// render these in their own language.
export interface StoryDetails {
  project?: Ref;
  old_section?: Ref | null;
  new_section?: Ref;
  assignee?: Ref | null;
  follower?: Ref;
  dependency?: Ref;
  task?: Ref | null;
  old_name?: string | null;
  new_name?: string;
  old_dates?: StoryDates | null;
  new_dates?: StoryDates;
  old_resource_subtype?: string | null;
  new_resource_subtype?: string;
  custom_field?: Ref;
  new_display_value?: string | null;
  // A rule's story: the rule with the project it belongs to, and its steps (never presented as fields).
  rule?: Ref & { project?: Ref | null };
  steps?: StoredRuleStep[];
}

// Kept for the rendering, not shown as story fields.
const INTERNAL = new Set(["rule", "steps"]);

const PRIVATE_TASK = "a private task";
const PRIVATE_PROJECT = "a private project";

export function parseDetails(raw: string | null): StoryDetails {
  if (!raw) return {};
  try {
    const value = JSON.parse(raw);
    return value && typeof value === "object" ? (value as StoryDetails) : {};
  } catch {
    return {};
  }
}

const gidOf = (ref: Ref | null | undefined) => (ref ? Number(ref.gid) : 0);

// Every task and project a story names, for one visibility query per page of stories.
export function referencesOf(details: StoryDetails[]): { tasks: number[]; projects: number[] } {
  const tasks: number[] = [];
  const projects: number[] = [];
  for (const detail of details) {
    if (detail.task) tasks.push(gidOf(detail.task));
    if (detail.dependency) tasks.push(gidOf(detail.dependency));
    if (detail.project) projects.push(gidOf(detail.project));
    if (detail.rule?.project) projects.push(gidOf(detail.rule.project));
    projects.push(...projectsOfSteps(ruleSteps(detail.steps)));
  }
  return { tasks, projects } satisfies Referenced;
}

const seesTask = (sight: Sight, ref: Ref | null | undefined) => !ref || sight.task(gidOf(ref));
const seesProject = (sight: Sight, ref: Ref | null | undefined) => !ref || sight.project(gidOf(ref));
const hidden = (ref: Ref): Ref => ({ gid: ref.gid, resource_type: ref.resource_type });

// The references as the reader may see them: a task or project they cannot see (and the sections of such a
// project) keeps its gid and loses its name.
export function detailsFor(details: StoryDetails, sight: Sight): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) if (!INTERNAL.has(key)) shown[key] = value;
  if (details.task && !seesTask(sight, details.task)) shown.task = hidden(details.task);
  if (details.dependency && !seesTask(sight, details.dependency)) shown.dependency = hidden(details.dependency);
  if (details.project && !seesProject(sight, details.project)) {
    shown.project = hidden(details.project);
    if (details.old_section) shown.old_section = hidden(details.old_section);
    if (details.new_section) shown.new_section = hidden(details.new_section);
  }
  const rule = details.rule;
  if (rule) {
    // A rule in a project the reader cannot see: neither its name nor what it did.
    const seen = seesProject(sight, rule.project);
    shown.rule = seen
      ? { gid: rule.gid, resource_type: "rule", name: rule.name }
      : { gid: rule.gid, resource_type: "rule" };
    shown.rule_steps = seen ? stepsFor(ruleSteps(details.steps), sight) : [];
  }
  return shown;
}

// The projects a rule's steps name, for the reader's sight of them.
export function projectsOfSteps(steps: readonly RuleStep[]): number[] {
  return steps.flatMap((step) => (step.project ? [gidOf(step.project)] : []));
}

// A rule's steps as their reader may see them: a project they cannot see, and the section it holds, keep their
// gids and lose their names.
export function stepsFor(steps: readonly RuleStep[], sight: Sight): RuleStep[] {
  return steps.map((step) => {
    if (!step.project || seesProject(sight, step.project)) return step;
    const shown: RuleStep = { ...step, project: hidden(step.project) };
    if (step.section) shown.section = hidden(step.section);
    return shown;
  });
}

function stepText(step: RuleStep, sight: Sight): string {
  const name = (ref: Ref | undefined) => ref?.name ?? "";
  switch (step.type) {
    case "moved_to_section":
      return seesProject(sight, step.project)
        ? `moved this task to ${name(step.section)}`
        : `moved this task in ${PRIVATE_PROJECT}`;
    case "added_to_project":
      return `added this task to ${seesProject(sight, step.project) ? name(step.project) : PRIVATE_PROJECT}`;
    case "marked_complete":
      return "marked this task complete";
    case "marked_incomplete":
      return "marked this task incomplete";
    case "assigned":
      return `assigned this task to ${name(step.user)}`;
    case "unassigned":
      return "unassigned this task";
    case "due_on_set":
      return `set the due date to ${step.due_on ?? ""}`;
    case "commented":
      return "added a comment";
    case "field_set":
      return `set ${step.field ?? ""}`;
    case "custom_field_set":
      return `set ${step.custom_field?.name ?? "a custom field"}`;
    case "subtasks_added":
      return `added subtasks from ${quoted(name(step.task_template))}`;
    case "follower_added":
      return `added ${name(step.user)} as a follower`;
    case "tag_added":
      return `added the tag ${name(step.tag)}`;
    case "tag_removed":
      return `removed the tag ${name(step.tag)}`;
    case "webhook_sent":
      return "sent a webhook";
    case "stopped_at_depth":
      return `did not run: ${step.depth ?? 0} rules in a row were triggered by each other`;
    case "text":
      return step.text ?? "";
  }
}

// "moved this task to Done, added this task to Website": what a rule did, in English, for its reader.
export function ruleStepsText(steps: readonly RuleStep[], sight: Sight): string {
  return steps.map((step) => stepText(step, sight)).join(", ");
}

function ruleText(details: StoryDetails, sight: Sight, written: string): string {
  const rule = details.rule;
  if (!rule || !details.steps) return written;
  if (!seesProject(sight, rule.project)) return "A rule in a private project changed this task.";
  return `Rule ${quoted(rule.name)} ${ruleStepsText(ruleSteps(details.steps), sight)}.`;
}

// The English text of a system story for its reader. Stories that name no task or project read as written;
// a story written before it kept references (no details) reads as written too.
export function storyText(subtype: string, details: StoryDetails, written: string, sight: Sight): string {
  const { project, task, dependency } = details;
  switch (subtype) {
    case "added_to_project":
    case "removed_from_project": {
      if (!project) return written;
      const name = seesProject(sight, project) ? (project.name ?? "") : PRIVATE_PROJECT;
      if (subtype === "removed_from_project") return `removed this task from ${name}`;
      return written.startsWith("created") ? `created this task in ${name}` : `added this task to ${name}`;
    }
    case "added_to_task":
    case "removed_from_task": {
      if (!task) return written;
      const name = seesTask(sight, task) ? quoted(task.name) : PRIVATE_TASK;
      if (subtype === "removed_from_task") return `removed this task from ${name}`;
      return written.startsWith("created")
        ? `created this task as a subtask of ${name}`
        : `added this task as a subtask of ${name}`;
    }
    case "section_changed": {
      if (!project || !details.new_section) return written;
      if (!seesProject(sight, project)) return `moved this task in ${PRIVATE_PROJECT}`;
      const to = quoted(details.new_section.name);
      return details.old_section
        ? `moved this task from ${quoted(details.old_section.name)} to ${to} in ${project.name}`
        : `moved this task to ${to} in ${project.name}`;
    }
    case "dependency_added":
    case "dependency_removed":
    case "dependent_added":
    case "dependent_removed": {
      if (!dependency) return written;
      const verb = subtype.endsWith("_added") ? "added" : "removed";
      const kind = subtype.startsWith("dependency") ? "dependency" : "dependent task";
      return seesTask(sight, dependency)
        ? `${verb} the ${kind} ${quoted(dependency.name)}`
        : `${verb} ${PRIVATE_TASK} as a ${kind}`;
    }
    case "rule_ran":
      return ruleText(details, sight, written);
    default:
      return written;
  }
}

export interface StoryForReader {
  text: string;
  html_text: string;
  details: Record<string, unknown>;
}

const namesField = (subtype: string) => subtype.endsWith("_custom_field_changed") || subtype === "secret_revealed";

// The custom fields stories name, per task, to ask which of them the reader sees on that task.
export function fieldsNamed(
  stories: { task_gid: number; resource_subtype: string; details: string | null }[],
): { task_gid: number; custom_field_gid: number }[] {
  return stories.flatMap((story) => {
    const field = namesField(story.resource_subtype) ? parseDetails(story.details).custom_field : undefined;
    return field ? [{ task_gid: story.task_gid, custom_field_gid: gidOf(field) }] : [];
  });
}

// A story as its reader may read it. Comments are the author's words and read as written.
export function renderStory(
  story: {
    task_gid: number;
    type: string;
    resource_subtype: string;
    text: string;
    html_text: string;
    details: string | null;
  },
  sight: Sight,
): StoryForReader {
  const details = parseDetails(story.details);
  if (story.type === "comment") return { text: story.text, html_text: story.html_text, details: {} };
  const field = namesField(story.resource_subtype) ? details.custom_field : undefined;
  if (field && !sight.field(story.task_gid, gidOf(field))) {
    // A field that reaches this task only through a project the reader cannot see: neither name nor value.
    const text =
      story.resource_subtype === "secret_revealed"
        ? "revealed a secret field of a private project"
        : "changed a field of a private project";
    const { new_display_value: _value, ...rest } = detailsFor(details, sight);
    return { text, html_text: plainToRichText(text), details: { ...rest, custom_field: hidden(field) } };
  }
  const text = storyText(story.resource_subtype, details, story.text, sight);
  return {
    text,
    html_text: text === story.text ? story.html_text : plainToRichText(text),
    details: detailsFor(details, sight),
  };
}
