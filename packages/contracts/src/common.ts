import { z } from "zod";

// A gid: Takt's ids are 64-bit integers sent as decimal strings, as Asana's are.
export const Gid = z
  .string()
  .regex(/^\d{1,19}$/, "must be a gid (a string of digits)")
  .meta({ id: "Gid", description: "Globally unique identifier of a resource, as a string of digits." });
export type Gid = z.infer<typeof Gid>;

// Values both the server and the web app must agree on. The server validates with these schemas;
// the web app uses their types and lists (e.g. the language switch, access-level pickers).

export const Language = z.enum(["en", "ru"]);
export type Language = z.infer<typeof Language>;

export const WorkspaceRole = z.enum(["admin", "member", "guest"]);
export type WorkspaceRole = z.infer<typeof WorkspaceRole>;

export const AccessLevel = z.enum(["admin", "editor", "commenter", "viewer"]);
export type AccessLevel = z.infer<typeof AccessLevel>;

export const PrivacySetting = z.enum(["public_to_workspace", "private"]);
export type PrivacySetting = z.infer<typeof PrivacySetting>;

export const ProjectView = z.enum(["list", "board", "calendar", "timeline"]);
export type ProjectView = z.infer<typeof ProjectView>;

export const TaskSubtype = z.enum(["default_task", "milestone", "approval"]);
export type TaskSubtype = z.infer<typeof TaskSubtype>;

// Asana's date (YYYY-MM-DD) that is also a real calendar day.
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const DateOnly = z
  .string()
  .regex(DATE_PATTERN, "must be a valid date in the form YYYY-MM-DD")
  .refine(
    (value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    },
    { message: "must be a valid date in the form YYYY-MM-DD (a real calendar day)", params: { code: "invalid_date" } },
  );

export interface Compact<T extends string = string> {
  gid: string;
  resource_type: T;
  name?: string;
}

export interface ApiList<T> {
  data: T[];
  next_page?: { offset: string; path: string; uri: string } | null;
}

export interface ApiErrorBody {
  errors: { message: string; help?: string; field?: string; code?: string; params?: Record<string, string | number> }[];
}
