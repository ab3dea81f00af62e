import type * as C from "@takt/contracts";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Answer } from "../../api/types";
import i18n from "../../i18n";

export type ProjectTemplate = Answer<
  C.ProjectTemplate,
  "name" | "description" | "color" | "public" | "owner" | "team" | "requested_dates" | "requested_roles",
  "skip_weekends" | "sections" | "num_tasks" | "num_rules"
>;

export type TaskTemplate = Answer<C.TaskTemplate, "name" | "project" | "template">;

export type Job = C.Job;

export const templateKeys = {
  allProjectTemplates: ["project-templates"] as const,
  allTaskTemplates: ["task-templates"] as const,
  projectTemplates: (workspace: string) => ["project-templates", workspace] as const,
  taskTemplates: (project: string) => ["task-templates", project] as const,
  sectionDefaults: (project: string) => ["section-default-templates", project] as const,
};

export function useProjectTemplates(workspace: string | undefined) {
  return useQuery({
    queryKey: templateKeys.projectTemplates(workspace ?? ""),
    enabled: !!workspace,
    queryFn: () =>
      api.all<ProjectTemplate>("/project_templates", {
        workspace: workspace!,
        opt_fields:
          "name,description,color,public,owner.name,team.name,requested_dates,requested_roles,skip_weekends,sections,num_tasks,num_rules",
      }),
  });
}

export function useTaskTemplates(project: string | undefined, enabled = true) {
  return useQuery({
    queryKey: templateKeys.taskTemplates(project ?? ""),
    enabled: !!project && enabled,
    queryFn: () =>
      api.all<TaskTemplate>("/task_templates", { project: project!, opt_fields: "name,project.name,template" }),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Follows a job until it ends; `onStatus` sees every state on the way. Throws when it fails or takes too long.
export async function waitForJob(gid: string, onStatus?: (job: Job) => void, timeoutMs = 120_000): Promise<Job> {
  const started = Date.now();
  let delay = 250;
  for (;;) {
    const job = await api.get<Job>(`/jobs/${gid}`);
    onStatus?.(job);
    if (job.status === "succeeded") return job;
    if (job.status === "failed") throw new Error(job.error || i18n.t("templates.jobFailed"));
    if (Date.now() - started > timeoutMs) throw new Error(i18n.t("templates.jobSlow"));
    await sleep(delay);
    delay = Math.min(1500, Math.round(delay * 1.5));
  }
}
