import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  ScrollArea,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus, IconTarget } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { notifyError } from "../../components/notify";
import { GoalProgress, goalColor } from "./GoalProgress";
import { type Goal, useCreateGoal, useGoals, useTimePeriods } from "./queries";

// /goals: the workspace's goals the caller sees, with progress, owner, period and status.
export function GoalsPage() {
  const { t } = useTranslation();
  const { workspace, abilities } = useWorkspace();
  const goals = useGoals(workspace?.gid);
  const periods = useTimePeriods(abilities?.view_portfolios ? workspace?.gid : undefined);
  const create = useCreateGoal(workspace?.gid);
  const navigate = useNavigate();
  const [opened, modal] = useDisclosure(false);
  const [name, setName] = useState("");
  const [period, setPeriod] = useState<string | null>(null);
  const submit = async () => {
    try {
      const goal = (await create.mutateAsync({ name: name.trim(), time_period: period })) as Goal | undefined;
      modal.close();
      setName("");
      if (goal) navigate(`/goals/${goal.gid}`);
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <ScrollArea h="100%">
      <Stack p="xl" gap="lg" maw={1100}>
        <Group justify="space-between">
          <Stack gap={2}>
            <Title order={1} size="h2">{t("goals.title")}</Title>
            <Text size="sm" c="dimmed">
              {t("goals.text")}
            </Text>
          </Stack>
          {abilities?.view_portfolios && (
            <Button leftSection={<IconPlus size={16} />} onClick={modal.open} data-testid="new-goal">
              {t("goals.new")}
            </Button>
          )}
        </Group>
        {goals.isPending ? (
          <Skeleton h={120} />
        ) : (goals.data ?? []).length === 0 ? (
          <EmptyState icon={IconTarget} title={t("goals.empty")} text={t("goals.emptyText")} />
        ) : (
          <Paper withBorder radius="md">
            <Table verticalSpacing="sm" data-testid="goals">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("goals.name")}</Table.Th>
                  <Table.Th w={240}>{t("goals.progress")}</Table.Th>
                  <Table.Th>{t("goals.owner")}</Table.Th>
                  <Table.Th>{t("goals.period")}</Table.Th>
                  <Table.Th>{t("goals.status")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(goals.data ?? []).map((goal) => (
                  <Table.Tr key={goal.gid} data-testid="goal-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/goals/${goal.gid}`} fw={600}>
                        {goal.name}
                      </Anchor>
                      {goal.metric && (
                        <Text size="xs" c="dimmed">
                          {goal.metric.current_display_value}
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
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </Stack>
      <Modal opened={opened} onClose={modal.close} title={t("goals.new")}>
        <Stack>
          <TextInput
            label={t("goals.name")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-autofocus
            data-testid="goal-name"
          />
          <Select
            label={t("goals.period")}
            clearable
            data={(periods.data ?? []).map((row) => ({ value: row.gid, label: row.display_name }))}
            value={period}
            onChange={setPeriod}
            data-testid="goal-period"
          />
          <Group justify="flex-end">
            <Button onClick={submit} disabled={!name.trim()} loading={create.isPending} data-testid="goal-create">
              {t("goals.create")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </ScrollArea>
  );
}
