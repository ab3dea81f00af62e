import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { ActionIcon, Badge, Box, Button, Group, SegmentedControl, Text, Tooltip } from "@mantine/core";
import { IconChevronLeft, IconChevronRight, IconCircleCheckFilled } from "@tabler/icons-react";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TaskRow } from "../../api/types";
import { optionColor } from "../custom-fields/colors";
import { fieldsOf } from "../custom-fields/queries";
import { useUpdateTask } from "../tasks/mutations";
import { TaskMark } from "../timeline/TaskMark";

const MAX_IN_CELL = 4;

function colorOf(task: TaskRow): string {
  const option = fieldsOf(task).find((field) => field.enum_value)?.enum_value;
  return option ? optionColor(option.color) : "var(--mantine-color-takt-5)";
}

function Chip({ task, onOpen, overlay = false }: { task: TaskRow; onOpen?(gid: string): void; overlay?: boolean }) {
  const draggable = useDraggable({ id: `t:${task.gid}`, disabled: overlay || !task.permissions?.edit });
  return (
    <button
      type="button"
      ref={draggable.setNodeRef}
      {...draggable.attributes}
      {...draggable.listeners}
      className="takt-cal-chip"
      data-completed={task.completed}
      data-testid="calendar-task"
      data-task-name={task.name}
      style={{
        opacity: draggable.isDragging ? 0.35 : 1,
        borderLeftColor: colorOf(task),
        boxShadow: overlay ? "0 8px 24px rgba(0,0,0,.18)" : undefined,
      }}
      onClick={(event) => {
        event.stopPropagation();
        onOpen?.(task.gid);
      }}
    >
      {task.completed ? (
        <IconCircleCheckFilled size={12} color="var(--mantine-color-teal-6)" style={{ flexShrink: 0 }} />
      ) : (
        <TaskMark task={task} size={11} />
      )}
      <span className="takt-cal-chip-name">{task.name}</span>
    </button>
  );
}

function Day({
  day,
  month,
  tasks,
  tall,
  onOpen,
}: {
  day: Dayjs;
  month: number;
  tasks: TaskRow[];
  tall: boolean;
  onOpen(gid: string): void;
}) {
  const { t } = useTranslation();
  const key = day.format("YYYY-MM-DD");
  const droppable = useDroppable({ id: `d:${key}` });
  const [expanded, setExpanded] = useState(false);
  const today = key === dayjs().format("YYYY-MM-DD");
  const visible = tall || expanded ? tasks : tasks.slice(0, MAX_IN_CELL);
  return (
    <div
      ref={droppable.setNodeRef}
      className="takt-cal-day"
      data-outside={day.month() !== month && !tall}
      data-over={droppable.isOver}
      data-testid="calendar-day"
      data-date={key}
    >
      <Group justify="space-between" px={6} pt={4} wrap="nowrap">
        <Text
          size="xs"
          fw={today ? 700 : 500}
          c={today ? "white" : day.month() !== month && !tall ? "dimmed" : undefined}
          className={today ? "takt-cal-today" : undefined}
        >
          {day.date() === 1 && !tall ? day.format("D MMM") : day.format("D")}
        </Text>
      </Group>
      <Box px={4} pb={4} style={{ display: "flex", flexDirection: "column", gap: 3 }}>
        {visible.map((task) => (
          <Chip key={task.gid} task={task} onOpen={onOpen} />
        ))}
        {!tall && !expanded && tasks.length > MAX_IN_CELL && (
          <Text size="xs" c="dimmed" style={{ cursor: "pointer" }} onClick={() => setExpanded(true)} px={4}>
            {t("calendar.more", { count: tasks.length - MAX_IN_CELL })}
          </Text>
        )}
      </Box>
    </div>
  );
}

// Tasks on their due dates, by month or week; dragging a task to another day changes its due date.
export function CalendarView({ tasks, onOpen }: { tasks: TaskRow[]; onOpen(gid: string): void }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateTask().mutate;
  const [mode, setMode] = useState<"month" | "week">("month");
  const [anchor, setAnchor] = useState(() => dayjs());
  const [dragging, setDragging] = useState<TaskRow | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));
  const firstDay = i18n.language === "ru" ? 1 : 0;

  const startOfWeek = (day: Dayjs) => day.subtract((day.day() - firstDay + 7) % 7, "day").startOf("day");
  // biome-ignore lint/correctness/useExhaustiveDependencies: startOfWeek depends only on firstDay
  const days = useMemo(() => {
    const start = mode === "month" ? startOfWeek(anchor.startOf("month")) : startOfWeek(anchor);
    const count =
      mode === "month" ? Math.ceil((anchor.startOf("month").diff(start, "day") + anchor.daysInMonth()) / 7) * 7 : 7;
    return Array.from({ length: count }, (_, index) => start.add(index, "day"));
  }, [anchor, mode, firstDay]);

  const byDay = useMemo(() => {
    const map = new Map<string, TaskRow[]>();
    for (const task of tasks) {
      if (!task.due_on) continue;
      const list = map.get(task.due_on) ?? [];
      list.push(task);
      map.set(task.due_on, list);
    }
    return map;
  }, [tasks]);
  const unscheduled = tasks.filter((task) => !task.due_on && !task.completed).length;

  const onDragStart = (event: DragStartEvent) =>
    setDragging(tasks.find((task) => `t:${task.gid}` === event.active.id) ?? null);
  const onDragEnd = (event: DragEndEvent) => {
    const task = dragging;
    setDragging(null);
    const over = event.over ? String(event.over.id) : null;
    if (!task || !over?.startsWith("d:")) return;
    const date = over.slice(2);
    if (date !== task.due_on && task.permissions?.edit) update({ task, patch: { due_on: date } });
  };

  const step = (direction: 1 | -1) => setAnchor((day) => day.add(direction, mode === "month" ? "month" : "week"));
  const title =
    mode === "month" ? anchor.format("MMMM YYYY") : `${days[0].format("D MMM")} – ${days[6].format("D MMM YYYY")}`;

  return (
    <Box style={{ flex: 1, minHeight: 0, display: "flex", flexDirection: "column" }} data-testid="calendar">
      <Group px="lg" py="xs" justify="space-between" wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <Button size="compact-sm" variant="default" onClick={() => setAnchor(dayjs())} data-testid="calendar-today">
            {t("dates.today")}
          </Button>
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={() => step(-1)}
            aria-label={t("calendar.previous")}
            data-testid="calendar-prev"
          >
            <IconChevronLeft size={18} />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={() => step(1)}
            aria-label={t("calendar.next")}
            data-testid="calendar-next"
          >
            <IconChevronRight size={18} />
          </ActionIcon>
          <Text fw={650} size="lg" tt="capitalize" data-testid="calendar-title">
            {title}
          </Text>
        </Group>
        <Group gap="sm" wrap="nowrap">
          {unscheduled > 0 && (
            <Tooltip label={t("calendar.unscheduledHint")}>
              <Badge variant="light" color="gray" radius="sm">
                {t("calendar.unscheduled", { count: unscheduled })}
              </Badge>
            </Tooltip>
          )}
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(value) => setMode(value as "month" | "week")}
            data={[
              { value: "month", label: t("calendar.month") },
              { value: "week", label: t("calendar.week") },
            ]}
            data-testid="calendar-mode"
          />
        </Group>
      </Group>
      <div className="takt-cal-head">
        {days.slice(0, 7).map((day) => (
          <Text key={day.day()} size="xs" c="dimmed" fw={600} tt="uppercase" ta="left" px={8} py={4}>
            {day.format("ddd")}
          </Text>
        ))}
      </div>
      <DndContext
        sensors={sensors}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(null)}
      >
        <div
          className="takt-cal-grid"
          style={{
            gridTemplateRows:
              mode === "month" ? `repeat(${days.length / 7}, minmax(112px, 1fr))` : "minmax(420px, 1fr)",
          }}
        >
          {days.map((day) => (
            <Day
              key={day.valueOf()}
              day={day}
              month={anchor.month()}
              tasks={byDay.get(day.format("YYYY-MM-DD")) ?? []}
              tall={mode === "week"}
              onOpen={onOpen}
            />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>{dragging ? <Chip task={dragging} overlay /> : null}</DragOverlay>
      </DndContext>
    </Box>
  );
}
