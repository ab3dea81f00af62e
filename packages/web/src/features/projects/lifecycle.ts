import type { ProjectStage, SetStageBody, UpdateProjectBody } from "@takt/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Project } from "../../api/types";
import { PROJECT_FIELDS, projectKeys } from "./keys";

// A project's life: archived, moved, made private or public, opened in another view by default, deleted.
export function useUpdateProject(projectGid: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: UpdateProjectBody) =>
      api.put<Project, typeof UpdateProjectBody>(`/projects/${projectGid}`, patch, { opt_fields: PROJECT_FIELDS }),
    onSuccess: (project) => {
      client.setQueryData(projectKeys.detail(projectGid), project);
      client.invalidateQueries({ queryKey: projectKeys.lists });
      client.invalidateQueries({ queryKey: ["teams"] });
    },
  });
}

export function useDeleteProject(projectGid: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(`/projects/${projectGid}`),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: projectKeys.lists });
      client.invalidateQueries({ queryKey: ["teams"] });
    },
  });
}

const stageKey = (projectGid: string) => ["project-stage", projectGid] as const;

export function useProjectStage(projectGid: string, enabled = true) {
  return useQuery({
    queryKey: stageKey(projectGid),
    enabled,
    queryFn: () => api.get<ProjectStage>(`/projects/${projectGid}/stage`),
  });
}

export function useSetStage(projectGid: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (section: string | null) =>
      api.post<ProjectStage, typeof SetStageBody>(`/projects/${projectGid}/setStage`, { section }),
    onSuccess: (stage) => {
      client.setQueryData(stageKey(projectGid), stage);
      client.invalidateQueries({ queryKey: ["guest-home"] });
    },
  });
}
