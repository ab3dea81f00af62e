import type * as C from "@takt/contracts";
import type { ImportBody } from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type BodyOf } from "../../api/client";
import { userKeys } from "../users/queries";
import type { ImportRecord } from "./queries";

// Starts an import (the file's bytes in base64, or an Asana token); its progress is then followed by useImport.
// A 400 lands under the field it names, so the page says it (meta.silent).
export function useStartImport(workspace: string) {
  return useMutation({
    mutationFn: (body: BodyOf<typeof ImportBody>) =>
      api.post<ImportRecord, typeof ImportBody>(`/workspaces/${workspace}/imports`, body),
    meta: { silent: true },
  });
}

// What the import would do, nothing written: people and their matches, a CSV's columns and rows, Asana projects.
export function usePreviewImport(workspace: string) {
  return useMutation({
    mutationFn: (body: BodyOf<typeof ImportBody>) =>
      api.post<C.ImportPreview, typeof ImportBody>(`/workspaces/${workspace}/imports/preview`, body),
    meta: { silent: true },
  });
}

// Two records of one person become one; the people pickers then list one.
export function useMergePeople(workspace: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<typeof C.MergePeopleBody>) =>
      api.post<C.MergePeopleResult, typeof C.MergePeopleBody>(`/workspaces/${workspace}/merge_people`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.workspace(workspace) }),
  });
}
