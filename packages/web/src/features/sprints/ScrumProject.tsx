import { ActionIcon, Menu, Switch, Text, Tooltip } from "@mantine/core";
import { IconSettings } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { keys } from "../../api/queries";
import type { Project } from "../../api/types";
import { lazyNamed, PageSkeleton } from "../../app/lazy";
import { notifyError, notifySuccess } from "../../components/notify";

// Loaded when first opened (charts bring recharts): the project page's first screen stays small.
const ProjectCharts = lazyNamed(() => import("../reports/ProjectCharts"), "ProjectCharts", <PageSkeleton />);
const BacklogView = lazyNamed(() => import("./BacklogView"), "BacklogView", <PageSkeleton />);
const SprintBoard = lazyNamed(() => import("./SprintBoard"), "SprintBoard", <PageSkeleton />);

// The project page's Scrum pieces: the settings switch, and the Backlog / Sprint / Charts views.
export const SCRUM_VIEWS = ["backlog", "sprint", "charts"];

export function isScrumView(view: string, project: Project | undefined): boolean {
  if (view === "charts") return true;
  return (view === "backlog" || view === "sprint") && !!project?.scrum_enabled;
}

export function ScrumToggle({ project, onEnabled }: { project: Project; onEnabled?(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toggle = async (enabled: boolean) => {
    client.setQueryData<Project>(keys.project(project.gid), (current) =>
      current ? { ...current, scrum_enabled: enabled } : current,
    );
    try {
      await api.post(`/projects/${project.gid}/scrum`, { scrum_enabled: enabled });
      client.invalidateQueries({ queryKey: ["project-scrum", project.gid] });
      notifySuccess(enabled ? t("sprints.scrumOn") : t("sprints.scrumOff"));
      if (enabled) onEnabled?.();
    } catch (error) {
      client.setQueryData<Project>(keys.project(project.gid), (current) =>
        current ? { ...current, scrum_enabled: !enabled } : current,
      );
      notifyError(error);
    }
  };
  return (
    <Menu position="bottom-end" withinPortal shadow="md" closeOnItemClick={false} width={280}>
      <Menu.Target>
        <Tooltip label={t("projects.settings")}>
          <ActionIcon variant="default" size={30} aria-label={t("projects.settings")} data-testid="project-settings">
            <IconSettings size={16} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown p="sm">
        <Switch
          checked={!!project.scrum_enabled}
          onChange={(event) => toggle(event.currentTarget.checked)}
          label={t("sprints.scrumSetting")}
          description={t("sprints.scrumSettingHint")}
          data-testid="scrum-toggle"
        />
        <Text size="xs" c="dimmed" mt={6} />
      </Menu.Dropdown>
    </Menu>
  );
}

export function ScrumView({
  view,
  project,
  activeTask,
  onOpen,
  onView,
}: {
  view: string;
  project: Project | undefined;
  activeTask?: string;
  onOpen(gid: string): void;
  onView(view: string): void;
}) {
  if (!project) return null;
  if (view === "backlog") return <BacklogView projectGid={project.gid} activeTask={activeTask} onOpen={onOpen} />;
  if (view === "sprint")
    return (
      <SprintBoard projectGid={project.gid} activeTask={activeTask} onOpen={onOpen} onPlan={() => onView("backlog")} />
    );
  return <ProjectCharts projectGid={project.gid} scrum={!!project.scrum_enabled} />;
}
