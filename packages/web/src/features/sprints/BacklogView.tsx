import { DndContext, DragOverlay, useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { Alert, Badge, Box, Button, Group, ScrollArea, Skeleton, Stack, Text } from "@mantine/core";
import {
  IconAlertTriangle,
  IconCircleCheckFilled,
  IconFlag,
  IconGripVertical,
  IconPlus,
  IconReport,
} from "@tabler/icons-react";
import type { ProjectPermissions } from "@takt/contracts";
import dayjs from "dayjs";
import { type CSSProperties, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../../components/EmptyState";
import { UserAvatar } from "../../components/UserAvatar";
import { sortableIds, useSortableItem, useSortableLists } from "../../components/useSortableLists";
import { TaskCardBody } from "../tasks/TaskCardBody";
import { CompleteSprintModal } from "./CompleteSprintModal";
import { EstimateInput } from "./EstimateInput";
import { useMoveBacklogTask, useSetStoryPoints, useSprintActions } from "./mutations";
import { pointsOf, type ScrumTask, type Sprint, sumPoints, useBacklog, useSprints, useSprintTasks } from "./queries";
import { SprintBlock, sprintDates } from "./SprintBlock";
import { SprintModal } from "./SprintModal";
import { SprintReportModal } from "./SprintReportModal";

const NO_TASKS: ScrumTask[] = [];

function Row({
  task,
  active,
  indicator,
  movable,
  onOpen,
  onEstimate,
}: {
  task: ScrumTask;
  active: boolean;
  indicator: boolean;
  movable: boolean;
  onOpen(gid: string): void;
  onEstimate(task: ScrumTask, points: number | null): void;
}) {
  const { sortable, props } = useSortableItem(sortableIds.item(task.gid), { movable, onOpen: () => onOpen(task.gid) });
  const style: CSSProperties = {
    transform: CSS.Translate.toString(sortable.transform),
    transition: sortable.transition,
    opacity: sortable.isDragging ? 0.35 : 1,
  };
  const section = task.memberships?.find((membership) => membership.section)?.section?.name;
  return (
    <div>
      {indicator && <Box h={3} bg="takt.5" style={{ borderRadius: 2 }} />}
      <div
        ref={sortable.setNodeRef}
        style={style}
        className="takt-backlog-row"
        data-active={active}
        data-testid="backlog-task"
        data-task-name={task.name}
        data-draggable={movable}
        {...props}
      >
        {movable ? <IconGripVertical size={14} className="takt-backlog-grip" /> : <Box w={14} />}
        <TaskCardBody
          task={task}
          layout="row"
          extra={
            <>
              {section && (
                <Text size="xs" c="dimmed" truncate maw={120} visibleFrom="sm">
                  {section}
                </Text>
              )}
              <UserAvatar user={task.assignee} size={22} tooltip />
              <EstimateInput
                value={task.story_points}
                disabled={!task.permissions?.edit}
                onChange={(points) => onEstimate(task, points)}
                size="xs"
              />
            </>
          }
        />
      </div>
    </div>
  );
}

function Zone({
  id,
  tasks,
  activeTask,
  dropBefore,
  dropAtEnd,
  movable,
  empty,
  name,
  onOpen,
  onEstimate,
}: {
  id: string;
  name: string;
  tasks: readonly ScrumTask[];
  activeTask?: string;
  dropBefore: string | null;
  dropAtEnd: boolean;
  movable: boolean;
  empty: string;
  onOpen(gid: string): void;
  onEstimate(task: ScrumTask, points: number | null): void;
}) {
  const { t } = useTranslation();
  const droppable = useDroppable({ id: sortableIds.zone(id) });
  return (
    // biome-ignore lint/a11y/useSemanticElements: a list of divs (sortable, virtualized), named with its count
    <div
      ref={droppable.setNodeRef}
      data-testid="drop-zone"
      data-zone={id}
      role="list"
      aria-label={t("a11y.taskList", { name, count: tasks.length })}
      style={{
        minHeight: 44,
        borderRadius: 8,
        outline: droppable.isOver ? "2px dashed var(--mantine-color-takt-4)" : undefined,
        background: droppable.isOver ? "var(--mantine-color-takt-0)" : undefined,
      }}
    >
      <SortableContext items={tasks.map((task) => sortableIds.item(task.gid))} strategy={verticalListSortingStrategy}>
        {tasks.map((task) => (
          <Row
            key={task.gid}
            task={task}
            active={task.gid === activeTask}
            indicator={dropBefore === task.gid}
            movable={movable}
            onOpen={onOpen}
            onEstimate={onEstimate}
          />
        ))}
      </SortableContext>
      {dropAtEnd && <Box h={3} bg="takt.5" style={{ borderRadius: 2 }} />}
      {tasks.length === 0 && (
        <Text
          size="sm"
          c="dimmed"
          ta="center"
          py="sm"
          style={{ border: "1px dashed var(--mantine-color-gray-3)", borderRadius: 8 }}
        >
          {empty}
        </Text>
      )}
    </div>
  );
}

// Tasks of one sprint, loaded per sprint so each block fills in on its own.
function useSprintLists(sprints: Sprint[]) {
  const a = useSprintTasks(sprints[0]?.gid);
  const b = useSprintTasks(sprints[1]?.gid);
  const c = useSprintTasks(sprints[2]?.gid);
  const d = useSprintTasks(sprints[3]?.gid);
  const e = useSprintTasks(sprints[4]?.gid);
  const f = useSprintTasks(sprints[5]?.gid);
  return [a, b, c, d, e, f];
}

export function BacklogView({
  projectGid,
  permissions,
  activeTask,
  onOpen,
}: {
  projectGid: string;
  permissions: ProjectPermissions | undefined;
  activeTask?: string;
  onOpen(gid: string): void;
}) {
  const { t } = useTranslation();
  const sprints = useSprints(projectGid);
  const backlog = useBacklog(projectGid);
  const sprintActions = useSprintActions(projectGid);
  const moveTask = useMoveBacklogTask(projectGid).mutate;
  const setPoints = useSetStoryPoints().mutate;
  // Planning (ranking the backlog, filling sprints) and the sprints themselves are the caller's when allowed.
  const manageable = !!permissions?.manage_sprints;
  const open = useMemo(
    () =>
      (sprints.data ?? [])
        .filter((sprint) => sprint.state !== "completed")
        .sort((a, b) =>
          a.state === "active" ? -1 : b.state === "active" ? 1 : (a.start_on ?? "").localeCompare(b.start_on ?? ""),
        )
        .slice(0, 6),
    [sprints.data],
  );
  const completed = (sprints.data ?? []).filter((sprint) => sprint.state === "completed");
  const sprintLists = useSprintLists(open);
  const [modal, setModal] = useState<{ sprint: Sprint | null } | null>(null);
  const [completing, setCompleting] = useState<Sprint | null>(null);
  const [report, setReport] = useState<Sprint | null>(null);

  const zones = [
    { id: "backlog", name: t("sprints.backlog"), items: backlog.data ?? NO_TASKS },
    ...open.map((sprint, index) => ({ id: sprint.gid, name: sprint.name, items: sprintLists[index].data ?? NO_TASKS })),
  ];
  const itemsOf = (zone: string) => zones.find((item) => item.id === zone)?.items ?? NO_TASKS;
  const sortable = useSortableLists<ScrumTask>({
    lists: zones,
    idOf: (task) => task.gid,
    nameOf: (task) => task.name,
    onMoveItem: (task, from, to, placement) => {
      // Order inside a sprint is the sprint board's business; the backlog is ranked here.
      if (from === to && from !== "backlog") return;
      moveTask({ task, from, to, placement });
    },
  });
  const hasActive = open.some((sprint) => sprint.state === "active");
  const lastEnd = [...(sprints.data ?? [])]
    .map((sprint) => sprint.end_on ?? "")
    .sort()
    .pop();

  const estimate = (task: ScrumTask, points: number | null) => setPoints({ task, points });
  const zone = (id: string, empty: string) => (
    <Zone
      id={id}
      name={zones.find((zone) => zone.id === id)?.name ?? ""}
      tasks={itemsOf(id)}
      activeTask={activeTask}
      dropBefore={sortable.dropBefore(id)}
      dropAtEnd={sortable.dropAtEnd(id)}
      movable={manageable}
      empty={empty}
      onOpen={onOpen}
      onEstimate={estimate}
    />
  );

  if (sprints.isPending || backlog.isPending) {
    return (
      <Stack p="lg" gap="sm" data-testid="backlog-loading">
        {[0, 1, 2, 3, 4, 5, 6].map((index) => (
          <Skeleton
            key={index}
            h={index === 0 || index === 4 ? 26 : 36}
            w={index === 0 || index === 4 ? 220 : "100%"}
          />
        ))}
      </Stack>
    );
  }
  if (sprints.isError || backlog.isError) {
    return (
      <Alert color="red" m="lg" icon={<IconAlertTriangle size={18} />} title={t("errors.title")}>
        {t("sprints.loadError")}
      </Alert>
    );
  }

  const backlogTasks = itemsOf("backlog");
  const { dragging } = sortable;
  const nextName = t("sprints.defaultName", { number: (sprints.data?.length ?? 0) + 1 });

  return (
    <ScrollArea style={{ flex: 1 }} type="auto" data-testid="backlog-view">
      <Box p="lg" maw={1100}>
        <DndContext {...sortable.context}>
          <Box className="takt-sprint-block" data-testid="backlog-block">
            <Group justify="space-between" mb={8}>
              <Group gap={8}>
                <Text fw={650}>{t("sprints.backlog")}</Text>
                <Text size="sm" c="dimmed">
                  {t("sprints.taskCount", { count: backlogTasks.length })} ·{" "}
                  {t("sprints.pointsShort", pointsOf(sumPoints(backlogTasks)))}
                </Text>
              </Group>
              <Text size="xs" c="dimmed" visibleFrom="sm">
                {t("sprints.backlogHint")}
              </Text>
            </Group>
            {zone("backlog", t("sprints.backlogEmpty"))}
          </Box>

          <Group justify="space-between" mt="xl" mb="sm">
            <Text fw={700} size="sm" c="dimmed" tt="uppercase" style={{ letterSpacing: 0.5 }}>
              {t("sprints.sprints")}
            </Text>
            {manageable && (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconPlus size={14} />}
                onClick={() => setModal({ sprint: null })}
                data-testid="create-sprint"
              >
                {t("sprints.createTitle")}
              </Button>
            )}
          </Group>

          {open.length === 0 ? (
            <EmptyState
              icon={IconFlag}
              title={t("sprints.emptyTitle")}
              text={t("sprints.emptyText")}
              action={
                manageable && (
                  <Button
                    leftSection={<IconPlus size={16} />}
                    onClick={() => setModal({ sprint: null })}
                    data-testid="plan-first-sprint"
                  >
                    {t("sprints.planFirst")}
                  </Button>
                )
              }
            />
          ) : (
            <Stack gap="md">
              {open.map((sprint, index) => (
                <SprintBlock
                  key={sprint.gid}
                  sprint={sprint}
                  tasks={itemsOf(sprint.gid)}
                  loading={sprintLists[index].isPending}
                  canStart={!hasActive}
                  manageable={manageable}
                  zone={zone(sprint.gid, t("sprints.dropHere"))}
                  onStart={() => sprintActions.start.mutate(sprint.gid)}
                  onComplete={() => setCompleting(sprint)}
                  onEdit={() => setModal({ sprint })}
                  onDelete={() => sprintActions.remove.mutate(sprint.gid)}
                />
              ))}
            </Stack>
          )}

          {completed.length > 0 && (
            <Box mt="xl">
              <Text fw={700} size="sm" c="dimmed" tt="uppercase" mb="xs" style={{ letterSpacing: 0.5 }}>
                {t("sprints.completedSprints")}
              </Text>
              <Stack gap={4}>
                {completed
                  .slice()
                  .reverse()
                  .map((sprint) => (
                    <Group
                      key={sprint.gid}
                      gap="sm"
                      className="takt-backlog-row"
                      style={{ cursor: "default" }}
                      data-testid="completed-sprint"
                    >
                      <IconCircleCheckFilled size={16} color="var(--mantine-color-teal-6)" />
                      <Text size="sm" fw={500} style={{ flex: 1 }}>
                        {sprint.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {sprintDates(sprint)}
                      </Text>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        leftSection={<IconReport size={14} />}
                        onClick={() => setReport(sprint)}
                        data-testid="open-report"
                      >
                        {t("sprints.report")}
                      </Button>
                    </Group>
                  ))}
              </Stack>
            </Box>
          )}

          <DragOverlay {...sortable.overlay}>
            {dragging?.kind === "item" ? (
              <div
                className="takt-backlog-row"
                style={{ boxShadow: "0 12px 28px rgba(16,24,40,.18)", background: "white" }}
              >
                <TaskCardBody
                  task={dragging.item}
                  layout="row"
                  extra={
                    dragging.item.story_points != null && (
                      <Badge variant="light" size="sm" radius="sm" tt="none">
                        {t("sprints.pointsShort", pointsOf(dragging.item.story_points))}
                      </Badge>
                    )
                  }
                />
              </div>
            ) : null}
          </DragOverlay>
        </DndContext>
      </Box>
      <SprintModal
        opened={!!modal}
        onClose={() => setModal(null)}
        sprint={modal?.sprint}
        suggestedName={nextName}
        suggestedStart={lastEnd ? dayjs(lastEnd).add(1, "day").format("YYYY-MM-DD") : null}
        onSubmit={async (input) => {
          try {
            if (modal?.sprint) await sprintActions.update.mutateAsync({ sprint: modal.sprint.gid, input });
            else await sprintActions.create.mutateAsync(input);
            return true;
          } catch {
            return false;
          }
        }}
      />
      <CompleteSprintModal
        projectGid={projectGid}
        sprint={completing}
        sprints={sprints.data ?? []}
        onClose={() => setCompleting(null)}
        onCompleted={(sprint) => setReport(sprint)}
      />
      <SprintReportModal sprint={report} onClose={() => setReport(null)} />
    </ScrollArea>
  );
}
