import {
  type CollisionDetection,
  closestCenter,
  DndContext,
  type DragEndEvent,
  type DraggableAttributes,
  type DragOverEvent,
  DragOverlay,
  type DragStartEvent,
  PointerSensor,
  pointerWithin,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  horizontalListSortingStrategy,
  SortableContext,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ActionIcon, Badge, Box, Button, Group, Modal, Stack, Text, Tooltip } from "@mantine/core";
import {
  IconArrowsHorizontal,
  IconCircleCheckFilled,
  IconGripVertical,
  IconLayoutKanban,
  IconLayoutSidebarLeftCollapse,
  IconMessage,
  IconPlus,
  IconSubtask,
} from "@tabler/icons-react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type CSSProperties, memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BoardData } from "../../api/queries";
import type { Section, TaskRow } from "../../api/types";
import { DueDate } from "../../components/DueDate";
import { EmptyState } from "../../components/EmptyState";
import { InlineEdit } from "../../components/InlineText";
import { UserAvatar } from "../../components/UserAvatar";
import { fieldsOf } from "../custom-fields/api";
import { useProjectFields } from "../custom-fields/context";
import { FieldValueView } from "../custom-fields/FieldValueView";
import { TagChip } from "../tags/TagChip";
import { BlockedMark, isBlocked, TaskMark } from "../timeline/TaskMark";
import { type Placement, useBoardActions } from "./boardActions";
import { SectionMenu } from "./SectionMenu";
import { TaskComposer } from "./TaskComposer";

const COLUMN_WIDTH = 288;
const NO_TASKS: TaskRow[] = [];

// Memoised: while a card is dragged, dnd-kit re-renders every sortable card on each pointer move; the body (the
// costly part) renders again only when its task changes.
export const CardBody = memo(function CardBody({ task }: { task: TaskRow }) {
  const { settings: fieldSettings, completedOf } = useProjectFields();
  const values = fieldsOf(task);
  const important = fieldSettings.filter((setting) => setting.is_important);
  const chips = important
    .map((setting) => values.find((value) => value.gid === setting.custom_field.gid))
    .filter(
      (value) =>
        value &&
        (value.enum_value ||
          value.multi_enum_values?.length ||
          value.number_value != null ||
          value.text_value ||
          value.date_value ||
          value.people_value?.length),
    );
  const blocked = isBlocked(task, completedOf);
  const tags = task.tags ?? [];
  const hasMeta = task.assignee || task.due_on || (task.num_subtasks ?? 0) > 0 || (task.num_comments ?? 0) > 0;
  return (
    <>
      {(chips.length > 0 || tags.length > 0 || blocked) && (
        <Group gap={4} mb={6} data-testid="card-chips">
          {blocked && <BlockedMark size={12} />}
          {chips.map((value) => (
            <FieldValueView key={value!.gid} value={value} withName />
          ))}
          {tags.slice(0, 3).map((tag) => (
            <TagChip key={tag.gid} tag={tag} size="xs" />
          ))}
        </Group>
      )}
      <Group gap={6} wrap="nowrap" align="flex-start">
        <TaskMark task={task} size={14} />
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
      {hasMeta && (
        <Group justify="space-between" mt={10} wrap="nowrap">
          <Group gap={10} wrap="nowrap">
            <DueDate due={task.due_on} completed={task.completed} />
            {(task.num_subtasks ?? 0) > 0 && (
              <Group gap={3} c="dimmed" wrap="nowrap" data-testid="card-subtasks">
                <IconSubtask size={14} />
                <Text size="xs">{task.num_subtasks}</Text>
              </Group>
            )}
            {(task.num_comments ?? 0) > 0 && (
              <Group gap={3} c="dimmed" wrap="nowrap" data-testid="card-comments">
                <IconMessage size={14} />
                <Text size="xs">{task.num_comments}</Text>
              </Group>
            )}
          </Group>
          <UserAvatar user={task.assignee} size={24} tooltip />
        </Group>
      )}
    </>
  );
});

const Card = memo(function Card({
  task,
  active,
  indicator,
  onOpen,
}: {
  task: TaskRow;
  active: boolean;
  indicator: boolean;
  onOpen(gid: string): void;
}) {
  const sortable = useSortable({ id: `t:${task.gid}`, disabled: task.gid.startsWith("temp-") });
  const style: CSSProperties = {
    transform: CSS.Translate.toString(sortable.transform),
    transition: sortable.transition,
    opacity: sortable.isDragging ? 0.35 : 1,
  };
  return (
    <div style={{ paddingBottom: 8 }}>
      {indicator && <Box h={3} mb={5} bg="takt.5" style={{ borderRadius: 2 }} />}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dnd-kit adds role="button" and tabIndex through its attributes */}
      <div
        ref={sortable.setNodeRef}
        style={style}
        className="takt-card"
        data-active={active}
        data-testid="card"
        data-task-name={task.name}
        onClick={() => onOpen(task.gid)}
        onKeyDown={(event) => {
          if (event.key === "Enter") onOpen(task.gid);
        }}
        {...sortable.attributes}
        {...sortable.listeners}
      >
        <CardBody task={task} />
      </div>
    </div>
  );
});

// What a column asks of the board; one object that keeps its identity, so memoised columns skip renders.
interface ColumnActions {
  open(gid: string): void;
  setComposing(section: string, open: boolean): void;
  create(section: Section, name: string): void;
  rename(section: string, name: string): void;
  remove(section: Section): void;
  addBelow(section: string): void;
}

// A column is split so that a drag stays cheap: dnd-kit re-renders everything that uses its hooks on every pointer
// move, so only this thin wrapper uses them; the header and the card list below are memoised and render only when
// their own props change.
const Column = memo(function Column({
  section,
  tasks,
  activeTask,
  composing,
  dropBefore,
  dropAtEnd,
  actions,
  locked,
}: {
  locked?: boolean;
  section: Section;
  tasks: TaskRow[];
  activeTask?: string;
  composing: boolean;
  dropBefore: string | null;
  dropAtEnd: boolean;
  actions: ColumnActions;
}) {
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(`takt.column.${section.gid}`) === "1");
  const sortable = useSortable({ id: `c:${section.gid}`, disabled: section.gid.startsWith("temp-") || locked });
  const droppable = useDroppable({ id: `d:${section.gid}` });
  const toggle = useCallback(() => {
    setCollapsed((current) => {
      localStorage.setItem(`takt.column.${section.gid}`, current ? "0" : "1");
      return !current;
    });
  }, [section.gid]);

  const style: CSSProperties = {
    transform: CSS.Translate.toString(sortable.transform),
    transition: sortable.transition,
    opacity: sortable.isDragging ? 0.4 : 1,
    width: collapsed ? 48 : COLUMN_WIDTH,
    flexShrink: 0,
  };

  return (
    <div
      ref={sortable.setNodeRef}
      style={style}
      className="takt-column"
      data-testid="column"
      data-section-name={section.name}
    >
      {collapsed ? (
        <CollapsedColumn section={section} count={tasks.length} toggle={toggle} dropRef={droppable.setNodeRef} />
      ) : (
        <>
          <ColumnHeader
            section={section}
            count={tasks.length}
            handleAttributes={sortable.attributes}
            handleListeners={sortable.listeners}
            toggle={toggle}
            actions={actions}
            locked={locked}
          />
          <ColumnBody
            section={section}
            tasks={tasks}
            activeTask={activeTask}
            composing={composing}
            dropBefore={dropBefore}
            dropAtEnd={dropAtEnd}
            actions={actions}
            dropRef={droppable.setNodeRef}
            isOver={droppable.isOver}
            locked={locked}
          />
        </>
      )}
    </div>
  );
});

const CollapsedColumn = memo(function CollapsedColumn({
  section,
  count,
  toggle,
  dropRef,
}: {
  section: Section;
  count: number;
  toggle(): void;
  dropRef(element: HTMLElement | null): void;
}) {
  const { t } = useTranslation();
  return (
    <Stack align="center" gap={8} py="sm" ref={dropRef} style={{ flex: 1, cursor: "pointer" }} onClick={toggle}>
      <Tooltip label={t("board.expand")}>
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t("board.expand")}>
          <IconArrowsHorizontal size={15} />
        </ActionIcon>
      </Tooltip>
      <Badge variant="light" color="gray" size="sm">
        {count}
      </Badge>
      <Text fw={650} size="sm" style={{ writingMode: "vertical-rl", whiteSpace: "nowrap" }}>
        {section.name}
      </Text>
    </Stack>
  );
});

const ColumnHeader = memo(function ColumnHeader({
  section,
  count,
  handleAttributes,
  handleListeners,
  toggle,
  actions,
  locked,
}: {
  section: Section;
  count: number;
  handleAttributes: DraggableAttributes;
  handleListeners: ReturnType<typeof useSortable>["listeners"];
  toggle(): void;
  actions: ColumnActions;
  locked?: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <Group gap={4} px={8} pt={10} pb={8} wrap="nowrap" className="takt-section-header">
      <button
        type="button"
        className="takt-handle"
        {...handleAttributes}
        {...handleListeners}
        aria-label={t("common.drag")}
        data-testid="column-handle"
      >
        <IconGripVertical size={14} />
      </button>
      {editing ? (
        <InlineEdit
          value={section.name}
          onSave={(name) => actions.rename(section.gid, name)}
          onDone={() => setEditing(false)}
          fw={650}
          size="xs"
          testId="section-name-input"
        />
      ) : (
        <Text
          fw={650}
          size="sm"
          truncate
          style={{ flex: 1, cursor: "text" }}
          onDoubleClick={() => !locked && setEditing(true)}
          data-testid="section-name"
        >
          {section.name}
        </Text>
      )}
      <Badge variant="light" color="gray" size="sm" radius="sm" style={{ flexShrink: 0 }}>
        {count}
      </Badge>
      <Tooltip label={t("board.collapse")}>
        <ActionIcon variant="subtle" color="gray" size="sm" onClick={toggle} aria-label={t("board.collapse")}>
          <IconLayoutSidebarLeftCollapse size={15} />
        </ActionIcon>
      </Tooltip>
      {!locked && (
        <SectionMenu
          onRename={() => setEditing(true)}
          onAddBelow={() => actions.addBelow(section.gid)}
          onDelete={() => actions.remove(section)}
          section={section}
        />
      )}
    </Group>
  );
});

const ColumnBody = memo(function ColumnBody({
  section,
  tasks,
  activeTask,
  composing,
  dropBefore,
  dropAtEnd,
  actions,
  dropRef,
  isOver,
  locked,
}: {
  section: Section;
  tasks: TaskRow[];
  activeTask?: string;
  composing: boolean;
  dropBefore: string | null;
  dropAtEnd: boolean;
  actions: ColumnActions;
  dropRef(element: HTMLElement | null): void;
  isOver: boolean;
  locked?: boolean;
}) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const items = useMemo(() => tasks.map((task) => `t:${task.gid}`), [tasks]);
  const virtualizer = useVirtualizer({
    count: tasks.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 76,
    overscan: 4,
    getItemKey: (index) => tasks[index].gid,
  });
  useEffect(() => {
    if (composing && scrollRef.current) scrollRef.current.scrollTop = scrollRef.current.scrollHeight;
  }, [composing]);
  const setComposing = (open: boolean) => actions.setComposing(section.gid, open);

  return (
    <>
      <div
        ref={(node) => {
          scrollRef.current = node;
          dropRef(node);
        }}
        style={{
          flex: 1,
          overflowY: "auto",
          padding: "2px 8px 0",
          minHeight: 60,
          background: isOver && tasks.length === 0 ? "var(--mantine-color-takt-0)" : undefined,
          borderRadius: 8,
        }}
        data-testid="column-body"
      >
        <SortableContext items={items} strategy={verticalListSortingStrategy}>
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((item) => {
              const task = tasks[item.index];
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  style={{ position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
                >
                  <Card
                    task={task}
                    active={task.gid === activeTask}
                    indicator={dropBefore === task.gid}
                    onOpen={actions.open}
                  />
                </div>
              );
            })}
          </div>
        </SortableContext>
        {dropAtEnd && <Box h={3} mb={8} bg="takt.5" style={{ borderRadius: 2 }} />}
        {tasks.length === 0 && !composing && (
          <Text size="xs" c="dimmed" ta="center" py="md">
            {t("board.emptyColumn")}
          </Text>
        )}
        {composing && (
          <Box pb={8}>
            <TaskComposer onCreate={(name) => actions.create(section, name)} onClose={() => setComposing(false)} />
          </Box>
        )}
      </div>
      <Box p={8} display={locked ? "none" : undefined}>
        <Button
          variant="subtle"
          color="gray"
          size="xs"
          fullWidth
          justify="flex-start"
          leftSection={<IconPlus size={14} />}
          onClick={() => setComposing(true)}
          data-testid="column-add"
        >
          {t("tasks.add")}
        </Button>
      </Box>
    </>
  );
});

export function BoardView({
  projectGid,
  board,
  activeTask,
  onOpen,
  composeSignal,
  onRegroup,
}: {
  projectGid: string;
  board: BoardData;
  activeTask?: string;
  onOpen(gid: string): void;
  composeSignal: number;
  // Columns are a field's options, not sections: a drop sets the field (see features/filters/ProjectViews).
  onRegroup?(taskGid: string, column: string): void;
}) {
  const { t } = useTranslation();
  const actions = useBoardActions(projectGid);
  const [composing, setComposing] = useState<string | null>(null);
  const [dragging, setDragging] = useState<
    { kind: "task"; task: TaskRow } | { kind: "column"; section: Section } | null
  >(null);
  const [drop, setDrop] = useState<{ section: string; before: string | null } | null>(null);
  const [addingAfter, setAddingAfter] = useState<string | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<Section | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));

  // The columns' callbacks read the latest props through a ref, so the object handed to them never changes.
  const latest = useRef({ board, onOpen, actions });
  latest.current = { board, onOpen, actions };
  const columnActions = useMemo<ColumnActions>(
    () => ({
      open: (gid) => latest.current.onOpen(gid),
      setComposing: (section, open) =>
        setComposing((current) => (open ? section : current === section ? null : current)),
      create: (section, name) => {
        const rows = latest.current.board.tasks[section.gid] ?? [];
        latest.current.actions.createTask(section, name, rows.length ? { after: rows[rows.length - 1].gid } : {});
      },
      rename: (section, name) => latest.current.actions.renameSection(section, name),
      remove: (section) =>
        (latest.current.board.tasks[section.gid] ?? []).length
          ? setDeleting(section)
          : latest.current.actions.deleteSection(section.gid),
      addBelow: (section) => setAddingAfter(section),
    }),
    [],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: reacts to the signal only, not to every board change
  useEffect(() => {
    if (composeSignal && board.sections[0]) setComposing(board.sections[0].gid);
  }, [composeSignal]);

  const sectionOf = (taskGid: string) =>
    board.sections.find((section) => (board.tasks[section.gid] ?? []).some((task) => task.gid === taskGid))?.gid ??
    null;

  const collision: CollisionDetection = (args) => {
    const id = String(args.active.id);
    if (id.startsWith("c:")) {
      return closestCenter({
        ...args,
        droppableContainers: args.droppableContainers.filter((item) => String(item.id).startsWith("c:")),
      });
    }
    const cards = pointerWithin({
      ...args,
      droppableContainers: args.droppableContainers.filter((item) => String(item.id).startsWith("t:")),
    });
    if (cards.length) return cards;
    return pointerWithin({
      ...args,
      droppableContainers: args.droppableContainers.filter((item) => String(item.id).startsWith("d:")),
    });
  };

  // Where a dragged card would land: before the card under the pointer (after it when moving down its own column).
  const targetOf = (
    activeId: string,
    overId: string,
  ): { section: string; placement: Placement; before: string | null } | null => {
    const taskGid = activeId.slice(2);
    if (overId.startsWith("d:")) {
      const section = overId.slice(2);
      const rows = (board.tasks[section] ?? []).filter((task) => task.gid !== taskGid);
      return { section, placement: rows.length ? { after: rows[rows.length - 1].gid } : {}, before: null };
    }
    if (!overId.startsWith("t:")) return null;
    const overGid = overId.slice(2);
    const section = sectionOf(overGid);
    if (!section) return null;
    const rows = board.tasks[section] ?? [];
    const from = rows.findIndex((task) => task.gid === taskGid);
    const to = rows.findIndex((task) => task.gid === overGid);
    if (from >= 0 && from < to) return { section, placement: { after: overGid }, before: null };
    return { section, placement: { before: overGid }, before: from >= 0 ? null : overGid };
  };

  const onDragStart = (event: DragStartEvent) => {
    const id = String(event.active.id);
    if (id.startsWith("c:")) {
      const section = board.sections.find((item) => item.gid === id.slice(2));
      if (section) setDragging({ kind: "column", section });
    } else {
      const gid = id.slice(2);
      const task = Object.values(board.tasks)
        .flat()
        .find((item) => item.gid === gid);
      if (task) setDragging({ kind: "task", task });
    }
  };

  const onDragOver = (event: DragOverEvent) => {
    const id = String(event.active.id);
    if (!id.startsWith("t:") || !event.over) return setDrop(null);
    const target = targetOf(id, String(event.over.id));
    const from = sectionOf(id.slice(2));
    setDrop(target && target.section !== from ? { section: target.section, before: target.before } : null);
  };

  const onDragEnd = (event: DragEndEvent) => {
    setDragging(null);
    setDrop(null);
    const id = String(event.active.id);
    const over = event.over ? String(event.over.id) : null;
    if (!over || over === id) return;
    if (id.startsWith("c:")) {
      if (!over.startsWith("c:") || onRegroup) return;
      const order = board.sections.map((section) => section.gid);
      const from = order.indexOf(id.slice(2));
      const to = order.indexOf(over.slice(2));
      if (from < 0 || to < 0) return;
      actions.moveSection(id.slice(2), from < to ? { after: over.slice(2) } : { before: over.slice(2) });
      return;
    }
    const target = targetOf(id, over);
    if (!target) return;
    const from = sectionOf(id.slice(2));
    if (onRegroup) {
      if (from !== target.section) onRegroup(id.slice(2), target.section);
      return;
    }
    if (from === target.section && over.startsWith("d:")) {
      const rows = board.tasks[from] ?? [];
      if (rows[rows.length - 1]?.gid === id.slice(2)) return;
    }
    actions.moveTask(id.slice(2), target.section, target.placement);
  };

  if (board.sections.length === 0) {
    return (
      <EmptyState
        icon={IconLayoutKanban}
        title={t("sections.emptyTitle")}
        text={t("board.emptyText")}
        action={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setAddingAfter(null)}
            data-testid="add-first-section"
          >
            {t("board.addColumn")}
          </Button>
        }
      />
    );
  }

  return (
    <Box style={{ flex: 1, minHeight: 0, overflowX: "auto", overflowY: "hidden" }} data-testid="board">
      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        autoScroll={{ threshold: { x: 0.08, y: 0.12 } }}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={() => {
          setDragging(null);
          setDrop(null);
        }}
      >
        <Group align="stretch" gap={12} p="md" wrap="nowrap" h="100%" style={{ width: "max-content" }}>
          <SortableContext
            items={board.sections.map((section) => `c:${section.gid}`)}
            strategy={horizontalListSortingStrategy}
          >
            {board.sections.map((section) => (
              <Column
                key={section.gid}
                section={section}
                tasks={board.tasks[section.gid] ?? NO_TASKS}
                activeTask={activeTask}
                composing={composing === section.gid}
                dropBefore={drop?.section === section.gid ? drop.before : null}
                dropAtEnd={drop?.section === section.gid && drop.before === null}
                actions={columnActions}
                locked={!!onRegroup}
              />
            ))}
          </SortableContext>
          <Box w={COLUMN_WIDTH - 40} style={{ flexShrink: 0 }} display={onRegroup ? "none" : undefined}>
            <Button
              variant="subtle"
              color="gray"
              leftSection={<IconPlus size={16} />}
              onClick={() => setAddingAfter(null)}
              data-testid="add-column"
            >
              {t("board.addColumn")}
            </Button>
          </Box>
        </Group>
        <DragOverlay style={{ willChange: "transform" }}>
          {dragging?.kind === "task" ? (
            <div
              className="takt-card"
              style={{
                width: COLUMN_WIDTH - 16,
                boxShadow: "0 12px 28px rgba(16,24,40,.18)",
                transform: "rotate(2deg)",
              }}
            >
              <CardBody task={dragging.task} />
            </div>
          ) : dragging?.kind === "column" ? (
            <div
              className="takt-column"
              style={{ width: COLUMN_WIDTH, height: 120, padding: 12, boxShadow: "0 12px 28px rgba(16,24,40,.18)" }}
            >
              <Text fw={650} size="sm">
                {dragging.section.name}
              </Text>
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {/* Rendered only while open: closed Mantine modals still cost a render on every drag state change. */}
      {addingAfter !== undefined && (
        <Modal
          opened={addingAfter !== undefined}
          onClose={() => setAddingAfter(undefined)}
          title={t("board.addColumn")}
          centered
          size="sm"
        >
          <InlineEdit
            value=""
            placeholder={t("sections.namePlaceholder")}
            onSave={(name) =>
              actions.createSection(name, addingAfter ?? board.sections[board.sections.length - 1]?.gid)
            }
            onDone={() => setAddingAfter(undefined)}
            testId="section-composer"
          />
        </Modal>
      )}
      {deleting && (
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
              onClick={() => {
                if (deleting) actions.deleteSection(deleting.gid);
                setDeleting(null);
              }}
            >
              {t("sections.delete")}
            </Button>
          </Group>
        </Modal>
      )}
    </Box>
  );
}
