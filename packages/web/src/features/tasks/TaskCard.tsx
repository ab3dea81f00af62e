import { CSS } from "@dnd-kit/utilities";
import { Box } from "@mantine/core";
import { type CSSProperties, memo, type ReactNode } from "react";
import type { TaskRow } from "../../api/types";
import { sortableIds, useSortableItem } from "../../components/useSortableLists";
import { TaskCardBody } from "./TaskCardBody";

// A card of a board or a sprint board: the body in a shell that can be dragged (when `draggable`) and opened.
export const TaskCard = memo(function TaskCard({
  task,
  active,
  indicator,
  draggable,
  onOpen,
  extra,
  testId = "card",
}: {
  task: TaskRow;
  active: boolean;
  // A drop would land just above this card.
  indicator?: boolean;
  draggable: boolean;
  onOpen(gid: string): void;
  extra?: ReactNode;
  testId?: string;
}) {
  const { sortable, props } = useSortableItem(sortableIds.item(task.gid), {
    movable: draggable && !task.gid.startsWith("temp-"),
    onOpen: () => onOpen(task.gid),
  });
  const style: CSSProperties = {
    transform: CSS.Translate.toString(sortable.transform),
    transition: sortable.transition,
    opacity: sortable.isDragging ? 0.35 : 1,
  };
  return (
    <div style={{ paddingBottom: 8 }}>
      {indicator && <Box h={3} mb={5} bg="takt.5" style={{ borderRadius: 2 }} />}
      <div
        ref={sortable.setNodeRef}
        style={style}
        className="takt-card"
        data-active={active}
        data-testid={testId}
        data-task-name={task.name}
        data-task-gid={task.gid}
        data-draggable={draggable}
        {...props}
      >
        <TaskCardBody task={task} extra={extra} />
      </div>
    </div>
  );
});

// The card that follows the pointer while one is dragged.
export function TaskCardOverlay({ task, width, extra }: { task: TaskRow; width: number; extra?: ReactNode }) {
  return (
    <div
      className="takt-card"
      style={{ width, boxShadow: "0 12px 28px rgba(16,24,40,.18)", transform: "rotate(2deg)" }}
    >
      <TaskCardBody task={task} extra={extra} />
    </div>
  );
}
