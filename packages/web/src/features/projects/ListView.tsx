import { DndContext, DragOverlay, useDroppable } from "@dnd-kit/core";
import { SortableContext, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ActionIcon, Badge, Box, Button, Checkbox, Group, Modal, Text, Tooltip } from "@mantine/core";
import {
  IconChevronRight,
  IconCircle,
  IconCircleCheckFilled,
  IconGripVertical,
  IconLayoutList,
  IconPencil,
  IconPlus,
} from "@tabler/icons-react";
import type { ProjectPermissions } from "@takt/contracts";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type CSSProperties, memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Section, TaskRow } from "../../api/types";
import { AssigneePicker } from "../../components/AssigneePicker";
import { DuePicker } from "../../components/DuePicker";
import { EmptyState } from "../../components/EmptyState";
import { InlineEdit } from "../../components/InlineText";
import { sortableIds, useSortableLists } from "../../components/useSortableLists";
import { useProjectFields } from "../custom-fields/context";
import { FieldValueView } from "../custom-fields/FieldValueView";
import { fieldsOf } from "../custom-fields/queries";
import { useUpdateTask } from "../tasks/mutations";
import { TaskCardBody } from "../tasks/TaskCardBody";
import type { BoardData } from "./board";
import { useBoardMutations } from "./mutations";
import { SectionMenu } from "./SectionMenu";
import { DeleteSectionModal } from "./SectionModals";
import { TaskComposer } from "./TaskComposer";

type Row =
  | { kind: "section"; id: string; section: Section; count: number }
  | { kind: "task"; id: string; task: TaskRow; section: Section }
  | { kind: "add"; id: string; section: Section }
  | { kind: "new-section"; id: string };

const HEIGHT = { section: 48, task: 38, add: 38, "new-section": 56 } as const;
const NO_TASKS: TaskRow[] = [];

// Name, assignee, due, then one column per project field, then the "+" column.
function gridOf(fieldCount: number): CSSProperties {
  return { gridTemplateColumns: `28px minmax(240px, 1fr) 180px 120px${" 150px".repeat(fieldCount)} 36px` };
}

// Completion: a checkbox for who may complete the task, the state alone for everyone else.
function CompletionMark({ task }: { task: TaskRow }) {
  const { t } = useTranslation();
  const update = useUpdateTask().mutate;
  if (!task.permissions?.complete) {
    return task.completed ? (
      <IconCircleCheckFilled size={18} color="var(--mantine-color-teal-6)" style={{ flexShrink: 0 }} />
    ) : (
      <IconCircle size={18} color="var(--mantine-color-gray-4)" style={{ flexShrink: 0 }} />
    );
  }
  return (
    <Checkbox
      radius="xl"
      size="sm"
      color="teal"
      checked={task.completed}
      aria-label={t("tasks.markComplete")}
      onClick={(event) => event.stopPropagation()}
      onChange={(event) => update({ task, patch: { completed: event.currentTarget.checked } })}
      data-testid="task-complete"
    />
  );
}

// The cells of a task row, apart from the drag handle. Memoised on the task itself: dnd-kit re-renders every
// sortable row whenever a row mounts or unmounts (that is, on every scroll frame of a virtualised list), and
// these cells (checkbox, tooltip, pickers, custom fields) are what made that expensive.
const TaskRowCells = memo(function TaskRowCells({
  task,
  editing,
  setEditing,
}: {
  task: TaskRow;
  editing: boolean;
  setEditing(editing: boolean): void;
}) {
  const { t } = useTranslation();
  const update = useUpdateTask().mutate;
  const { settings: fieldSettings } = useProjectFields();
  const values = fieldsOf(task);
  const editable = !!task.permissions?.edit;
  return (
    <>
      <TaskCardBody
        task={task}
        layout="row"
        lead={<CompletionMark task={task} />}
        name={
          editing ? (
            <InlineEdit
              value={task.name}
              onSave={(name) => update({ task, patch: { name } })}
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
                  if (!editable) return;
                  event.stopPropagation();
                  setEditing(true);
                }}
              >
                {task.name}
              </Text>
              {editable && (
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
              )}
            </>
          )
        }
      />
      <Box style={{ minWidth: 0 }}>
        <AssigneePicker
          value={task.assignee}
          readOnly={!editable}
          onChange={(assignee) => update({ task, patch: { assignee } })}
        />
      </Box>
      <Box>
        <DuePicker
          value={task.due_on}
          completed={task.completed}
          readOnly={!editable}
          onChange={(due_on) => update({ task, patch: { due_on } })}
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
  movable,
  grid,
}: {
  row: Extract<Row, { kind: "task" }>;
  index: number;
  active: boolean;
  onOpen(gid: string): void;
  movable: boolean;
  grid: CSSProperties;
}) {
  const { t } = useTranslation();
  const { task } = row;
  const update = useUpdateTask().mutate;
  const [editing, setEditing] = useState(false);
  const sortable = useSortable({ id: row.id, disabled: task.gid.startsWith("temp-") || !movable });
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
        if (event.key === " " && task.permissions?.complete) {
          event.preventDefault();
          update({ task, patch: { completed: !task.completed } });
        }
        if (event.key === "F2" && task.permissions?.edit) setEditing(true);
      }}
    >
      {movable ? (
        <button
          type="button"
          className="takt-handle"
          {...sortable.attributes}
          {...sortable.listeners}
          aria-label={t("common.drag")}
          data-testid="row-handle"
        >
          <IconGripVertical size={14} />
        </button>
      ) : (
        <span />
      )}
      <TaskRowCells task={task} editing={editing} setEditing={setEditing} />
    </div>
  );
});

function SectionRowView({
  row,
  collapsed,
  movable,
  onToggle,
  onRename,
  onDelete,
  onAddBelow,
  onAddTask,
}: {
  row: Extract<Row, { kind: "section" }>;
  collapsed: boolean;
  // The caller may reorder sections (and the groups are sections).
  movable: boolean;
  onToggle(): void;
  onRename(name: string): void;
  onDelete(): void;
  onAddBelow?(): void;
  onAddTask?(): void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const sortable = useSortable({ id: row.id, disabled: row.section.gid.startsWith("temp-") || !movable });
  const can = row.section.permissions;
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
        {movable && (
          <button
            type="button"
            className="takt-handle"
            {...sortable.attributes}
            {...sortable.listeners}
            aria-label={t("common.drag")}
            data-testid="section-handle"
          >
            <IconGripVertical size={14} />
          </button>
        )}
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
            onDoubleClick={() => can?.edit && setEditing(true)}
            style={{ cursor: can?.edit ? "text" : undefined }}
            data-testid="section-name"
          >
            {row.section.name}
          </Text>
        )}
        <Badge variant="light" color="gray" size="sm" radius="sm">
          {row.count}
        </Badge>
        {onAddTask && (
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
        )}
        <SectionMenu
          section={row.section}
          onRename={() => setEditing(true)}
          onAddBelow={onAddBelow}
          onDelete={onDelete}
        />
      </Group>
    </div>
  );
}

// The row closing a section: where a task is typed in, and where one is dropped to go last.
function AddRow({
  section,
  composing,
  onCompose,
  onCreate,
  onClose,
}: {
  section: Section;
  composing: boolean;
  onCompose(): void;
  onCreate(name: string): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const droppable = useDroppable({ id: sortableIds.zone(section.gid) });
  return (
    <Group
      ref={droppable.setNodeRef}
      h={HEIGHT.add}
      pl={56}
      pr="md"
      wrap="nowrap"
      style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
    >
      {!section.permissions?.add_tasks ? null : composing ? (
        <TaskComposer onCreate={onCreate} onClose={onClose} />
      ) : (
        <Text size="sm" c="dimmed" style={{ cursor: "pointer" }} onClick={onCompose} data-testid="add-task-inline">
          {t("tasks.addInline")}
        </Text>
      )}
    </Group>
  );
}

export function ListView({
  projectGid,
  board,
  permissions,
  activeTask,
  onOpen,
  composeSignal,
  regrouped = false,
}: {
  projectGid: string;
  board: BoardData;
  // What the caller may do with the project: no drag, no new section, unless it says so.
  permissions: ProjectPermissions | undefined;
  activeTask?: string;
  onOpen(gid: string): void;
  composeSignal: number;
  // Grouped by something other than sections: rows cannot be dragged or added into a group.
  regrouped?: boolean;
}) {
  const { t } = useTranslation();
  const actions = useBoardMutations(projectGid);
  const projectFields = useProjectFields();
  const [collapsed, setCollapsed] = useState<Record<string, boolean>>({});
  const [composing, setComposing] = useState<string | null>(null);
  const [addingSection, setAddingSection] = useState<{ after?: string } | null>(null);
  const [deleting, setDeleting] = useState<Section | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  // Rows are memoised: hand them callbacks and styles that keep their identity from one render to the next.
  const onOpenRef = useRef(onOpen);
  onOpenRef.current = onOpen;
  const openTask = useCallback((gid: string) => onOpenRef.current(gid), []);
  const fieldCount = projectFields.settings.length;
  const grid = useMemo(() => gridOf(fieldCount), [fieldCount]);
  const tasksMovable = !!permissions?.move_tasks && !regrouped;
  const sectionsArrangeable = !!permissions?.add_sections && !regrouped;

  const lists = useMemo(
    () =>
      board.sections.map((section) => ({
        id: section.gid,
        items: collapsed[section.gid] ? NO_TASKS : (board.tasks[section.gid] ?? NO_TASKS),
      })),
    [board, collapsed],
  );
  const sortable = useSortableLists<TaskRow>({
    lists,
    idOf: (task) => task.gid,
    flat: true,
    onMoveItem: (task, _from, to, placement) => actions.moveTask(task.gid, to, placement),
    onMoveList: (section, placement) => actions.moveSection(section, placement),
  });
  const draggingSection = sortable.dragging?.kind === "list";

  const rows = useMemo(() => {
    const out: Row[] = [];
    for (const section of board.sections) {
      const tasks = board.tasks[section.gid] ?? [];
      out.push({ kind: "section", id: sortableIds.list(section.gid), section, count: tasks.length });
      if (collapsed[section.gid] || draggingSection) continue;
      for (const task of tasks) out.push({ kind: "task", id: sortableIds.item(task.gid), task, section });
      // The row that closes a section takes new tasks and dropped ones: there for who may do either.
      if (!regrouped && (section.permissions?.add_tasks || tasksMovable)) {
        out.push({ kind: "add", id: `a:${section.gid}`, section });
      }
    }
    if (sectionsArrangeable) out.push({ kind: "new-section", id: "new-section" });
    return out;
  }, [board, collapsed, draggingSection, regrouped, sectionsArrangeable, tasksMovable]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => HEIGHT[rows[index].kind],
    overscan: 8,
    getItemKey: (index) => rows[index].id,
  });

  // `n` (or the Add task button) opens the composer in the first section the caller may add to.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reacts to the signal only, not to every board change
  useEffect(() => {
    const first = board.sections.find((section) => section.permissions?.add_tasks)?.gid;
    if (!composeSignal || !first) return;
    setCollapsed((state) => ({ ...state, [first]: false }));
    setComposing(first);
    const index = rows.findIndex((row) => row.id === `a:${first}`);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "center" });
  }, [composeSignal]);

  const sortableRowIds = useMemo(
    () => rows.filter((row) => row.kind === "task" || row.kind === "section").map((row) => row.id),
    [rows],
  );

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
        text={permissions?.add_sections ? t("sections.emptyText") : undefined}
        action={
          permissions?.add_sections && (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => actions.createSection(t("sections.defaultName"))}
              data-testid="add-first-section"
            >
              {t("sections.add")}
            </Button>
          )
        }
      />
    );
  }

  const compose = (section: string) => {
    setCollapsed((state) => ({ ...state, [section]: false }));
    setComposing(section);
  };

  const renderRow = (row: Row, index: number) => {
    switch (row.kind) {
      case "section":
        return (
          <SectionRowView
            row={row}
            movable={sectionsArrangeable}
            collapsed={!!collapsed[row.section.gid]}
            onToggle={() => setCollapsed((state) => ({ ...state, [row.section.gid]: !state[row.section.gid] }))}
            onRename={(name) => actions.renameSection(row.section.gid, name)}
            onDelete={() => (row.count > 0 ? setDeleting(row.section) : actions.deleteSection(row.section.gid))}
            onAddBelow={sectionsArrangeable ? () => setAddingSection({ after: row.section.gid }) : undefined}
            onAddTask={!regrouped && row.section.permissions?.add_tasks ? () => compose(row.section.gid) : undefined}
          />
        );
      case "task":
        return (
          <TaskRowView
            row={row}
            index={index}
            active={row.task.gid === activeTask}
            onOpen={openTask}
            movable={tasksMovable}
            grid={grid}
          />
        );
      case "add":
        return (
          <AddRow
            section={row.section}
            composing={composing === row.section.gid}
            onCompose={() => setComposing(row.section.gid)}
            onClose={() => setComposing(null)}
            onCreate={(name) => {
              const tasks = board.tasks[row.section.gid] ?? [];
              actions.createTask(row.section, name, tasks.length ? { after: tasks[tasks.length - 1].gid } : {});
            }}
          />
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

  const { dragging } = sortable;
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
        {permissions?.manage_fields ? (
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
        ) : (
          <span />
        )}
      </Box>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move focus between the rows inside */}
      <div
        ref={scrollRef}
        style={{ flex: 1, overflow: "auto", padding: "0 16px 40px" }}
        onKeyDown={onKeyDown}
        data-testid="list-scroll"
      >
        <DndContext {...sortable.context}>
          <SortableContext items={sortableRowIds} strategy={verticalListSortingStrategy}>
            <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
              {virtualizer.getVirtualItems().map((item) => (
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
                  {renderRow(rows[item.index], item.index)}
                </div>
              ))}
            </div>
          </SortableContext>
          <DragOverlay>
            {dragging?.kind === "item" ? (
              <div className="takt-row" style={{ boxShadow: "0 8px 24px rgba(0,0,0,.15)", borderRadius: 6 }}>
                <span />
                <TaskCardBody task={dragging.item} layout="row" />
              </div>
            ) : dragging?.kind === "list" ? (
              <Text fw={650} p="xs" bg="white" style={{ boxShadow: "0 8px 24px rgba(0,0,0,.15)", borderRadius: 6 }}>
                {board.sections.find((section) => section.gid === dragging.list)?.name}
              </Text>
            ) : null}
          </DragOverlay>
        </DndContext>
      </div>
      {addingSection?.after && (
        <Modal opened onClose={() => setAddingSection(null)} title={t("sections.addBelow")} centered size="sm">
          <InlineEdit
            value=""
            placeholder={t("sections.namePlaceholder")}
            onSave={(name) => actions.createSection(name, addingSection.after)}
            onDone={() => setAddingSection(null)}
          />
        </Modal>
      )}
      {deleting && (
        <DeleteSectionModal
          section={deleting}
          count={board.tasks[deleting.gid]?.length ?? 0}
          onClose={() => setDeleting(null)}
          onDelete={() => actions.deleteSection(deleting.gid)}
        />
      )}
    </>
  );
}
