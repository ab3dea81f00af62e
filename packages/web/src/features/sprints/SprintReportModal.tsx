import { Badge, Group, SimpleGrid, Skeleton, Stack, Tabs, Text } from "@mantine/core";
import { IconCircleCheckFilled, IconCircleDashed, IconCircleMinus, IconCirclePlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Modal } from "../../components/Dialog";
import { UserAvatar } from "../../components/UserAvatar";
import { pointsOf, type ScrumTask, type Sprint, sumPoints, useSprintReport } from "./queries";
import { sprintDates } from "./SprintBlock";

function TaskList({ tasks, empty }: { tasks: ScrumTask[]; empty: string }) {
  const { t } = useTranslation();
  if (!tasks.length) {
    return (
      <Text size="sm" c="dimmed" py="md" ta="center">
        {empty}
      </Text>
    );
  }
  return (
    <Stack gap={0}>
      {tasks.map((task) => (
        <Group
          key={task.gid}
          gap="sm"
          py={7}
          wrap="nowrap"
          style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
          data-testid="report-task"
        >
          <Text size="sm" style={{ flex: 1 }} truncate>
            {task.name}
          </Text>
          <UserAvatar user={task.assignee ?? null} size={20} tooltip />
          <Badge variant="light" color="gray" size="sm" radius="sm" tt="none" miw={52}>
            {task.story_points == null ? "—" : t("sprints.pointsShort", pointsOf(task.story_points))}
          </Badge>
        </Group>
      ))}
    </Stack>
  );
}

// The report recorded when a sprint ends: what was completed, what was not, what came in after the start, what left.
export function SprintReportModal({ sprint, onClose }: { sprint: Sprint | null; onClose(): void }) {
  const { t } = useTranslation();
  const report = useSprintReport(sprint?.gid);
  const data = report.data;
  const groups = data
    ? ([
        ["completed", data.completed, IconCircleCheckFilled, "teal"],
        ["not_completed", data.not_completed, IconCircleDashed, "orange"],
        ["added", data.added, IconCirclePlus, "blue"],
        ["removed", data.removed, IconCircleMinus, "gray"],
      ] as const)
    : [];
  return (
    <Modal
      opened={!!sprint}
      onClose={onClose}
      size={760}
      centered
      title={
        <Group gap="xs">
          <Text fw={650}>{t("sprints.reportTitle", { name: sprint?.name ?? "" })}</Text>
          {sprint && (
            <Text size="sm" c="dimmed">
              {sprintDates(sprint)}
            </Text>
          )}
        </Group>
      }
    >
      <div data-testid="sprint-report">
        {report.isPending ? (
          <Stack>
            <Skeleton h={60} />
            <Skeleton h={30} />
            <Skeleton h={30} />
          </Stack>
        ) : report.isError || !data ? (
          <Text c="dimmed">{t("sprints.reportMissing")}</Text>
        ) : (
          <Stack gap="md">
            {sprint?.goal && (
              <Text size="sm">
                <b>{t("sprints.goalLabel")}:</b> {sprint.goal}
              </Text>
            )}
            <SimpleGrid cols={4} spacing="sm">
              {groups.map(([key, tasks, Icon, color]) => (
                <Stack key={key} gap={2} align="center" className="takt-stat" data-testid={`report-${key}`}>
                  <Icon size={18} color={`var(--mantine-color-${color}-6)`} />
                  <Text fz={22} fw={700} lh={1.2}>
                    {tasks.length}
                  </Text>
                  <Text size="xs" fw={500} ta="center" lh={1.3}>
                    {t(`sprints.reportGroups.${key}`)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t("sprints.pointsShort", pointsOf(sumPoints(tasks)))}
                  </Text>
                </Stack>
              ))}
            </SimpleGrid>
            <Tabs defaultValue="completed">
              <Tabs.List>
                {groups.map(([key, tasks]) => (
                  <Tabs.Tab key={key} value={key}>
                    {t(`sprints.reportGroups.${key}`)} ({tasks.length})
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              {groups.map(([key, tasks]) => (
                <Tabs.Panel key={key} value={key} pt="xs">
                  <TaskList tasks={tasks} empty={t("sprints.reportEmpty")} />
                </Tabs.Panel>
              ))}
            </Tabs>
          </Stack>
        )}
      </div>
    </Modal>
  );
}
