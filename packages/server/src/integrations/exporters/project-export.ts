import type { Db } from "../../db/index.ts";
import type { ProjectsTable, TasksTable } from "../../db/schema.ts";
import { taskCustomFields } from "../../domain/custom-fields/custom-field.presenter.ts";

type Json = Record<string, unknown>;
const BATCH = 500;

function chunks<T>(items: T[], size = BATCH): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

interface ExportTask extends TasksTable {
  section_gid: number | null;
  section_name: string | null;
}

export interface ProjectContent {
  sections: { gid: number; name: string }[];
  // Top-level tasks in board order, then every subtask (parents before children).
  tasks: ExportTask[];
  subtasks: TasksTable[];
  users: Map<number, { name: string; email: string }>;
  tags: Map<number, { gid: number; name: string; color: string | null }[]>;
  fields: { gid: number; name: string }[];
  values: Map<number, Json[]>;
}

// Everything a project export holds, read in batches: every task, no cap. readerGid: who exports it, when not
// the whole workspace (an admin's workspace export, the CLI); what reaches the tasks through projects the reader
// cannot see (their custom fields) stays out.
export async function loadProjectContent(db: Db, project: ProjectsTable, readerGid?: number): Promise<ProjectContent> {
  const sections = await db
    .selectFrom("sections")
    .select(["gid", "name"])
    .where("project_gid", "=", project.gid)
    .orderBy("order_key")
    .execute();
  const tasks = await db
    .selectFrom("task_memberships as tm")
    .innerJoin("tasks", "tasks.gid", "tm.task_gid")
    .leftJoin("sections", "sections.gid", "tm.section_gid")
    .selectAll("tasks")
    .select(["tm.section_gid", "sections.name as section_name"])
    .where("tm.project_gid", "=", project.gid)
    .orderBy("sections.order_key")
    .orderBy("tm.order_key")
    .execute();
  const subtasks: TasksTable[] = [];
  for (const batch of chunks(tasks.map((task) => task.gid))) {
    subtasks.push(
      ...(await db
        .selectFrom("tasks")
        .selectAll()
        .where("root_gid", "in", batch)
        .whereRef("gid", "!=", "root_gid")
        .orderBy("root_gid")
        .orderBy("subtask_order_key")
        .execute()),
    );
  }
  const all = [...tasks, ...subtasks];
  const userGids = [...new Set(all.map((task) => task.assignee_gid).filter((gid): gid is number => gid !== null))];
  const users = new Map<number, { name: string; email: string }>();
  for (const batch of chunks(userGids)) {
    for (const user of await db
      .selectFrom("users")
      .select(["gid", "name", "email"])
      .where("gid", "in", batch)
      .execute()) {
      users.set(user.gid, { name: user.name, email: user.email });
    }
  }
  const tags = new Map<number, { gid: number; name: string; color: string | null }[]>();
  const values = new Map<number, Json[]>();
  for (const batch of chunks(all.map((task) => task.gid))) {
    const rows = await db
      .selectFrom("task_tags")
      .innerJoin("tags", "tags.gid", "task_tags.tag_gid")
      .select(["task_tags.task_gid", "tags.gid", "tags.name", "tags.color"])
      .where("task_tags.task_gid", "in", batch)
      .orderBy("tags.name")
      .execute();
    for (const row of rows) tags.set(row.task_gid, [...(tags.get(row.task_gid) ?? []), row]);
    for (const [gid, fields] of await taskCustomFields(db, batch, undefined, readerGid)) values.set(gid, fields);
  }
  const fields = await db
    .selectFrom("custom_field_settings as cfs")
    .innerJoin("custom_fields", "custom_fields.gid", "cfs.custom_field_gid")
    .select(["custom_fields.gid", "custom_fields.name"])
    .where("cfs.project_gid", "=", project.gid)
    .orderBy("cfs.order_key")
    .execute();
  return { sections, tasks, subtasks, users, tags, fields, values };
}

// RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. A leading =, +, - or @ is
// prefixed with ' so a spreadsheet does not run it as a formula.
export function csvField(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// Asana's CSV columns, one row per task and subtask, then a column per custom field of the project. Starts with
// a UTF-8 BOM so Excel reads the text as UTF-8.
export function projectCsv(project: ProjectsTable, content: ProjectContent): string {
  const header = [
    "Task ID",
    "Created At",
    "Completed At",
    "Last Modified",
    "Name",
    "Section/Column",
    "Assignee",
    "Assignee Email",
    "Start Date",
    "Due Date",
    "Tags",
    "Notes",
    "Projects",
    "Parent task",
    ...content.fields.map((field) => field.name),
  ];
  const names = new Map<number, string>([...content.tasks, ...content.subtasks].map((task) => [task.gid, task.name]));
  const line = (task: TasksTable, section: string | null) => {
    const assignee = task.assignee_gid ? content.users.get(task.assignee_gid) : undefined;
    const values = content.values.get(task.gid) ?? [];
    return [
      String(task.gid),
      task.created_at.slice(0, 10),
      task.completed_at?.slice(0, 10) ?? "",
      task.modified_at.slice(0, 10),
      task.name,
      section ?? "",
      assignee?.name ?? "",
      assignee?.email ?? "",
      task.start_on ?? "",
      task.due_on ?? task.due_at ?? "",
      (content.tags.get(task.gid) ?? []).map((tag) => tag.name).join(","),
      task.notes,
      task.parent_gid ? "" : project.name,
      task.parent_gid ? (names.get(task.parent_gid) ?? "") : "",
      ...content.fields.map((field) => {
        const value = values.find((item) => item.gid === String(field.gid));
        return (value?.display_value as string | null | undefined) ?? "";
      }),
    ]
      .map(csvField)
      .join(",");
  };
  const rows = [header.map(csvField).join(",")];
  for (const task of content.tasks) rows.push(line(task, task.section_name));
  for (const task of content.subtasks) rows.push(line(task, null));
  return `\uFEFF${rows.join("\r\n")}\r\n`;
}

const ref = (type: string, gid: number, name: string) => ({ gid: String(gid), resource_type: type, name });

// The project as Asana's API answers GET /projects/{gid}/tasks with opt_fields for memberships, subtasks and
// stories: {"data":[…]}. Importing it (source "asana") rebuilds the project.
export async function projectAsanaJson(db: Db, project: ProjectsTable, content: ProjectContent) {
  const all = [...content.tasks, ...content.subtasks];
  const stories = new Map<number, Json[]>();
  for (const batch of chunks(all.map((task) => task.gid))) {
    const rows = await db
      .selectFrom("stories")
      .leftJoin("users", "users.gid", "stories.created_by_gid")
      .select([
        "stories.gid",
        "stories.task_gid",
        "stories.type",
        "stories.resource_subtype",
        "stories.text",
        "stories.html_text",
        "stories.created_at",
        "users.gid as user_gid",
        "users.name as user_name",
        "users.email as user_email",
      ])
      .where("stories.task_gid", "in", batch)
      .where("stories.type", "=", "comment")
      .orderBy("stories.created_at")
      .execute();
    for (const story of rows) {
      const created_by = story.user_gid
        ? { ...ref("user", story.user_gid, story.user_name ?? ""), email: story.user_email }
        : null;
      const item = {
        gid: String(story.gid),
        resource_type: "story",
        type: story.type,
        resource_subtype: story.resource_subtype,
        text: story.text,
        html_text: story.html_text,
        created_at: story.created_at,
        created_by,
      };
      stories.set(story.task_gid, [...(stories.get(story.task_gid) ?? []), item]);
    }
  }
  const children = new Map<number, TasksTable[]>();
  for (const task of content.subtasks) {
    if (task.parent_gid) children.set(task.parent_gid, [...(children.get(task.parent_gid) ?? []), task]);
  }
  const present = (
    task: TasksTable,
    section: { gid: number | null; name: string | null } | null,
    depth: number,
  ): Json => {
    const assignee = task.assignee_gid ? content.users.get(task.assignee_gid) : undefined;
    return {
      gid: String(task.gid),
      resource_type: "task",
      resource_subtype: task.resource_subtype,
      name: task.name,
      notes: task.notes,
      html_notes: task.html_notes,
      assignee:
        assignee && task.assignee_gid
          ? { ...ref("user", task.assignee_gid, assignee.name), email: assignee.email }
          : null,
      completed: task.completed === 1,
      completed_at: task.completed_at,
      created_at: task.created_at,
      modified_at: task.modified_at,
      due_on: task.due_on,
      due_at: task.due_at,
      start_on: task.start_on,
      parent: task.parent_gid ? { gid: String(task.parent_gid), resource_type: "task" } : null,
      memberships: section?.gid
        ? [
            {
              project: ref("project", project.gid, project.name),
              section: ref("section", section.gid, section.name ?? ""),
            },
          ]
        : [],
      tags: (content.tags.get(task.gid) ?? []).map((tag) => ({ ...ref("tag", tag.gid, tag.name), color: tag.color })),
      custom_fields: content.values.get(task.gid) ?? [],
      stories: stories.get(task.gid) ?? [],
      subtasks: depth < 5 ? (children.get(task.gid) ?? []).map((child) => present(child, null, depth + 1)) : [],
    };
  };
  return {
    data: content.tasks.map((task) => present(task, { gid: task.section_gid, name: task.section_name }, 0)),
  };
}
