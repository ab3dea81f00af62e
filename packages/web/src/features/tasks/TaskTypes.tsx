import { Badge, Menu } from "@mantine/core";
import {
  IconCheck,
  IconCircleCheck,
  IconDiamond,
  IconHourglass,
  IconPencil,
  IconThumbUp,
  IconX,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

type Subtype = "default_task" | "approval" | "milestone";
const SUBTYPES: Subtype[] = ["default_task", "approval", "milestone"];
const ICONS = { default_task: IconCircleCheck, approval: IconThumbUp, milestone: IconDiamond } as const;

// The task pane menu's type switch: a task, an approval or a milestone.
export function TaskTypeItems({ current, onChange }: { current: string; onChange(subtype: Subtype): void }) {
  const { t } = useTranslation();
  return (
    <>
      <Menu.Label>{t("admin.types.label")}</Menu.Label>
      {SUBTYPES.map((subtype) => {
        const Icon = ICONS[subtype];
        return (
          <Menu.Item
            key={subtype}
            leftSection={<Icon size={14} />}
            rightSection={current === subtype ? <IconCheck size={14} /> : null}
            onClick={() => current !== subtype && onChange(subtype)}
            data-testid="task-type-option"
            data-subtype={subtype}
          >
            {t(`admin.types.kind.${subtype}`)}
          </Menu.Item>
        );
      })}
      <Menu.Divider />
    </>
  );
}

const STATUS = {
  pending: { color: "gray", icon: IconHourglass },
  approved: { color: "teal", icon: IconCheck },
  changes_requested: { color: "yellow", icon: IconPencil },
  rejected: { color: "red", icon: IconX },
} as const;

// An approval reads as its decision ("Approved", "Changes requested"…), never as "Completed".
export function ApprovalStatusBadge({ status }: { status: keyof typeof STATUS }) {
  const { t } = useTranslation();
  const { color, icon: Icon } = STATUS[status] ?? STATUS.pending;
  return (
    <Badge variant="light" color={color} size="lg" leftSection={<Icon size={12} />} data-testid="approval-status">
      {t(`marks.approvalStatus.${status}`)}
    </Badge>
  );
}
