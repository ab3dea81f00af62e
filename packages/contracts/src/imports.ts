import { z } from "zod";
import { Gid } from "./common.ts";

// Importing a Trello or Asana export, or a CSV file, into a new project; exporting a project or a workspace.

export const IMPORT_SOURCES = ["trello", "asana", "csv"] as const;
export const ImportSource = z.enum(IMPORT_SOURCES, "must be trello, asana or csv");
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
