import { Badge, Tooltip } from "@mantine/core";
import { IconCircleCheck, IconCircleDashed, IconCircleX, IconLock, IconRotateClockwise } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { TaskRow } from "../../api/types";

export function Diamond({
  size = 12,
  color = "var(--mantine-color-violet-6)",
  filled = true,
}: {
  size?: number;
  color?: string;
  filled?: boolean;
}) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 12 12"
      style={{ flexShrink: 0 }}
      aria-hidden
      data-testid="milestone-mark"
    >
      <path d="M6 0.8 L11.2 6 L6 11.2 L0.8 6 Z" fill={filled ? color : "none"} stroke={color} strokeWidth={1.4} />
    </svg>
  );
}

const APPROVAL = {
  pending: { icon: IconCircleDashed, color: "var(--mantine-color-orange-6)" },
  approved: { icon: IconCircleCheck, color: "var(--mantine-color-teal-6)" },
  rejected: { icon: IconCircleX, color: "var(--mantine-color-red-6)" },
  changes_requested: { icon: IconRotateClockwise, color: "var(--mantine-color-yellow-7)" },
} as const;

// Milestones are diamonds and approvals show their status, in every view.
export function TaskMark({ task, size = 14 }: { task: TaskRow; size?: number }) {
  const { t } = useTranslation();
  if (task.resource_subtype === "milestone") {
    return (
      <Tooltip label={t("marks.milestone")} openDelay={300}>
        <span style={{ display: "inline-flex" }} role="img" aria-label={t("marks.milestone")}>
          <Diamond size={size} filled={task.completed} />
        </span>
      </Tooltip>
    );
  }
  if (task.resource_subtype === "approval") {
    const status = (task.approval_status ?? "pending") as keyof typeof APPROVAL;
    const { icon: Icon, color } = APPROVAL[status] ?? APPROVAL.pending;
    return (
      <Tooltip label={`${t("marks.approval")}: ${t(`marks.approvalStatus.${status}`)}`} openDelay={300}>
        <span
          style={{ display: "inline-flex" }}
          role="img"
          aria-label={`${t("marks.approval")}: ${t(`marks.approvalStatus.${status}`)}`}
          data-testid="approval-mark"
          data-status={status}
        >
          <Icon size={size + 2} color={color} stroke={2} />
        </span>
      </Tooltip>
    );
  }
  return null;
}

const APPROVAL_BADGE = { pending: "orange", approved: "teal", rejected: "red", changes_requested: "yellow" } as const;

export const isApproval = (task: TaskRow) => task.resource_subtype === "approval";
// An approval is decided, not done: its name is never struck through, whatever its completion.
export const strikesThrough = (task: TaskRow) => task.completed && !isApproval(task);

// An approval's decision as a person reads it: the status icon and its word ("Approved", "Changes requested").
export function ApprovalStatus({ task, size = "sm" }: { task: TaskRow; size?: "xs" | "sm" }) {
  const { t } = useTranslation();
  if (!isApproval(task)) return null;
  const status = (task.approval_status ?? "pending") as keyof typeof APPROVAL;
  const { icon: Icon } = APPROVAL[status] ?? APPROVAL.pending;
  return (
    <Badge
      variant="light"
      color={APPROVAL_BADGE[status] ?? "orange"}
      radius="sm"
      size={size}
      tt="none"
      fw={600}
      leftSection={<Icon size={size === "xs" ? 11 : 13} stroke={2.2} />}
      style={{ flexShrink: 0 }}
      aria-label={`${t("marks.approval")}: ${t(`marks.approvalStatus.${status}`)}`}
      data-testid="approval-badge"
      data-status={status}
    >
      {t(`marks.approvalStatus.${status}`)}
    </Badge>
  );
}

// Blocked while any task it depends on is still open (unknown ones count as open).
export function isBlocked(task: TaskRow, completed: (gid: string) => boolean | undefined): boolean {
  if (task.completed) return false;
  return (task.dependencies ?? []).some((dependency) => completed(dependency.gid) !== true);
}

export function BlockedMark({ size = 13 }: { size?: number }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={t("marks.blocked")} openDelay={300}>
      <span className="takt-blocked" data-testid="blocked-mark">
        <IconLock size={size} />
        {t("marks.blockedShort")}
      </span>
    </Tooltip>
  );
}
