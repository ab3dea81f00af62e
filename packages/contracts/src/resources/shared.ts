import { z } from "zod";
import { Gid } from "../common.ts";
import { ProjectPermissions, SectionPermissions, TaskPermissions, WorkspacePermissions } from "../permissions.ts";

// Building blocks of every response: timestamps, dates, compact references, envelopes and the error body.

export const DateTime = z.iso.datetime({ offset: true }).describe("An ISO 8601 date-time (UTC).");
export const Day = z.iso.date().describe("A calendar date, YYYY-MM-DD.");

// A reference to another resource by gid only, as events and some Takt extensions send it.
export const bareRef = <T extends string>(type: T) => z.object({ gid: Gid, resource_type: z.literal(type) });

export const OPT_IN_PERMISSIONS = "opt-in: ask with opt_fields=permissions";

// A resource derived text names (a story, a rule's step): without a name when the reader may not see it, null
// when it is gone.
export const ReaderRef = z.object({ gid: Gid, resource_type: z.string(), name: z.string().nullable().optional() });

// A compact reference: gid, resource_type and name.
const namedRef = <T extends string>(type: T) =>
  z.object({ gid: Gid, resource_type: z.literal(type), name: z.string() });

// Workspaces, projects, sections, tasks and custom fields carry the caller's abilities wherever opt_fields
// asks for them, nested ones too (opt_fields=projects.permissions).
export const WorkspaceCompact = namedRef("workspace")
  .extend({ permissions: WorkspacePermissions.optional().describe(OPT_IN_PERMISSIONS) })
  .meta({ id: "WorkspaceCompact" });
export type WorkspaceCompact = z.infer<typeof WorkspaceCompact>;
export const UserCompact = namedRef("user").meta({ id: "UserCompact" });
export type UserCompact = z.infer<typeof UserCompact>;
export const TeamCompact = namedRef("team").meta({ id: "TeamCompact" });
export type TeamCompact = z.infer<typeof TeamCompact>;
export const ProjectCompact = namedRef("project")
  .extend({ permissions: ProjectPermissions.optional().describe(OPT_IN_PERMISSIONS) })
  .meta({ id: "ProjectCompact" });
export type ProjectCompact = z.infer<typeof ProjectCompact>;
export const SectionCompact = namedRef("section")
  .extend({
    marks_complete: z.boolean().optional().describe("Takt: tasks moved into this section are marked complete."),
    permissions: SectionPermissions.optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "SectionCompact" });
export type SectionCompact = z.infer<typeof SectionCompact>;
export const TagCompact = namedRef("tag").meta({ id: "TagCompact" });
export type TagCompact = z.infer<typeof TagCompact>;
export const SprintCompact = namedRef("sprint").meta({ id: "SprintCompact" });
export type SprintCompact = z.infer<typeof SprintCompact>;
// A task named by another resource (dependencies, timesheets, reports).
export const TaskRef = namedRef("task")
  .extend({ permissions: TaskPermissions.optional().describe(OPT_IN_PERMISSIONS) })
  .meta({ id: "TaskRef" });
export type TaskRef = z.infer<typeof TaskRef>;
export const TaskCompact = z
  .object({
    gid: Gid,
    resource_type: z.literal("task"),
    name: z.string(),
    resource_subtype: z.string().describe("default_task, milestone or approval."),
    permissions: TaskPermissions.optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "TaskCompact" });
export type TaskCompact = z.infer<typeof TaskCompact>;

// A reference whose resource_type varies (events, webhooks, audit log).
export const AnyRef = z.object({ gid: Gid, resource_type: z.string() });

export const NextPage = z
  .object({
    offset: z.string().describe("Pass as offset (with the same limit) to get the next page."),
    path: z.string(),
    uri: z.string(),
  })
  .nullable()
  .meta({
    id: "NextPage",
    description: "The next page of a list asked for with limit; null on the last page, absent without limit.",
  });
export type NextPage = z.infer<typeof NextPage>;

export const ErrorBody = z
  .object({
    errors: z
      .array(
        z.object({
          message: z.string().describe("What went wrong; a bad field is named first, as in `name: Missing input`."),
          help: z.string().optional(),
          field: z.string().optional().describe("Takt extension: the field refused, as the message names it."),
          code: z
            .string()
            .optional()
            .describe("Takt extension: a stable code of the refusal (e.g. `too_long`), for clients that word it."),
          params: z
            .record(z.string(), z.union([z.string(), z.number()]))
            .optional()
            .describe("Takt extension: the values the code's wording needs (e.g. `{max: 1024}`)."),
        }),
      )
      .min(1),
  })
  .meta({ id: "Error", description: "Every error answer: one or more messages, each with a link to help." });
export type ErrorBody = z.infer<typeof ErrorBody>;

// An answer without content, as deletes and relation changes send it.
export const Empty = z.object({}).strict().meta({ id: "Empty", description: "An empty object." });
export type Empty = z.infer<typeof Empty>;

// {"data": …} around one resource, and around a page of them.
export const dataOf = <T extends z.ZodType>(item: T) => z.object({ data: item });
export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_page: NextPage.optional() });
