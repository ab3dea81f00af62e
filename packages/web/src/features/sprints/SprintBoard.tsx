import { DndContext, DragOverlay, useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  NumberInput,
  Popover,
  Skeleton,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { IconAdjustmentsHorizontal, IconFlag, IconRun } from "@tabler/icons-react";
import type { ProjectPermissions } from "@takt/contracts";
import dayjs from "dayjs";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Section } from "../../api/types";
import { EmptyState } from "../../components/EmptyState";
import { Meter } from "../../components/Meter";
import { usePaneScrollMemory } from "../../components/usePaneScrollMemory";
import { sortableIds, useSortableLists } from "../../components/useSortableLists";
import { DoneColumnMark } from "../projects/BoardColumn";
import { useBoard } from "../projects/queries";
import { TaskCard, TaskCardOverlay } from "../tasks/TaskCard";
import { CompleteSprintModal } from "./CompleteSprintModal";
import { EstimateInput } from "./EstimateInput";
import { useMoveSprintCard, useSetStoryPoints } from "./mutations";
import { formatPoints, pointsOf, type ScrumTask, type Sprint, sumPoints, useSprints, useSprintTasks } from "./queries";
import { sprintDates } from "./SprintBlock";
import { SprintReportModal } from "./SprintReportModal";

const COLUMN_WIDTH = 280;
const NO_SECTIONS: Section[] = [];
const NO_TASKS: ScrumTask[] = [];

function sectionOf(task: ScrumTask, projectGid: string): string | null {
  return task.memberships?.find((membership) => membership.project.gid === projectGid)?.section?.gid ?? null;
}

// The estimate on a sprint card: editable for who may edit the task, a badge otherwise.
function Estimate({ task, onEstimate }: { task: ScrumTask; onEstimate?(points: number | null): void }) {
  const { t } = useTranslation();
  if (onEstimate && task.permissions?.edit) {
    return <EstimateInput value={task.story_points} onChange={onEstimate} size="xs" />;
  }
  return task.story_points == null ? null : (
    <Badge variant="light" size="sm" radius="sm" tt="none">
      {t("sprints.pointsShort", pointsOf(task.story_points))}
    </Badge>
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
  dropBefore,
  dropAtEnd,
  movable,
  onOpen,
  onEstimate,
}: {
  section: Section;
  tasks: ScrumTask[];
  limit: number | undefined;
  onLimit(limit: number | undefined): void;
  activeTask?: string;
  dropBefore: string | null;
  dropAtEnd: boolean;
  movable: boolean;
  onOpen(gid: string): void;
  onEstimate(task: ScrumTask, points: number | null): void;
}) {
  const { t } = useTranslation();
  const droppable = useDroppable({ id: sortableIds.zone(section.gid) });
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
        {section.marks_complete && <DoneColumnMark />}
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
          {t("sprints.pointsShort", pointsOf(sumPoints(tasks)))}
        </Text>
        <WipLimit value={limit} onChange={onLimit} />
      </Group>
      {/* biome-ignore lint/a11y/useSemanticElements: a list of divs (sortable, virtualized), named with its count */}
      <div
        ref={droppable.setNodeRef}
        data-testid="sprint-column-body"
        role="list"
        aria-label={t("a11y.taskList", { name: section.name, count: tasks.length })}
        style={{
          flex: 1,
          overflowY: "auto",
          padding: "2px 8px 0",
          minHeight: 120,
          borderRadius: 8,
          background: droppable.isOver ? "var(--mantine-color-takt-0)" : undefined,
        }}
      >
        <SortableContext items={tasks.map((task) => sortableIds.item(task.gid))} strategy={verticalListSortingStrategy}>
          {tasks.map((task) => (
            <TaskCard
              key={task.gid}
              task={task}
              active={task.gid === activeTask}
              indicator={dropBefore === task.gid}
              draggable={movable}
              onOpen={onOpen}
              testId="sprint-card"
              extra={<Estimate task={task} onEstimate={(points) => onEstimate(task, points)} />}
            />
          ))}
        </SortableContext>
        {dropAtEnd && <Box h={3} mb={8} bg="takt.5" style={{ borderRadius: 2 }} />}
        {tasks.length === 0 && (
          <Text size="xs" c="dimmed" ta="center" py="md">
            {t("board.emptyColumn")}
          </Text>
        )}
      </div>
    </div>
  );
}

function SprintHeader({ sprint, tasks, onComplete }: { sprint: Sprint; tasks: ScrumTask[]; onComplete?(): void }) {
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
          <Meter
            label={t("sprints.pointsDone", { done: formatPoints(done), total: formatPoints(total) })}
            value={total ? (done / total) * 100 : 0}
            color="teal"
            size="sm"
          />
        </Stack>
        {onComplete && (
          <Button size="xs" onClick={onComplete} data-testid="complete-sprint">
            {t("sprints.complete")}
          </Button>
        )}
      </Group>
    </Group>
  );
}

export function SprintBoard({
  projectGid,
  permissions,
  activeTask,
  onOpen,
  onPlan,
}: {
  projectGid: string;
  permissions: ProjectPermissions | undefined;
  activeTask?: string;
  onOpen(gid: string): void;
  onPlan(): void;
}) {
  const { t } = useTranslation();
  const sprints = useSprints(projectGid);
  const board = useBoard(projectGid);
  const active = sprints.data?.find((sprint) => sprint.state === "active");
  const tasks = useSprintTasks(active?.gid);
  const setPoints = useSetStoryPoints().mutate;
  const moveCard = useMoveSprintCard(projectGid, active?.gid ?? "").mutate;
  const [limits, setLimits] = useLocalStorage<Record<string, number>>({
    key: `takt.wip.${projectGid}`,
    defaultValue: {},
  });
  const [completing, setCompleting] = useState<Sprint | null>(null);

  const [report, setReport] = useState<Sprint | null>(null);
  // Opening a card's pane narrows the board and scrolls it; closing the pane brings the columns back as they were.
  const scroller = useRef<HTMLDivElement>(null);
  usePaneScrollMemory(scroller, !!activeTask);

  const sections = board.data?.sections ?? NO_SECTIONS;
  const rows = tasks.data ?? NO_TASKS;
  // The sprint's tasks in the project's sections (a task in no section of it shows in the first).
  const lists = useMemo(() => {
    const bySection = new Map<string, ScrumTask[]>(sections.map((section) => [section.gid, []]));
    for (const task of rows) {
      const section = sectionOf(task, projectGid);
      (bySection.get(section ?? "") ?? bySection.get(sections[0]?.gid ?? "") ?? []).push(task);
    }
    return sections.map((section) => ({
      id: section.gid,
      name: section.name,
      items: bySection.get(section.gid) ?? NO_TASKS,
    }));
  }, [sections, rows, projectGid]);
  const sortable = useSortableLists<ScrumTask>({
    lists,
    idOf: (task) => task.gid,
    nameOf: (task) => task.name,
    // Order inside a column is the board's own; a drop in another column moves the task to that section.
    onMoveItem: (task, from, to) => {
      const section = sections.find((item) => item.gid === to);
      if (from !== to && section) {
        moveCard({ task: task.gid, section, from: sections.find((item) => item.gid === from) });
      }
    },
  });

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

  const { dragging } = sortable;
  return (
    <Box style={{ flex: 1, minHeight: 0, display: "flex", flexDirection: "column" }} data-testid="sprint-board">
      <SprintHeader
        sprint={active}
        tasks={rows}
        onComplete={permissions?.manage_sprints ? () => setCompleting(active) : undefined}
      />
      <Box
        ref={scroller}
        style={{ flex: 1, minHeight: 0, overflowX: "auto", overflowY: "hidden" }}
        data-testid="sprint-scroller"
      >
        <DndContext {...sortable.context}>
          <Group align="stretch" gap={12} p="md" wrap="nowrap" h="100%" style={{ width: "max-content" }}>
            {sections.map((section, index) => (
              <Column
                key={section.gid}
                section={section}
                tasks={lists[index].items as ScrumTask[]}
                limit={limits[section.gid]}
                onLimit={(limit) => {
                  const next = { ...limits };
                  if (limit === undefined) delete next[section.gid];
                  else next[section.gid] = limit;
                  setLimits(next);
                }}
                activeTask={activeTask}
                dropBefore={sortable.dropBefore(section.gid)}
                dropAtEnd={sortable.dropAtEnd(section.gid)}
                movable={!!permissions?.move_tasks}
                onOpen={onOpen}
                onEstimate={(task, points) => setPoints({ task, points })}
              />
            ))}
          </Group>
          <DragOverlay {...sortable.overlay}>
            {dragging?.kind === "item" ? (
              <TaskCardOverlay
                task={dragging.item}
                width={COLUMN_WIDTH - 16}
                extra={<Estimate task={dragging.item} />}
              />
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
