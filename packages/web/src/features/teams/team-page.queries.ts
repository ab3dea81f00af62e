import type { TeamPermissions, TeamUserBody, UpdateTeamBody } from "@takt/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { registerLiveInvalidations } from "../../api/realtime";
import { peopleKeys } from "../people/queries";
import { teamKeys } from "./queries";

export interface TeamDetail {
  gid: string;
  name: string;
  description: string;
  permissions?: TeamPermissions;
}

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
    queryFn: () => api.get<TeamDetail>(`/teams/${gid}`, { opt_fields: "name,description,permissions" }),
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
  return { team, members, projects };
}

export function useTeamChanges(gid: string) {
  const client = useQueryClient();
  const refresh = () => {
    client.invalidateQueries({ queryKey: teamKeys.all });
    client.invalidateQueries({ queryKey: peopleKeys.all });
    client.invalidateQueries({ queryKey: ["projects"] });
  };
  const addUser = useMutation({
    mutationFn: (user: string) => api.post<unknown, typeof TeamUserBody>(`/teams/${gid}/addUser`, { user }),
    onSuccess: refresh,
  });
  const removeUser = useMutation({
    mutationFn: (user: string) => api.post<unknown, typeof TeamUserBody>(`/teams/${gid}/removeUser`, { user }),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: (input: { name?: string; description?: string }) =>
      api.put<TeamDetail, typeof UpdateTeamBody>(`/teams/${gid}`, input),
    onSuccess: refresh,
  });
  return { addUser, removeUser, update };
}

registerLiveInvalidations("team-page", ["team", "project"], () => [teamKeys.all]);
