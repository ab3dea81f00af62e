// What a project template holds (stored as JSON in project_templates.content).
export interface TemplateRole {
  gid: string;
  name: string;
  // Saved from a project: the person who held the tasks; used when instantiating names nobody for the role.
  default_user_gid: number | null;
}

export interface TemplateTask {
  key: number;
  name: string;
  notes: string;
  html_notes: string;
  resource_subtype: string;
  // Index into sections; subtasks have none.
  section: number | null;
  role: string | null;
  // Days after the start date (working days when skip_weekends), or no date.
  due_offset: number | null;
  start_offset: number | null;
  depends_on: number[];
  subtasks: TemplateTask[];
}

export interface TemplateForm {
  title: string;
  description: string;
  // As stored in forms.fields (domain/forms/form.fields.ts StoredField[]).
  fields: unknown[];
  access: "project_guests" | "public_link";
  allow_attachments: boolean;
  active: boolean;
  target_section: string | null;
}

export interface ProjectTemplateContent {
  skip_weekends: boolean;
  start_date_gid: string;
  // The view a project made from it opens in (templates saved before this open in the list).
  default_view?: string;
  roles: TemplateRole[];
  // marks_complete: the section means done (templates saved before 0022 have none).
  sections: { name: string; marks_complete?: boolean }[];
  tasks: TemplateTask[];
  // Workspace custom fields on the project, in order (templates saved before this have none).
  custom_field_settings?: { custom_field_gid: string; is_important: boolean }[];
  // The project's forms, their target section by name (templates saved before this have none).
  forms?: TemplateForm[];
  // Rules as stored, with the source project's sections replaced by "$section:<index>".
  rules: { name: string; enabled: boolean; trigger: unknown; conditions: unknown; actions: unknown }[];
}

export function parseContent(text: string): ProjectTemplateContent {
  return JSON.parse(text) as ProjectTemplateContent;
}

export function* allTasks(tasks: TemplateTask[]): Generator<TemplateTask> {
  for (const task of tasks) {
    yield task;
    yield* allTasks(task.subtasks);
  }
}

// Replaces section gids by their index (saving) or indexes by new gids (instantiating), anywhere in a rule.
export function mapSections(value: unknown, map: (section: string) => string | null): unknown {
  if (Array.isArray(value)) return value.map((item) => mapSections(item, map));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        key === "section" && typeof item === "string" ? (map(item) ?? item) : mapSections(item, map),
      ]),
    );
  }
  return value;
}
