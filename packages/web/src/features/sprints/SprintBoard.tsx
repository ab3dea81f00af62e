import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  PointerSensor,
  pointerWithin,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  NumberInput,
  Popover,
  Progress,
  Skeleton,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { IconAdjustmentsHorizontal, IconCircleCheckFilled, IconFlag, IconRun } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useBoard } from "../../api/queries";
import type { Section } from "../../api/types";
import { DueDate } from "../../components/DueDate";
import { EmptyState } from "../../components/EmptyState";
import { notifyError } from "../../components/notify";
import { UserAvatar } from "../../components/UserAvatar";
import i18n from "../../i18n";
import {
  formatPoints,
  invalidateScrum,
  type ScrumTask,
  type Sprint,
  sprintKeys,
  sumPoints,
  useSprints,
  useSprintTasks,
} from "./api";
import { sprintDates } from "./BacklogView";
import { CompleteSprintModal } from "./CompleteSprintModal";
import { EstimateInput } from "./EstimateInput";
import { SprintReportModal } from "./SprintReportModal";
import { useSprintActions } from "./sprintActions";

const COLUMN_WIDTH = 280;

function sectionOf(task: ScrumTask, projectGid: string): string | null {
  return task.memberships?.find((membership) => membership.project.gid === projectGid)?.section?.gid ?? null;
}

function SprintCardBody({ task, estimate }: { task: ScrumTask; estimate: ReactNode }) {
  return (
    <>
      <Group gap={6} wrap="nowrap" align="flex-start">
        {task.completed && (
          <IconCircleCheckFilled
            size={16}
            color="var(--mantine-color-teal-6)"
            style={{ flexShrink: 0, marginTop: 2 }}
          />
        )}
        <Text
          size="sm"
          fw={500}
          lineClamp={3}
          className={task.completed ? "takt-completed" : undefined}
          style={{ wordBreak: "break-word" }}
        >
          {task.name}
        </Text>
      </Group>
      <Group justify="space-between" mt={10} wrap="nowrap">
        <Group gap={8} wrap="nowrap">
          {estimate}
          <DueDate due={task.due_on} completed={task.completed} />
        </Group>
        <UserAvatar user={task.assignee} size={24} tooltip />
      </Group>
    </>
  );
}

function SprintCard({
  task,
  active,
  onOpen,
  onEstimate,
}: {
  task: ScrumTask;
  active: boolean;
  onOpen(gid: string): void;
  onEstimate(points: number | null): void;
}) {
  const draggable = useDraggable({ id: `t:${task.gid}` });
  return (
    <div style={{ paddingBottom: 8 }}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dnd-kit adds role="button" and tabIndex through its attributes */}
      <div
        ref={draggable.setNodeRef}
        className="takt-card"
        data-active={active}
        data-testid="sprint-card"
        data-task-name={task.name}
        style={{ opacity: draggable.isDragging ? 0.35 : 1 }}
        onClick={() => onOpen(task.gid)}
        onKeyDown={(event) => {
          if (event.key === "Enter") onOpen(task.gid);
        }}
        {...draggable.attributes}
        {...draggable.listeners}
      >
        <SprintCardBody
          task={task}
          estimate={<EstimateInput value={task.story_points} onChange={onEstimate} size="xs" />}
        />
      </div>
    </div>
  );
}

function WipLimit({ value, onChange }: { value: number | undefined; onChange(limit: number | undefined): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string | number>(value ?? "");
  return (
    <Popover position="bottom-end" shadow="md" withinPortal onOpen={() => setDraft(value ?? "")}>
      <Popover.Target>
        <Tooltip label={t("sprints.wipLimit")}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t("sprints.wipLimit")}
            data-testid="wip-button"
          >
            <IconAdjustmentsHorizontal size={15} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6} w={200}>
          <NumberInput
            size="xs"
            label={t("sprints.wipLimit")}
            description={t("sprints.wipHint")}
            min={1}
            max={999}
            allowDecimal={false}
            value={draft}
            onChange={setDraft}
            data-testid="wip-input"
          />
          <Group gap={6} justify="flex-end">
            <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onChange(undefined)}>
              {t("common.clear")}
            </Button>
            <Button
              size="compact-xs"
              onClick={() => onChange(draft === "" ? undefined : Number(draft))}
              data-testid="wip-save"
            >
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function Column({
  section,
  tasks,
  limit,
  onLimit,
  activeTask,
  onOpen,
  onEstimate,
}: {
  section: Section;
  tasks: ScrumTask[];
  limit: number | undefined;
  onLimit(limit: number | undefined): void;
  activeTask?: string;
  onOpen(gid: string): void;
  onEstimate(task: ScrumTask, points: number | null): void;
}) {
  const { t } = useTranslation();
  const droppable = useDroppable({ id: `d:${section.gid}` });
  const over = limit !== undefined && tasks.length > limit;
  return (
    <div
      className="takt-column"
      style={{ width: COLUMN_WIDTH, flexShrink: 0, borderColor: over ? "var(--mantine-color-red-4)" : undefined }}
      data-testid="sprint-column"
      data-section-name={section.name}
      data-over-limit={over}
    >
      <Group
        gap={6}
        px={10}
        pt={10}
        pb={8}
        wrap="nowrap"
        className="takt-section-header"
        style={{
          background: over ? "var(--mantine-color-red-0)" : undefined,
          borderRadius: "12px 12px 0 0",
        }}
      >
        <Text fw={650} size="sm" truncate style={{ flex: 1 }} c={over ? "red.8" : undefined}>
          {section.name}
        </Text>
        <Tooltip
          label={over ? t("sprints.wipExceeded", { count: tasks.length, limit }) : t("sprints.wipOf", { limit })}
          disabled={limit === undefined}
        >
          <Badge
            variant={over ? "filled" : "light"}
            color={over ? "red" : "gray"}
            size="sm"
            radius="sm"
            data-testid="column-count"
          >
            {limit === undefined ? tasks.length : `${tasks.length} / ${limit}`}
          </Badge>
        </Tooltip>
        <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
          {t("sprints.pointsShort", { points: formatPoints(sumPoints(tasks)) })}
        </Text>
        <WipLimit value={limit} onChange={onLimit} />
      </Group>
      <div
        ref={droppable.setNodeRef}
        data-testid="sprint-column-body"
        style={{
          flex: 1,
          overflowY: "auto",
          padding: "2px 8px 0",
          minHeight: 120,
          borderRadius: 8,
          background: droppable.isOver ? "var(--mantine-color-takt-0)" : undefined,
        }}
      >
        {tasks.map((task) => (
          <SprintCard
            key={task.gid}
            task={task}
            active={task.gid === activeTask}
            onOpen={onOpen}
            onEstimate={(points) => onEstimate(task, points)}
          />
        ))}
        {tasks.length === 0 && (
          <Text size="xs" c="dimmed" ta="center" py="md">
            {t("board.emptyColumn")}
          </Text>
        )}
      </div>
    </div>
  );
}

function SprintHeader({ sprint, tasks, onComplete }: { sprint: Sprint; tasks: ScrumTask[]; onComplete(): void }) {
  const { t } = useTranslation();
  const total = sumPoints(tasks);
  const done = sumPoints(tasks.filter((task) => task.completed));
  const daysLeft = sprint.end_on ? dayjs(sprint.end_on).endOf("day").diff(dayjs(), "day") : null;
  return (
    <Group
      justify="space-between"
      px="md"
      py="sm"
      wrap="nowrap"
      style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
    >
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Group gap={8} wrap="nowrap">
          <IconRun size={18} color="var(--mantine-color-takt-6)" />
          <Text fw={650} data-testid="active-sprint-name">
            {sprint.name}
          </Text>
          <Text size="sm" c="dimmed">
            {sprintDates(sprint)}
          </Text>
          {daysLeft !== null && (
            <Badge variant="light" color={daysLeft < 0 ? "red" : daysLeft <= 2 ? "orange" : "gray"} size="sm">
              {daysLeft < 0 ? t("sprints.overdue") : t("sprints.daysLeft", { count: daysLeft })}
            </Badge>
          )}
        </Group>
        {sprint.goal && (
          <Text size="sm" c="dimmed" truncate>
            {t("sprints.goalLabel")}: {sprint.goal}
          </Text>
        )}
      </Stack>
      <Group gap="md" wrap="nowrap">
        <Stack gap={2} w={180}>
          <Text size="xs" c="dimmed">
            {t("sprints.pointsDone", { done: formatPoints(done), total: formatPoints(total) })}
          </Text>
          <Progress value={total ? (done / total) * 100 : 0} color="teal" size="sm" />
        </Stack>
        <Button size="xs" onClick={onComplete} data-testid="complete-sprint">
          {t("sprints.complete")}
        </Button>
      </Group>
    </Group>
  );
}

export function SprintBoard({
  projectGid,
  activeTask,
  onOpen,
  onPlan,
}: {
  projectGid: string;
  activeTask?: string;
  onOpen(gid: string): void;
  onPlan(): void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const sprints = useSprints(projectGid);
  const board = useBoard(projectGid);
  const active = sprints.data?.find((sprint) => sprint.state === "active");
  const tasks = useSprintTasks(active?.gid);
  const actions = useSprintActions(projectGid);
  const [limits, setLimits] = useLocalStorage<Record<string, number>>({
    key: `takt.wip.${projectGid}`,
    defaultValue: {},
  });
  const [dragging, setDragging] = useState<ScrumTask | null>(null);
  const [completing, setCompleting] = useState<Sprint | null>(null);
  const [report, setReport] = useState<Sprint | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));

  if (sprints.isPending || board.isPending || (active && tasks.isPending)) {
    return (
      <Group p="md" gap={12} align="flex-start" data-testid="sprint-loading">
        {[0, 1, 2, 3].map((index) => (
          <Skeleton key={index} w={COLUMN_WIDTH} h={260} radius={12} />
        ))}
      </Group>
    );
  }
  if (!active) {
    return (
      <>
        <EmptyState
          icon={IconFlag}
          title={t("sprints.noActiveTitle")}
          text={t("sprints.noActiveText")}
          action={
            <Button onClick={onPlan} data-testid="go-backlog">
              {t("sprints.openBacklog")}
            </Button>
          }
        />
        <SprintReportModal sprint={report} onClose={() => setReport(null)} />
      </>
    );
  }

  const sections = board.data?.sections ?? [];
  const rows = tasks.data ?? [];
  const bySection = new Map<string, ScrumTask[]>(sections.map((section) => [section.gid, []]));
  for (const task of rows) {
    const section = sectionOf(task, projectGid);
    (bySection.get(section ?? "") ?? bySection.get(sections[0]?.gid ?? "") ?? []).push(task);
  }

  const move = async (task: ScrumTask, sectionGid: string) => {
    const key = sprintKeys.sprintTasks(active.gid);
    const section = sections.find((item) => item.gid === sectionGid);
    const snapshot = client.getQueryData<ScrumTask[]>(key);
    client.setQueryData<ScrumTask[]>(key, (list) =>
      list?.map((row) =>
        row.gid === task.gid
          ? {
              ...row,
              memberships: (row.memberships ?? []).map((membership) =>
                membership.project.gid === projectGid && section
                  ? { ...membership, section: { gid: section.gid, name: section.name } }
                  : membership,
              ),
            }
          : row,
      ),
    );
    try {
      await api.post(`/sections/${sectionGid}/addTask`, { task: task.gid });
      client.invalidateQueries({ queryKey: ["board", projectGid] });
    } catch (error) {
      client.setQueryData(key, snapshot);
      notifyError(error, i18n.t("errors.undone"));
    } finally {
      invalidateScrum(client, projectGid);
    }
  };

  const onDragStart = (event: DragStartEvent) => {
    const gid = String(event.active.id).slice(2);
    setDragging(rows.find((task) => task.gid === gid) ?? null);
  };
  const onDragEnd = (event: DragEndEvent) => {
    setDragging(null);
    const over = event.over ? String(event.over.id) : null;
    if (!over?.startsWith("d:")) return;
    const gid = String(event.active.id).slice(2);
    const task = rows.find((item) => item.gid === gid);
    if (task && sectionOf(task, projectGid) !== over.slice(2)) move(task, over.slice(2));
  };

  return (
    <Box style={{ flex: 1, minHeight: 0, display: "flex", flexDirection: "column" }} data-testid="sprint-board">
      <SprintHeader sprint={active} tasks={rows} onComplete={() => setCompleting(active)} />
      <Box style={{ flex: 1, minHeight: 0, overflowX: "auto", overflowY: "hidden" }}>
        <DndContext
          sensors={sensors}
          collisionDetection={pointerWithin}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragging(null)}
        >
          <Group align="stretch" gap={12} p="md" wrap="nowrap" h="100%" style={{ width: "max-content" }}>
            {sections.map((section) => (
              <Column
                key={section.gid}
                section={section}
                tasks={bySection.get(section.gid) ?? []}
                limit={limits[section.gid]}
                onLimit={(limit) => {
                  const next = { ...limits };
                  if (limit === undefined) delete next[section.gid];
                  else next[section.gid] = limit;
                  setLimits(next);
                }}
                activeTask={activeTask}
                onOpen={onOpen}
                onEstimate={(task, points) => actions.setPoints(task, points)}
              />
            ))}
          </Group>
          <DragOverlay>
            {dragging ? (
              <div
                className="takt-card"
                style={{
                  width: COLUMN_WIDTH - 16,
                  boxShadow: "0 12px 28px rgba(16,24,40,.18)",
                  transform: "rotate(2deg)",
                }}
              >
                <SprintCardBody
                  task={dragging}
                  estimate={
                    dragging.story_points == null ? null : (
                      <Badge variant="light" size="sm" radius="sm" tt="none">
                        {t("sprints.pointsShort", { points: formatPoints(dragging.story_points) })}
                      </Badge>
                    )
                  }
                />
              </div>
            ) : null}
          </DragOverlay>
        </DndContext>
      </Box>
      <CompleteSprintModal
        projectGid={projectGid}
        sprint={completing}
        sprints={sprints.data ?? []}
        onClose={() => setCompleting(null)}
        onCompleted={(sprint) => setReport(sprint)}
      />
      <SprintReportModal sprint={report} onClose={() => setReport(null)} />
    </Box>
  );
}
