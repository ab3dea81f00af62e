import type { ImportBody } from "@takt/contracts";
import { useMutation } from "@tanstack/react-query";
import { api, type BodyOf } from "../../api/client";
import type { ImportRecord } from "./queries";

// Starts an import (the file's text, or a CSV's bytes in base64); its progress is then followed by useImport.
// A 400 lands under the field it names, so the page says it (meta.silent).
export function useStartImport(workspace: string) {
  return useMutation({
    mutationFn: (body: BodyOf<typeof ImportBody>) =>
      api.post<ImportRecord, typeof ImportBody>(`/workspaces/${workspace}/imports`, body),
    meta: { silent: true },
  });
}
