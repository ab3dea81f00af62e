import { Progress, Stack, Text } from "@mantine/core";
import { type Burn, burnColor, burnPercent, burnText } from "./burn";

// A budget's burn: spent of total, with a bar that turns yellow at 80% and red past the total.
export function BudgetBurn({ budget }: { budget: Burn }) {
  const percent = burnPercent(budget);
  return (
    <Stack gap={2} data-testid="budget-burn">
      <Text size="xs">{burnText(budget)}</Text>
      {budget.total !== null && <Progress value={Math.min(100, percent)} size="sm" color={burnColor(percent)} />}
    </Stack>
  );
}
