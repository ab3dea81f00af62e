import type { ChangeRoleBody, CreateInvitationBody, DeactivateBody, WorkspacePerson } from "@takt/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { registerLiveInvalidations } from "../../api/realtime";
import { errorMessage } from "../../components/notify";
import { teamKeys } from "../teams/queries";

export type Person = WorkspacePerson;

export interface PeopleFilter {
  search: string;
  role: string | null;
  team: string | null;
  status: "active" | "deactivated";
}

export const peopleKeys = {
  all: ["people"] as const,
  list: (workspace: string, filter: PeopleFilter) => ["people", workspace, filter] as const,
};

// The workspace's people page: filtered by the server (search, role, team, active or deactivated).
export function usePeople(workspace: string | undefined, filter: PeopleFilter, enabled: boolean) {
  return useQuery({
    queryKey: peopleKeys.list(workspace ?? "", filter),
    enabled: !!workspace && enabled,
    queryFn: () =>
      api.all<Person>(`/workspaces/${workspace}/people`, {
        status: filter.status,
        ...(filter.search.trim() ? { search: filter.search.trim() } : {}),
        ...(filter.role ? { role: filter.role } : {}),
        ...(filter.team ? { team: filter.team } : {}),
      }),
    placeholderData: (previous) => previous,
  });
}

function usePeopleMutation<T, R = unknown>(mutationFn: (input: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => {
      client.invalidateQueries({ queryKey: peopleKeys.all });
      client.invalidateQueries({ queryKey: teamKeys.all });
      client.invalidateQueries({ queryKey: ["users"] });
    },
  });
}

export function useChangeRole(workspace: string) {
  return usePeopleMutation(({ user, role }: { user: string; role: ChangeRoleBody["role"] }) =>
    api.put<Person, typeof ChangeRoleBody>(`/workspaces/${workspace}/people/${user}`, { role }),
  );
}

export function useDeactivate(workspace: string) {
  return usePeopleMutation(({ user, reassignTo }: { user: string; reassignTo: string | null }) =>
    api.post<Person, typeof DeactivateBody>(`/workspaces/${workspace}/people/${user}/deactivate`, {
      reassign_to: reassignTo,
    }),
  );
}

export function useReactivate(workspace: string) {
  return usePeopleMutation(({ user }: { user: string }) =>
    api.post<Person>(`/workspaces/${workspace}/people/${user}/reactivate`),
  );
}

export interface InviteOutcome {
  email: string;
  error: string | null;
}

// Several invitations at once: each email is its own request, so one refusal does not stop the others.
export function useBulkInvite(workspace: string) {
  return usePeopleMutation(
    async (input: {
      emails: string[];
      role: "member" | "guest";
      project: string | null;
      team: string | null;
    }): Promise<InviteOutcome[]> => {
      const outcomes: InviteOutcome[] = [];
      for (const email of input.emails) {
        try {
          await api.post<unknown, typeof CreateInvitationBody>("/invitations", {
            workspace,
            email,
            role: input.role,
            ...(input.project ? { project: input.project } : {}),
            ...(input.team && !input.project ? { team: input.team } : {}),
          });
          outcomes.push({ email, error: null });
        } catch (error) {
          outcomes.push({ email, error: errorMessage(error) });
        }
      }
      return outcomes;
    },
  );
}

registerLiveInvalidations("people", ["user", "team"], () => [peopleKeys.all]);

// Every team of the workspace (the people page filters by any of them, not only the caller's).
export function useWorkspaceTeams(workspace: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...teamKeys.all, "workspace", workspace ?? ""],
    enabled: !!workspace && enabled,
    queryFn: () => api.all<{ gid: string; name: string }>(`/workspaces/${workspace}/teams`, { opt_fields: "name" }),
  });
}
