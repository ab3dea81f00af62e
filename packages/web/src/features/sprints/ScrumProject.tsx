import { ActionIcon, Popover, Switch, Text, Tooltip } from "@mantine/core";
import { IconSettings } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Project } from "../../api/types";
import { lazyNamed, PageSkeleton } from "../../app/lazy";
import { notifySuccess } from "../../components/notify";
import { useSetScrum } from "./mutations";

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
  const setScrum = useSetScrum(project);
  const toggle = (enabled: boolean) =>
    setScrum.mutate(enabled, {
      onSuccess: () => {
        notifySuccess(enabled ? t("sprints.scrumOn") : t("sprints.scrumOff"));
        if (enabled) onEnabled?.();
      },
    });
  return (
    // A small dialog (a switch is no menu item): Tab reaches the switch, Escape closes it.
    <Popover position="bottom-end" withinPortal shadow="md" width={280} trapFocus>
      <Popover.Target>
        <Tooltip label={t("projects.settings")}>
          <ActionIcon variant="default" size={30} aria-label={t("projects.settings")} data-testid="project-settings">
            <IconSettings size={16} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p="sm" aria-label={t("projects.settings")}>
        <Switch
          checked={!!project.scrum_enabled}
          onChange={(event) => toggle(event.currentTarget.checked)}
          label={t("sprints.scrumSetting")}
          description={t("sprints.scrumSettingHint")}
          data-testid="scrum-toggle"
        />
        <Text size="xs" c="dimmed" mt={6} />
      </Popover.Dropdown>
    </Popover>
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
  if (view === "backlog") {
    return (
      <BacklogView projectGid={project.gid} permissions={project.permissions} activeTask={activeTask} onOpen={onOpen} />
    );
  }
  if (view === "sprint") {
    return (
      <SprintBoard
        projectGid={project.gid}
        permissions={project.permissions}
        activeTask={activeTask}
        onOpen={onOpen}
        onPlan={() => onView("backlog")}
      />
    );
  }
  return <ProjectCharts projectGid={project.gid} scrum={!!project.scrum_enabled} />;
}
