import type * as C from "@takt/contracts";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Answer } from "../../api/types";
import { projectKeys } from "../projects/keys";

export type Source = C.Import["source"];

export type ImportRecord = Answer<
  C.Import,
  "source" | "status" | "progress" | "file_name" | "project" | "counts" | "problems" | "problem_details"
>;

export const importKeys = { one: (gid: string) => ["import", gid] as const };

// An import's progress, asked every second until it ends; a finished one brings its project into the lists.
export function useImport(gid: string) {
  const client = useQueryClient();
  return useQuery({
    queryKey: importKeys.one(gid),
    queryFn: async () => {
      const data = await api.get<ImportRecord>(`/imports/${gid}`);
      if (data.status === "succeeded") {
        client.invalidateQueries({ queryKey: projectKeys.lists });
        // People an import added (placeholders) appear in the pickers, and in the merge control.
        client.invalidateQueries({ queryKey: ["users"] });
      }
      return data;
    },
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "succeeded" || status === "failed" ? false : 1000;
    },
  });
}
