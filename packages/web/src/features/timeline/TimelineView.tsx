import { ActionIcon, Box, Button, Group, SegmentedControl, Text, Tooltip } from "@mantine/core";
import { useReducedMotion } from "@mantine/hooks";
import { IconChevronLeft, IconChevronRight, IconTimeline } from "@tabler/icons-react";
import dayjs from "dayjs";
import { type PointerEvent as ReactPointerEvent, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TaskRow } from "../../api/types";
import { EmptyState } from "../../components/EmptyState";
import type { BoardData } from "../projects/board";
import "../calendar/calendar.css";
import { optionColor } from "../custom-fields/colors";
import { fieldsOf } from "../custom-fields/queries";
import { useUpdateTask } from "../tasks/mutations";
import { Diamond, TaskMark } from "./TaskMark";

const NAME_W = 260;
const ROW_H = 36;
const SECTION_H = 32;
const HEAD_H = 48;
const DAY = "YYYY-MM-DD";

type Line =
  | { kind: "section"; key: string; name: string; count: number }
  | { kind: "task"; key: string; task: TaskRow };
type Drag = { gid: string; mode: "move" | "start" | "end"; x: number; delta: number };

function span(task: TaskRow): { start: string; end: string } | null {
  if (!task.due_on && !task.start_on) return null;
  const end = task.due_on ?? task.start_on!;
  const start = task.start_on && task.start_on <= end ? task.start_on : end;
  return { start, end };
}

function barColor(task: TaskRow): string {
  const option = fieldsOf(task).find((field) => field.enum_value)?.enum_value;
  return option ? optionColor(option.color) : "var(--mantine-color-takt-5)";
}

// Tasks as bars from start to due date, by section; drag to move, drag an edge to resize; arrows for dependencies.
export function TimelineView({ board, onOpen }: { board: BoardData; onOpen(gid: string): void }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateTask().mutate;
  const scroller = useRef<HTMLDivElement>(null);
  // Today and the arrows glide the timeline along, or jump for people who ask for less motion.
  const smooth: ScrollBehavior = useReducedMotion() ? "auto" : "smooth";
  const [zoom, setZoom] = useState<"day" | "week">("day");
  const dayW = zoom === "day" ? 32 : 14;
  const [drag, setDrag] = useState<Drag | null>(null);
  const firstDay = i18n.language === "ru" ? 1 : 0;

  const lines = useMemo(() => {
    const out: Line[] = [];
    for (const section of board.sections) {
      const tasks = board.tasks[section.gid] ?? [];
      out.push({ kind: "section", key: `s:${section.gid}`, name: section.name, count: tasks.length });
      for (const task of tasks) out.push({ kind: "task", key: task.gid, task });
    }
    return out;
  }, [board]);

  const dated = lines.flatMap((line) => (line.kind === "task" && span(line.task) ? [span(line.task)!] : []));
  const today = dayjs().startOf("day");
  const earliest = dated.reduce((min, item) => (item.start < min ? item.start : min), today.format(DAY));
  const latest = dated.reduce((max, item) => (item.end > max ? item.end : max), today.format(DAY));
  const rawStart = dayjs(earliest).subtract(14, "day");
  const origin = rawStart.subtract((rawStart.day() - firstDay + 7) % 7, "day");
  const weeks = Math.max(12, Math.ceil(dayjs(latest).diff(origin, "day") / 7) + 4);
  const totalDays = weeks * 7;
  const weekStarts = Array.from({ length: weeks }, (_, week) => origin.add(week * 7, "day"));
  const xOf = (date: string) => dayjs(date).diff(origin, "day") * dayW;

  const tops = useMemo(() => {
    const map = new Map<string, number>();
    let y = 0;
    for (const line of lines) {
      if (line.kind === "task") map.set(line.task.gid, y);
      y += line.kind === "section" ? SECTION_H : ROW_H;
    }
    return { map, height: y };
  }, [lines]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll to today once, when the view opens
  useEffect(() => {
    // Start a few days before the earlier of today and the first dated task.
    const first = earliest < today.format(DAY) ? earliest : today.format(DAY);
    if (scroller.current) scroller.current.scrollLeft = Math.max(0, xOf(first) - 3 * dayW);
  }, [zoom]);

  const shifted = (task: TaskRow): { start: string; end: string } | null => {
    const base = span(task);
    if (!base || !drag || drag.gid !== task.gid || !drag.delta) return base;
    const move = (date: string) => dayjs(date).add(drag.delta, "day").format(DAY);
    if (drag.mode === "move") return { start: move(base.start), end: move(base.end) };
    if (drag.mode === "start") {
      const start = move(base.start);
      return { start: start > base.end ? base.end : start, end: base.end };
    }
    const end = move(base.end);
    return { start: base.start, end: end < base.start ? base.start : end };
  };

  const begin = (event: ReactPointerEvent, task: TaskRow, mode: Drag["mode"]) => {
    if (event.button !== 0) return;
    event.stopPropagation();
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
    setDrag({ gid: task.gid, mode, x: event.clientX, delta: 0 });
  };
  const moveDrag = (event: ReactPointerEvent) => {
    if (!drag) return;
    const delta = Math.round((event.clientX - drag.x) / dayW);
    if (delta !== drag.delta) setDrag({ ...drag, delta });
  };
  const commit = (task: TaskRow, start: string, end: string) => {
    const base = span(task);
    // Dates are the task's to change only for who may edit it; a drag on any other bar is just a look.
    if (!base || !task.permissions?.edit) return;
    const patch: { start_on?: string | null; due_on?: string | null } = {};
    if (end !== (task.due_on ?? null)) patch.due_on = end;
    const hadStart = !!task.start_on || drag?.mode === "start";
    if (hadStart && start !== end && start !== task.start_on) patch.start_on = start;
    if (hadStart && start === end && task.start_on) patch.start_on = null;
    if (Object.keys(patch).length) update({ task, patch });
  };
  const end = (task: TaskRow, event?: ReactPointerEvent) => {
    event?.stopPropagation();
    if (!drag) return;
    const next = shifted(task);
    const wasClick = drag.delta === 0;
    setDrag(null);
    if (wasClick) return onOpen(task.gid);
    if (next) commit(task, next.start, next.end);
  };
  const nudge = (event: React.KeyboardEvent, task: TaskRow) => {
    const base = span(task);
    if (event.key === "Enter") return onOpen(task.gid);
    if (!base || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
    event.preventDefault();
    const step = event.key === "ArrowLeft" ? -1 : 1;
    const move = (date: string) => dayjs(date).add(step, "day").format(DAY);
    if (event.shiftKey) commit(task, base.start, base.end === base.start && step < 0 ? base.end : move(base.end));
    else commit(task, move(base.start), move(base.end));
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: positions follow the lines, zoom and origin
  const arrows = useMemo(() => {
    const out: { key: string; d: string }[] = [];
    const byGid = new Map(lines.flatMap((line) => (line.kind === "task" ? [[line.task.gid, line.task] as const] : [])));
    for (const line of lines) {
      if (line.kind !== "task") continue;
      const task = line.task;
      const to = span(task);
      if (!to) continue;
      for (const dependency of task.dependencies ?? []) {
        const blocker = byGid.get(dependency.gid);
        const from = blocker ? span(blocker) : null;
        if (!blocker || !from) continue;
        const x1 = xOf(from.end) + dayW;
        const y1 = (tops.map.get(blocker.gid) ?? 0) + ROW_H / 2;
        const x2 = xOf(to.start);
        const y2 = (tops.map.get(task.gid) ?? 0) + ROW_H / 2;
        const bend = Math.max(x1 + 10, Math.min(x2 - 10, x1 + 10));
        out.push({ key: `${blocker.gid}-${task.gid}`, d: `M ${x1} ${y1} H ${bend} V ${y2} H ${x2 - 2}` });
      }
    }
    return out;
  }, [lines, tops, dayW, origin.valueOf()]);

  if (!lines.some((line) => line.kind === "task")) {
    return <EmptyState icon={IconTimeline} title={t("timeline.emptyTitle")} text={t("timeline.emptyText")} />;
  }

  const width = totalDays * dayW;
  const todayX = xOf(today.format(DAY));
  const scrollBy = (direction: number) =>
    scroller.current?.scrollBy({ left: direction * 7 * dayW * 2, behavior: smooth });

  return (
    <Box style={{ flex: 1, minHeight: 0, display: "flex", flexDirection: "column" }} data-testid="timeline">
      <Group px="lg" py="xs" justify="space-between">
        <Group gap={6}>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => scroller.current?.scrollTo({ left: Math.max(0, todayX - 7 * dayW), behavior: smooth })}
          >
            {t("dates.today")}
          </Button>
          <ActionIcon variant="subtle" color="gray" onClick={() => scrollBy(-1)} aria-label={t("calendar.previous")}>
            <IconChevronLeft size={18} />
          </ActionIcon>
          <ActionIcon variant="subtle" color="gray" onClick={() => scrollBy(1)} aria-label={t("calendar.next")}>
            <IconChevronRight size={18} />
          </ActionIcon>
          <Text size="xs" c="dimmed">
            {t("timeline.hint")}
          </Text>
        </Group>
        <SegmentedControl
          size="xs"
          value={zoom}
          onChange={(value) => setZoom(value as "day" | "week")}
          data={[
            { value: "day", label: t("timeline.days") },
            { value: "week", label: t("timeline.weeks") },
          ]}
        />
      </Group>
      <div className="takt-tl" ref={scroller} data-testid="timeline-scroll">
        <div
          style={{
            display: "grid",
            gridTemplateColumns: `${NAME_W}px ${width}px`,
            gridTemplateRows: `${HEAD_H}px auto`,
            alignContent: "start",
            minHeight: "100%",
          }}
        >
          {/* header */}
          <div
            className="takt-tl-names"
            style={{
              position: "sticky",
              top: 0,
              zIndex: 4,
              height: HEAD_H,
              borderBottom: "1px solid var(--mantine-color-gray-3)",
            }}
          >
            <Text size="xs" c="dimmed" fw={600} px="md" pt={26}>
              {t("tasks.name")}
            </Text>
          </div>
          <div
            style={{
              position: "sticky",
              top: 0,
              zIndex: 2,
              height: HEAD_H,
              background: "var(--mantine-color-body)",
              borderBottom: "1px solid var(--mantine-color-gray-3)",
            }}
          >
            {weekStarts.map((day, week) => {
              return (
                <div
                  key={day.valueOf()}
                  style={{
                    position: "absolute",
                    left: week * 7 * dayW,
                    width: 7 * dayW,
                    top: 0,
                    bottom: 0,
                    borderLeft: "1px solid var(--mantine-color-gray-2)",
                  }}
                >
                  {(week === 0 || day.date() <= 7) && (
                    <Text size="xs" fw={650} px={6} pt={4} tt="capitalize" style={{ whiteSpace: "nowrap" }}>
                      {day.format("MMMM YYYY")}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed" px={6} style={{ position: "absolute", bottom: 4, whiteSpace: "nowrap" }}>
                    {zoom === "day" ? day.format("D MMM") : day.format("D")}
                  </Text>
                </div>
              );
            })}
          </div>
          {/* names */}
          <div className="takt-tl-names">
            {lines.map((line) =>
              line.kind === "section" ? (
                <Group
                  key={line.key}
                  h={SECTION_H}
                  px="md"
                  gap={6}
                  wrap="nowrap"
                  bg="gray.0"
                  style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
                >
                  <Text size="sm" fw={650} truncate>
                    {line.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {line.count}
                  </Text>
                </Group>
              ) : (
                <Group
                  key={line.key}
                  h={ROW_H}
                  px="md"
                  gap={6}
                  wrap="nowrap"
                  style={{ borderBottom: "1px solid var(--mantine-color-gray-1)", cursor: "pointer" }}
                  onClick={() => onOpen(line.task.gid)}
                >
                  <TaskMark task={line.task} size={12} />
                  <Text
                    size="sm"
                    truncate
                    className={line.task.completed ? "takt-completed" : undefined}
                    title={line.task.name}
                  >
                    {line.task.name}
                  </Text>
                  {!span(line.task) && (
                    <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                      {t("timeline.noDates")}
                    </Text>
                  )}
                </Group>
              ),
            )}
          </div>
          {/* chart */}
          <div style={{ position: "relative", height: tops.height }} onPointerMove={moveDrag}>
            {weekStarts.map((day, week) => (
              <div
                key={day.valueOf()}
                style={{
                  position: "absolute",
                  left: week * 7 * dayW,
                  top: 0,
                  bottom: 0,
                  width: 7 * dayW,
                  borderLeft: "1px solid var(--mantine-color-gray-2)",
                }}
              >
                <div
                  style={{
                    position: "absolute",
                    left: (firstDay === 1 ? 5 : 6) * dayW,
                    width: 2 * dayW - (firstDay === 1 ? 0 : dayW),
                    top: 0,
                    bottom: 0,
                    background: "var(--mantine-color-gray-0)",
                  }}
                />
              </div>
            ))}
            {lines.map((line) => {
              const y = line.kind === "task" ? tops.map.get(line.task.gid)! : null;
              if (line.kind === "section") return null;
              return (
                <div
                  key={`row-${line.key}`}
                  style={{
                    position: "absolute",
                    left: 0,
                    right: 0,
                    top: (y ?? 0) + ROW_H - 1,
                    height: 1,
                    background: "var(--mantine-color-gray-1)",
                  }}
                />
              );
            })}
            <div
              style={{
                position: "absolute",
                left: todayX + dayW / 2,
                top: 0,
                bottom: 0,
                width: 2,
                background: "var(--mantine-color-red-5)",
                opacity: 0.7,
                zIndex: 1,
              }}
              data-testid="timeline-today"
            />
            <svg
              width={width}
              height={tops.height}
              style={{ position: "absolute", inset: 0, pointerEvents: "none", zIndex: 1 }}
              aria-hidden
            >
              <defs>
                <marker id="takt-arrow" markerWidth="8" markerHeight="8" refX="6" refY="4" orient="auto">
                  <path d="M0,0 L8,4 L0,8 Z" fill="var(--mantine-color-gray-6)" />
                </marker>
              </defs>
              {arrows.map((arrow) => (
                <path
                  key={arrow.key}
                  d={arrow.d}
                  fill="none"
                  stroke="var(--mantine-color-gray-6)"
                  strokeWidth={1.5}
                  markerEnd="url(#takt-arrow)"
                  data-testid="timeline-arrow"
                />
              ))}
            </svg>
            {lines.map((line) => {
              if (line.kind !== "task") return null;
              const task = line.task;
              const range = shifted(task);
              if (!range) return null;
              const top = tops.map.get(task.gid)!;
              const label = `${task.name}: ${dayjs(range.start).format("D MMM")}${range.start !== range.end ? ` – ${dayjs(range.end).format("D MMM")}` : ""}`;
              if (task.resource_subtype === "milestone") {
                return [
                  <Tooltip key={task.gid} label={label} openDelay={300}>
                    {/* biome-ignore lint/a11y/useSemanticElements: a draggable diamond positioned in the chart */}
                    <div
                      className="takt-tl-milestone"
                      style={{ left: xOf(range.end) + dayW / 2 - 9, top: top + ROW_H / 2 - 9, zIndex: 2 }}
                      onPointerDown={(event) => begin(event, task, "move")}
                      onPointerUp={() => end(task)}
                      onKeyDown={(event) => nudge(event, task)}
                      tabIndex={0}
                      role="button"
                      aria-label={label}
                      data-testid="timeline-bar"
                      data-task-name={task.name}
                    >
                      <Diamond size={18} filled={!task.completed} />
                    </div>
                  </Tooltip>,
                  <BarLabel
                    key={`${task.gid}-label`}
                    name={task.name}
                    left={xOf(range.end) + dayW / 2 + 14}
                    top={top}
                  />,
                ];
              }
              const left = xOf(range.start);
              const barWidth = Math.max(dayW, (dayjs(range.end).diff(range.start, "day") + 1) * dayW);
              // The name goes on the bar when it fits there, beside it otherwise: every bar says what it is.
              const inside = barWidth - 16 >= textWidth(task.name);
              return [
                !inside && <BarLabel key={`${task.gid}-label`} name={task.name} left={left + barWidth + 6} top={top} />,
                // biome-ignore lint/a11y/useSemanticElements: a bar holds two resize handles, so it cannot be a <button>
                <div
                  key={task.gid}
                  className="takt-tl-bar"
                  data-completed={task.completed}
                  data-testid="timeline-bar"
                  data-task-name={task.name}
                  data-start={range.start}
                  data-end={range.end}
                  role="button"
                  tabIndex={0}
                  aria-label={label}
                  title={label}
                  style={{
                    left,
                    width: barWidth,
                    top: top + (ROW_H - 22) / 2,
                    zIndex: 2,
                    background: task.completed ? undefined : barColor(task),
                    cursor: drag?.gid === task.gid ? "grabbing" : undefined,
                  }}
                  onPointerDown={(event) => begin(event, task, "move")}
                  onPointerUp={() => end(task)}
                  onKeyDown={(event) => nudge(event, task)}
                >
                  {task.permissions?.edit && (
                    <span
                      className="takt-tl-edge"
                      style={{ left: 0 }}
                      onPointerDown={(event) => begin(event, task, "start")}
                      onPointerUp={(event) => end(task, event)}
                      data-testid="timeline-start-edge"
                    />
                  )}
                  {inside ? task.name : ""}
                  {task.permissions?.edit && (
                    <span
                      className="takt-tl-edge"
                      style={{ right: 0 }}
                      onPointerDown={(event) => begin(event, task, "end")}
                      onPointerUp={(event) => end(task, event)}
                      data-testid="timeline-end-edge"
                    />
                  )}
                </div>,
              ];
            })}
          </div>
        </div>
      </div>
    </Box>
  );
}

// About how wide a name is in the bars' 12 px type (a little generous, so a name never gets cut on its bar).
const textWidth = (text: string) => text.length * 7;

// A name beside its bar (or milestone), when the bar is too short to hold it.
function BarLabel({ name, left, top }: { name: string; left: number; top: number }) {
  return (
    <div className="takt-tl-label" style={{ left, top: top + (ROW_H - 22) / 2 }} data-testid="timeline-bar-label">
      {name}
    </div>
  );
}
