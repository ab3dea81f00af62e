import { DndContext, DragOverlay } from "@dnd-kit/core";
import { horizontalListSortingStrategy, SortableContext } from "@dnd-kit/sortable";
import { Box, Button, Group, Text } from "@mantine/core";
import { IconLayoutKanban, IconPlus } from "@tabler/icons-react";
import type { ProjectPermissions } from "@takt/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Section, TaskRow } from "../../api/types";
import { EmptyState } from "../../components/EmptyState";
import { usePaneScrollMemory } from "../../components/usePaneScrollMemory";
import { sortableIds, useSortableLists } from "../../components/useSortableLists";
import { TaskCardOverlay } from "../tasks/TaskCard";
import { COLUMN_WIDTH, Column, type ColumnActions } from "./BoardColumn";
import { type BoardData, loadAllOf, loadMoreOf } from "./board";
import { useBoardMutations } from "./mutations";
import { AddSectionModal, DeleteSectionModal } from "./SectionModals";

const NO_TASKS: TaskRow[] = [];
// Near a column's or the board's edge, a drag scrolls it.
const AUTO_SCROLL = { threshold: { x: 0.08, y: 0.12 } };

export function BoardView({
  projectGid,
  board,
  permissions,
  activeTask,
  onOpen,
  composeSignal,
  onRegroup,
}: {
  projectGid: string;
  board: BoardData;
  // What the caller may do with the project: no drag, no new column, unless it says so.
  permissions: ProjectPermissions | undefined;
  activeTask?: string;
  onOpen(gid: string): void;
  composeSignal: number;
  // Columns are a field's options, not sections: a drop sets the field (see features/filters/ProjectViews).
  onRegroup?(taskGid: string, column: string): void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const actions = useBoardMutations(projectGid);
  const [composing, setComposing] = useState<string | null>(null);
  const [addingAfter, setAddingAfter] = useState<string | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<Section | null>(null);
  const columnsMovable = !!permissions?.add_sections && !onRegroup;
  const cardsMovable = !!permissions?.move_tasks;
  const scroller = useRef<HTMLDivElement>(null);
  usePaneScrollMemory(scroller, !!activeTask);

  const lists = useMemo(
    () =>
      board.sections.map((section) => ({
        id: section.gid,
        name: section.name,
        items: board.tasks[section.gid] ?? NO_TASKS,
      })),
    [board],
  );
  const sortable = useSortableLists<TaskRow>({
    lists,
    idOf: (task) => task.gid,
    nameOf: (task) => task.name,
    onMoveItem: (task, from, to, placement) => {
      if (onRegroup) {
        if (from !== to) onRegroup(task.gid, to);
        return;
      }
      actions.moveTask(task.gid, to, placement);
    },
    onMoveList: (section, placement) => {
      if (!onRegroup) actions.moveSection(section, placement);
    },
  });

  // The columns' callbacks read the latest props through a ref, so the object handed to them never changes.
  const latest = useRef({ board, onOpen, actions, projectGid, client });
  latest.current = { board, onOpen, actions, projectGid, client };
  const columnActions = useMemo<ColumnActions>(
    () => ({
      open: (gid) => latest.current.onOpen(gid),
      setComposing: (section, open) => {
        setComposing((current) => (open ? section : current === section ? null : current));
        // A new task goes to the end of the column: its remaining pages come first, so it shows where it lands.
        const { client, projectGid } = latest.current;
        if (open) void loadAllOf(client, projectGid, section);
      },
      create: (section, name) => {
        const { board } = latest.current;
        const rows = board.tasks[section.gid] ?? [];
        // Not all of the column is here yet: the server puts it at the end, which is where the composer is.
        const complete = board.more?.[section.gid] === undefined;
        latest.current.actions.createTask(
          section,
          name,
          complete && rows.length ? { after: rows[rows.length - 1].gid } : {},
        );
      },
      loadMore: (section) => loadMoreOf(latest.current.client, latest.current.projectGid, section),
      rename: (section, name) => latest.current.actions.renameSection(section, name),
      remove: (section) => {
        const { board, client, projectGid } = latest.current;
        if (!(board.tasks[section.gid] ?? []).length) return latest.current.actions.deleteSection(section.gid);
        // The confirmation counts every task that goes with the column: the rest of it loads first.
        if (board.more?.[section.gid] !== undefined) void loadAllOf(client, projectGid, section.gid);
        setDeleting(section);
      },
      addBelow: (section) => setAddingAfter(section),
      setMarksComplete: (section, value) => latest.current.actions.setMarksComplete(section, value),
    }),
    [],
  );

  // `n` (or the Add task button) opens the composer in the first column the caller may add to.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reacts to the signal only, not to every board change
  useEffect(() => {
    const first = board.sections.find((section) => section.permissions?.add_tasks);
    if (composeSignal && first) setComposing(first.gid);
  }, [composeSignal]);

  if (board.sections.length === 0) {
    return (
      <EmptyState
        icon={IconLayoutKanban}
        title={t("sections.emptyTitle")}
        text={permissions?.add_sections ? t("board.emptyText") : undefined}
        action={
          permissions?.add_sections && (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setAddingAfter(null)}
              data-testid="add-first-section"
            >
              {t("board.addColumn")}
            </Button>
          )
        }
      />
    );
  }

  const { dragging } = sortable;
  return (
    <Box ref={scroller} style={{ flex: 1, minHeight: 0, overflowX: "auto", overflowY: "hidden" }} data-testid="board">
      <DndContext {...sortable.context} autoScroll={AUTO_SCROLL}>
        <Group align="stretch" gap={12} p="md" wrap="nowrap" h="100%" style={{ width: "max-content" }}>
          <SortableContext
            items={board.sections.map((section) => sortableIds.list(section.gid))}
            strategy={horizontalListSortingStrategy}
          >
            {board.sections.map((section) => (
              <Column
                key={section.gid}
                section={section}
                tasks={board.tasks[section.gid] ?? NO_TASKS}
                hasMore={board.more?.[section.gid] !== undefined}
                activeTask={activeTask}
                composing={composing === section.gid}
                dropBefore={sortable.dropBefore(section.gid)}
                dropAtEnd={sortable.dropAtEnd(section.gid)}
                actions={columnActions}
                movable={columnsMovable}
                cardsMovable={cardsMovable}
              />
            ))}
          </SortableContext>
          {permissions?.add_sections && !onRegroup && (
            <Box w={COLUMN_WIDTH - 40} style={{ flexShrink: 0 }}>
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
          )}
        </Group>
        <DragOverlay style={{ willChange: "transform" }} {...sortable.overlay}>
          {dragging?.kind === "item" ? (
            <TaskCardOverlay task={dragging.item} width={COLUMN_WIDTH - 16} />
          ) : dragging?.kind === "list" ? (
            <div
              className="takt-column"
              style={{ width: COLUMN_WIDTH, height: 120, padding: 12, boxShadow: "0 12px 28px rgba(16,24,40,.18)" }}
            >
              <Text fw={650} size="sm">
                {board.sections.find((section) => section.gid === dragging.list)?.name}
              </Text>
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {/* Rendered only while open: closed Mantine modals still cost a render on every drag state change. */}
      {addingAfter !== undefined && (
        <AddSectionModal
          title={t("board.addColumn")}
          onSave={(name) => actions.createSection(name, addingAfter ?? board.sections[board.sections.length - 1]?.gid)}
          onClose={() => setAddingAfter(undefined)}
        />
      )}
      {deleting && (
        <DeleteSectionModal
          section={deleting}
          count={board.tasks[deleting.gid]?.length ?? 0}
          onClose={() => setDeleting(null)}
        />
      )}
    </Box>
  );
}
