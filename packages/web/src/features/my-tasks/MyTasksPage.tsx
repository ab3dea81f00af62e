import { ActionIcon, Badge, Box, Button, Checkbox, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { IconChevronRight, IconCircleCheck, IconPlus } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import type { TaskRow } from "../../api/types";
import { useShortcuts } from "../../app/shortcuts";
import { useWorkspace } from "../../app/workspace";
import { DuePicker } from "../../components/DuePicker";
import { EmptyState } from "../../components/EmptyState";
import { TaskComposer } from "../projects/TaskComposer";
import { TaskPane } from "../tasks/LazyTaskPane";
import { useUpdateTask } from "../tasks/mutations";
import { ApprovalStatus, isApproval, strikesThrough, TaskMark } from "../timeline/TaskMark";
import { useCreateMyTask } from "./mutations";
import { useMyTasks } from "./queries";

export type Bucket = "recent" | "today" | "upcoming" | "later";
const BUCKETS: Bucket[] = ["recent", "today", "upcoming", "later"];

// Asana's classic My Tasks: no date yet = recently assigned; overdue counts as today; a week ahead is upcoming.
export function bucketOf(task: Pick<TaskRow, "due_on">, now = dayjs()): Bucket {
  if (!task.due_on) return "recent";
  const days = dayjs(task.due_on).startOf("day").diff(now.startOf("day"), "day");
  if (days <= 0) return "today";
  if (days <= 7) return "upcoming";
  return "later";
}

function MyTaskRow({
  task,
  index,
  active,
  onOpen,
}: {
  task: TaskRow;
  index: number;
  active: boolean;
  onOpen(gid: string): void;
}) {
  const { t } = useTranslation();
  const update = useUpdateTask().mutate;
  const projects = task.memberships?.map((membership) => membership.project) ?? task.projects ?? [];
  return (
    // biome-ignore lint/a11y/useSemanticElements: a grid row of a virtualized list, in a role="list" of divs
    <div
      className="takt-row"
      style={{ gridTemplateColumns: "28px minmax(0,1fr) auto 120px" }}
      data-active={active}
      data-row-index={index}
      role="listitem"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a row is one stop of the keyboard (Enter opens, Space completes)
      tabIndex={0}
      data-testid="my-task"
      onClick={() => onOpen(task.gid)}
      onKeyDown={(event) => {
        if (event.target !== event.currentTarget) return;
        if (event.key === "Enter") onOpen(task.gid);
        if (event.key === " " && task.permissions?.complete && !isApproval(task)) {
          event.preventDefault();
          update({ task, patch: { completed: !task.completed } });
        }
      }}
    >
      {isApproval(task) ? (
        <Box style={{ display: "flex", justifyContent: "center" }}>
          <TaskMark task={task} size={15} />
        </Box>
      ) : (
        <Checkbox
          radius="xl"
          size="sm"
          color="teal"
          checked={task.completed}
          disabled={!task.permissions?.complete}
          onClick={(event) => event.stopPropagation()}
          onChange={(event) => update({ task, patch: { completed: event.currentTarget.checked } })}
          aria-label={t("tasks.markComplete")}
        />
      )}
      <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
        <Text size="sm" truncate className={strikesThrough(task) ? "takt-completed" : undefined}>
          {task.name}
        </Text>
        <ApprovalStatus task={task} size="xs" />
      </Group>
      <Group gap={4} wrap="nowrap" px="sm">
        {projects.slice(0, 3).map((project) => (
          <Badge key={project.gid} variant="light" color="gray" size="sm" radius="sm" tt="none" fw={500} maw={160}>
            {project.name}
          </Badge>
        ))}
      </Group>
      <DuePicker
        value={task.due_on}
        completed={task.completed}
        readOnly={!task.permissions?.edit}
        onChange={(due_on) => update({ task, patch: { due_on } })}
        placeholder=" "
      />
    </div>
  );
}

export function MyTasksPage() {
  const { t } = useTranslation();
  const { taskGid } = useParams();
  const { me, workspace } = useWorkspace();
  const tasks = useMyTasks(workspace?.gid);
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useLocalStorage<Record<string, boolean>>({
    key: "takt.mytasks.collapsed",
    defaultValue: {},
  });
  const [composing, setComposing] = useState(false);
  const listRef = useRef<HTMLDivElement>(null);
  useShortcuts([["n", () => setComposing(true)]]);

  const groups = useMemo(() => {
    const out: Record<Bucket, TaskRow[]> = { recent: [], today: [], upcoming: [], later: [] };
    for (const task of tasks.data ?? []) out[bucketOf(task)].push(task);
    for (const bucket of BUCKETS) {
      out[bucket].sort((a, b) =>
        bucket === "recent"
          ? (b.created_at ?? "").localeCompare(a.created_at ?? "")
          : (a.due_on ?? "").localeCompare(b.due_on ?? ""),
      );
    }
    return out;
  }, [tasks.data]);

  const create = useCreateMyTask(workspace?.gid ?? "", me.gid).mutate;

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const rows = [...(listRef.current?.querySelectorAll<HTMLElement>("[data-row-index]") ?? [])];
    const index = rows.indexOf(event.target as HTMLElement);
    if (index < 0) return;
    event.preventDefault();
    rows[index + (event.key === "ArrowDown" ? 1 : -1)]?.focus();
  };

  let rowIndex = 0;
  return (
    <Box style={{ display: "flex", flex: 1, minHeight: 0 }}>
      <Box style={{ flex: 1, minWidth: 0, overflow: "auto" }}>
        <Box px="xl" pt="lg" pb="sm">
          <Group justify="space-between">
            <Title order={1} size="h2">
              {t("nav.myTasks")}
            </Title>
            <Button
              size="xs"
              leftSection={<IconPlus size={16} />}
              onClick={() => setComposing(true)}
              data-testid="my-add-task"
            >
              {t("tasks.add")}
            </Button>
          </Group>
        </Box>
        <Box px="xl" pb="xl" ref={listRef} onKeyDown={onKeyDown}>
          {composing && (
            <Box py="xs">
              <TaskComposer onCreate={create} onClose={() => setComposing(false)} />
            </Box>
          )}
          {tasks.isPending ? (
            <Stack gap="sm" mt="md">
              {[0, 1, 2, 3, 4].map((index) => (
                <Skeleton key={index} h={index === 0 ? 24 : 34} w={index === 0 ? 180 : "100%"} />
              ))}
            </Stack>
          ) : (tasks.data ?? []).length === 0 && !composing ? (
            <EmptyState
              icon={IconCircleCheck}
              title={t("myTasks.emptyTitle")}
              text={t("myTasks.emptyText")}
              action={
                <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setComposing(true)}>
                  {t("tasks.add")}
                </Button>
              }
            />
          ) : (
            BUCKETS.map((bucket) => (
              <Box key={bucket} mt="md" data-testid={`bucket-${bucket}`}>
                <Group gap={4} py={6} style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    onClick={() => setCollapsed({ ...collapsed, [bucket]: !collapsed[bucket] })}
                    aria-label={collapsed[bucket] ? t("sidebar.expand") : t("sidebar.collapse")}
                  >
                    <IconChevronRight size={15} style={{ transform: collapsed[bucket] ? "none" : "rotate(90deg)" }} />
                  </ActionIcon>
                  <Text fw={650}>{t(`myTasks.${bucket}`)}</Text>
                  <Text size="sm" c="dimmed">
                    {t("tasks.count", { count: groups[bucket].length })}
                  </Text>
                </Group>
                {!collapsed[bucket] && groups[bucket].length > 0 && (
                  // biome-ignore lint/a11y/useSemanticElements: a list of div rows, named with its count
                  <div
                    role="list"
                    aria-label={t("a11y.taskList", { name: t(`myTasks.${bucket}`), count: groups[bucket].length })}
                  >
                    {groups[bucket].map((task) => (
                      <MyTaskRow
                        key={task.gid}
                        task={task}
                        index={rowIndex++}
                        active={task.gid === taskGid}
                        onOpen={(gid) => navigate(`/my-tasks/tasks/${gid}`)}
                      />
                    ))}
                  </div>
                )}
                {!collapsed[bucket] && groups[bucket].length === 0 && (
                  <Text size="sm" c="dimmed" py={8} pl={36}>
                    {t(`myTasks.${bucket}Empty`)}
                  </Text>
                )}
              </Box>
            ))
          )}
        </Box>
      </Box>
      {taskGid && (
        <TaskPane key={taskGid} taskGid={taskGid} onClose={() => navigate("/my-tasks")} basePath="/my-tasks" />
      )}
    </Box>
  );
}
