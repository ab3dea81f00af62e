import { Box, Button, Group, Skeleton, Stack, Tabs, Text, TextInput, Title, VisuallyHidden } from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import {
  IconCalendarMonth,
  IconChartAreaLine,
  IconFlag,
  IconLayoutKanban,
  IconList,
  IconLock,
  IconPlus,
  IconRun,
  IconTimeline,
} from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { startTransition, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { isMissing } from "../../api/client";
import type { Project } from "../../api/types";
import { useShortcuts } from "../../app/shortcuts";
import { NotFound } from "../../components/NotFound";
import { ProjectBudget } from "../billing/ProjectBudget";
import { ProjectViews } from "../filters/ProjectViews";
import { ProjectPortalActions, ProjectStatus } from "../portal/ProjectPortal";
import { isScrumView, ScrumView } from "../sprints/ScrumProject";
import { TaskPane } from "../tasks/LazyTaskPane";
import { ProjectAutomationActions } from "../templates/ProjectMenu";
import { AddTaskMenu } from "../templates/TaskTemplates";
import { projectColor } from "./colors";
import { viewStorageKey } from "./first-screen";
import { useRenameProject } from "./mutations";
import { ArchivedBanner, ProjectLifecycleMenu } from "./ProjectLifecycleMenu";
import { projectKeys, useBoard, useBoardHasSections, useBoardSettled, useProject } from "./queries";

const TITLE_STYLE = { fontSize: 20, fontWeight: 650 } as const;

// The project's name: editable in place for who may edit the project, a heading for everyone else.
function ProjectTitle({ project }: { project: Project }) {
  const { t } = useTranslation();
  const rename = useRenameProject();
  const [name, setName] = useState(project.name);
  useEffect(() => setName(project.name), [project.name]);
  if (!project.permissions?.edit) {
    return (
      <Title order={1} style={TITLE_STYLE} px={6} lineClamp={1} data-testid="project-title">
        {project.name}
      </Title>
    );
  }
  const save = () => {
    const next = name.trim();
    if (!next || next === project.name) return setName(project.name);
    rename.mutate({ project, name: next }, { onError: () => setName(project.name) });
  };
  // The input is as wide as its text, in any script: an invisible copy of the name sizes the cell both share.
  return (
    <>
      {/* The page's heading for screen readers; the field beside it renames the project. */}
      <VisuallyHidden component="h1">{project.name}</VisuallyHidden>
      <Box style={{ display: "inline-grid", flexShrink: 1, minWidth: 120, maxWidth: "min(640px, 100%)" }}>
        <Box
          component="span"
          aria-hidden
          style={{
            ...TITLE_STYLE,
            gridArea: "1 / 1",
            visibility: "hidden",
            whiteSpace: "pre",
            overflow: "hidden",
            padding: "0 16px 0 8px",
            height: 0,
          }}
        >
          {name || " "}
        </Box>
        <TextInput
          className="takt-inline-input"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          onBlur={save}
          onKeyDown={(event) => {
            if (event.key === "Enter") event.currentTarget.blur();
            if (event.key === "Escape") {
              setName(project.name);
              event.currentTarget.blur();
            }
          }}
          styles={{ input: { ...TITLE_STYLE, paddingLeft: 6 } }}
          style={{ gridArea: "1 / 1", minWidth: 0 }}
          aria-label={t("a11y.projectName")}
          data-testid="project-title"
        />
      </Box>
    </>
  );
}

export function ProjectPage() {
  const { projectGid = "", taskGid } = useParams();
  const project = useProject(projectGid);
  const client = useQueryClient();
  // Not there, or not shared with the caller: one calm page, whatever else was asked for.
  if (project.isError && isMissing(project.error)) return <NotFound />;
  // The board was asked for alongside the project (prefetchProjectPage) and is already known to be missing: the
  // screen would ask for it again on mount. Wait for the project to say whether there is anything to show.
  if (project.isPending && isMissing(client.getQueryState(projectKeys.board(projectGid))?.error)) return null;
  return <ProjectScreen projectGid={projectGid} taskGid={taskGid} project={project.data} />;
}

function ProjectScreen({
  projectGid,
  taskGid,
  project,
}: {
  projectGid: string;
  taskGid?: string;
  project: Project | undefined;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // Only whether the board has sections (the Add task button): a live change to the board re-renders the views
  // below, not the whole header.
  const hasSections = useBoardHasSections(projectGid);
  // Read at the first render: the page opens straight in the person's view (not the default one for a frame, which
  // would draw the List and load every task for nothing when the Board was chosen).
  const [view, setView] = useLocalStorage<string>({
    key: viewStorageKey(projectGid),
    defaultValue: "",
    getInitialValueInEffect: false,
  });
  const [composeSignal, setComposeSignal] = useState(0);
  // The board comes first: the header's status, actions and menus (and the requests they make) render after the
  // board's first screen has been committed, in a transition of their own; they stay when the person opens another
  // project.
  const settled = useBoardSettled(projectGid);
  const [framed, setFramed] = useState(false);
  useEffect(() => {
    if (settled) startTransition(() => setFramed(true));
  }, [settled]);
  const activeView = view || project?.default_view || "list";
  const can = project?.permissions;
  const compose = () => setComposeSignal((value) => value + 1);

  useShortcuts([["n", () => can?.add_tasks && compose()]]);

  const openTask = (gid: string) => navigate(`/projects/${projectGid}/tasks/${gid}`);
  const closeTask = () => navigate(`/projects/${projectGid}`);

  return (
    <Box style={{ display: "flex", flexDirection: "column", flex: 1, minHeight: 0 }}>
      <Box
        px="lg"
        pt="md"
        className="takt-project-header"
        style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}
        data-testid="project-header"
      >
        <Group justify="space-between" wrap="wrap" mb={4} style={{ rowGap: 8 }}>
          {/* The whole title stays readable: when it and the actions do not fit on one line, the actions move to a
              second line (after the labels of Forms and Share have given way, see styles.css). */}
          <Group gap="xs" wrap="nowrap" style={{ flex: "1 1 auto", minWidth: 0, maxWidth: "100%" }}>
            <Box w={28} h={28} style={{ borderRadius: 8, background: projectColor(project?.color), flexShrink: 0 }} />
            {project ? <ProjectTitle project={project} /> : <Skeleton h={28} w={220} />}
            {project?.privacy_setting === "private" && <IconLock size={16} opacity={0.5} />}
            {project && framed && <ProjectStatus project={project} />}
            {project?.team && (
              <Text
                size="sm"
                c="dimmed"
                className="takt-project-team"
                style={{ flexShrink: 0, whiteSpace: "nowrap" }}
                data-testid="project-team"
              >
                {project.team.name}
              </Text>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0, marginLeft: "auto" }}>
            {/* The budget sits with the actions, so the title keeps its room. */}
            {project && framed && can?.view_billing && (
              <ProjectBudget projectGid={project.gid} manage={!!can.manage_billing} />
            )}
            {project && framed && <ProjectPortalActions project={project} />}
            {project && framed && <ProjectAutomationActions project={project} />}
            {project && framed && <ProjectLifecycleMenu project={project} onScrumEnabled={() => setView("backlog")} />}
            {can?.add_tasks && (
              <Group gap={0} wrap="nowrap">
                <Button
                  leftSection={<IconPlus size={16} />}
                  size="xs"
                  onClick={compose}
                  data-testid="add-task"
                  disabled={!hasSections}
                  style={{ borderTopRightRadius: 0, borderBottomRightRadius: 0 }}
                >
                  {t("tasks.add")}
                </Button>
                {framed && <AddTaskMenu disabled={!hasSections} onAdd={compose} />}
              </Group>
            )}
          </Group>
        </Group>
        <Tabs value={activeView} onChange={(value) => value && setView(value)} variant="default">
          <Tabs.List style={{ borderBottom: 0 }}>
            <Tabs.Tab value="list" leftSection={<IconList size={16} />} data-testid="tab-list">
              {t("views.list")}
            </Tabs.Tab>
            <Tabs.Tab value="board" leftSection={<IconLayoutKanban size={16} />} data-testid="tab-board">
              {t("views.board")}
            </Tabs.Tab>
            <Tabs.Tab value="calendar" leftSection={<IconCalendarMonth size={16} />} data-testid="tab-calendar">
              {t("calendar.tab")}
            </Tabs.Tab>
            <Tabs.Tab value="timeline" leftSection={<IconTimeline size={16} />} data-testid="tab-timeline">
              {t("timeline.tab")}
            </Tabs.Tab>
            {project?.scrum_enabled && (
              <>
                <Tabs.Tab value="backlog" leftSection={<IconFlag size={16} />} data-testid="tab-backlog">
                  {t("views.backlog")}
                </Tabs.Tab>
                <Tabs.Tab value="sprint" leftSection={<IconRun size={16} />} data-testid="tab-sprint">
                  {t("views.sprint")}
                </Tabs.Tab>
              </>
            )}
            <Tabs.Tab value="charts" leftSection={<IconChartAreaLine size={16} />} data-testid="tab-charts">
              {t("views.charts")}
            </Tabs.Tab>
          </Tabs.List>
        </Tabs>
      </Box>
      {project?.archived && <ArchivedBanner project={project} />}
      <Box style={{ display: "flex", flex: 1, minHeight: 0 }}>
        <Box style={{ flex: 1, minWidth: 0, display: "flex", flexDirection: "column" }}>
          {isScrumView(activeView, project) ? (
            <ScrumView view={activeView} project={project} activeTask={taskGid} onOpen={openTask} onView={setView} />
          ) : (
            <ProjectBoard
              view={activeView}
              projectGid={projectGid}
              project={project}
              activeTask={taskGid}
              onOpen={openTask}
              composeSignal={composeSignal}
            />
          )}
        </Box>
        {taskGid && <TaskPane key={taskGid} taskGid={taskGid} onClose={closeTask} projectGid={projectGid} />}
      </Box>
    </Box>
  );
}

// The project's tasks in the chosen view: the one part of the page that follows every change to the board.
function ProjectBoard({
  view,
  projectGid,
  project,
  activeTask,
  onOpen,
  composeSignal,
}: {
  view: string;
  projectGid: string;
  project: Project | undefined;
  activeTask?: string;
  onOpen(gid: string): void;
  composeSignal: number;
}) {
  const board = useBoard(projectGid);
  if (board.isPending || !project) {
    return (
      <Stack p="lg" gap="sm">
        {[0, 1, 2, 3, 4, 5].map((index) => (
          <Skeleton key={index} h={index % 3 === 0 ? 26 : 34} w={index % 3 === 0 ? 200 : "100%"} />
        ))}
      </Stack>
    );
  }
  if (!board.data) return null;
  return (
    <ProjectViews
      view={view}
      projectGid={projectGid}
      board={board.data}
      permissions={project.permissions}
      activeTask={activeTask}
      onOpen={onOpen}
      composeSignal={composeSignal}
    />
  );
}
