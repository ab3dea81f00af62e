import { Button, Group, NumberInput, SegmentedControl, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../components/notify";
import { type Budget, useSaveBudget } from "./queries";

// The budget's editor (hours or money), in the header's popover: loaded when first opened (the number field and its
// formatting are no part of a project's first screen).
export function BudgetEditor({
  projectGid,
  budget,
  onSaved,
}: {
  projectGid: string;
  budget: Budget | null;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const save = useSaveBudget(projectGid);
  const [type, setType] = useState<"time" | "cost">(budget?.budget_type ?? "time");
  const [total, setTotal] = useState<number | string>(() => {
    const value = budget?.total.value ?? null;
    return value === null ? "" : budget?.budget_type === "time" ? value / 60 : value;
  });
  const submit = async () => {
    const value = Number(total);
    try {
      await save.mutateAsync({ budget, type, total: type === "time" ? Math.round(value * 60) : value });
      onSaved();
    } catch (error) {
      notifyError(error);
    }
  };
  return (
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
        <Button size="xs" onClick={submit} loading={save.isPending} disabled={total === ""} data-testid="budget-save">
          {t("common.save")}
        </Button>
      </Group>
    </Stack>
  );
}
