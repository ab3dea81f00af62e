import type { Db } from "../../db/index.ts";
import { prepared } from "../../db/prepared.ts";
import type {
  CustomFieldEnumOptionsTable,
  CustomFieldSettingsTable,
  CustomFieldsTable,
  TaskCustomFieldValuesTable,
} from "../../db/schema.ts";
import { type OptFields, shape } from "../opt-fields.ts";
import { usersNamed } from "../users/user.queries.ts";
import { sightOf } from "../visible-references.ts";
import { formatNumber } from "./custom-field.format.ts";
import { customIdText, isCustomIdField } from "./custom-id.ts";

export const CUSTOM_FIELD_COMPACT = ["name", "resource_subtype", "type", "enum_options", "enabled"] as const;
export const SECRET_MASK = "••••••";

type Json = Record<string, unknown>;
type Option = Pick<CustomFieldEnumOptionsTable, "gid" | "name" | "color" | "enabled" | "custom_field_gid">;

export function presentEnumOption(option: Option): Json {
  return {
    gid: String(option.gid),
    resource_type: "enum_option",
    name: option.name,
    enabled: option.enabled === 1,
    color: option.color,
  };
}

// The statements every task's custom_fields run: compiled once (db/prepared.ts).
const optionsOfFields = prepared(
  ["fieldGids"],
  (db, params: { fieldGids: number[] }) =>
    db
      .selectFrom("custom_field_enum_options")
      .select(["gid", "name", "color", "enabled", "custom_field_gid"])
      .where("custom_field_gid", "in", params.fieldGids)
      .orderBy("order_key")
      .orderBy("gid"),
  { lists: ["fieldGids"] },
);
// Every column of a field, named (a named statement keeps its result type on PostgreSQL, db/pg-named.ts); a
// column added to the table and missing here fails to compile in fieldsAndOptions.
const FIELD_COLUMNS = [
  "gid",
  "workspace_gid",
  "project_gid",
  "name",
  "description",
  "resource_subtype",
  "precision",
  "format",
  "currency_code",
  "custom_label",
  "custom_label_position",
  "created_by_gid",
  "created_at",
  "reveal_access",
  "id_prefix",
  "custom_id_counter",
] as const satisfies readonly (keyof CustomFieldsTable)[];

// The fields a page of tasks shows, each with its options in order, in one statement: a row per option (one for a
// field without any).
const fieldsWithOptions = prepared(
  ["gids"],
  (db, params: { gids: number[] }) =>
    db
      .selectFrom("custom_fields as f")
      .leftJoin("custom_field_enum_options as o", "o.custom_field_gid", "f.gid")
      .select(FIELD_COLUMNS.map((column) => `f.${column}` as const))
      .select([
        "o.gid as option_gid",
        "o.name as option_name",
        "o.color as option_color",
        "o.enabled as option_enabled",
      ])
      .where("f.gid", "in", params.gids)
      .orderBy("f.gid")
      .orderBy("o.order_key")
      .orderBy("o.gid"),
  { lists: ["gids"] },
);

async function fieldsAndOptions(
  db: Db,
  gids: number[],
): Promise<{ fields: Map<number, CustomFieldsTable>; options: Map<number, Option[]> }> {
  const fields = new Map<number, CustomFieldsTable>();
  const options = new Map<number, Option[]>();
  for (const row of await fieldsWithOptions.all(db, { gids })) {
    if (!fields.has(row.gid)) {
      const field: CustomFieldsTable = Object.fromEntries(FIELD_COLUMNS.map((column) => [column, row[column]])) as Pick<
        CustomFieldsTable,
        (typeof FIELD_COLUMNS)[number]
      >;
      fields.set(row.gid, field);
    }
    if (row.option_gid === null) continue;
    const option: Option = {
      gid: row.option_gid,
      name: row.option_name as string,
      color: row.option_color as string,
      enabled: row.option_enabled as Option["enabled"],
      custom_field_gid: row.gid,
    };
    const list = options.get(row.gid);
    if (list) list.push(option);
    else options.set(row.gid, [option]);
  }
  return { fields, options };
}
const settingsOfProjects = prepared(
  ["projectGids"],
  (db, params: { projectGids: number[] }) =>
    db
      .selectFrom("custom_field_settings")
      .select(["project_gid", "custom_field_gid"])
      .where("project_gid", "in", params.projectGids)
      .orderBy("order_key"),
  { lists: ["projectGids"] },
);
const settingsOfTasks = prepared(
  ["taskGids"],
  (db, params: { taskGids: number[] }) =>
    db
      .selectFrom("task_memberships as tm")
      .innerJoin("custom_field_settings as cfs", "cfs.project_gid", "tm.project_gid")
      .select(["tm.task_gid", "cfs.custom_field_gid", "tm.project_gid"])
      .where("tm.task_gid", "in", params.taskGids)
      .orderBy("tm.created_at")
      .orderBy("tm.project_gid")
      .orderBy("cfs.order_key"),
  { lists: ["taskGids"] },
);
const valuesOfTasks = prepared(
  ["taskGids"],
  (db, params: { taskGids: number[] }) =>
    db.selectFrom("task_custom_field_values").selectAll().where("task_gid", "in", params.taskGids),
  { lists: ["taskGids"] },
);

async function optionsOf(db: Db, fieldGids: number[]): Promise<Map<number, Option[]>> {
  const byField = new Map<number, Option[]>();
  if (fieldGids.length === 0) return byField;
  const rows = await optionsOfFields.all(db, { fieldGids });
  for (const row of rows) byField.set(row.custom_field_gid, [...(byField.get(row.custom_field_gid) ?? []), row]);
  return byField;
}

// The definition part every presentation of a field shares (library listing, settings, task values).
export function definition(field: CustomFieldsTable, options: Option[] | undefined, listOptions = true): Json {
  const withOptions = listOptions && (field.resource_subtype === "enum" || field.resource_subtype === "multi_enum");
  const numeric = field.resource_subtype === "number";
  return {
    gid: String(field.gid),
    resource_type: "custom_field",
    name: field.name,
    resource_subtype: field.resource_subtype,
    type: field.resource_subtype,
    enabled: true,
    is_formula_field: false,
    is_value_read_only: isCustomIdField(field),
    ...(withOptions ? { enum_options: (options ?? []).map(presentEnumOption) } : {}),
    ...(numeric
      ? {
          precision: field.precision ?? 0,
          format: field.format,
          currency_code: field.format === "currency" ? field.currency_code : null,
          custom_label: field.format === "custom" ? field.custom_label : null,
          custom_label_position: field.format === "custom" ? field.custom_label_position : null,
        }
      : {}),
    ...(field.resource_subtype === "secret" ? { is_secret: true } : {}),
    ...(numeric ? { id_prefix: field.id_prefix ?? null } : {}),
  };
}

async function revealersOf(db: Db, fieldGids: number[]): Promise<Map<number, Json[]>> {
  const byField = new Map<number, Json[]>();
  if (fieldGids.length === 0) return byField;
  const rows = await db
    .selectFrom("custom_field_revealers")
    .innerJoin("users", "users.gid", "custom_field_revealers.user_gid")
    .select(["custom_field_revealers.custom_field_gid", "users.gid", "users.name"])
    .where("custom_field_revealers.custom_field_gid", "in", fieldGids)
    .orderBy("users.name")
    .execute();
  for (const row of rows) {
    const person = { gid: String(row.gid), resource_type: "user", name: row.name };
    byField.set(row.custom_field_gid, [...(byField.get(row.custom_field_gid) ?? []), person]);
  }
  return byField;
}

export async function presentCustomFields(
  db: Db,
  fields: CustomFieldsTable[],
  optFields: OptFields,
  mode: "compact" | "full",
): Promise<Json[]> {
  const options = await optionsOf(
    db,
    fields.map((field) => field.gid),
  );
  const related = async (table: "users" | "projects", gids: (number | null)[]) => {
    const wanted = [...new Set(gids.filter((gid): gid is number => gid !== null))];
    if (wanted.length === 0) return new Map<number, string>();
    const rows = await db.selectFrom(table).select(["gid", "name"]).where("gid", "in", wanted).execute();
    return new Map(rows.map((row) => [row.gid, row.name]));
  };
  const users = await related(
    "users",
    fields.map((field) => field.created_by_gid),
  );
  const projects = await related(
    "projects",
    fields.map((field) => field.project_gid),
  );
  const revealers = await revealersOf(
    db,
    fields.filter((field) => field.reveal_access === "people").map((field) => field.gid),
  );
  return fields.map((field) => {
    const full: Json = {
      ...definition(field, options.get(field.gid)),
      description: field.description,
      format: field.format,
      precision: field.resource_subtype === "number" ? (field.precision ?? 0) : field.precision,
      currency_code: field.format === "currency" ? field.currency_code : null,
      custom_label: field.custom_label,
      custom_label_position: field.custom_label_position,
      is_global_to_workspace: field.project_gid === null,
      has_notifications_enabled: true,
      asana_created_field: null,
      representation_type: isCustomIdField(field) ? "custom_id" : field.resource_subtype,
      id_prefix: field.id_prefix ?? null,
      created_by: field.created_by_gid
        ? { gid: String(field.created_by_gid), resource_type: "user", name: users.get(field.created_by_gid) ?? "" }
        : null,
      is_secret: field.resource_subtype === "secret",
      // Takt, secret fields: who may reveal values ("editors", "admins" or "people") and the people named.
      ...(field.resource_subtype === "secret"
        ? { reveal_access: field.reveal_access, reveal_people: revealers.get(field.gid) ?? [] }
        : {}),
      // Takt: the project a project-local field belongs to.
      project: field.project_gid
        ? { gid: String(field.project_gid), resource_type: "project", name: projects.get(field.project_gid) ?? "" }
        : null,
    };
    return shape(full, optFields, mode === "compact" ? CUSTOM_FIELD_COMPACT : undefined);
  });
}

export async function presentCustomField(db: Db, field: CustomFieldsTable, optFields: OptFields): Promise<Json> {
  return (await presentCustomFields(db, [field], optFields, "full"))[0];
}

type SettingRow = CustomFieldSettingsTable & { project_name: string };

export async function presentSettings(db: Db, settings: SettingRow[], optFields: OptFields): Promise<Json[]> {
  const fields = await db
    .selectFrom("custom_fields")
    .selectAll()
    .where("gid", "in", settings.length ? settings.map((setting) => setting.custom_field_gid) : [0])
    .execute();
  const presented = new Map(
    (await presentCustomFields(db, fields, null, "full")).map((field) => [field.gid as string, field]),
  );
  return settings.map((setting) => {
    const project = { gid: String(setting.project_gid), resource_type: "project", name: setting.project_name };
    const full: Json = {
      gid: String(setting.gid),
      resource_type: "custom_field_setting",
      custom_field: presented.get(String(setting.custom_field_gid)) ?? null,
      is_important: setting.is_important === 1,
      parent: project,
      project,
    };
    return shape(full, optFields, ["custom_field", "is_important", "parent", "project"]);
  });
}

// A module-level function, not a closure made for every value: the production build keeps function names, which
// costs a property definition for each closure it makes.
function findOption(options: Option[] | undefined, gid: number): Option | undefined {
  return options?.find((option) => option.gid === gid);
}

// A task's value of a field, with display_value always present. Secrets are masked whatever their value.
export function presentValue(
  field: CustomFieldsTable,
  options: Option[] | undefined,
  value: TaskCustomFieldValuesTable | undefined,
  people: Map<number, string>,
  base: Json = definition(field, options),
): Json {
  const display_value = displayValue(field, options, value, people);
  switch (field.resource_subtype) {
    case "text":
      return { ...base, text_value: value?.text_value ?? null, display_value };
    case "secret":
      return { ...base, text_value: null, display_value };
    case "number":
      return { ...base, number_value: value?.number_value ?? null, display_value };
    case "enum":
      return { ...base, enum_value: enumValue(options, value), display_value };
    case "multi_enum":
      return { ...base, multi_enum_values: chosenOptions(options, value).map(presentEnumOption), display_value };
    case "date":
      return { ...base, date_value: dateValue(value), display_value };
    case "people":
      return { ...base, people_value: peopleOf(value, people), display_value };
    default:
      return { ...base, display_value: null };
  }
}

// A task's value of a field with only the keys opt_fields asks for (a board's cards: custom_fields.name,
// custom_fields.display_value, custom_fields.number_value…): the same keys with the same values as presentValue's
// whole record would give, without building that record and cutting it down for every value of the page. A value
// key belongs to its kind of field (number_value to numbers), as in presentValue; the rest come from the field's
// definition, built once for the page.
export function keyedValue(
  field: CustomFieldsTable,
  options: Option[] | undefined,
  value: TaskCustomFieldValuesTable | undefined,
  people: Map<number, string>,
  keys: readonly string[],
  base: Json,
): Json {
  const out: Json = { gid: base.gid, resource_type: "custom_field" };
  const subtype = field.resource_subtype;
  for (const key of keys) {
    switch (key) {
      case "display_value":
        out.display_value = displayValue(field, options, value, people);
        break;
      case "text_value":
        if (subtype === "text") out.text_value = value?.text_value ?? null;
        else if (subtype === "secret") out.text_value = null;
        break;
      case "number_value":
        if (subtype === "number") out.number_value = value?.number_value ?? null;
        break;
      case "enum_value":
        if (subtype === "enum") out.enum_value = enumValue(options, value);
        break;
      case "multi_enum_values":
        if (subtype === "multi_enum") out.multi_enum_values = chosenOptions(options, value).map(presentEnumOption);
        break;
      case "date_value":
        if (subtype === "date") out.date_value = dateValue(value);
        break;
      case "people_value":
        if (subtype === "people") out.people_value = peopleOf(value, people);
        break;
      default:
        if (key in base) out[key] = base[key];
    }
  }
  return out;
}

// Each kind of value, as presentValue and keyedValue both give it.
function enumValue(options: Option[] | undefined, value: TaskCustomFieldValuesTable | undefined): Json | null {
  const option = value?.enum_option_gid ? findOption(options, value.enum_option_gid) : undefined;
  return option ? presentEnumOption(option) : null;
}

function dateValue(value: TaskCustomFieldValuesTable | undefined): Json | null {
  const date = value?.date_value ?? null;
  return date ? { date, date_time: value?.date_time_value ?? null } : null;
}

function chosenOptions(options: Option[] | undefined, value: TaskCustomFieldValuesTable | undefined): Option[] {
  const chosen: Option[] = [];
  if (!value?.multi_value) return chosen;
  for (const gid of JSON.parse(value.multi_value) as string[]) {
    const option = findOption(options, Number(gid));
    if (option) chosen.push(option);
  }
  return chosen;
}

function peopleOf(value: TaskCustomFieldValuesTable | undefined, people: Map<number, string>): Json[] {
  const gids = value?.multi_value ? (JSON.parse(value.multi_value) as string[]) : [];
  return gids.map((gid) => ({ gid, resource_type: "user", name: people.get(Number(gid)) ?? "" }));
}

function displayValue(
  field: CustomFieldsTable,
  options: Option[] | undefined,
  value: TaskCustomFieldValuesTable | undefined,
  people: Map<number, string>,
): string | null {
  if (!value) return null;
  switch (field.resource_subtype) {
    case "text":
      return value.text_value ?? null;
    case "secret":
      return value.secret_value ? SECRET_MASK : null;
    case "number":
      return value.number_value === null ? null : numberDisplay(value.number_value, field);
    case "enum":
      return options?.find((option) => option.gid === value.enum_option_gid)?.name ?? null;
    case "multi_enum": {
      const names = (value.multi_value ? (JSON.parse(value.multi_value) as string[]) : [])
        .map((gid) => options?.find((option) => option.gid === Number(gid))?.name)
        .filter((name): name is string => name !== undefined);
      return names.length ? names.join(", ") : null;
    }
    case "date":
      return value.date_time_value ?? value.date_value ?? null;
    case "people": {
      const gids = value.multi_value ? (JSON.parse(value.multi_value) as string[]) : [];
      return gids.length ? gids.map((gid) => people.get(Number(gid)) ?? "").join(", ") : null;
    }
    default:
      return null;
  }
}

// Which of the (task, field) pairs the viewer sees a custom field on, as taskCustomFields shows them: keys
// "task:field". For stories that name a field (changed Priority to High).
export async function fieldsSeenOnTasks(
  db: Db,
  viewerGid: number,
  pairs: { task_gid: number; custom_field_gid: number }[],
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const held = new Map<number, Set<number>>();
  for (const pair of pairs) {
    const fields = held.get(pair.task_gid);
    if (fields) fields.add(pair.custom_field_gid);
    else held.set(pair.task_gid, new Set([pair.custom_field_gid]));
  }
  const { shown } = await shownFields(db, [...held.keys()], held, viewerGid);
  const seen = new Set<string>();
  for (const [taskGid, fieldGids] of shown) for (const fieldGid of fieldGids) seen.add(`${taskGid}:${fieldGid}`);
  return seen;
}

// The fields each task shows, in order: those its projects' settings give (its memberships in order, each
// project's fields in the project's order), then any other field it holds a value of. With viewerGid, a field
// that reaches the task only through projects the viewer cannot see, or that is local to such a project, is left
// out, as the projects themselves are. Worked out per project and per task, never per (task, field) pair: a page
// of 100 tasks in projects of 5 fields would otherwise make and walk 500 small records.
//   held: per task, the fields it holds a value of, as the keys of a Set or Map (in the order they are listed);
//   placements: the tasks' memberships in order with whether the viewer sees each project, when the caller has them
//   (the task presenter): the settings are then read per project; otherwise from the tasks' memberships.
async function shownFields(
  db: Db,
  taskGids: readonly number[],
  held: ReadonlyMap<number, ReadonlySet<number> | ReadonlyMap<number, unknown>>,
  viewerGid: number | undefined,
  placements?: readonly { task_gid: number; project_gid: number; seen: boolean }[],
): Promise<{ shown: Map<number, number[]>; fields: Map<number, CustomFieldsTable>; options: Map<number, Option[]> }> {
  // Each task's projects in membership order, and each project's fields in the project's order.
  const projectsOf = new Map<number, number[]>();
  const fieldsOfProject = new Map<number, number[]>();
  const known = new Map<number, boolean>();
  const addProject = (taskGid: number, projectGid: number) => {
    const list = projectsOf.get(taskGid);
    if (!list) projectsOf.set(taskGid, [projectGid]);
    else if (!list.includes(projectGid)) list.push(projectGid);
  };
  const addField = (projectGid: number, fieldGid: number) => {
    const list = fieldsOfProject.get(projectGid);
    if (!list) fieldsOfProject.set(projectGid, [fieldGid]);
    else if (!list.includes(fieldGid)) list.push(fieldGid);
  };
  if (placements) {
    for (const placement of placements) {
      addProject(placement.task_gid, placement.project_gid);
      known.set(placement.project_gid, placement.seen);
    }
    if (known.size) {
      for (const row of await settingsOfProjects.all(db, { projectGids: [...known.keys()] }))
        addField(row.project_gid, row.custom_field_gid);
    }
  } else if (taskGids.length) {
    for (const row of await settingsOfTasks.all(db, { taskGids: [...taskGids] })) {
      addProject(row.task_gid, row.project_gid);
      addField(row.project_gid, row.custom_field_gid);
    }
  }
  const fieldGids = new Set<number>();
  for (const list of fieldsOfProject.values()) for (const gid of list) fieldGids.add(gid);
  for (const fields of held.values()) for (const gid of fields.keys()) fieldGids.add(gid);
  const shown = new Map<number, number[]>();
  if (fieldGids.size === 0) return { shown, fields: new Map(), options: new Map() };
  const { fields, options } = await fieldsAndOptions(db, [...fieldGids]);

  // Projects the placements do not tell about (all of them without placements, and those of project-local
  // fields) are asked in one statement.
  let sees = (_projectGid: number) => true;
  if (viewerGid !== undefined) {
    const unknown = new Set<number>();
    for (const list of projectsOf.values()) for (const gid of list) if (!known.has(gid)) unknown.add(gid);
    for (const field of fields.values())
      if (field.project_gid && !known.has(field.project_gid)) unknown.add(field.project_gid);
    const asked = unknown.size ? await sightOf(db, viewerGid, { tasks: [], projects: [...unknown] }) : undefined;
    sees = (projectGid) => known.get(projectGid) ?? asked?.project(projectGid) ?? false;
  }
  for (const taskGid of taskGids) {
    const list: number[] = [];
    const projects = projectsOf.get(taskGid) ?? [];
    for (const projectGid of projects) {
      if (!sees(projectGid)) continue;
      for (const fieldGid of fieldsOfProject.get(projectGid) ?? []) if (!list.includes(fieldGid)) list.push(fieldGid);
    }
    for (const fieldGid of held.get(taskGid)?.keys() ?? []) {
      if (list.includes(fieldGid)) continue;
      if (viewerGid !== undefined) {
        // Reached through a project of the task, none of them seen: hidden with those projects.
        if (projects.some((projectGid) => fieldsOfProject.get(projectGid)?.includes(fieldGid))) continue;
        const local = fields.get(fieldGid)?.project_gid;
        if (local && !sees(local)) continue;
      }
      list.push(fieldGid);
    }
    if (list.length) shown.set(taskGid, list);
  }
  return { shown, fields, options };
}

// Every task's custom_fields at once, in the order shownFields gives: three or four statements for the whole page
// of tasks. keys: the value keys opt_fields asks for (custom_fields.display_value → ["display_value"]), undefined
// for whole values.
export async function taskCustomFields(
  db: Db,
  taskGids: number[],
  keys?: readonly string[],
  viewerGid?: number,
  placements?: readonly { task_gid: number; project_gid: number; seen: boolean }[],
): Promise<Map<number, Json[]>> {
  const result = new Map<number, Json[]>();
  if (taskGids.length === 0) return result;
  // The values each task holds, by field.
  const held = new Map<number, Map<number, TaskCustomFieldValuesTable>>();
  for (const value of await valuesOfTasks.all(db, { taskGids })) {
    const byField = held.get(value.task_gid);
    if (byField) byField.set(value.custom_field_gid, value);
    else held.set(value.task_gid, new Map([[value.custom_field_gid, value]]));
  }
  const { shown, fields, options } = await shownFields(db, taskGids, held, viewerGid, placements);
  if (shown.size === 0) return result;
  const personGids = new Set<number>();
  for (const [taskGid, fieldGids] of shown) {
    const values = held.get(taskGid);
    if (!values) continue;
    for (const fieldGid of fieldGids) {
      const value = values.get(fieldGid);
      if (value?.multi_value && fields.get(fieldGid)?.resource_subtype === "people") {
        for (const gid of JSON.parse(value.multi_value) as string[]) personGids.add(Number(gid));
      }
    }
  }
  const people = new Map(
    personGids.size
      ? (await usersNamed.all(db, { gids: [...personGids] })).map((user) => [user.gid, user.name] as const)
      : [],
  );
  // Values asked for by key (a board's cards) carry a field's options only when `enum_options` is one of them:
  // the rest of the definition is a few keys, the options a list repeated on every task of the page.
  const listOptions = !keys || keys.includes("enum_options");
  // A field's definition is the same on every task: built once, shared by the page's values.
  const definitions = new Map<number, Json>();
  for (const [taskGid, fieldGids] of shown) {
    const presented: Json[] = [];
    const values = held.get(taskGid);
    for (const gid of fieldGids) {
      const field = fields.get(gid);
      if (!field) continue;
      let base = definitions.get(gid);
      if (!base) {
        base = definition(field, options.get(gid), listOptions);
        definitions.set(gid, base);
      }
      const value = values?.get(gid);
      presented.push(
        keys
          ? keyedValue(field, options.get(gid), value, people, keys, base)
          : presentValue(field, options.get(gid), value, people, base),
      );
    }
    result.set(taskGid, presented);
  }
  return result;
}

// A custom ID field shows "BUG-12"; other number fields their format.
function numberDisplay(value: number, field: CustomFieldsTable): string {
  return customIdText(field, value) ?? formatNumber(value, field);
}
