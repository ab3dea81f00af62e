import type {
  CreateTeamJoinRequestBody,
  TeamAccessLevel,
  TeamJoinRequest,
  TeamPermissions,
  TeamUserBody,
  TeamVisibility,
  UpdateTeamBody,
} from "@takt/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { registerLiveInvalidations } from "../../api/realtime";
import { peopleKeys } from "../people/queries";
import { teamKeys } from "./queries";

export const TEAM_ACCESS_LEVELS = [
  "edit_team_name_or_description_access_level",
  "edit_team_visibility_or_trash_team_access_level",
  "member_invite_management_access_level",
  "join_request_management_access_level",
  "team_member_removal_access_level",
] as const;
export type TeamAccessSetting = (typeof TEAM_ACCESS_LEVELS)[number];

export interface TeamDetail extends Record<TeamAccessSetting, TeamAccessLevel> {
  gid: string;
  name: string;
  description: string;
  visibility: TeamVisibility;
  permissions?: TeamPermissions;
}

export type TeamSettingsChange = Partial<Pick<TeamDetail, "name" | "description" | "visibility" | TeamAccessSetting>>;

export interface TeamMemberRow {
  gid: string;
  user: { gid: string; name: string };
  is_admin: boolean;
}

export interface TeamProjectRow {
  gid: string;
  name: string;
  color: string | null;
  archived: boolean;
  privacy_setting: string;
  owner: { gid: string; name: string } | null;
}

const teamPageKeys = {
  team: (gid: string) => [...teamKeys.all, "page", gid] as const,
};

export function useTeamPage(gid: string) {
  const team = useQuery({
    queryKey: [...teamPageKeys.team(gid), "team"],
    queryFn: () =>
      api.get<TeamDetail>(`/teams/${gid}`, {
        opt_fields: ["name", "description", "visibility", "permissions", ...TEAM_ACCESS_LEVELS].join(","),
      }),
  });
  // Those who answer requests see the pending ones; anyone else sees their own (to show "Request sent").
  const joinRequests = useQuery({
    queryKey: [...teamPageKeys.team(gid), "join_requests"],
    enabled: team.isSuccess,
    queryFn: () => api.all<TeamJoinRequest>(`/teams/${gid}/join_requests`),
  });
  const members = useQuery({
    queryKey: [...teamPageKeys.team(gid), "members"],
    enabled: team.isSuccess,
    queryFn: () => api.all<TeamMemberRow>(`/teams/${gid}/team_memberships`, { opt_fields: "user.name,is_admin" }),
  });
  const projects = useQuery({
    queryKey: [...teamPageKeys.team(gid), "projects"],
    enabled: team.isSuccess,
    queryFn: () =>
      api.all<TeamProjectRow>(`/teams/${gid}/projects`, {
        opt_fields: "name,color,archived,privacy_setting,owner.name",
      }),
  });
  return { team, members, projects, joinRequests };
}

export function useTeamChanges(gid: string) {
  const client = useQueryClient();
  // A change is done once the team's page has read it back: the mutation stays pending (its button loading) until
  // the team, its requests and its people are fresh, so the page never shows half of the change.
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: teamKeys.all }),
      client.invalidateQueries({ queryKey: peopleKeys.all }),
      client.invalidateQueries({ queryKey: ["projects"] }),
    ]);
  const addUser = useMutation({
    mutationFn: (user: string) => api.post<unknown, typeof TeamUserBody>(`/teams/${gid}/addUser`, { user }),
    onSuccess: refresh,
  });
  const removeUser = useMutation({
    mutationFn: (user: string) => api.post<unknown, typeof TeamUserBody>(`/teams/${gid}/removeUser`, { user }),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: (input: TeamSettingsChange) => api.put<TeamDetail, typeof UpdateTeamBody>(`/teams/${gid}`, input),
    onSuccess: refresh,
  });
  const askToJoin = useMutation({
    mutationFn: (message: string) =>
      api.post<TeamJoinRequest, typeof CreateTeamJoinRequestBody>(`/teams/${gid}/join_requests`, {
        message: message.trim() || undefined,
      }),
    onSuccess: refresh,
  });
  const answer = useMutation({
    mutationFn: ({ request, decision }: { request: TeamJoinRequest; decision: "approve" | "decline" }) =>
      api.post<TeamJoinRequest>(`/team_join_requests/${request.gid}/${decision}`),
    onSuccess: refresh,
  });
  const withdraw = useMutation({
    mutationFn: (request: TeamJoinRequest) => api.delete(`/team_join_requests/${request.gid}`),
    onSuccess: refresh,
  });
  return { addUser, removeUser, update, askToJoin, answer, withdraw };
}

registerLiveInvalidations("team-page", ["team", "project"], () => [teamKeys.all]);
