import type { DraggableAttributes, DraggableSyntheticListeners } from "@dnd-kit/core";
import { IconGripVertical } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

// The grip a row, a section or a column is dragged by (shown on hover, see .takt-handle).
export function DragHandle({
  attributes,
  listeners,
  testId,
}: {
  attributes: DraggableAttributes;
  listeners: DraggableSyntheticListeners;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="takt-handle"
      {...attributes}
      {...listeners}
      aria-label={t("common.drag")}
      data-testid={testId}
    >
      <IconGripVertical size={14} />
    </button>
  );
}
