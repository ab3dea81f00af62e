import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";

export interface IntakeMapping {
  pipeline_id: string;
  status_id: string;
  project_template: { gid: string };
  team: { gid: string } | null;
  name_pattern: string;
}

export interface Intake {
  gid: string;
  name: string;
  // The secret URL comes only in the answer that made it (create, rotate); lists show the token's first characters.
  url: string | null;
  token_prefix: string;
  mappings: IntakeMapping[];
  created_at: string;
}

// An intake's secret URL, just made: shown until the admin closes it, never fetched again.
export interface Revealed {
  gid: string;
  url: string;
}

export interface LogEntry {
  gid: string;
  outcome: "created" | "duplicate" | "ignored" | "failed" | "rejected";
  message: string;
  results: { lead_id?: string; project?: { gid: string; name: string } }[];
  created_at: string;
}

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
