import { z } from "zod";
import { Gid } from "./common.ts";
import { GidString } from "./gid-string.ts";

const TeamName = z.string().trim().min(1, "must not be empty").max(1024);
const TeamDescription = z.string().max(65_536);

export const CreateTeamBody = z.strictObject({
  name: TeamName,
  description: TeamDescription.optional(),
  html_description: TeamDescription.optional(),
  organization: GidString.optional(),
  workspace: GidString.optional(),
});
export type CreateTeamBody = z.infer<typeof CreateTeamBody>;

export const UpdateTeamBody = z.strictObject({
  name: TeamName.optional(),
  description: TeamDescription.optional(),
  html_description: TeamDescription.optional(),
  organization: GidString.optional(),
  workspace: GidString.optional(),
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
