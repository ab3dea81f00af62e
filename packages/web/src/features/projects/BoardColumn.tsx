import { type DraggableAttributes, useDroppable } from "@dnd-kit/core";
import { SortableContext, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ActionIcon, Badge, Box, Button, Group, Loader, Stack, Text, Tooltip } from "@mantine/core";
import {
  IconArrowsHorizontal,
  IconCircleCheckFilled,
  IconLayoutSidebarLeftCollapse,
  IconPlus,
} from "@tabler/icons-react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type CSSProperties, memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Section, TaskRow } from "../../api/types";
import { DragHandle } from "../../components/DragHandle";
import { InlineEdit } from "../../components/InlineText";
import { sortableIds } from "../../components/useSortableLists";
import { TaskCard } from "../tasks/TaskCard";
import { SectionMenu } from "./SectionMenu";
import { TaskComposer } from "./TaskComposer";

export const COLUMN_WIDTH = 288;

// What a column asks of the board; one object that keeps its identity, so memoised columns skip renders.
export interface ColumnActions {
  open(gid: string): void;
  setComposing(section: string, open: boolean): void;
  create(section: Section, name: string): void;
  rename(section: string, name: string): void;
  remove(section: Section): void;
  addBelow(section: string): void;
  setMarksComplete(section: string, value: boolean): void;
  // The person scrolled near the end of the rows loaded so far: the column's next page (settles when it is in).
  loadMore(section: string): Promise<unknown>;
}

// A column is split so that a drag stays cheap: dnd-kit re-renders everything that uses its hooks on every pointer
// move, so only this thin wrapper uses them; the header and the card list below are memoised and render only when
// their own props change.
export const Column = memo(function Column({
  section,
  tasks,
  hasMore,
  activeTask,
  composing,
  dropBefore,
  dropAtEnd,
  actions,
  movable,
  cardsMovable,
}: {
  section: Section;
  tasks: TaskRow[];
  // The server has more of the column's tasks than `tasks`: they load as it is scrolled.
  hasMore: boolean;
  activeTask?: string;
  composing: boolean;
  dropBefore: string | null;
  dropAtEnd: boolean;
  actions: ColumnActions;
  // The caller may reorder sections (and the columns are sections, not a field's options).
  movable: boolean;
  cardsMovable: boolean;
}) {
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(`takt.column.${section.gid}`) === "1");
  const sortable = useSortable({
    id: sortableIds.list(section.gid),
    disabled: section.gid.startsWith("temp-") || !movable,
  });
  const droppable = useDroppable({ id: sortableIds.zone(section.gid) });
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
      data-section-gid={section.gid}
    >
      {collapsed ? (
        <CollapsedColumn
          section={section}
          count={tasks.length}
          hasMore={hasMore}
          toggle={toggle}
          dropRef={droppable.setNodeRef}
        />
      ) : (
        <>
          <ColumnHeader
            section={section}
            count={tasks.length}
            hasMore={hasMore}
            handleAttributes={movable ? sortable.attributes : null}
            handleListeners={sortable.listeners}
            arrangeable={movable}
            toggle={toggle}
            actions={actions}
          />
          <ColumnBody
            section={section}
            tasks={tasks}
            hasMore={hasMore}
            activeTask={activeTask}
            composing={composing}
            dropBefore={dropBefore}
            dropAtEnd={dropAtEnd}
            actions={actions}
            dropRef={droppable.setNodeRef}
            isOver={droppable.isOver}
            cardsMovable={cardsMovable}
          />
        </>
      )}
    </div>
  );
});

const CollapsedColumn = memo(function CollapsedColumn({
  section,
  count,
  hasMore,
  toggle,
  dropRef,
}: {
  section: Section;
  count: number;
  hasMore: boolean;
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
        {countText(count, hasMore)}
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
  hasMore,
  handleAttributes,
  handleListeners,
  toggle,
  actions,
  arrangeable,
}: {
  section: Section;
  count: number;
  hasMore: boolean;
  // Null: the column stays where it is (no handle).
  handleAttributes: DraggableAttributes | null;
  handleListeners: ReturnType<typeof useSortable>["listeners"];
  toggle(): void;
  actions: ColumnActions;
  // The caller may add and reorder columns.
  arrangeable: boolean;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const can = section.permissions;
  return (
    <Group gap={4} px={8} pt={10} pb={8} wrap="nowrap" className="takt-section-header">
      {handleAttributes && (
        <DragHandle attributes={handleAttributes} listeners={handleListeners} testId="column-handle" />
      )}
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
          pl={handleAttributes ? 0 : 4}
          style={{ flex: 1, cursor: can?.edit ? "text" : undefined }}
          onDoubleClick={() => can?.edit && setEditing(true)}
          data-testid="section-name"
        >
          {section.name}
        </Text>
      )}
      {section.marks_complete && <DoneColumnMark />}
      <Badge variant="light" color="gray" size="sm" radius="sm" style={{ flexShrink: 0 }} data-testid="column-count">
        {countText(count, hasMore)}
      </Badge>
      <Tooltip label={t("board.collapse")}>
        <ActionIcon variant="subtle" color="gray" size="sm" onClick={toggle} aria-label={t("board.collapse")}>
          <IconLayoutSidebarLeftCollapse size={15} />
        </ActionIcon>
      </Tooltip>
      <SectionMenu
        section={section}
        onRename={() => setEditing(true)}
        onAddBelow={arrangeable ? () => actions.addBelow(section.gid) : undefined}
        onDelete={() => actions.remove(section)}
        onMarksComplete={(value) => actions.setMarksComplete(section.gid, value)}
      />
    </Group>
  );
});

const ColumnBody = memo(function ColumnBody({
  section,
  tasks,
  hasMore,
  activeTask,
  composing,
  dropBefore,
  dropAtEnd,
  actions,
  dropRef,
  isOver,
  cardsMovable,
}: {
  section: Section;
  tasks: TaskRow[];
  hasMore: boolean;
  activeTask?: string;
  composing: boolean;
  dropBefore: string | null;
  dropAtEnd: boolean;
  actions: ColumnActions;
  dropRef(element: HTMLElement | null): void;
  isOver: boolean;
  cardsMovable: boolean;
}) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const items = useMemo(() => tasks.map((task) => sortableIds.item(task.gid)), [tasks]);
  const virtualizer = useVirtualizer({
    count: tasks.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 76,
    overscan: 4,
    // Until the column is measured (after the first render): about a screen's height, so the first render already
    // draws the cards on screen instead of an empty list that a second render fills.
    initialRect: FIRST_RECT,
    getItemKey: (index) => tasks[index].gid,
  });
  useEffect(() => {
    if (composing && scrollRef.current) scrollRef.current.scrollTop = scrollRef.current.scrollHeight;
  }, [composing]);
  // A page on its way: only then does the column's end show a spinner (an animation left running on every column
  // of an idle board kept the browser repainting, a core's worth of CPU per open tab).
  const [fetching, setFetching] = useState(false);
  // Near the end of the loaded rows (scrolled, dragged along, or a page that did not fill the column): the next page.
  const nearEnd = () => {
    const element = scrollRef.current;
    if (hasMore && element && element.scrollTop + element.clientHeight >= element.scrollHeight - NEAR_END_PX) {
      setFetching(true);
      void actions.loadMore(section.gid).finally(() => setFetching(false));
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: checked again when a page arrived (the rows changed)
  useEffect(nearEnd, [tasks, hasMore]);
  const setComposing = (open: boolean) => actions.setComposing(section.gid, open);

  return (
    <>
      <div
        ref={(node) => {
          scrollRef.current = node;
          dropRef(node);
        }}
        onScroll={hasMore ? nearEnd : undefined}
        style={{
          flex: 1,
          overflowY: "auto",
          padding: "2px 8px 0",
          minHeight: 60,
          background: isOver && tasks.length === 0 ? "var(--mantine-color-takt-0)" : undefined,
          borderRadius: 8,
        }}
        data-testid="column-body"
        data-more={hasMore || undefined}
      >
        <SortableContext items={items} strategy={verticalListSortingStrategy}>
          {/* biome-ignore lint/a11y/useSemanticElements: a list of divs (sortable, virtualized), named with its count */}
          <div
            role="list"
            aria-label={
              hasMore
                ? t("a11y.taskListMore", { name: section.name, shown: tasks.length })
                : t("a11y.taskList", { name: section.name, count: tasks.length })
            }
            style={{ height: virtualizer.getTotalSize(), position: "relative" }}
          >
            {virtualizer.getVirtualItems().map((item) => {
              const task = tasks[item.index];
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  style={{ position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
                >
                  <TaskCard
                    task={task}
                    active={task.gid === activeTask}
                    indicator={dropBefore === task.gid}
                    draggable={cardsMovable}
                    onOpen={actions.open}
                  />
                </div>
              );
            })}
          </div>
        </SortableContext>
        {dropAtEnd && <Box h={3} mb={8} bg="takt.5" style={{ borderRadius: 2 }} />}
        {hasMore && (
          <Group justify="center" py="sm" mih={42} data-testid="column-more">
            {fetching && <Loader size="xs" color="gray" role="status" aria-label={t("board.loadingMore")} />}
          </Group>
        )}
        {tasks.length === 0 && !composing && (
          <Text size="xs" c="dimmed" ta="center" py="md">
            {cardsMovable ? t("board.emptyColumn") : t("board.noTasks")}
          </Text>
        )}
        {composing && (
          <Box pb={8}>
            <TaskComposer onCreate={(name) => actions.create(section, name)} onClose={() => setComposing(false)} />
          </Box>
        )}
      </div>
      {section.permissions?.add_tasks && (
        <Box p={8}>
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
      )}
    </>
  );
});

const FIRST_RECT = {
  width: COLUMN_WIDTH - 16,
  height: typeof window === "undefined" ? 600 : Math.max(200, window.innerHeight - 240),
};

// Scrolled to within this distance of the end of the loaded rows, a column asks for its next page (a few cards
// ahead of the eye).
const NEAR_END_PX = 240;

// A column's count: "40+" while more of it is still on the server.
function countText(count: number, hasMore: boolean) {
  return hasMore ? `${count}+` : String(count);
}

// Beside the name of a column that means done: moving a card here completes it.
export function DoneColumnMark() {
  const { t } = useTranslation();
  return (
    <Tooltip label={t("sections.marksCompleteHint")}>
      <IconCircleCheckFilled
        size={15}
        color="var(--mantine-color-teal-6)"
        style={{ flexShrink: 0 }}
        aria-label={t("sections.marksCompleteHint")}
        data-testid="done-column-mark"
      />
    </Tooltip>
  );
}
