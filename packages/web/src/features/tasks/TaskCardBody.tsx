import { Box, Group, Text } from "@mantine/core";
import { IconCircleCheckFilled, IconMessage, IconSubtask } from "@tabler/icons-react";
import { memo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { TaskRow } from "../../api/types";
import { DueDate } from "../../components/DueDate";
import { UserAvatar } from "../../components/UserAvatar";
import { useProjectFields } from "../custom-fields/context";
import { FieldValueView } from "../custom-fields/FieldValueView";
import { fieldsOf } from "../custom-fields/queries";
import { TagChip } from "../tags/TagChip";
import { ApprovalStatus, BlockedMark, isApproval, isBlocked, strikesThrough, TaskMark } from "../timeline/TaskMark";

// The icons say what the numbers count, to a screen reader too ("Subtasks 3", "Comments 2").
function Counts({ task, size }: { task: TaskRow; size: number }) {
  const { t } = useTranslation();
  return (
    <>
      {(task.num_subtasks ?? 0) > 0 && (
        <Group gap={3} c="dimmed" wrap="nowrap" data-testid="card-subtasks">
          <IconSubtask size={size} role="img" aria-label={t("tasks.subtasks")} />
          <Text size="xs">{task.num_subtasks}</Text>
        </Group>
      )}
      {(task.num_comments ?? 0) > 0 && (
        <Group gap={3} c="dimmed" wrap="nowrap" data-testid="card-comments">
          <IconMessage size={size} role="img" aria-label={t("a11y.comments")} />
          <Text size="xs">{task.num_comments}</Text>
        </Group>
      )}
    </>
  );
}

function Completed({ task }: { task: TaskRow }) {
  const { t } = useTranslation();
  return strikesThrough(task) ? (
    <IconCircleCheckFilled
      size={16}
      color="var(--mantine-color-teal-6)"
      style={{ flexShrink: 0, marginTop: 2 }}
      role="img"
      aria-label={t("tasks.completed")}
    />
  ) : null;
}

/**
 * What a task shows wherever it is one of many: its marks, name, counts, tags and important fields, due date and
 * assignee. A board or sprint card (`card`: chips above, name, then dates and people), or a line of a list or the
 * backlog (`row`). Memoised: while a card is dragged, dnd-kit re-renders every sortable shell on each pointer move;
 * the body renders again only when its task changes.
 */
export const TaskCardBody = memo(function TaskCardBody({
  task,
  layout = "card",
  lead,
  name,
  extra,
}: {
  task: TaskRow;
  layout?: "card" | "row";
  // At the start of a row instead of the completed tick (the List's checkbox).
  lead?: ReactNode;
  // The name as shown, when the view swaps in an editor.
  name?: ReactNode;
  // Beside the due date on a card, at the end of a row: an estimate, a section name.
  extra?: ReactNode;
}) {
  const { settings: fieldSettings, completedOf } = useProjectFields();
  const blocked = isBlocked(task, completedOf);
  const tags = task.tags ?? [];
  const title = name ?? (
    <Text
      size="sm"
      fw={layout === "card" ? 500 : undefined}
      lineClamp={layout === "card" ? 3 : undefined}
      truncate={layout === "row" ? true : undefined}
      className={strikesThrough(task) ? "takt-completed" : undefined}
      style={layout === "card" ? { wordBreak: "break-word" } : { flex: 1, minWidth: 0 }}
    >
      {task.name}
    </Text>
  );

  if (layout === "row") {
    return (
      <Group gap={8} wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
        {isApproval(task) ? (
          // An approval is decided in its pane, never ticked off from a list: its status takes the checkbox's place.
          <Box w={20} style={{ flexShrink: 0, display: "flex", justifyContent: "center" }}>
            <TaskMark task={task} size={15} />
          </Box>
        ) : (
          (lead ?? (task.completed ? <Completed task={task} /> : <Box w={16} style={{ flexShrink: 0 }} />))
        )}
        {!isApproval(task) && <TaskMark task={task} size={13} />}
        {title}
        <ApprovalStatus task={task} size="xs" />
        <Counts task={task} size={13} />
        {blocked && <BlockedMark size={12} />}
        {tags.slice(0, 3).map((tag) => (
          <TagChip key={tag.gid} tag={tag} size="xs" />
        ))}
        {extra}
      </Group>
    );
  }

  const values = fieldsOf(task);
  const chips = fieldSettings
    .filter((setting) => setting.is_important)
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
  const hasMeta = task.assignee || task.due_on || (task.num_subtasks ?? 0) > 0 || (task.num_comments ?? 0) > 0 || extra;
  return (
    <>
      {(chips.length > 0 || tags.length > 0 || blocked || isApproval(task)) && (
        <Group gap={4} mb={6} data-testid="card-chips">
          <ApprovalStatus task={task} size="xs" />
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
        {!isApproval(task) && <TaskMark task={task} size={14} />}
        <Completed task={task} />
        {title}
      </Group>
      {hasMeta && (
        <Group justify="space-between" mt={10} wrap="nowrap">
          <Group gap={10} wrap="nowrap">
            {extra}
            <DueDate due={task.due_on} completed={task.completed} />
            <Counts task={task} size={14} />
          </Group>
          <UserAvatar user={task.assignee} size={24} tooltip />
        </Group>
      )}
    </>
  );
});
