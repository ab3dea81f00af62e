import { useDroppable } from "@dnd-kit/core";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ActionIcon, Badge, Box, Checkbox, Group, Text, Tooltip } from "@mantine/core";
import { IconChevronRight, IconCircle, IconCircleCheckFilled, IconPencil, IconPlus } from "@tabler/icons-react";
import { type CSSProperties, memo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Section, TaskRow } from "../../api/types";
import { AssigneePicker } from "../../components/AssigneePicker";
import { DragHandle } from "../../components/DragHandle";
import { DuePicker } from "../../components/DuePicker";
import { InlineEdit } from "../../components/InlineText";
import { sortableIds, useFocusAfterMove } from "../../components/useSortableLists";
import { useProjectFields } from "../custom-fields/context";
import { FieldValueView } from "../custom-fields/FieldValueView";
import { fieldsOf } from "../custom-fields/queries";
import { useUpdateTask } from "../tasks/mutations";
import { TaskCardBody } from "../tasks/TaskCardBody";
import { isApproval, strikesThrough } from "../timeline/TaskMark";
import { SectionMenu } from "./SectionMenu";
import { TaskComposer } from "./TaskComposer";

// The rows of the List view: a section's header, a task's row (its cells memoised apart from the sortable shell),
// and the row closing a section.
export type Row =
  | { kind: "section"; id: string; section: Section; count: number }
  | { kind: "task"; id: string; task: TaskRow; section: Section }
  | { kind: "add"; id: string; section: Section }
  | { kind: "new-section"; id: string };

export const HEIGHT = { section: 48, task: 38, add: 38, "new-section": 56 } as const;

// Name, assignee, due, then one column per project field, then the "+" column.
export function gridOf(fieldCount: number): CSSProperties {
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
                className={strikesThrough(task) ? "takt-completed" : undefined}
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
export const TaskRowView = memo(function TaskRowView({
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
  const sortable = useSortable({
    id: row.id,
    disabled: task.gid.startsWith("temp-") || !movable,
    attributes: { roleDescription: t("a11y.dnd.movableItem") },
  });
  useFocusAfterMove(row.id, sortable.node);
  const style: CSSProperties = {
    ...grid,
    transform: CSS.Translate.toString(sortable.transform),
    transition: sortable.transition,
    opacity: sortable.isDragging ? 0.4 : 1,
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a grid row of a virtualized list, in a role="list" of divs
    <div
      ref={sortable.setNodeRef}
      style={style}
      className="takt-row"
      data-active={active}
      data-row-index={index}
      role="listitem"
      data-testid="task-row"
      data-task-name={task.name}
      data-task-gid={task.gid}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a row is one stop of the keyboard (Enter opens, Space completes)
      tabIndex={0}
      onClick={() => onOpen(task.gid)}
      onKeyDown={(event) => {
        if (event.target !== event.currentTarget) return;
        if (event.key === "Enter") onOpen(task.gid);
        if (event.key === " " && task.permissions?.complete && !isApproval(task)) {
          event.preventDefault();
          update({ task, patch: { completed: !task.completed } });
        }
        if (event.key === "F2" && task.permissions?.edit) setEditing(true);
      }}
    >
      {movable ? (
        <DragHandle attributes={sortable.attributes} listeners={sortable.listeners} testId="row-handle" />
      ) : (
        <span />
      )}
      <TaskRowCells task={task} editing={editing} setEditing={setEditing} />
    </div>
  );
});

export function SectionRowView({
  row,
  collapsed,
  movable,
  onToggle,
  onRename,
  onDelete,
  onAddBelow,
  onAddTask,
  onMarksComplete,
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
  onMarksComplete(value: boolean): void;
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
      data-section-gid={row.section.gid}
    >
      <Group gap={4} wrap="nowrap" style={{ flex: 1 }}>
        {movable && (
          <DragHandle attributes={sortable.attributes} listeners={sortable.listeners} testId="section-handle" />
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
          onMarksComplete={onMarksComplete}
        />
      </Group>
    </div>
  );
}

// The row closing a section: where a task is typed in, and where one is dropped to go last.
export function AddRow({
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
