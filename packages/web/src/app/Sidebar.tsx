import { ActionIcon, Box, Collapse, Group, NavLink, ScrollArea, Skeleton, Stack, Text, Tooltip } from "@mantine/core";
import { useDisclosure, useLocalStorage } from "@mantine/hooks";
import {
  IconBriefcase,
  IconChartBar,
  IconChevronRight,
  IconCircleCheck,
  IconClockHour4,
  IconHome,
  IconInbox,
  IconLock,
  IconPlus,
  IconReceipt,
  IconTarget,
  IconTemplate,
  IconTrash,
  IconUsers,
  IconUsersGroup,
} from "@tabler/icons-react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import type { Project, Team } from "../api/types";
import { InboxBadge } from "../features/inbox/InboxBell";
import { CreateProjectModal } from "../features/projects/CreateProjectModal";
import { projectColor } from "../features/projects/colors";
import { useProjects } from "../features/projects/queries";
import { CreateTeamModal } from "../features/teams/CreateTeamModal";
import { useTeams } from "../features/teams/queries";
import { useWorkspace } from "./workspace";

function ProjectLink({ project, onNavigate }: { project: Project; onNavigate(): void }) {
  const location = useLocation();
  const active = location.pathname.startsWith(`/projects/${project.gid}`);
  return (
    <NavLink
      component={Link}
      to={`/projects/${project.gid}`}
      onClick={onNavigate}
      active={active}
      className="takt-nav-project"
      py={5}
      label={
        <Text size="sm" truncate>
          {project.name}
        </Text>
      }
      leftSection={
        <Box w={10} h={10} style={{ borderRadius: 3, background: projectColor(project.color) }} aria-hidden />
      }
      rightSection={project.privacy_setting === "private" ? <IconLock size={12} opacity={0.5} /> : null}
    />
  );
}

function TeamGroup({
  team,
  projects,
  onNavigate,
  onCreateProject,
  linked,
}: {
  team: Team;
  projects: Project[];
  onNavigate(): void;
  onCreateProject: ((team: string) => void) | null;
  // A team's page is for the workspace's full members; a guest's sidebar only groups by team.
  linked: boolean;
}) {
  const { t } = useTranslation();
  const [collapsed, setCollapsed] = useLocalStorage({ key: `takt.team.${team.gid}.collapsed`, defaultValue: false });
  return (
    <Box>
      <Group gap={4} wrap="nowrap" px={6} className="takt-section-header">
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          onClick={() => setCollapsed(!collapsed)}
          aria-label={collapsed ? t("sidebar.expand") : t("sidebar.collapse")}
        >
          <IconChevronRight
            size={14}
            style={{ transform: collapsed ? "none" : "rotate(90deg)", transition: "transform 120ms" }}
          />
        </ActionIcon>
        {linked ? (
          <Text
            size="sm"
            fw={600}
            style={{ flex: 1, color: "inherit", textDecoration: "none" }}
            truncate
            component={Link}
            to={`/teams/${team.gid}`}
            onClick={onNavigate}
            data-testid="sidebar-team"
          >
            {team.name}
          </Text>
        ) : null}
        {linked && team.visibility === "secret" ? (
          <Tooltip label={t("admin.team.secretNote")}>
            <IconLock
              size={12}
              opacity={0.5}
              aria-label={t("admin.team.secretNote")}
              data-testid="sidebar-team-secret"
            />
          </Tooltip>
        ) : null}
        {!linked && (
          <Text size="sm" fw={600} style={{ flex: 1 }} truncate onClick={() => setCollapsed(!collapsed)}>
            {team.name}
          </Text>
        )}
        {onCreateProject && (
          <Tooltip label={t("sidebar.newProjectIn", { team: team.name })}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              onClick={() => onCreateProject(team.gid)}
              aria-label={t("sidebar.newProjectIn", { team: team.name })}
            >
              <IconPlus size={14} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      <Collapse expanded={!collapsed}>
        <Stack gap={1} pl={22} pr={4} py={2}>
          {projects.map((project) => (
            <ProjectLink key={project.gid} project={project} onNavigate={onNavigate} />
          ))}
          {projects.length === 0 && (
            <Text size="xs" c="dimmed" px="xs" py={4}>
              {t("sidebar.noProjects")}
            </Text>
          )}
        </Stack>
      </Collapse>
    </Box>
  );
}

export function Sidebar({ onNavigate }: { onNavigate(): void }) {
  const { t } = useTranslation();
  const location = useLocation();
  const { workspace, abilities } = useWorkspace();
  // A client guest has no teams to list: their projects are the whole sidebar.
  const guest = abilities?.role === "guest";
  const teams = useTeams(workspace?.gid, !!abilities && !guest);
  const projects = useProjects(workspace?.gid);
  const [teamModal, teamModalControls] = useDisclosure(false);
  const [projectModal, projectModalControls] = useDisclosure(false);
  const [projectTeam, setProjectTeam] = useLocalStorage<string | null>({
    key: "takt.lastTeam",
    defaultValue: null,
  });

  const grouped = useMemo(() => {
    const byTeam = new Map<string, Project[]>();
    const loose: Project[] = [];
    for (const project of projects.data ?? []) {
      const team = project.team?.gid;
      if (team) byTeam.set(team, [...(byTeam.get(team) ?? []), project]);
      else loose.push(project);
    }
    // Projects in teams the user is not a member of still show, under their team's name.
    const known = new Set((teams.data ?? []).map((team) => team.gid));
    const extraTeams: Team[] = [];
    for (const project of projects.data ?? []) {
      if (project.team && !known.has(project.team.gid)) {
        known.add(project.team.gid);
        extraTeams.push(project.team as Team);
      }
    }
    return { byTeam, loose, allTeams: [...(teams.data ?? []), ...extraTeams] };
  }, [projects.data, teams.data]);

  const openProjectModal = (team: string | null) => {
    if (team) setProjectTeam(team);
    projectModalControls.open();
  };

  const main = [
    { to: "/", label: t("nav.home"), icon: IconHome, exact: true, testId: "nav-home" },
    { to: "/my-tasks", label: t("nav.myTasks"), icon: IconCircleCheck, testId: "nav-my-tasks" },
    { to: "/inbox", label: t("nav.inbox"), icon: IconInbox, testId: "nav-inbox" },
    { to: "/reports", label: t("nav.reports"), icon: IconChartBar, testId: "nav-reports" },
    { to: "/templates", label: t("templates.nav"), icon: IconTemplate, testId: "nav-templates" },
    { to: "/timesheet", label: t("time.nav"), icon: IconClockHour4, testId: "nav-timesheet" },
    { to: "/portfolios", label: t("portfolios.nav"), icon: IconBriefcase, testId: "nav-portfolios" },
    { to: "/goals", label: t("goals.nav"), icon: IconTarget, testId: "nav-goals" },
    { to: "/billing", label: t("billing.nav"), icon: IconReceipt, testId: "nav-billing" },
    ...(abilities?.browse_directory
      ? [{ to: "/people", label: t("admin.nav"), icon: IconUsers, testId: "nav-people" }]
      : []),
    { to: "/trash", label: t("admin.trash.nav"), icon: IconTrash, testId: "nav-trash" },
  ].filter(
    (item) =>
      (!["/portfolios", "/goals"].includes(item.to) || abilities?.view_portfolios) &&
      (item.to !== "/billing" || abilities?.view_billing) &&
      (item.to !== "/reports" || abilities?.view_reports || abilities?.view_people_report) &&
      (item.to !== "/templates" || abilities?.manage_templates || abilities?.create_projects),
  );

  return (
    <>
      <Stack gap={2} p="xs">
        {main.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            data-testid={item.testId}
            onClick={onNavigate}
            label={item.label}
            leftSection={<item.icon size={18} stroke={1.6} />}
            rightSection={item.to === "/inbox" ? <InboxBadge /> : undefined}
            active={item.exact ? location.pathname === item.to : location.pathname.startsWith(item.to)}
            style={{ borderRadius: 8 }}
          />
        ))}
      </Stack>
      <Group justify="space-between" px="md" pt="md" pb={6}>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" style={{ letterSpacing: 0.5 }}>
          {guest ? t("portal.home.yourProjects") : t("sidebar.teams")}
        </Text>
        <Group gap={2}>
          {abilities?.create_teams && (
            <Tooltip label={t("sidebar.newTeam")}>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                onClick={teamModalControls.open}
                aria-label={t("sidebar.newTeam")}
                data-testid="new-team"
              >
                <IconUsersGroup size={15} />
              </ActionIcon>
            </Tooltip>
          )}
          {abilities?.create_projects && (
            <Tooltip label={t("sidebar.newProject")}>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                onClick={() => openProjectModal(null)}
                aria-label={t("sidebar.newProject")}
                data-testid="new-project"
              >
                <IconPlus size={15} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
      <ScrollArea style={{ flex: 1 }} px={6} pb="md">
        {((!guest && teams.isPending) || projects.isPending) && (
          <Stack gap={8} px="sm">
            {[0, 1, 2, 3].map((index) => (
              <Skeleton key={index} h={18} w={`${80 - index * 12}%`} />
            ))}
          </Stack>
        )}
        <Stack gap={6}>
          {grouped.allTeams.map((team) => (
            <TeamGroup
              key={team.gid}
              team={team}
              projects={grouped.byTeam.get(team.gid) ?? []}
              onNavigate={onNavigate}
              onCreateProject={abilities?.create_projects ? openProjectModal : null}
              linked={!!abilities?.browse_directory}
            />
          ))}
          {grouped.loose.length > 0 && (
            <Stack gap={1} px={4}>
              {grouped.loose.map((project) => (
                <ProjectLink key={project.gid} project={project} onNavigate={onNavigate} />
              ))}
            </Stack>
          )}
          {!guest && !teams.isPending && grouped.allTeams.length === 0 && (
            <Box px="sm" py="xs">
              <Text size="sm" c="dimmed">
                {t("sidebar.noTeams")}
              </Text>
            </Box>
          )}
        </Stack>
      </ScrollArea>
      <CreateTeamModal opened={teamModal} onClose={teamModalControls.close} />
      <CreateProjectModal
        opened={projectModal}
        onClose={projectModalControls.close}
        teams={grouped.allTeams}
        defaultTeam={projectTeam}
      />
    </>
  );
}
