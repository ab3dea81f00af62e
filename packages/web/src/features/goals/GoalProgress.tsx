import { Group, Progress, Text } from "@mantine/core";

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
