import { z } from "zod";
import { AccessLevel, DateOnly, Gid } from "./common.ts";
import { GidString } from "./gid-string.ts";
import { SectionName } from "./sections.ts";

// Asana's project colours ("none" clears it).
export const ProjectColor = z
  .enum([
    "dark-pink",
    "dark-green",
    "dark-blue",
    "dark-red",
    "dark-teal",
    "dark-brown",
    "dark-orange",
    "dark-purple",
    "dark-warm-gray",
    "light-pink",
    "light-green",
    "light-blue",
    "light-red",
    "light-teal",
    "light-brown",
    "light-orange",
    "light-purple",
    "light-warm-gray",
    "none",
  ])
  .meta({ id: "ProjectColor" });
export type ProjectColor = z.infer<typeof ProjectColor>;

// How many sections a project may be created with in one request.
export const MAX_PROJECT_SECTIONS_ON_CREATE = 50;

const ProjectName = z.string().trim().min(1, "must not be empty").max(1024);
const RichText = z.string().max(65_536);
// Unions and enums report a missing value as invalid; say it plainly instead.
const missing = (issue: { input?: unknown }) => (issue.input === undefined ? "Missing input" : undefined);

// People named in a body: a comma-separated string, or an array of user gids, emails or "me".
export const ProjectUserRefs = z.union(
  [z.string().max(10_000), z.array(z.string().max(320)).max(100, "at most 100 people at a time")],
  { error: (issue) => missing(issue) ?? "must be a comma-separated string or an array of user gids or emails" },
);
const AccessLevelInput = z.enum(AccessLevel.options, { error: missing });

export const PROJECT_ICONS = [
  "list",
  "board",
  "timeline",
  "calendar",
  "rocket",
  "people",
  "graph",
  "star",
  "bug",
  "light_bulb",
  "globe",
  "gear",
  "notebook",
  "computer",
  "check",
  "target",
  "html",
  "megaphone",
  "chat_bubbles",
  "briefcase",
  "page_layout",
  "mountain_flag",
  "puzzle",
  "presentation",
  "line_and_symbols",
  "speech_bubble_with_exclamation_point",
  "trophy",
  "shopping_basket",
  "ribbon",
] as const;

const ProjectFields = {
  name: ProjectName,
  notes: RichText,
  html_notes: RichText,
  color: ProjectColor.nullable(),
  default_view: z.enum(["list", "board", "calendar", "timeline"]),
  // private_to_team is Asana's deprecated value; Takt has no team-only visibility and keeps such projects private.
  privacy_setting: z.enum(["public_to_workspace", "private", "private_to_team"]),
  public: z.boolean(),
  due_on: DateOnly.nullable(),
  due_date: DateOnly.nullable(),
  start_on: DateOnly.nullable(),
  archived: z.boolean(),
  owner: z.string().max(320).nullable(),
  team: GidString.nullable(),
  workspace: GidString,
  // Asana's project icon, the access level new members get, and completion.
  icon: z.enum(PROJECT_ICONS).nullable(),
  default_access_level: AccessLevelInput,
  completed: z.boolean(),
};

export const CreateProjectBody = z
  .strictObject({
    ...ProjectFields,
    followers: ProjectUserRefs,
    // Takt extension: the project's sections, in order, made with it instead of the default "Untitled section".
    sections: z
      .array(SectionName)
      .min(1, "name at least one section, or leave sections out")
      .max(MAX_PROJECT_SECTIONS_ON_CREATE, `at most ${MAX_PROJECT_SECTIONS_ON_CREATE} sections`),
  })
  .partial()
  .required({ name: true });
export type CreateProjectBody = z.infer<typeof CreateProjectBody>;

export const UpdateProjectBody = z.strictObject(ProjectFields).partial();
export type UpdateProjectBody = z.infer<typeof UpdateProjectBody>;

export const ProjectMembersBody = z.strictObject({
  members: ProjectUserRefs,
  access_level: AccessLevelInput.optional(),
});
export const RemoveProjectMembersBody = ProjectMembersBody.omit({ access_level: true });
export const ProjectFollowersBody = z.strictObject({ followers: ProjectUserRefs });
export const ProjectMembershipUpdateBody = z.strictObject({ access_level: AccessLevelInput });

export const ProjectListQuery = z
  .object({
    workspace: z.string().optional(),
    team: z.string().optional(),
    archived: z.enum(["true", "false"], "must be true or false").optional(),
  })
  .loose();
export const ProjectMembershipsQuery = z.object({ user: z.string().optional() }).loose();

export const ProjectPathParams = z.object({ project_gid: Gid });
export const ProjectMembershipPathParams = z.object({ membership_gid: Gid });
