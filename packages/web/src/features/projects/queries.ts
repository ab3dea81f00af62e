import { type QueryClient, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { registerLiveHandler } from "../../api/realtime";
import type { Project, Section } from "../../api/types";
import { boardQuery } from "./board";
import { projectRead } from "./first-screen";
import { PROJECT_LIST_FIELDS, projectKeys } from "./keys";
import { boardLiveHandler } from "./live";

export { type BoardData, useBoard, useBoardHasSections, useBoardSettled } from "./board";
export { projectKeys } from "./keys";

export function useProjects(workspace: string | undefined) {
  return useQuery({
    queryKey: projectKeys.list(workspace ?? ""),
    enabled: !!workspace,
    queryFn: () =>
      api.all<Project>("/projects", { workspace: workspace!, archived: false, opt_fields: PROJECT_LIST_FIELDS }),
  });
}

// One project with what the caller may do with it (`permissions`): the page shows a control only when allowed.
const projectQuery = (gid: string) => ({
  queryKey: projectKeys.detail(gid),
  queryFn: () => {
    const read = projectRead(gid);
    return api.get<Project>(read.path, read.query);
  },
});

export function useProject(gid: string, enabled = true) {
  return useQuery({ ...projectQuery(gid), enabled });
}

// Opening the app on a project's address: its data starts loading with the app's code, not after the session check
// and the page's chunk (see App.tsx). A visitor who is not signed in gets 401s, which nobody is shown.
export function prefetchProjectPage(client: QueryClient, projectGid: string) {
  void client.prefetchQuery(projectQuery(projectGid));
  void client.prefetchQuery(boardQuery(client, projectGid));
}

registerLiveHandler("projects", boardLiveHandler);

// A project's sections on their own (a section picker for another project than the one on screen).
export function useSections(projectGid: string | null) {
  return useQuery({
    queryKey: projectKeys.sections(projectGid ?? ""),
    enabled: !!projectGid,
    queryFn: () => api.all<Section>(`/projects/${projectGid}/sections`, { opt_fields: "name" }),
  });
}
