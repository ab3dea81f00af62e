import { z } from "zod";
import { Gid } from "./common.ts";
import { CSV_COLUMN_TARGETS } from "./constants.ts";
import { ImportProblem } from "./resources/integration.ts";

// Importing a Trello or Asana export, or a CSV file, into a new project; exporting a project or a workspace.

export const IMPORT_SOURCES = ["trello", "asana", "csv", "asana_api", "telegram", "slack"] as const;
export const ImportSource = z.enum(IMPORT_SOURCES, "must be trello, asana, csv, asana_api, telegram or slack");
export type ImportSource = z.infer<typeof ImportSource>;

// The task fields a CSV column can fill.
export const CSV_MAPPING_FIELDS = [
  "name",
  "section",
  "assignee",
  "due_on",
  "start_on",
  "notes",
  "tags",
  "completed",
  "parent",
] as const;
export type CsvMappingField = (typeof CSV_MAPPING_FIELDS)[number];

// What a CSV column can become besides a task field: a custom field of a type (created with the column's name,
// enum options from its values), or nothing (said in the import's notes).
export const CSV_CUSTOM_TARGETS = [
  "custom_text",
  "custom_number",
  "custom_enum",
  "custom_multi_enum",
  "custom_date",
] as const;
export const CSV_TARGETS = CSV_COLUMN_TARGETS;
export type CsvTarget = (typeof CSV_TARGETS)[number];

// What the importer decides for one incoming person.
export const PersonChoice = z.discriminatedUnion(
  "action",
  [
    z.strictObject({ action: z.literal("match"), user: Gid }),
    z.strictObject({ action: z.literal("invite"), email: z.email("must be an email address").max(254) }),
    z.strictObject({ action: z.literal("placeholder") }),
    z.strictObject({ action: z.literal("none") }),
  ],
  "must be match (with user), invite (with email), placeholder or none",
);
export type PersonChoice = z.infer<typeof PersonChoice>;

export const CSV_ENCODINGS = ["auto", "utf-8", "windows-1251"] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

// A JSON body, or the text fields of a multipart/form-data upload (mapping then arrives as a JSON string).
export const ImportBody = z.strictObject({
  source: ImportSource,
  team: z
    .string()
    .regex(/^\d{1,19}$/, "must be a team gid")
    .nullable()
    .optional(),
  project_name: z.string().trim().min(1).max(200).optional(),
  mapping: z
    .partialRecord(z.enum(CSV_MAPPING_FIELDS), z.string().trim().min(1).max(200))
    .refine((value) => Object.keys(value).length > 0, "name at least the column of the task names")
    .optional(),
  encoding: z.enum(CSV_ENCODINGS, "must be auto, utf-8 or windows-1251").optional(),
  // Per CSV column header: a task field, a custom field type, or skip. Columns not named are read from the header
  // or their values; none is dropped without a note.
  columns: z
    .record(z.string().trim().min(1).max(200), z.enum(CSV_TARGETS, "must be a task field, a custom field type or skip"))
    .optional(),
  // Per incoming person (the key the preview lists): who they are here.
  people: z.record(z.string().min(1).max(300), PersonChoice).optional(),
  // asana_api: a personal access token of the Asana (or Takt) account to read from, its workspace and API root.
  // trello: a Trello token with trello_key (and url, the API root, https://api.trello.com/1 unless named), to
  // download the files uploaded to cards; without them those files stay links.
  token: z.string().trim().min(1).max(500).optional(),
  trello_key: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z]{16,64}$/, "must be a Trello API key")
    .optional(),
  asana_workspace: z
    .string()
    .regex(/^\d{1,19}$/, "must be a workspace gid")
    .optional(),
  url: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://app.asana.com/api/1.0" })
    .max(500)
    .optional(),
  file_name: z.string().trim().max(255).optional(),
  // JSON bodies carry the file as text (content) or as bytes (content_base64, for a CSV not in UTF-8).
  content: z.string().optional(),
  content_base64: z.string().optional(),
});
export type ImportBody = z.infer<typeof ImportBody>;

export const WorkspaceImportParams = z.object({ workspace_gid: Gid });
export const ImportParams = z.object({ import_gid: Gid });
export const ProjectExportParams = z.object({ project_gid: Gid });
export const WorkspaceExportParams = z.object({ export_gid: Gid });

export const MATCHED_BY = ["earlier_import", "email", "username", "name"] as const;

const PersonRef = z.object({ gid: Gid, name: z.string(), email: z.string() });

// What an import would do, read from the file (or the Asana account) without writing anything.
export const ImportPreview = z
  .object({
    resource_type: z.literal("import_preview"),
    source: ImportSource,
    project_name: z.string(),
    // The project an earlier import of the same board or file made: a rerun updates it.
    existing_project: z.object({ gid: Gid, name: z.string() }).nullable(),
    counts: z.record(z.string(), z.number()),
    people: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        email: z.string().nullable(),
        username: z.string().nullable(),
        match: PersonRef.nullable(),
        matched_by: z.enum(MATCHED_BY).nullable(),
        candidates: z.array(PersonRef),
      }),
    ),
    encoding: z.string().nullable(),
    columns: z.array(
      z.object({
        name: z.string(),
        target: z.enum(CSV_TARGETS),
        chosen: z.enum(["person", "header", "values"]),
        samples: z.array(z.string()),
        options: z.array(z.string()),
      }),
    ),
    rows: z.array(z.array(z.string())).describe("The first rows of a CSV file, as read."),
    projects: z.array(z.object({ gid: z.string(), name: z.string() })).describe("asana_api: the projects to copy."),
    problems: z.array(z.string()),
    notes: z.array(z.string()),
    problem_details: z.array(ImportProblem),
    note_details: z.array(ImportProblem),
  })
  .meta({ id: "ImportPreview" });
export type ImportPreview = z.infer<typeof ImportPreview>;

// Two records of one person (an import's placeholder and the real account): everything of `from` in the
// workspace moves to `into`, and `from` leaves the workspace.
export const MergePeopleBody = z.strictObject({ from: Gid, into: Gid });
export type MergePeopleBody = z.infer<typeof MergePeopleBody>;
export const MergePeopleResult = z
  .object({
    resource_type: z.literal("people_merge"),
    from: PersonRef,
    into: PersonRef,
    moved: z.record(z.string(), z.number()),
  })
  .meta({ id: "PeopleMerge" });
export type MergePeopleResult = z.infer<typeof MergePeopleResult>;
