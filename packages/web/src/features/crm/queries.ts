import type * as C from "@takt/contracts";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Answer } from "../../api/types";

export type IntakeMapping = C.CrmIntake["mappings"][number];

// The secret URL comes only in the answer that made it (create, rotate); lists show the token's first characters.
export type Intake = Answer<C.CrmIntake, "name" | "url" | "token_prefix" | "mappings", "created_at">;

// An intake's secret URL, just made: shown until the admin closes it, never fetched again.
export interface Revealed {
  gid: string;
  url: string;
}

export type LogEntry = Answer<C.CrmIntakeLogEntry, "outcome" | "message" | "results" | "created_at">;

export const crmKeys = {
  all: ["crm-intakes"] as const,
  intakes: (workspace: string) => ["crm-intakes", workspace] as const,
  log: (intake: string) => ["crm-intake-log", intake] as const,
};

export function useIntakes(workspace: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: crmKeys.intakes(workspace ?? ""),
    enabled: !!workspace && enabled,
    queryFn: () =>
      api.all<Intake>(`/workspaces/${workspace}/crm_intakes`, { opt_fields: "name,token_prefix,mappings" }),
  });
}

// What an intake received, newest first, kept fresh while it is open.
export function useIntakeLog(intake: string) {
  return useQuery({
    queryKey: crmKeys.log(intake),
    queryFn: async () => (await api.page<LogEntry>(`/crm_intakes/${intake}/log`, { limit: 50 })).data,
    refetchInterval: 5000,
  });
}
