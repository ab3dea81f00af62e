import { Group, Progress, Text } from "@mantine/core";
import type { GoalMetric } from "@takt/contracts";
import i18n from "../../i18n";

const GOAL_COLOR: Record<string, string> = {
  green: "teal",
  yellow: "yellow",
  red: "red",
  achieved: "violet",
  missed: "gray",
};

export const goalColor = (status: string | null | undefined) => (status ? (GOAL_COLOR[status] ?? "takt") : "takt");

export function GoalProgress({ value, status, label }: { value: number; status?: string | null; label?: string }) {
  const percent = Math.round(value * 100);
  return (
    <Group gap="xs" wrap="nowrap" miw={160}>
      <Progress value={percent} color={goalColor(status)} size="md" style={{ flex: 1 }} aria-label={label} />
      <Text size="sm" fw={600} w={42} ta="right" data-testid="goal-percent">
        {percent}%
      </Text>
    </Group>
  );
}

type MetricShown = Pick<GoalMetric, "current_display_value"> &
  Partial<Pick<GoalMetric, "unit" | "precision" | "currency_code" | "initial_number_value" | "target_number_value">>;

// A metric's number as its unit shows it (as the server's current_display_value does).
function shownValue(metric: MetricShown, value: number): string {
  const number = value.toFixed(metric.precision ?? 0);
  if (metric.unit === "percentage") return `${number}%`;
  if (metric.unit === "currency") return `${number} ${metric.currency_code ?? ""}`.trim();
  return number;
}

// What to say of the metric beside the progress bar, which already shows the percentage: its own value against
// its target ("1500 USD of 10000 USD"), or nothing when that would only repeat the bar's "40%".
export function metricBeside(metric: MetricShown | null | undefined): string | null {
  if (!metric) return null;
  const target = metric.target_number_value;
  if (target === undefined) return null;
  if (metric.unit === "percentage" && target === 100 && !metric.initial_number_value) return null;
  return i18n.t("goals.ofTarget", { current: metric.current_display_value, target: shownValue(metric, target) });
}
