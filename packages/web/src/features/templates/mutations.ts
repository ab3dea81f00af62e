import type {
  CreateTaskTemplateBody,
  InstantiateProjectBody,
  InstantiateTaskBody,
  SaveAsTemplateBody,
  SectionDefaultTemplateBody,
} from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Project, TaskDetail } from "../../api/types";
import { projectKeys } from "../projects/keys";
import { invalidateBoard } from "../projects/mutations";
import { type Job, type ProjectTemplate, type TaskTemplate, templateKeys, waitForJob } from "./queries";

// Templates are made and used by jobs: each write starts one and follows it to the end.

export function useSaveProjectAsTemplate(project: Project) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { name: string; public: boolean }) => {
      const job = await api.post<Job, typeof SaveAsTemplateBody>(`/projects/${project.gid}/saveAsTemplate`, {
        ...input,
        ...(project.team ? { team: project.team.gid } : {}),
      });
      return waitForJob(job.gid);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: templateKeys.allProjectTemplates }),
  });
}

export interface Instantiation {
  name: string;
  team: string | null;
  workspace?: string;
  start: string | null;
  roles: Record<string, string | null>;
}

// A project made from a template; `onStatus` sees the job's progress.
export function useInstantiateProjectTemplate(template: ProjectTemplate | null, onStatus: (job: Job) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ name, team, workspace, start, roles }: Instantiation) => {
      if (!template) throw new Error("no template");
      const started = await api.post<Job, typeof InstantiateProjectBody>(
        `/project_templates/${template.gid}/instantiateProject`,
        {
          name,
          ...(team ? { team } : { workspace }),
          public: true,
          requested_dates: start ? template.requested_dates.map((date) => ({ gid: date.gid, value: start })) : [],
          requested_roles: template.requested_roles.map((role) => ({ gid: role.gid, value: roles[role.gid] ?? null })),
        },
      );
      onStatus(started);
      return waitForJob(started.gid, onStatus);
    },
    meta: { silent: true },
    onSuccess: () => client.invalidateQueries({ queryKey: projectKeys.lists }),
  });
}

// A task (with its subtasks) made from one of the project's task templates.
export function useInstantiateTaskTemplate(projectGid: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (template: TaskTemplate) => {
      const job = await api.post<Job, typeof InstantiateTaskBody>(
        `/task_templates/${template.gid}/instantiateTask`,
        {},
      );
      return waitForJob(job.gid);
    },
    onSuccess: () => invalidateBoard(client, projectGid),
  });
}

export function useSaveTaskTemplate(project: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (task: TaskDetail) =>
      api.post<unknown, typeof CreateTaskTemplateBody>("/task_templates", { project, task: task.gid, name: task.name }),
    onSuccess: () => client.invalidateQueries({ queryKey: templateKeys.taskTemplates(project) }),
  });
}

// Every task placed in the section gets the template's subtasks (null: none).
export function useSetSectionDefaultTemplate(sectionGid: string) {
  return useMutation({
    mutationFn: (template: string | null) =>
      api.post<unknown, typeof SectionDefaultTemplateBody>(`/sections/${sectionGid}/setDefaultTemplate`, {
        task_template: template,
      }),
  });
}
