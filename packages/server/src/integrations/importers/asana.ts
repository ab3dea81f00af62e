import { createHash } from "node:crypto";
import { richTextToPlain, sanitizeRichText } from "../../domain/rich-text.ts";
import {
  dateOnly,
  dateTime,
  emptyTask,
  ImportInputError,
  type ImportPlan,
  type PlanCustomField,
  type PlanFieldValue,
  type PlanTask,
  type PlanUser,
  parseJsonFile,
  text,
} from "./import.plan.ts";
import { type ImportProblem, problem } from "./import.problems.ts";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const gidOf = (value: unknown): string | null =>
  isObject(value) && (typeof value.gid === "string" || typeof value.gid === "number") ? String(value.gid) : null;

const FIELD_SUBTYPES: PlanCustomField["subtype"][] = ["text", "number", "enum", "multi_enum", "date", "people"];

// An Asana project's tasks as the API returns them ({"data":[…]}, opt_fields with memberships.section.name,
// assignee.email, tags, subtasks and stories), which is also what Takt's project JSON export writes.
export function parseAsana(raw: string): ImportPlan {
  const body = parseJsonFile(raw);
  return planAsanaTasks(body, () => createHash("sha256").update(raw).digest("hex").slice(0, 32));
}

// Tasks as Asana's API returns them, from a file or read live (asana-api.ts), as a plan.
// A task in several projects lists each in its memberships: the plan is of one project (the one given, or the one
// most tasks of the file belong to), each task in its section there; the family makes it one task across projects.
export function planAsanaTasks(body: unknown, fileHash: () => string, onlyProject?: string): ImportPlan {
  if (!isObject(body) || !Array.isArray(body.data)) {
    throw new ImportInputError("file", "asana_not_export");
  }
  const problems: ImportProblem[] = [];
  const items = list(body.data);
  const sections = new Map<string, { key: string; name: string }>();
  const users = new Map<string, PlanUser>();
  const tags = new Map<string, { key: string; name: string; color: string | null }>();
  // The file's project: the one most of its top-level tasks belong to.
  const seen = new Map<string, { count: number; name: string | null }>();
  for (const item of items) {
    if (gidOf(item.parent)) continue;
    for (const membership of list(item.memberships)) {
      const gid = gidOf(membership.project);
      if (!gid) continue;
      const entry = seen.get(gid) ?? { count: 0, name: null };
      entry.count += 1;
      entry.name ??= isObject(membership.project) ? text(membership.project.name, 200) || null : null;
      seen.set(gid, entry);
    }
  }
  let projectGid: string | null = onlyProject ?? null;
  for (const [gid, entry] of seen) {
    if (!projectGid || (!onlyProject && entry.count > (seen.get(projectGid)?.count ?? 0))) projectGid = gid;
  }
  const projectName: string | null = (projectGid && seen.get(projectGid)?.name) || null;
  const fields = new Map<string, PlanCustomField>();
  const notes = new Map<string, ImportProblem>();

  const userKey = (value: unknown): string | null => {
    const gid = gidOf(value);
    if (!gid || !isObject(value)) return null;
    const key = `user:${gid}`;
    if (!users.has(key)) {
      const email = typeof value.email === "string" && value.email.includes("@") ? value.email.toLowerCase() : null;
      users.set(key, { key, name: text(value.name, 200) || email || "Asana user", email });
    }
    return key;
  };

  // custom_fields as Asana's API returns them (resource_subtype or the older type, *_value); a secret is never
  // read in clear, so its values are left out with a note.
  const readFields = (item: Json, task: PlanTask): void => {
    for (const entry of list(item.custom_fields)) {
      const fieldGid = gidOf(entry);
      const name = text(entry.name, 200).trim();
      if (!fieldGid || !name) continue;
      const subtype = String(entry.resource_subtype ?? entry.type ?? "");
      if (!FIELD_SUBTYPES.includes(subtype as PlanCustomField["subtype"])) {
        const note =
          subtype === "secret"
            ? problem("asana_secret_field", { field: name })
            : problem("asana_field_type", { field: name, type: subtype || "unknown" });
        notes.set(note.message, note);
        continue;
      }
      const key = `field:${fieldGid}`;
      let field = fields.get(key);
      if (!field) {
        const precision = typeof entry.precision === "number" ? Math.trunc(entry.precision) : null;
        field = {
          key,
          name,
          subtype: subtype as PlanCustomField["subtype"],
          precision: precision !== null && precision >= 0 && precision <= 6 ? precision : null,
          options: [],
        };
        fields.set(key, field);
      }
      const plan = field;
      const option = (value: unknown): string | null => {
        if (!isObject(value)) return null;
        const optionName = text(value.name, 200).trim();
        if (!optionName) return null;
        if (!plan.options.some((known) => known.name.toLowerCase() === optionName.toLowerCase())) {
          plan.options.push({ name: optionName, color: typeof value.color === "string" ? value.color : null });
        }
        return optionName;
      };
      for (const listed of list(entry.enum_options)) option(listed);
      let value: PlanFieldValue | null = null;
      if (plan.subtype === "text" && typeof entry.text_value === "string" && entry.text_value !== "") {
        value = { kind: "text", value: text(entry.text_value, 1024) };
      } else if (
        plan.subtype === "number" &&
        typeof entry.number_value === "number" &&
        Number.isFinite(entry.number_value)
      ) {
        value = { kind: "number", value: entry.number_value };
      } else if (plan.subtype === "enum" || plan.subtype === "multi_enum") {
        const chosen = (plan.subtype === "enum" ? [entry.enum_value] : list(entry.multi_enum_values))
          .map(option)
          .filter((chosenName): chosenName is string => chosenName !== null);
        if (chosen.length > 0) value = { kind: "options", names: [...new Set(chosen)] };
      } else if (plan.subtype === "date" && isObject(entry.date_value)) {
        const date = dateOnly(entry.date_value.date);
        const dateTimeValue = dateTime(entry.date_value.date_time);
        if (date || dateTimeValue) value = { kind: "date", date, dateTime: dateTimeValue };
      } else if (plan.subtype === "people") {
        const userKeys = list(entry.people_value)
          .map(userKey)
          .filter((userGid): userGid is string => userGid !== null);
        if (userKeys.length > 0) value = { kind: "people", userKeys: [...new Set(userKeys)] };
      }
      if (value) task.customValues.push({ fieldKey: key, value });
    }
  };

  const toTask = (item: Json, depth: number): PlanTask | null => {
    const gid = gidOf(item);
    if (!gid) {
      problems.push(problem("asana_task_without_gid", { name: text(item.name, 80) || "unnamed" }));
      return null;
    }
    const task = emptyTask(`task:${gid}`, text(item.name, 1024) || "Untitled task");
    task.notes = typeof item.notes === "string" ? text(item.notes) : richTextToPlain(text(item.html_notes));
    if (typeof item.html_notes === "string" && item.html_notes.startsWith("<body>")) {
      task.htmlNotes = sanitizeRichText(text(item.html_notes));
    }
    task.followerKeys = list(item.followers)
      .map(userKey)
      .filter((key): key is string => key !== null && key !== task.assigneeKey);
    task.dependencyKeys = list(item.dependencies)
      .map(gidOf)
      .filter((dependency): dependency is string => dependency !== null)
      .map((dependency) => `task:${dependency}`);
    task.links = list(item.attachments)
      .map((attachment) => {
        const url = [attachment.permanent_url, attachment.view_url, attachment.download_url].find(
          (candidate) => typeof candidate === "string" && /^https?:\/\//i.test(candidate),
        ) as string | undefined;
        const attachmentGid = gidOf(attachment);
        // A file uploaded to Asana (not a link to Drive or Dropbox) can be downloaded while its download_url
        // lasts; the live migration does, within the upload limit.
        const uploaded =
          (attachment.resource_subtype === "asana" || attachment.host === "asana") &&
          typeof attachment.download_url === "string" &&
          /^https?:\/\//i.test(attachment.download_url);
        return url && attachmentGid
          ? {
              key: `attachment:${attachmentGid}`,
              name: text(attachment.name, 255) || url.slice(0, 255),
              url: url.slice(0, 2048),
              ...(uploaded ? { download: String(attachment.download_url) } : {}),
              size: typeof attachment.size === "number" ? attachment.size : null,
            }
          : null;
      })
      .filter((link) => link !== null);
    task.assigneeKey = userKey(item.assignee);
    task.dueOn = dateOnly(item.due_on);
    task.dueAt = task.dueOn ? null : dateTime(item.due_at);
    task.startOn = dateOnly(item.start_on);
    task.completed = item.completed === true;
    task.completedAt = task.completed ? dateTime(item.completed_at) : null;
    readFields(item, task);
    for (const membership of list(item.memberships)) {
      const memberOf = gidOf(membership.project);
      if (memberOf && projectGid && memberOf !== projectGid) continue;
      const section = membership.section;
      const sectionGid = gidOf(section);
      if (sectionGid && depth === 0 && !task.sectionKey) {
        const key = `section:${sectionGid}`;
        if (!sections.has(key)) {
          sections.set(key, { key, name: (isObject(section) && text(section.name, 200)) || "Untitled section" });
        }
        task.sectionKey = key;
      }
    }
    for (const tag of list(item.tags)) {
      const tagGid = gidOf(tag);
      if (!tagGid) continue;
      const key = `tag:${tagGid}`;
      if (!tags.has(key)) {
        tags.set(key, {
          key,
          name: text(tag.name, 200) || "tag",
          color: typeof tag.color === "string" ? tag.color : null,
        });
      }
      task.tagKeys.push(key);
    }
    for (const story of list(item.stories)) {
      if (story.type !== "comment" && story.resource_subtype !== "comment_added") continue;
      const storyGid = gidOf(story);
      if (!storyGid) continue;
      const body = typeof story.text === "string" ? story.text : richTextToPlain(text(story.html_text));
      const html =
        typeof story.html_text === "string" && story.html_text.startsWith("<body>")
          ? sanitizeRichText(text(story.html_text))
          : undefined;
      task.comments.push({
        html,
        key: `story:${storyGid}`,
        authorKey: userKey(story.created_by),
        authorName: isObject(story.created_by) ? text(story.created_by.name, 200) || null : null,
        text: text(body),
        createdAt: dateTime(story.created_at),
      });
    }
    if (depth < 5) {
      for (const child of list(item.subtasks)) {
        const subtask = toTask(child, depth + 1);
        if (subtask) task.subtasks.push(subtask);
      }
    }
    return task;
  };

  // Subtasks may come nested (subtasks: [{…}]) or as items of their own that name their parent.
  const byGid = new Map<string, PlanTask>();
  const tasks: PlanTask[] = [];
  const orphans: { parent: string; task: PlanTask }[] = [];
  for (const item of items) {
    const task = toTask(item, 0);
    if (!task) continue;
    byGid.set(task.key, task);
    const parent = gidOf(item.parent);
    if (parent) orphans.push({ parent: `task:${parent}`, task });
    else tasks.push(task);
  }
  for (const { parent, task } of orphans) {
    const owner = byGid.get(parent);
    if (owner) {
      task.sectionKey = null;
      owner.subtasks.push(task);
    } else {
      task.parentKey = parent;
      tasks.push(task);
    }
  }
  const sourceId = projectGid ? `asana:${projectGid}` : `asana-file:${fileHash()}`;
  return {
    sourceId,
    projectName: projectName ?? "Imported from Asana",
    sections: [...sections.values()],
    users: [...users.values()],
    tags: [...tags.values()],
    tasks,
    customFields: [...fields.values()],
    family: "asana:",
    problems,
    notes: [...notes.values()],
  };
}
