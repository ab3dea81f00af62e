import { z } from "zod";
import { Gid } from "./common.ts";
import { GidString } from "./gid-string.ts";

const TeamName = z.string().trim().min(1, "must not be empty").max(1024);
const TeamDescription = z.string().max(65_536);

// Asana's team visibility: a secret team is seen only by its members (and the workspace's admins); anyone in the
// workspace may ask to join a request_to_join team; anyone may join a public team.
export const TeamVisibility = z.enum(["secret", "request_to_join", "public"]);
export type TeamVisibility = z.infer<typeof TeamVisibility>;
export const TeamAccessLevel = z.enum(["all_team_members", "only_team_admins"]);
export type TeamAccessLevel = z.infer<typeof TeamAccessLevel>;

// Who in the team may do what; workspace admins and team admins always may.
const TeamSettings = {
  visibility: TeamVisibility.optional(),
  edit_team_name_or_description_access_level: TeamAccessLevel.optional(),
  edit_team_visibility_or_trash_team_access_level: TeamAccessLevel.optional(),
  member_invite_management_access_level: TeamAccessLevel.optional(),
  join_request_management_access_level: TeamAccessLevel.optional(),
  team_member_removal_access_level: TeamAccessLevel.optional(),
};

export const CreateTeamBody = z.strictObject({
  name: TeamName,
  description: TeamDescription.optional(),
  html_description: TeamDescription.optional(),
  organization: GidString.optional(),
  workspace: GidString.optional(),
  ...TeamSettings,
});
export type CreateTeamBody = z.infer<typeof CreateTeamBody>;

export const UpdateTeamBody = z.strictObject({
  name: TeamName.optional(),
  description: TeamDescription.optional(),
  html_description: TeamDescription.optional(),
  organization: GidString.optional(),
  workspace: GidString.optional(),
  ...TeamSettings,
});
export type UpdateTeamBody = z.infer<typeof UpdateTeamBody>;

// A person by gid, email or "me".
export const TeamUserBody = z.strictObject({ user: z.string().trim().min(1, "must not be empty").max(320) });
export type TeamUserBody = z.infer<typeof TeamUserBody>;

export const UserTeamsQuery = z
  .object({ organization: z.string().optional(), workspace: z.string().optional() })
  .loose();
export const TeamMembershipsQuery = z
  .object({ team: z.string().optional(), user: z.string().optional(), workspace: z.string().optional() })
  .loose();

export const TeamPathParams = z.object({ team_gid: Gid });
export const TeamMembershipPathParams = z.object({ team_membership_gid: Gid });

// Takt: asking to join a team that admits members by request, and the team admins' answer.
export const CreateTeamJoinRequestBody = z.strictObject({ message: z.string().trim().max(2000).optional() });
export type CreateTeamJoinRequestBody = z.infer<typeof CreateTeamJoinRequestBody>;
export const TeamJoinRequestPathParams = z.object({ team_join_request_gid: Gid });

export const TeamJoinRequest = z
  .object({
    gid: Gid,
    resource_type: z.literal("team_join_request"),
    team: z.object({ gid: Gid, resource_type: z.literal("team"), name: z.string() }),
    user: z.object({ gid: Gid, resource_type: z.literal("user"), name: z.string(), email: z.string() }),
    message: z.string(),
    status: z.enum(["pending", "approved", "declined"]),
    created_at: z.string(),
    decided_at: z.string().nullable(),
  })
  .meta({ id: "TeamJoinRequest", description: "Takt: a person's request to join a team." });
export type TeamJoinRequest = z.infer<typeof TeamJoinRequest>;
