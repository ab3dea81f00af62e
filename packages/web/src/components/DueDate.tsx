import { Text, VisuallyHidden } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";

const pad = (value: number) => String(value).padStart(2, "0");

// Today in the person's time zone, as a due date is written (YYYY-MM-DD): a board compares dozens of dates with it,
// as strings, without a date object each.
function todayOn(): string {
  const now = new Date();
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// Whole days from `from` to `to` (both YYYY-MM-DD).
function daysBetween(from: string, to: string): number {
  const utc = (date: string) =>
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

export function formatDue(due: string, t: (key: string) => string): string {
  const today = todayOn();
  const diff = daysBetween(today, due.slice(0, 10));
  if (diff === 0) return t("dates.today");
  if (diff === 1) return t("dates.tomorrow");
  if (diff === -1) return t("dates.yesterday");
  const day = dayjs(due);
  if (diff > 1 && diff < 7) {
    const weekday = day.format("dddd");
    return weekday.charAt(0).toUpperCase() + weekday.slice(1);
  }
  return due.slice(0, 4) === today.slice(0, 4) ? day.format("D MMM") : day.format("D MMM YYYY");
}

export function isOverdue(due: string | null | undefined, completed = false): boolean {
  return !!due && !completed && due.slice(0, 10) < todayOn();
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
  const today = due.slice(0, 10) === todayOn();
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
