import { Box, Menu, Text } from "@mantine/core";
import { IconCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Project } from "../../api/types";
import { lazyNamed, PageSkeleton } from "../../app/lazy";
import { MenuItemCheckbox } from "../../components/CheckedMenuItems";
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

// The Scrum switch of a project's settings menu.
export function ScrumSwitch({ project, onEnabled }: { project: Project; onEnabled?(): void }) {
  const { t } = useTranslation();
  const setScrum = useSetScrum(project);
  const toggle = (enabled: boolean) =>
    setScrum.mutate(enabled, {
      onSuccess: () => {
        notifySuccess(enabled ? t("sprints.scrumOn") : t("sprints.scrumOff"));
        if (enabled) onEnabled?.();
      },
    });
  const on = !!project.scrum_enabled;
  // A menu item that turns Scrum on or off; a check shows it is on.
  return (
    <Menu.Item
      closeMenuOnClick={false}
      component={MenuItemCheckbox}
      aria-checked={on}
      onClick={() => toggle(!on)}
      leftSection={on ? <IconCheck size={14} aria-hidden /> : <Box w={14} aria-hidden />}
      data-testid="scrum-toggle"
      data-checked={on}
    >
      <Text size="sm">{t("sprints.scrumSetting")}</Text>
      <Text size="xs" c="dimmed" maw={220}>
        {t("sprints.scrumSettingHint")}
      </Text>
    </Menu.Item>
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
