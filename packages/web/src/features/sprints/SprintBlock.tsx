import { ActionIcon, Badge, Box, Button, Group, Menu, Skeleton, Stack, Text, Tooltip } from "@mantine/core";
import {
  IconAlertTriangle,
  IconDots,
  IconFlag,
  IconPencil,
  IconPlayerPlay,
  IconRun,
  IconTrash,
} from "@tabler/icons-react";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { Meter } from "../../components/Meter";
import { formatPoints, pointsOf, type ScrumTask, type Sprint, sumPoints } from "./queries";

export function sprintDates(sprint: Pick<Sprint, "start_on" | "end_on">): string {
  if (!sprint.start_on && !sprint.end_on) return "";
  const format = (date: string | null) => (date ? dayjs(date).format("D MMM") : "…");
  return `${format(sprint.start_on)} – ${format(sprint.end_on)}`;
}

// A backlog or sprint row: the task's line, its section and its estimate; dragged between zones by the grip.
function CapacityMeter({ committed, capacity }: { committed: number; capacity: number | null }) {
  const { t } = useTranslation();
  if (!capacity) {
    return (
      <Text size="xs" c="dimmed" data-testid="sprint-committed">
        {t("sprints.committedOnly", pointsOf(committed))}
      </Text>
    );
  }
  const over = committed > capacity;
  return (
    <Group gap={8} wrap="nowrap" data-testid="sprint-committed" data-over={over}>
      <Meter
        label={t("sprints.committedOf", { points: formatPoints(committed), capacity: formatPoints(capacity) })}
        value={Math.min(100, (committed / capacity) * 100)}
        color={over ? "red" : committed / capacity > 0.85 ? "yellow" : "takt"}
        w={90}
        size="sm"
      />
      <Text size="xs" c={over ? "red.7" : "dimmed"} fw={over ? 600 : 400}>
        {t("sprints.committedOf", { points: formatPoints(committed), capacity: formatPoints(capacity) })}
      </Text>
      {over && (
        <Tooltip label={t("sprints.overCapacity", pointsOf(committed - capacity))}>
          <IconAlertTriangle size={15} color="var(--mantine-color-red-6)" data-testid="over-capacity" />
        </Tooltip>
      )}
    </Group>
  );
}

export function SprintBlock({
  sprint,
  tasks,
  loading,
  canStart,
  manageable,
  zone,
  onStart,
  onComplete,
  onEdit,
  onDelete,
}: {
  sprint: Sprint;
  tasks: readonly ScrumTask[];
  loading: boolean;
  canStart: boolean;
  // The caller may start, complete, edit and delete sprints.
  manageable: boolean;
  zone: React.ReactNode;
  onStart(): void;
  onComplete(): void;
  onEdit(): void;
  onDelete(): void;
}) {
  const { t } = useTranslation();
  const committed = sumPoints(tasks);
  const unestimated = tasks.filter((task) => task.story_points === null || task.story_points === undefined).length;
  return (
    <Box
      className="takt-sprint-block"
      data-testid="sprint-block"
      data-sprint-name={sprint.name}
      data-state={sprint.state}
    >
      <Group justify="space-between" wrap="nowrap" mb={8} align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap={8} wrap="nowrap">
            {sprint.state === "active" ? (
              <IconRun size={16} color="var(--mantine-color-takt-6)" />
            ) : (
              <IconFlag size={16} color="var(--mantine-color-gray-6)" />
            )}
            <Text fw={650} truncate>
              {sprint.name}
            </Text>
            {sprint.state === "active" && (
              <Badge size="sm" variant="light" color="takt">
                {t("sprints.active")}
              </Badge>
            )}
            <Text size="sm" c="dimmed" style={{ whiteSpace: "nowrap" }}>
              {sprintDates(sprint)}
            </Text>
            <Text size="sm" c="dimmed" style={{ whiteSpace: "nowrap" }}>
              · {t("sprints.taskCount", { count: tasks.length })}
            </Text>
          </Group>
          {sprint.goal && (
            <Text size="sm" c="dimmed" lineClamp={2} data-testid="sprint-goal-text">
              {t("sprints.goalLabel")}: {sprint.goal}
            </Text>
          )}
        </Stack>
        <Group gap={10} wrap="nowrap">
          {loading ? (
            <Skeleton h={14} w={120} />
          ) : (
            <CapacityMeter committed={committed} capacity={sprint.capacity_points} />
          )}
          {!manageable ? null : sprint.state === "planned" ? (
            <Tooltip label={t("sprints.oneActive")} disabled={canStart}>
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPlayerPlay size={14} />}
                onClick={onStart}
                disabled={!canStart || tasks.length === 0}
                data-testid="start-sprint"
              >
                {t("sprints.start")}
              </Button>
            </Tooltip>
          ) : (
            <Button size="xs" variant="light" onClick={onComplete} data-testid="complete-sprint">
              {t("sprints.complete")}
            </Button>
          )}
          {manageable && (
            <Menu position="bottom-end" withinPortal shadow="md">
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={t("tasks.more")} data-testid="sprint-menu">
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPencil size={14} />} onClick={onEdit} data-testid="edit-sprint">
                  {t("sprints.edit")}
                </Menu.Item>
                {sprint.state === "planned" && (
                  <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={onDelete}>
                    {t("sprints.delete")}
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>
      {unestimated > 0 && tasks.length > 0 && (
        <Text size="xs" c="orange.7" mb={6}>
          {t("sprints.unestimated", { count: unestimated })}
        </Text>
      )}
      {zone}
    </Box>
  );
}
