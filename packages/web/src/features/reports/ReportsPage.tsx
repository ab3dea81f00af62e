import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Group,
  NumberInput,
  Paper,
  Popover,
  ScrollArea,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconAlertTriangle, IconChartBar, IconDownload, IconLock, IconPencil, IconUsers } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { Meter } from "../../components/Meter";
import { notifySuccess } from "../../components/notify";
import { UserAvatar } from "../../components/UserAvatar";
import { useProjects } from "../projects/queries";
import { formatPoints, pointsOf } from "../sprints/queries";
import { useTeams } from "../teams/queries";
import { downloadCsv } from "./exportChart";
import { useSetCapacity } from "./mutations";
import { type PersonRow, usePeopleReport, useWorkload } from "./queries";

function Forbidden() {
  const { t } = useTranslation();
  return <EmptyState icon={IconLock} title={t("reports.forbiddenTitle")} text={t("reports.forbiddenText")} />;
}

function TableSkeleton({ columns }: { columns: number }) {
  return (
    <Stack gap={8} data-testid="report-loading">
      {[0, 1, 2, 3, 4].map((row) => (
        <Group key={row} gap="md" wrap="nowrap">
          {Array.from({ length: columns }, (_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder cells
            <Skeleton key={index} h={22} style={{ flex: index === 0 ? 2 : 1 }} />
          ))}
        </Group>
      ))}
    </Stack>
  );
}

function cycleTime(row: PersonRow, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (row.average_cycle_time_hours === null) return "—";
  if (row.average_cycle_time_hours < 24)
    return t("reports.hours", { value: formatPoints(Math.round(row.average_cycle_time_hours * 10) / 10) });
  return t("reports.daysValue", { value: formatPoints(Math.round((row.average_cycle_time_days ?? 0) * 10) / 10) });
}

function PeopleReport({ workspaceGid }: { workspaceGid: string }) {
  const { t } = useTranslation();
  const teams = useTeams(workspaceGid);
  const projects = useProjects(workspaceGid);
  const [team, setTeam] = useState<string | null>(null);
  const [project, setProject] = useState<string | null>(null);
  const [period, setPeriod] = useState("30");
  const to = dayjs().format("YYYY-MM-DD");
  const from = dayjs()
    .subtract(Number(period) - 1, "day")
    .format("YYYY-MM-DD");
  // The people report is for who the workspace's abilities say may read it.
  const { abilities } = useWorkspace();
  const forbidden = !abilities?.view_people_report;
  const report = usePeopleReport(
    workspaceGid,
    { from, to, team: team ?? undefined, project: project ?? undefined },
    !forbidden,
  );
  // Rows about someone no longer in the workspace (no user) are left out.
  const rows = (report.data?.people ?? []).flatMap((row) => (row.user ? [{ ...row, user: row.user }] : []));
  const projectChoices = (projects.data ?? []).filter((item) => !team || item.team?.gid === team);

  const exportCsv = () =>
    downloadCsv(
      rows.map((row) => ({ ...row, name: row.user.name })),
      [
        { key: "name", label: t("reports.person") },
        { key: "tasks_completed", label: t("reports.tasksCompleted") },
        { key: "points_completed", label: t("reports.pointsCompleted") },
        { key: "overdue_open_tasks", label: t("reports.overdue") },
        { key: "average_cycle_time_days", label: t("reports.cycleTimeDays") },
        { key: "time_logged_minutes", label: t("reports.timeLoggedMinutes") },
      ],
      `people-${from}-${to}.csv`,
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Select
            size="xs"
            w={200}
            placeholder={t("reports.allTeams")}
            clearable
            value={team}
            onChange={(value) => {
              setTeam(value);
              setProject(null);
            }}
            data={(teams.data ?? []).map((item) => ({ value: item.gid, label: item.name }))}
            data-testid="report-team"
          />
          <Select
            size="xs"
            w={240}
            placeholder={t("reports.allProjects")}
            clearable
            searchable
            value={project}
            onChange={setProject}
            data={projectChoices.map((item) => ({ value: item.gid, label: item.name }))}
            data-testid="report-project"
          />
          <SegmentedControl
            size="xs"
            value={period}
            onChange={setPeriod}
            data={[
              { value: "7", label: t("charts.days", { count: 7 }) },
              { value: "30", label: t("charts.days", { count: 30 }) },
              { value: "90", label: t("charts.days", { count: 90 }) },
            ]}
            data-testid="report-period"
          />
        </Group>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconDownload size={14} />}
          onClick={exportCsv}
          disabled={!rows.length}
        >
          {t("charts.csv")}
        </Button>
      </Group>
      <Paper withBorder radius="md" p="md">
        {forbidden ? (
          <Forbidden />
        ) : report.isPending ? (
          <TableSkeleton columns={5} />
        ) : report.isError ? (
          <Alert color="red" icon={<IconAlertTriangle size={18} />}>
            {t("charts.loadError")}
          </Alert>
        ) : rows.length === 0 ? (
          <EmptyState icon={IconUsers} title={t("reports.noPeopleTitle")} text={t("reports.noPeopleText")} />
        ) : (
          <Table verticalSpacing="sm" highlightOnHover data-testid="people-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("reports.person")}</Table.Th>
                <Table.Th ta="right">{t("reports.tasksCompleted")}</Table.Th>
                <Table.Th ta="right">{t("reports.pointsCompleted")}</Table.Th>
                <Table.Th ta="right">{t("reports.overdue")}</Table.Th>
                <Table.Th ta="right">{t("reports.cycleTime")}</Table.Th>
                <Table.Th ta="right">{t("reports.timeLogged")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.user.gid} data-testid="people-row" data-person={row.user.name}>
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <UserAvatar user={row.user} size={26} />
                      <Text size="sm" fw={500}>
                        {row.user.name}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">{row.tasks_completed}</Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" fw={600}>
                      {formatPoints(row.points_completed)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {row.overdue_open_tasks > 0 ? (
                      <Badge color="red" variant="light">
                        {row.overdue_open_tasks}
                      </Badge>
                    ) : (
                      <Text size="sm" c="dimmed">
                        0
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{cycleTime(row, t)}</Table.Td>
                  <Table.Td ta="right">
                    {t("reports.hoursMinutes", {
                      hours: Math.floor(row.time_logged_minutes / 60),
                      minutes: row.time_logged_minutes % 60,
                    })}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}

function CapacityEditor({ workspaceGid, value }: { workspaceGid: string; value: number | null }) {
  const { t } = useTranslation();
  const setCapacity = useSetCapacity(workspaceGid);
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState<string | number>(value ?? "");
  const save = () =>
    setCapacity.mutate(draft === "" ? null : Number(draft), {
      onSuccess: () => {
        setOpened(false);
        notifySuccess(t("reports.capacitySaved"));
      },
    });
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" shadow="md" withinPortal>
      <Popover.Target>
        <Tooltip label={t("reports.editCapacity")}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            onClick={() => {
              setDraft(value ?? "");
              setOpened((open) => !open);
            }}
            aria-label={t("reports.editCapacity")}
            data-testid="edit-capacity"
          >
            <IconPencil size={14} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6} w={220}>
          <NumberInput
            size="xs"
            label={t("reports.capacityLabel")}
            min={0}
            value={draft}
            onChange={setDraft}
            onKeyDown={(event) => event.key === "Enter" && save()}
            data-testid="capacity-input"
          />
          <Button size="xs" onClick={save} data-testid="capacity-save">
            {t("common.save")}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function Workload({ workspaceGid }: { workspaceGid: string }) {
  const { t } = useTranslation();
  const { me, abilities } = useWorkspace();
  const [weeks, setWeeks] = useState("4");
  const forbidden = !abilities?.view_reports;
  const workload = useWorkload(workspaceGid, weeks, !forbidden);
  const data = workload.data;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t("reports.workloadHint")}
        </Text>
        <SegmentedControl
          size="xs"
          value={weeks}
          onChange={setWeeks}
          data={["2", "4", "8"].map((value) => ({ value, label: t("reports.weeks", { count: Number(value) }) }))}
        />
      </Group>
      <Paper withBorder radius="md" p="md">
        {forbidden ? (
          <Forbidden />
        ) : workload.isPending ? (
          <TableSkeleton columns={Number(weeks) + 2} />
        ) : workload.isError || !data ? (
          <Alert color="red" icon={<IconAlertTriangle size={18} />}>
            {t("charts.loadError")}
          </Alert>
        ) : (
          <ScrollArea type="auto">
            <Table verticalSpacing="sm" data-testid="workload-table" miw={700}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("reports.person")}</Table.Th>
                  <Table.Th>{t("reports.capacity")}</Table.Th>
                  {data.weeks.map((week) => (
                    <Table.Th key={week.start_on}>
                      {dayjs(week.start_on).format("D MMM")} – {dayjs(week.end_on).format("D MMM")}
                    </Table.Th>
                  ))}
                  <Table.Th>{t("reports.unscheduled")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.people
                  .flatMap((person) => (person.user ? [{ ...person, user: person.user }] : []))
                  .map((person) => {
                    const capacity = person.weekly_capacity_points;
                    return (
                      <Table.Tr key={person.user.gid} data-testid="workload-row" data-person={person.user.name}>
                        <Table.Td>
                          <Group gap="sm" wrap="nowrap">
                            <UserAvatar user={person.user} size={26} />
                            <Text size="sm" fw={500}>
                              {person.user.name}
                            </Text>
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <Text size="sm" c={capacity === null ? "dimmed" : undefined} data-testid="capacity-value">
                              {capacity === null
                                ? t("reports.noCapacity")
                                : t("sprints.pointsShort", pointsOf(capacity))}
                            </Text>
                            {person.user.gid === me.gid && (
                              <CapacityEditor workspaceGid={workspaceGid} value={capacity} />
                            )}
                          </Group>
                        </Table.Td>
                        {person.weeks.map((week) => (
                          <Table.Td key={week.start_on} data-over={week.over_capacity}>
                            <Stack gap={3} w={110}>
                              <Group gap={4} justify="space-between" wrap="nowrap">
                                <Text
                                  size="xs"
                                  fw={week.over_capacity ? 700 : 500}
                                  c={week.over_capacity ? "red.7" : undefined}
                                >
                                  {capacity === null
                                    ? t("sprints.pointsShort", pointsOf(week.open_points))
                                    : `${formatPoints(week.open_points)} / ${formatPoints(capacity)}`}
                                </Text>
                                <Text size="xs" c="dimmed">
                                  {t("sprints.taskCount", { count: week.open_tasks })}
                                </Text>
                              </Group>
                              <Meter
                                label={t("sprints.taskCount", { count: week.open_tasks })}
                                size="sm"
                                value={capacity ? Math.min(100, (week.open_points / capacity) * 100) : 0}
                                color={week.over_capacity ? "red" : "takt"}
                              />
                            </Stack>
                          </Table.Td>
                        ))}
                        <Table.Td>
                          <Text size="xs" c="dimmed">
                            {t("sprints.pointsShort", pointsOf(person.unscheduled.open_points))} ·{" "}
                            {t("sprints.taskCount", { count: person.unscheduled.open_tasks })}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Paper>
    </Stack>
  );
}

export function ReportsPage() {
  const { t } = useTranslation();
  const { workspace, abilities } = useWorkspace();
  // Only the reports the workspace's abilities open are offered; a member who is no project admin starts at workload.
  const people = !!abilities?.view_people_report;
  const workload = !!abilities?.view_reports;
  const [chosen, setTab] = useState<string | null>(null);
  const tab = chosen ?? (people ? "people" : "workload");
  if (!workspace) return null;
  return (
    <ScrollArea style={{ flex: 1 }} type="auto">
      <Box p="lg" maw={1280} data-testid="reports-page">
        <Group gap="sm" mb="md">
          <IconChartBar size={24} color="var(--mantine-color-takt-6)" />
          <Title order={1} size="h2" fz={22}>
            {t("reports.title")}
          </Title>
        </Group>
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List mb="md">
            {people && (
              <Tabs.Tab value="people" data-testid="reports-people">
                {t("reports.people")}
              </Tabs.Tab>
            )}
            {workload && (
              <Tabs.Tab value="workload" data-testid="reports-workload">
                {t("reports.workload")}
              </Tabs.Tab>
            )}
          </Tabs.List>
          <Tabs.Panel value="people">
            <PeopleReport workspaceGid={workspace.gid} />
          </Tabs.Panel>
          <Tabs.Panel value="workload">
            <Workload workspaceGid={workspace.gid} />
          </Tabs.Panel>
        </Tabs>
      </Box>
    </ScrollArea>
  );
}
