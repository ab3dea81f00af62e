import { DndContext, DragOverlay } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { ActionIcon, Box, Button, Group, Text, Tooltip } from "@mantine/core";
import { IconLayoutList, IconPlus } from "@tabler/icons-react";
import type { ProjectPermissions } from "@takt/contracts";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Section, TaskRow } from "../../api/types";
import { EmptyState } from "../../components/EmptyState";
import { InlineEdit } from "../../components/InlineText";
import { sortableIds, useSortableLists } from "../../components/useSortableLists";
import { useProjectFields } from "../custom-fields/context";
import { TaskCardBody } from "../tasks/TaskCardBody";
import type { BoardData } from "./board";
import { AddRow, gridOf, HEIGHT, type Row, SectionRowView, TaskRowView } from "./ListRows";
import { useBoardMutations } from "./mutations";
import { AddSectionModal, DeleteSectionModal } from "./SectionModals";

const NO_TASKS: TaskRow[] = [];

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
  const taskCount = useMemo(
    () => board.sections.reduce((sum, section) => sum + (board.tasks[section.gid]?.length ?? 0), 0),
    [board],
  );
  const tasksMovable = !!permissions?.move_tasks && !regrouped;
  const sectionsArrangeable = !!permissions?.add_sections && !regrouped;

  const lists = useMemo(
    () =>
      board.sections.map((section) => ({
        id: section.gid,
        name: section.name,
        items: collapsed[section.gid] ? NO_TASKS : (board.tasks[section.gid] ?? NO_TASKS),
      })),
    [board, collapsed],
  );
  const sortable = useSortableLists<TaskRow>({
    lists,
    idOf: (task) => task.gid,
    nameOf: (task) => task.name,
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
            onMarksComplete={(value) => actions.setMarksComplete(row.section.gid, value)}
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
            {/* biome-ignore lint/a11y/useSemanticElements: a list of divs (sortable, virtualized), named with its count */}
            <div
              role="list"
              aria-label={t("a11y.tasks", { count: taskCount })}
              style={{ height: virtualizer.getTotalSize(), position: "relative" }}
            >
              {virtualizer.getVirtualItems().map((item) => (
                <div
                  key={item.key}
                  // Task rows are list items themselves; a section's header and its "add task" line are items too.
                  role={rows[item.index].kind === "task" ? undefined : "listitem"}
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
          <DragOverlay {...sortable.overlay}>
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
        <AddSectionModal
          title={t("sections.addBelow")}
          onSave={(name) => actions.createSection(name, addingSection.after)}
          onClose={() => setAddingSection(null)}
        />
      )}
      {deleting && (
        <DeleteSectionModal
          section={deleting}
          count={board.tasks[deleting.gid]?.length ?? 0}
          onClose={() => setDeleting(null)}
        />
      )}
    </>
  );
}
