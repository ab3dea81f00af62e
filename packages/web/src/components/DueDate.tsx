import { Text, VisuallyHidden } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";

export function formatDue(due: string, t: (key: string) => string): string {
  const day = dayjs(due);
  const today = dayjs().startOf("day");
  const diff = day.diff(today, "day");
  if (diff === 0) return t("dates.today");
  if (diff === 1) return t("dates.tomorrow");
  if (diff === -1) return t("dates.yesterday");
  if (diff > 1 && diff < 7) {
    const weekday = day.format("dddd");
    return weekday.charAt(0).toUpperCase() + weekday.slice(1);
  }
  return day.year() === today.year() ? day.format("D MMM") : day.format("D MMM YYYY");
}

export function isOverdue(due: string | null | undefined, completed = false): boolean {
  return !!due && !completed && dayjs(due).isBefore(dayjs().startOf("day"));
}

export function DueDate({
  due,
  completed = false,
  size = "xs",
}: {
  due: string | null | undefined;
  completed?: boolean;
  size?: "xs" | "sm";
}) {
  const { t } = useTranslation();
  if (!due) return null;
  const overdue = isOverdue(due, completed);
  const today = dayjs(due).isSame(dayjs(), "day");
  return (
    <Text
      size={size}
      c={overdue ? "red.7" : today ? "teal.7" : "dimmed"}
      fw={overdue || today ? 500 : 400}
      data-overdue={overdue || undefined}
      style={{ whiteSpace: "nowrap" }}
    >
      {/* Overdue is said by a mark and in words too, never by the red alone. */}
      {overdue && (
        <>
          <IconAlertCircle size={size === "xs" ? 12 : 14} aria-hidden style={{ verticalAlign: -2, marginRight: 3 }} />
          <VisuallyHidden>{t("a11y.overdue")}: </VisuallyHidden>
        </>
      )}
      {formatDue(due, t)}
    </Text>
  );
}
