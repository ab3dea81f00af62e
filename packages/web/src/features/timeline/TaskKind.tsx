import { Badge, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { TaskRow } from "../../api/types";
import { TaskMark } from "./TaskMark";

const STATUS_COLOR = { pending: "orange", approved: "teal", rejected: "red", changes_requested: "yellow" } as const;

// Above the task name in the pane: "Milestone" or "Approval · Pending", nothing for ordinary tasks.
export function TaskKind({ task }: { task: TaskRow }) {
  const { t } = useTranslation();
  if (task.resource_subtype !== "milestone" && task.resource_subtype !== "approval") return null;
  const status = (task.approval_status ?? "pending") as keyof typeof STATUS_COLOR;
  return (
    <Group gap={6} data-testid="task-kind">
      <TaskMark task={task} size={14} />
      <Badge
        variant="light"
        color={task.resource_subtype === "milestone" ? "violet" : STATUS_COLOR[status]}
        radius="sm"
      >
        {task.resource_subtype === "milestone"
          ? t("marks.milestone")
          : `${t("marks.approval")} · ${t(`marks.approvalStatus.${status}`)}`}
      </Badge>
    </Group>
  );
}
