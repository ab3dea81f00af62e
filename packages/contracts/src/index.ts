import { z } from "zod";

// Values both the server and the web app must agree on. The server validates with these schemas;
// the web app uses their types and lists (e.g. the language switch, access-level pickers).

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
  errors: { message: string; help?: string }[];
}
export * from "./audit-log.ts";
export * from "./auth.ts";
export * from "./common.ts";
export * from "./crm.ts";
export * from "./events.ts";
export * from "./forms.ts";
export * from "./imports.ts";
export * from "./inbox.ts";
export * from "./jobs.ts";
export * from "./permissions.ts";
export * from "./reports.ts";
export * from "./rules.ts";
export * from "./search.ts";
export * from "./sprints.ts";
export * from "./templates.ts";
export * from "./webhooks.ts";
