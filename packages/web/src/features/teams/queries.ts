import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { registerLiveInvalidations } from "../../api/realtime";
import type { Team } from "../../api/types";

export const teamKeys = {
  all: ["teams"] as const,
  mine: (workspace: string) => ["teams", workspace] as const,
};

// The caller's teams; a workspace that gives the caller no teams to list (a client guest) shows none.
export function useTeams(workspace: string | undefined, enabled = true) {
  return useQuery({
    queryKey: teamKeys.mine(workspace ?? ""),
    enabled: !!workspace && enabled,
    queryFn: () =>
      api.all<Team>("/users/me/teams", { workspace: workspace!, opt_fields: "name,description,visibility" }),
  });
}

registerLiveInvalidations("teams", ["team"], () => [teamKeys.all]);
