import type { CreateTeamBody, TeamVisibility } from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Team } from "../../api/types";
import { teamKeys } from "./queries";

export function useCreateTeam(workspace: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; description: string; visibility: TeamVisibility }) =>
      api.post<Team, typeof CreateTeamBody>("/teams", { ...input, organization: workspace }),
    onSuccess: () => client.invalidateQueries({ queryKey: teamKeys.all }),
  });
}
