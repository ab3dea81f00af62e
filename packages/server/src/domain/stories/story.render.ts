import { plainToRichText } from "../rich-text.ts";
import type { Referenced, Sight } from "../visible-references.ts";
import { quoted, type StoryDates } from "./story.text.ts";

export interface Ref {
  gid: string;
  resource_type: string;
  name?: string | null;
}

// A rule's run, told step by step: a step that puts the task in a project or a section names it by reference.
export type RuleStep = { text: string } | { added_to_project: Ref } | { moved_to_section: Ref; project: Ref };

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
  steps?: RuleStep[];
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
    for (const step of detail.steps ?? []) {
      if ("added_to_project" in step) projects.push(gidOf(step.added_to_project));
      if ("moved_to_section" in step) projects.push(gidOf(step.project));
    }
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
  return shown;
}

// "moved this task to Done, added this task to Website": what a rule did, for its reader.
export function ruleStepsText(steps: RuleStep[], sight: Sight): string {
  return steps
    .map((step) => {
      if ("text" in step) return step.text;
      if ("moved_to_section" in step) {
        return seesProject(sight, step.project)
          ? `moved this task to ${step.moved_to_section.name ?? ""}`
          : `moved this task in ${PRIVATE_PROJECT}`;
      }
      const project = step.added_to_project;
      return `added this task to ${seesProject(sight, project) ? (project.name ?? "") : PRIVATE_PROJECT}`;
    })
    .join(", ");
}

function ruleText(details: StoryDetails, sight: Sight, written: string): string {
  const rule = details.rule;
  if (!rule || !details.steps) return written;
  if (!seesProject(sight, rule.project)) return "A rule in a private project changed this task.";
  return `Rule ${quoted(rule.name)} ${ruleStepsText(details.steps, sight)}.`;
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
