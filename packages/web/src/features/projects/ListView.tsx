import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { arrayMove, SortableContext, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ActionIcon, Badge, Box, Button, Checkbox, Group, Modal, Text, Tooltip } from "@mantine/core";
import {
  IconChevronRight,
  IconGripVertical,
  IconLayoutList,
  IconMessage,
  IconPencil,
  IconPlus,
  IconSubtask,
} from "@tabler/icons-react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type CSSProperties, memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BoardData } from "../../api/queries";
import type { Section, TaskRow } from "../../api/types";
import { AssigneePicker } from "../../components/AssigneePicker";
import { DuePicker } from "../../components/DuePicker";
import { EmptyState } from "../../components/EmptyState";
import { InlineEdit } from "../../components/InlineText";
import { fieldsOf } from "../custom-fields/api";
import { useProjectFields } from "../custom-fields/context";
import { FieldValueView } from "../custom-fields/FieldValueView";
import { TagChip } from "../tags/TagChip";
import { useTaskActions } from "../tasks/taskActions";
import { BlockedMark, isBlocked, TaskMark } from "../timeline/TaskMark";
import { type Placement, useBoardActions } from "./boardActions";
import { SectionMenu } from "./SectionMenu";
import { TaskComposer } from "./TaskComposer";

type Row =
  | { kind: "section"; id: string; section: Section; count: number }
  | { kind: "task"; id: string; task: TaskRow; section: Section }
  | { kind: "add"; id: string; section: Section }
  | { kind: "new-section"; id: string };

const HEIGHT = { section: 48, task: 38, add: 38, "new-section": 56 } as const;

// Name, assignee, due, then one column per project field, then the "+" column.
function gridOf(fieldCount: number): CSSProperties {
  return { gridTemplateColumns: `28px minmax(240px, 1fr) 180px 120px${" 150px".repeat(fieldCount)} 36px` };
}

export function placementIn(rows: TaskRow[], index: number): Placement {
  if (index > 0) return { after: rows[index - 1].gid };
  if (rows.length > 1) return { before: rows[1].gid };
  return {};
}

// The cells of a task row, apart from the drag handle. Memoised on the task itself: dnd-kit re-renders every
// sortable row whenever a row mounts or unmounts (that is, on every scroll frame of a virtualised list), and
// these cells (checkbox, tooltip, pickers, custom fields) are what made that expensive.
const TaskRowCells = memo(function TaskRowCells({
  task,
  blocked,
  editing,
  setEditing,
}: {
  task: TaskRow;
  blocked?: boolean;
  editing: boolean;
  setEditing(editing: boolean): void;
}) {
  const { t } = useTranslation();
  const actions = useTaskActions();
  const { settings: fieldSettings } = useProjectFields();
  const values = fieldsOf(task);
  return (
    <>
      <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
        <Checkbox
          radius="xl"
          size="sm"
          color="teal"
          checked={task.completed}
          aria-label={t("tasks.markComplete")}
          onClick={(event) => event.stopPropagation()}
          onChange={(event) => actions.update(task, { completed: event.currentTarget.checked })}
          data-testid="task-complete"
        />
        <TaskMark task={task} size={13} />
        {editing ? (
          <InlineEdit
            value={task.name}
            onSave={(name) => actions.update(task, { name })}
            onDone={() => setEditing(false)}
            testId="task-name-input"
          />
        ) : (
          <>
            <Text
              size="sm"
              truncate
              className={task.completed ? "takt-completed" : undefined}
              onDoubleClick={(event) => {
                event.stopPropagation();
                setEditing(true);
              }}
            >
              {task.name}
            </Text>
            <Tooltip label={t("tasks.rename")}>
              <ActionIcon
                className="takt-handle"
                variant="subtle"
                color="gray"
                size="sm"
                onClick={(event) => {
                  event.stopPropagation();
                  setEditing(true);
                }}
                aria-label={t("tasks.rename")}
                data-testid="task-rename"
              >
                <IconPencil size={14} />
              </ActionIcon>
            </Tooltip>
            {(task.num_subtasks ?? 0) > 0 && (
              <Group gap={2} c="dimmed" wrap="nowrap">
                <IconSubtask size={13} />
                <Text size="xs">{task.num_subtasks}</Text>
              </Group>
            )}
            {(task.num_comments ?? 0) > 0 && (
              <Group gap={2} c="dimmed" wrap="nowrap">
                <IconMessage size={13} />
                <Text size="xs">{task.num_comments}</Text>
              </Group>
            )}
            {blocked && <BlockedMark size={12} />}
            {(task.tags ?? []).slice(0, 3).map((tag) => (
              <TagChip key={tag.gid} tag={tag} size="xs" />
            ))}
          </>
        )}
      </Group>
      <Box style={{ minWidth: 0 }}>
        <AssigneePicker value={task.assignee} onChange={(assignee) => actions.update(task, { assignee })} />
      </Box>
      <Box>
        <DuePicker
          value={task.due_on}
          completed={task.completed}
          onChange={(due_on) => actions.update(task, { due_on })}
          placeholder=" "
        />
      </Box>
      {fieldSettings.map((setting) => (
        <Box key={setting.custom_field.gid} style={{ minWidth: 0, overflow: "hidden" }} px={6} data-testid="field-cell">
          <FieldValueView value={values.find((value) => value.gid === setting.custom_field.gid)} />
        </Box>
      ))}
      <span />
    </>
  );
});

// The sortable shell of a task row: the grid, the drag handle and the keyboard shortcuts. It re-renders with
// dnd-kit's context; the cells inside do not.
const TaskRowView = memo(function TaskRowView({
  row,
  index,
  active,
  onOpen,
  locked,
  blocked,
  grid,
}: {
  row: Extract<Row, { kind: "task" }>;
  index: number;
  active: boolean;
  onOpen(gid: string): void;
  locked?: boolean;
  blocked?: boolean;
  grid: CSSProperties;
}) {
  const { t } = useTranslation();
  const { task } = row;
  const actions = useTaskActions();
  const [editing, setEditing] = useState(false);
  const sortable = useSortable({ id: row.id, disabled: task.gid.startsWith("temp-") || locked });
  const style: CSSProperties = {
    ...grid,
    transform: CSS.Translate.toString(sortable.transform),
    transition: sortable.transition,
    opacity: sortable.isDragging ? 0.4 : 1,
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a row holds buttons and inputs, so it cannot be a <button>
    <div
      ref={sortable.setNodeRef}
      style={style}
      className="takt-row"
      data-active={active}
      data-row-index={index}
      role="button"
      data-testid="task-row"
      data-task-name={task.name}
      tabIndex={0}
      onClick={() => onOpen(task.gid)}
      onKeyDown={(event) => {
        if (event.target !== event.currentTarget) return;
        if (event.key === "Enter") onOpen(task.gid);
        if (event.key === " ") {
          event.preventDefault();
          actions.update(task, { completed: !task.completed });
        }
        if (event.key === "F2") setEditing(true);
      }}
    >
      <button
        type="button"
        className="takt-handle"
        {...sortable.attributes}
        {...sortable.listeners}
        aria-label={t("common.drag")}
      >
        <IconGripVertical size={14} />
      </button>
      <TaskRowCells task={task} blocked={blocked} editing={editing} setEditing={setEditing} />
    </div>
  );
});

function SectionRowView({
  row,
  collapsed,
  onToggle,
  onRename,
  onDelete,
  onAddBelow,
  onAddTask,
  locked,
}: {
  locked?: boolean;
  row: Extract<Row, { kind: "section" }>;
  collapsed: boolean;
  onToggle(): void;
  onRename(name: string): void;
  onDelete(): void;
  onAddBelow(): void;
  onAddTask(): void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const sortable = useSortable({ id: row.id, disabled: row.section.gid.startsWith("temp-") || locked });
  const style: CSSProperties = {
    transform: CSS.Translate.toString(sortable.transform),
    transition: sortable.transition,
    opacity: sortable.isDragging ? 0.4 : 1,
    height: HEIGHT.section,
    display: "flex",
    alignItems: "flex-end",
    paddingBottom: 6,
    paddingLeft: 4,
    borderBottom: "1px solid var(--mantine-color-gray-3)",
    background: "var(--mantine-color-body)",
  };
  return (
    <div
      ref={sortable.setNodeRef}
      style={style}
      className="takt-section-header"
      data-testid="section-row"
      data-section-name={row.section.name}
    >
      <Group gap={4} wrap="nowrap" style={{ flex: 1 }}>
        <button
          type="button"
          className="takt-handle"
          {...sortable.attributes}
          {...sortable.listeners}
          aria-label={t("common.drag")}
        >
          <IconGripVertical size={14} />
        </button>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          onClick={onToggle}
          aria-label={collapsed ? t("sidebar.expand") : t("sidebar.collapse")}
        >
          <IconChevronRight
            size={15}
            style={{ transform: collapsed ? "none" : "rotate(90deg)", transition: "transform 120ms" }}
          />
        </ActionIcon>
        {editing ? (
          <Box maw={360} style={{ flex: 1 }}>
            <InlineEdit
              value={row.section.name}
              onSave={onRename}
              onDone={() => setEditing(false)}
              fw={650}
              testId="section-name-input"
            />
          </Box>
        ) : (
          <Text
            fw={650}
            size="md"
            onDoubleClick={() => !locked && setEditing(true)}
            style={{ cursor: "text" }}
            data-testid="section-name"
          >
            {row.section.name}
          </Text>
        )}
        <Badge variant="light" color="gray" size="sm" radius="sm">
          {row.count}
        </Badge>
        {!locked && (
          <>
            <Tooltip label={t("tasks.addToSection")}>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                onClick={onAddTask}
                aria-label={t("tasks.addToSection")}
              >
                <IconPlus size={15} />
              </ActionIcon>
            </Tooltip>
            <SectionMenu
              onRename={() => setEditing(true)}
              onAddBelow={onAddBelow}
              onDelete={onDelete}
              section={row.section}
            />
          </>
        )}
      </Group>
    </div>
  );
}

export function ListView({
  projectGid,
  board,
  activeTask,
  onOpen,
  composeSignal,
  regrouped = false,
}: {
  projectGid: string;
  board: BoardData;
  activeTask?: string;
  onOpen(gid: string): void;
  composeSignal: number;
  // Grouped by something other than sections: rows cannot be dragged or added into a group.
  regrouped?: boolean;
}) {
  const { t } = useTranslation();
  const actions = useBoardActions(projectGid);
  const projectFields = useProjectFields();
  const { completedOf } = projectFields;
  const [collapsed, setCollapsed] = useState<Record<string, boolean>>({});
  const [composing, setComposing] = useState<string | null>(null);
  const [addingSection, setAddingSection] = useState<{ after?: string } | null>(null);
  const [deleting, setDeleting] = useState<Section | null>(null);
  const [dragging, setDragging] = useState<Row | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  // Rows are memoised: hand them callbacks and styles that keep their identity from one render to the next.
  const onOpenRef = useRef(onOpen);
  onOpenRef.current = onOpen;
  const openTask = useCallback((gid: string) => onOpenRef.current(gid), []);
  const fieldCount = projectFields.settings.length;
  const grid = useMemo(() => gridOf(fieldCount), [fieldCount]);

  const rows = useMemo(() => {
    const out: Row[] = [];
    for (const section of board.sections) {
      const tasks = board.tasks[section.gid] ?? [];
      out.push({ kind: "section", id: `s:${section.gid}`, section, count: tasks.length });
      if (collapsed[section.gid] || dragging?.kind === "section") continue;
      for (const task of tasks) out.push({ kind: "task", id: `t:${task.gid}`, task, section });
      if (!regrouped) out.push({ kind: "add", id: `a:${section.gid}`, section });
    }
    if (!regrouped) out.push({ kind: "new-section", id: "new-section" });
    return out;
  }, [board, collapsed, dragging?.kind, regrouped]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => HEIGHT[rows[index].kind],
    overscan: 8,
    getItemKey: (index) => rows[index].id,
  });

  // `n` (or the Add task button) opens the composer in the first section.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reacts to the signal only, not to every board change
  useEffect(() => {
    if (!composeSignal || !board.sections[0]) return;
    const first = board.sections[0].gid;
    setCollapsed((state) => ({ ...state, [first]: false }));
    setComposing(first);
    const index = rows.findIndex((row) => row.id === `a:${first}`);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "center" });
  }, [composeSignal]);

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));
  const sortableIds = useMemo(
    () => rows.filter((row) => row.kind === "task" || row.kind === "section").map((row) => row.id),
    [rows],
  );

  const onDragStart = (event: DragStartEvent) => setDragging(rows.find((row) => row.id === event.active.id) ?? null);

  const onDragEnd = (event: DragEndEvent) => {
    const active = dragging;
    setDragging(null);
    const { over } = event;
    if (!active || !over || over.id === active.id) return;
    const ids = sortableIds;
    const from = ids.indexOf(String(active.id));
    const to = ids.indexOf(String(over.id));
    if (from < 0 || to < 0) return;
    const moved = arrayMove(ids, from, to);
    if (active.kind === "section") {
      const order = moved.filter((id) => id.startsWith("s:"));
      const position = order.indexOf(active.id);
      const placement = position > 0 ? { after: order[position - 1].slice(2) } : { before: order[1]?.slice(2) };
      if (placement.after || placement.before) actions.moveSection(active.id.slice(2), placement);
      return;
    }
    if (active.kind !== "task") return;
    // The task belongs to the nearest section header above its new position.
    const position = moved.indexOf(active.id);
    let section = board.sections[0]?.gid;
    for (let index = position - 1; index >= 0; index--) {
      if (moved[index].startsWith("s:")) {
        section = moved[index].slice(2);
        break;
      }
    }
    if (!section) return;
    const before = moved[position - 1];
    const after = moved[position + 1];
    const placement: Placement = before?.startsWith("t:")
      ? { after: before.slice(2) }
      : after?.startsWith("t:")
        ? { before: after.slice(2) }
        : {};
    actions.moveTask(active.task.gid, section, placement);
  };

  const focusRow = (index: number) => {
    virtualizer.scrollToIndex(index, { align: "auto" });
    requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${index}"]`)?.focus();
    });
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const target = event.target as HTMLElement;
    const current = Number(target.getAttribute("data-row-index") ?? -1);
    if (current < 0 && target.tagName === "INPUT") return;
    event.preventDefault();
    const step = event.key === "ArrowDown" ? 1 : -1;
    for (let index = current + step; index >= 0 && index < rows.length; index += step) {
      if (rows[index].kind === "task") return focusRow(index);
    }
  };

  if (board.sections.length === 0) {
    return (
      <EmptyState
        icon={IconLayoutList}
        title={t("sections.emptyTitle")}
        text={t("sections.emptyText")}
        action={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => actions.createSection(t("sections.defaultName"))}
            data-testid="add-first-section"
          >
            {t("sections.add")}
          </Button>
        }
      />
    );
  }

  const renderRow = (row: Row, index: number) => {
    switch (row.kind) {
      case "section":
        return (
          <SectionRowView
            row={row}
            locked={regrouped}
            collapsed={!!collapsed[row.section.gid]}
            onToggle={() => setCollapsed((state) => ({ ...state, [row.section.gid]: !state[row.section.gid] }))}
            onRename={(name) => actions.renameSection(row.section.gid, name)}
            onDelete={() => (row.count > 0 ? setDeleting(row.section) : actions.deleteSection(row.section.gid))}
            onAddBelow={() => setAddingSection({ after: row.section.gid })}
            onAddTask={() => {
              setCollapsed((state) => ({ ...state, [row.section.gid]: false }));
              setComposing(row.section.gid);
            }}
          />
        );
      case "task":
        return (
          <TaskRowView
            row={row}
            index={index}
            active={row.task.gid === activeTask}
            onOpen={openTask}
            locked={regrouped}
            blocked={isBlocked(row.task, completedOf)}
            grid={grid}
          />
        );
      case "add":
        return (
          <Group
            h={HEIGHT.add}
            pl={56}
            pr="md"
            wrap="nowrap"
            style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
          >
            {composing === row.section.gid ? (
              <TaskComposer
                onCreate={(name) => {
                  const tasks = board.tasks[row.section.gid] ?? [];
                  actions.createTask(row.section, name, tasks.length ? { after: tasks[tasks.length - 1].gid } : {});
                }}
                onClose={() => setComposing(null)}
              />
            ) : (
              <Text
                size="sm"
                c="dimmed"
                style={{ cursor: "pointer" }}
                onClick={() => setComposing(row.section.gid)}
                data-testid="add-task-inline"
              >
                {t("tasks.addInline")}
              </Text>
            )}
          </Group>
        );
      case "new-section":
        return (
          <Group h={HEIGHT["new-section"]} pl="sm" align="center">
            {addingSection && !addingSection.after ? (
              <Box w={320}>
                <InlineEdit
                  value=""
                  placeholder={t("sections.namePlaceholder")}
                  onSave={(name) => actions.createSection(name)}
                  onDone={() => setAddingSection(null)}
                  testId="section-composer"
                />
              </Box>
            ) : (
              <Button
                variant="subtle"
                color="gray"
                leftSection={<IconPlus size={16} />}
                onClick={() => setAddingSection({})}
                data-testid="add-section"
              >
                {t("sections.add")}
              </Button>
            )}
          </Group>
        );
    }
  };

  return (
    <>
      <Box
        className="takt-row"
        style={{
          ...grid,
          height: 32,
          margin: "0 16px",
          paddingLeft: 4,
          background: "var(--mantine-color-gray-0)",
          borderBottom: "1px solid var(--mantine-color-gray-3)",
          minWidth: "fit-content",
        }}
      >
        <span />
        <Text size="xs" c="dimmed" fw={600}>
          {t("tasks.name")}
        </Text>
        <Text size="xs" c="dimmed" fw={600}>
          {t("tasks.assignee")}
        </Text>
        <Text size="xs" c="dimmed" fw={600}>
          {t("tasks.dueDate")}
        </Text>
        {projectFields.settings.map((setting) => (
          <Text key={setting.custom_field.gid} size="xs" c="dimmed" fw={600} truncate px={6} data-testid="field-column">
            {setting.custom_field.name}
          </Text>
        ))}
        <Tooltip label={t("fields.add")}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            onClick={projectFields.addField}
            aria-label={t("fields.add")}
            data-testid="list-add-field"
          >
            <IconPlus size={15} />
          </ActionIcon>
        </Tooltip>
      </Box>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move focus between the rows inside */}
      <div
        ref={scrollRef}
        style={{ flex: 1, overflow: "auto", padding: "0 16px 40px" }}
        onKeyDown={onKeyDown}
        data-testid="list-scroll"
      >
        <DndContext
          sensors={sensors}
          collisionDetection={closestCenter}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragging(null)}
        >
          <SortableContext items={sortableIds} strategy={verticalListSortingStrategy}>
            <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
              {virtualizer.getVirtualItems().map((item) => {
                const row = rows[item.index];
                return (
                  <div
                    key={item.key}
                    style={{
                      position: "absolute",
                      top: 0,
                      left: 0,
                      right: 0,
                      height: item.size,
                      transform: `translateY(${item.start}px)`,
                    }}
                  >
                    {renderRow(row, item.index)}
                    {addingSection?.after && row.kind === "section" && row.section.gid === addingSection.after && null}
                  </div>
                );
              })}
            </div>
          </SortableContext>
          <DragOverlay>
            {dragging?.kind === "task" ? (
              <div className="takt-row" style={{ boxShadow: "0 8px 24px rgba(0,0,0,.15)", borderRadius: 6 }}>
                <span />
                <Text size="sm" truncate>
                  {dragging.task.name}
                </Text>
              </div>
            ) : dragging?.kind === "section" ? (
              <Text fw={650} p="xs" bg="white" style={{ boxShadow: "0 8px 24px rgba(0,0,0,.15)", borderRadius: 6 }}>
                {dragging.section.name}
              </Text>
            ) : null}
          </DragOverlay>
        </DndContext>
      </div>
      <Modal
        opened={!!addingSection?.after}
        onClose={() => setAddingSection(null)}
        title={t("sections.addBelow")}
        centered
        size="sm"
      >
        {addingSection?.after && (
          <InlineEdit
            value=""
            placeholder={t("sections.namePlaceholder")}
            onSave={(name) => actions.createSection(name, addingSection.after)}
            onDone={() => setAddingSection(null)}
          />
        )}
      </Modal>
      <Modal opened={!!deleting} onClose={() => setDeleting(null)} title={t("sections.deleteTitle")} centered>
        <Text size="sm">
          {t("sections.deleteText", {
            name: deleting?.name ?? "",
            count: deleting ? (board.tasks[deleting.gid]?.length ?? 0) : 0,
          })}
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setDeleting(null)}>
            {t("common.cancel")}
          </Button>
          <Button
            color="red"
            data-testid="confirm-delete-section"
            onClick={() => {
              if (deleting) actions.deleteSection(deleting.gid);
              setDeleting(null);
            }}
          >
            {t("sections.delete")}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
