import { closestCenter, DndContext, type DragEndEvent, PointerSensor, useSensor, useSensors } from "@dnd-kit/core";
import { arrayMove, SortableContext, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ActionIcon, Box, Button, Checkbox, Group, Skeleton, Stack, Text } from "@mantine/core";
import { IconChevronRight, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TaskRow } from "../../api/types";
import { AssigneePicker } from "../../components/AssigneePicker";
import { DragHandle } from "../../components/DragHandle";
import { DuePicker } from "../../components/DuePicker";
import { TaskComposer } from "../projects/TaskComposer";
import { ApprovalStatus, isApproval, strikesThrough, TaskMark } from "../timeline/TaskMark";
import { useCreateSubtask, useMoveSubtask, useUpdateTask } from "./mutations";
import { useSubtasks } from "./queries";

function SubtaskRow({ task, onOpen }: { task: TaskRow; onOpen(gid: string): void }) {
  const { t } = useTranslation();
  const update = useUpdateTask().mutate;
  const editable = !!task.permissions?.edit;
  const sortable = useSortable({ id: task.gid, disabled: !editable });
  return (
    <Group
      ref={sortable.setNodeRef}
      style={{
        transform: CSS.Translate.toString(sortable.transform),
        transition: sortable.transition,
        borderBottom: "1px solid var(--mantine-color-gray-2)",
        background: "var(--mantine-color-body)",
      }}
      className="takt-row-lite takt-section-header"
      gap={6}
      py={4}
      wrap="nowrap"
      data-testid="subtask"
    >
      {editable ? <DragHandle attributes={sortable.attributes} listeners={sortable.listeners} /> : <Box w={14} />}
      {/* An approval is decided in its own pane, not ticked off: its mark and decision, as in every other list. */}
      {isApproval(task) ? (
        <Box w={18} style={{ display: "flex", justifyContent: "center" }}>
          <TaskMark task={task} size={14} />
        </Box>
      ) : (
        <Checkbox
          radius="xl"
          size="xs"
          color="teal"
          checked={task.completed}
          disabled={!task.permissions?.complete}
          onChange={(event) => update({ task, patch: { completed: event.currentTarget.checked } })}
          aria-label={t("tasks.markComplete")}
          data-testid="subtask-complete"
        />
      )}
      <Text
        size="sm"
        style={{ flex: 1, cursor: "pointer" }}
        truncate
        className={strikesThrough(task) ? "takt-completed" : undefined}
        onClick={() => onOpen(task.gid)}
      >
        {task.name}
      </Text>
      <ApprovalStatus task={task} size="xs" />
      <DuePicker
        value={task.due_on}
        completed={task.completed}
        readOnly={!editable}
        onChange={(due_on) => update({ task, patch: { due_on } })}
        placeholder=" "
      />
      <AssigneePicker
        value={task.assignee}
        readOnly={!editable}
        onChange={(assignee) => update({ task, patch: { assignee } })}
        label={task.assignee ? undefined : t("tasks.noAssignee")}
        target={
          task.assignee ? undefined : (
            <Box w={22} h={22} style={{ borderRadius: 11, border: "1px dashed var(--mantine-color-gray-4)" }} />
          )
        }
      />
      <ActionIcon variant="subtle" color="gray" size="sm" onClick={() => onOpen(task.gid)} aria-label={t("tasks.open")}>
        <IconChevronRight size={14} />
      </ActionIcon>
    </Group>
  );
}

export function Subtasks({
  parentGid,
  canAdd,
  onOpen,
}: {
  parentGid: string;
  // The parent's "add subtasks" ability.
  canAdd: boolean;
  onOpen(gid: string): void;
}) {
  const { t } = useTranslation();
  const subtasks = useSubtasks(parentGid);
  const create = useCreateSubtask(parentGid).mutate;
  const move = useMoveSubtask(parentGid).mutate;
  const [composing, setComposing] = useState(false);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }));
  const rows = subtasks.data ?? [];

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = rows.findIndex((row) => row.gid === active.id);
    const to = rows.findIndex((row) => row.gid === over.id);
    move({ task: String(active.id), order: arrayMove(rows, from, to) });
  };

  return (
    <Stack gap={0}>
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">
          {t("tasks.subtasks")}
          {rows.length > 0 && (
            <Text span c="dimmed" size="sm" ml={6}>
              {rows.filter((row) => row.completed).length}/{rows.length}
            </Text>
          )}
        </Text>
      </Group>
      {subtasks.isPending ? (
        <Skeleton h={28} />
      ) : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={rows.map((row) => row.gid)} strategy={verticalListSortingStrategy}>
            {rows.map((row) => (
              <SubtaskRow key={row.gid} task={row} onOpen={onOpen} />
            ))}
          </SortableContext>
        </DndContext>
      )}
      {!canAdd ? null : composing ? (
        <Box py={4}>
          <TaskComposer onCreate={create} onClose={() => setComposing(false)} />
        </Box>
      ) : (
        <Button
          variant="subtle"
          color="gray"
          size="compact-sm"
          mt={4}
          leftSection={<IconPlus size={14} />}
          onClick={() => setComposing(true)}
          style={{ alignSelf: "flex-start" }}
          data-testid="add-subtask"
        >
          {t("tasks.addSubtask")}
        </Button>
      )}
    </Stack>
  );
}
