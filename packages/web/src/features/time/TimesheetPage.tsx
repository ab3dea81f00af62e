import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  Paper,
  ScrollArea,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconChevronLeft, IconChevronRight, IconClockHour4, IconLock } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { notifyError } from "../../components/notify";
import { useWorkspaceUsers } from "../users/queries";
import { formatMinutes } from "./duration";
import { mondayOf, shiftDays, taskRoute, useTimesheet } from "./queries";
import "./time.css";

const cell = (minutes: number | undefined) => (minutes ? formatMinutes(minutes) : "");

// /timesheet?week=YYYY-MM-DD&user=gid: a person's week, tasks × days, with totals.
export function TimesheetPage() {
  const { t, i18n } = useTranslation();
  const { me, workspace, abilities } = useWorkspace();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const today = dayjs().format("YYYY-MM-DD");
  const week = mondayOf(params.get("week") ?? today);
  const user = params.get("user") ?? me.gid;
  const sheet = useTimesheet(workspace?.gid, user, week);
  // Others' timesheets are part of the time reports: the person picker is there for who may read them.
  const seesOthers = !!abilities?.view_reports;
  const people = useWorkspaceUsers(seesOthers ? workspace?.gid : undefined);

  const go = (next: { week?: string; user?: string }) => {
    const query = new URLSearchParams(params);
    if (next.week !== undefined) {
      if (next.week === mondayOf(today)) query.delete("week");
      else query.set("week", next.week);
    }
    if (next.user !== undefined) {
      if (next.user === me.gid) query.delete("user");
      else query.set("user", next.user);
    }
    setParams(query);
  };
  const open = async (taskGid: string) => {
    try {
      navigate(await taskRoute(taskGid));
    } catch (error) {
      notifyError(error);
    }
  };

  const days = Array.from({ length: 7 }, (_, index) => shiftDays(week, index));
  const locale = i18n.language;
  const first = dayjs(days[0]).locale(locale);
  const last = dayjs(days[6]).locale(locale);
  const range = `${first.format(first.year() === last.year() ? t("feed.dayFormat") : "ll")} – ${last.format("ll")}`;
  const data = sheet.data;
  const forbidden = sheet.error instanceof ApiError && sheet.error.status === 403;

  return (
    <ScrollArea h="100%">
      <Stack p="xl" gap="lg" maw={1100}>
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Stack gap={2}>
            <Title order={1} size="h2">
              {t("time.timesheet")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("time.timesheetText")}
            </Text>
          </Stack>
          <Group gap="sm" wrap="wrap">
            {seesOthers && (
              <Select
                size="sm"
                w={220}
                searchable
                aria-label={t("time.person")}
                data={(people.data ?? []).map((person) => ({ value: person.gid, label: person.name }))}
                value={user}
                onChange={(value) => value && go({ user: value })}
                allowDeselect={false}
                data-testid="timesheet-person"
              />
            )}
            <Group gap={4} wrap="nowrap">
              <Tooltip label={t("time.previousWeek")}>
                <ActionIcon
                  variant="default"
                  size="lg"
                  onClick={() => go({ week: shiftDays(week, -7) })}
                  aria-label={t("time.previousWeek")}
                  data-testid="timesheet-prev"
                >
                  <IconChevronLeft size={16} />
                </ActionIcon>
              </Tooltip>
              <Text size="sm" fw={600} w={190} ta="center" data-testid="timesheet-range">
                {range}
              </Text>
              <Tooltip label={t("time.nextWeek")}>
                <ActionIcon
                  variant="default"
                  size="lg"
                  onClick={() => go({ week: shiftDays(week, 7) })}
                  aria-label={t("time.nextWeek")}
                  data-testid="timesheet-next"
                >
                  <IconChevronRight size={16} />
                </ActionIcon>
              </Tooltip>
              {week !== mondayOf(today) && (
                <Button variant="subtle" size="sm" onClick={() => go({ week: mondayOf(today) })}>
                  {t("time.thisWeek")}
                </Button>
              )}
            </Group>
          </Group>
        </Group>
        {forbidden ? (
          <EmptyState icon={IconLock} title={t("time.forbiddenTitle")} text={t("time.forbiddenText")} />
        ) : sheet.isPending ? (
          <Stack gap={8}>
            {[0, 1, 2, 3].map((row) => (
              <Skeleton key={row} h={28} />
            ))}
          </Stack>
        ) : !data || data.tasks.length === 0 ? (
          <Paper withBorder radius="md">
            <EmptyState
              icon={IconClockHour4}
              title={t("time.emptyTitle")}
              text={user === me.gid ? t("time.emptyText") : t("time.emptyOtherText", { name: data?.user.name ?? "" })}
            />
          </Paper>
        ) : (
          <Paper withBorder radius="md" style={{ overflowX: "auto" }}>
            <Table className="takt-timesheet" verticalSpacing="sm" highlightOnHover data-testid="timesheet">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th miw={220}>{t("time.task")}</Table.Th>
                  {days.map((day) => (
                    <Table.Th key={day} ta="right" w={76} data-today={day === today}>
                      <Text size="xs" c="dimmed" tt="capitalize">
                        {dayjs(day).locale(locale).format("dd")}
                      </Text>
                      <Text size="sm" fw={600}>
                        {dayjs(day).locale(locale).format("D")}
                      </Text>
                    </Table.Th>
                  ))}
                  <Table.Th ta="right" w={96}>
                    {t("time.total")}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.tasks.map((line) => (
                  <Table.Tr key={line.task?.gid ?? "private"} data-testid="timesheet-row">
                    <Table.Td maw={320}>
                      {line.task ? (
                        <Anchor size="sm" onClick={() => line.task && open(line.task.gid)} lineClamp={1}>
                          {line.task.name}
                        </Anchor>
                      ) : (
                        <Group gap={4} wrap="nowrap">
                          <IconLock size={14} opacity={0.6} />
                          <Text size="sm" c="dimmed" fs="italic">
                            {t("time.privateTasks")}
                          </Text>
                        </Group>
                      )}
                    </Table.Td>
                    {days.map((day) => (
                      <Table.Td key={day} ta="right" data-today={day === today}>
                        <Text size="sm">{cell(line.minutes_by_day[day])}</Text>
                      </Table.Td>
                    ))}
                    <Table.Td ta="right">
                      <Text size="sm" fw={600}>
                        {formatMinutes(line.total_minutes)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Td>{t("time.total")}</Table.Td>
                  {days.map((day) => (
                    <Table.Td key={day} ta="right" data-today={day === today}>
                      {cell(data.totals_by_day[day])}
                    </Table.Td>
                  ))}
                  <Table.Td ta="right" data-testid="timesheet-total">
                    {formatMinutes(data.total_minutes)}
                  </Table.Td>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Paper>
        )}
      </Stack>
    </ScrollArea>
  );
}
