import { Anchor, Badge, Select, Table, Text } from "@mantine/core";
import { IconTarget } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useWorkspace } from "../../app/workspace";
import { CollectionPage } from "../../components/CollectionPage";
import { GoalProgress, goalColor, metricBeside } from "./GoalProgress";
import { type Goal, useCreateGoal, useGoals, useTimePeriods } from "./queries";

// /goals: the workspace's goals the caller sees, with progress, owner, period and status.
export function GoalsPage() {
  const { t } = useTranslation();
  const { workspace, abilities } = useWorkspace();
  const goals = useGoals(workspace?.gid);
  const periods = useTimePeriods(abilities?.view_portfolios ? workspace?.gid : undefined);
  const create = useCreateGoal(workspace?.gid);
  const [period, setPeriod] = useState<string | null>(null);
  return (
    <CollectionPage<Goal>
      title={t("goals.title")}
      text={t("goals.text")}
      rows={goals.data}
      loading={goals.isPending}
      empty={{ icon: IconTarget, title: t("goals.empty"), text: t("goals.emptyText") }}
      tableTestId="goals"
      rowTestId="goal-row"
      head={
        <>
          <Table.Th>{t("goals.name")}</Table.Th>
          <Table.Th w={240}>{t("goals.progress")}</Table.Th>
          <Table.Th>{t("goals.owner")}</Table.Th>
          <Table.Th>{t("goals.period")}</Table.Th>
          <Table.Th>{t("goals.status")}</Table.Th>
        </>
      }
      row={(goal) => (
        <>
          <Table.Td>
            <Anchor component={Link} to={`/goals/${goal.gid}`} fw={600}>
              {goal.name}
            </Anchor>
            {metricBeside(goal.metric) && (
              <Text size="xs" c="dimmed">
                {metricBeside(goal.metric)}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <GoalProgress value={goal.progress} status={goal.status} label={t("goals.progress")} />
          </Table.Td>
          <Table.Td>{goal.owner?.name ?? "—"}</Table.Td>
          <Table.Td>{goal.time_period?.display_name ?? "—"}</Table.Td>
          <Table.Td>
            {goal.status ? (
              <Badge variant="light" color={goalColor(goal.status)}>
                {t(`goals.statuses.${goal.status}`)}
              </Badge>
            ) : (
              "—"
            )}
          </Table.Td>
        </>
      )}
      create={
        abilities?.view_portfolios
          ? {
              label: t("goals.new"),
              submitLabel: t("goals.create"),
              nameLabel: t("goals.name"),
              testIds: { open: "new-goal", name: "goal-name", submit: "goal-create" },
              make: async (name) =>
                ((await create.mutateAsync({ name, time_period: period })) as Goal | undefined)?.gid,
              pending: create.isPending,
              pathOf: (gid) => `/goals/${gid}`,
              fields: (
                <Select
                  label={t("goals.period")}
                  clearable
                  data={(periods.data ?? []).map((row) => ({ value: row.gid, label: row.display_name }))}
                  value={period}
                  onChange={setPeriod}
                  data-testid="goal-period"
                />
              ),
            }
          : undefined
      }
    />
  );
}
