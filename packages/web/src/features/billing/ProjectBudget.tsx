import { Badge, Box, Loader, Popover } from "@mantine/core";
import { IconCoin } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { lazyNamed } from "../../app/lazy";
import { type Burn, burnColor, burnPercent, burnText } from "./burn";
import { type Budget, useBudget } from "./queries";

const BudgetEditor = lazyNamed(
  () => import("./BudgetEditor"),
  "BudgetEditor",
  <Box w={260} ta="center" py="md">
    <Loader size="sm" />
  </Box>,
);

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
  const [opened, setOpened] = useState(false);
  if (budget.isPending) return null;
  const data = budget.data ?? null;
  if (!data && !manage) return null;
  const burn = data ? burnOf(data) : null;
  const percent = burn ? burnPercent(burn) : 0;
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
        {opened && <BudgetEditor projectGid={projectGid} budget={data} onSaved={() => setOpened(false)} />}
      </Popover.Dropdown>
    </Popover>
  );
}
