import { Badge, Button, Group, NumberInput, Popover, Progress, SegmentedControl, Stack, Text } from "@mantine/core";
import { IconCoin } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../components/notify";
import { formatMinutes } from "../time/duration";
import { type Budget, useBudget, useSaveBudget } from "./queries";

interface Burn {
  budget_type: "time" | "cost";
  total: number | null;
  actual: number;
  units: string;
}

const money = (value: number, currency: string) => `${Math.round(value).toLocaleString()} ${currency}`;

export function burnText(burn: Burn) {
  const show = (value: number) => (burn.budget_type === "time" ? formatMinutes(value) : money(value, burn.units));
  return burn.total === null ? show(burn.actual) : `${show(burn.actual)} / ${show(burn.total)}`;
}

export function burnPercent(burn: Burn) {
  return burn.total ? Math.round((burn.actual / burn.total) * 100) : 0;
}

const burnColor = (percent: number) => (percent >= 100 ? "red" : percent >= 80 ? "yellow" : "teal");

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

const burnOf = (budget: Budget): Burn => ({
  budget_type: budget.budget_type,
  total: budget.total.value,
  actual: budget.actual.value ?? 0,
  units: budget.actual.units ?? "",
});

// The project header's budget: its burn for editors; project admins set it (hours or money).
export function ProjectBudget({ projectGid, manage }: { projectGid: string; manage: boolean }) {
  const { t } = useTranslation();
  const budget = useBudget(projectGid, true);
  const save = useSaveBudget(projectGid);
  const [opened, setOpened] = useState(false);
  const [type, setType] = useState<"time" | "cost">("time");
  const [total, setTotal] = useState<number | string>("");
  useEffect(() => {
    if (!opened || !budget.data) return;
    setType(budget.data.budget_type);
    const value = budget.data.total.value;
    setTotal(value === null ? "" : budget.data.budget_type === "time" ? value / 60 : value);
  }, [opened, budget.data]);
  if (budget.isPending) return null;
  const data = budget.data ?? null;
  if (!data && !manage) return null;
  const burn = data ? burnOf(data) : null;
  const percent = burn ? burnPercent(burn) : 0;
  const submit = async () => {
    const value = Number(total);
    try {
      await save.mutateAsync({ budget: data, type, total: type === "time" ? Math.round(value * 60) : value });
      setOpened(false);
    } catch (error) {
      notifyError(error);
    }
  };
  const badge = (
    <Badge
      // The badge opens the budget's editor: a button for whoever may set it (keyboard and screen readers too).
      component={manage ? "button" : "div"}
      type={manage ? "button" : undefined}
      variant="light"
      color={burn?.total ? burnColor(percent) : "gray"}
      leftSection={<IconCoin size={12} />}
      style={{ cursor: manage ? "pointer" : "default", textTransform: "none", flexShrink: 0 }}
      onClick={() => manage && setOpened((value) => !value)}
      data-testid="project-budget"
    >
      {burn ? `${burnText(burn)}${burn.total ? ` · ${percent}%` : ""}` : t("billing.setBudget")}
    </Badge>
  );
  if (!manage) return badge;
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" withArrow>
      <Popover.Target>{badge}</Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm" w={260}>
          <Text fw={600} size="sm">
            {t("billing.budget")}
          </Text>
          <SegmentedControl
            value={type}
            onChange={(value) => setType(value as "time" | "cost")}
            data={[
              { value: "time", label: t("billing.hours") },
              { value: "cost", label: t("billing.money") },
            ]}
          />
          <NumberInput
            label={type === "time" ? t("billing.totalHours") : t("billing.totalMoney")}
            value={total}
            onChange={setTotal}
            min={0}
            data-testid="budget-total"
          />
          <Group justify="flex-end">
            <Button
              size="xs"
              onClick={submit}
              loading={save.isPending}
              disabled={total === ""}
              data-testid="budget-save"
            >
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
