import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Collapse,
  Group,
  Menu,
  Paper,
  Skeleton,
  Stack,
  Switch,
  Text,
  Tooltip,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconAlertTriangle,
  IconArrowRight,
  IconBolt,
  IconDots,
  IconHistory,
  IconPencil,
  IconPlus,
  IconTrash,
} from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Drawer } from "../../components/Dialog";
import { EmptyState } from "../../components/EmptyState";
import { notifySuccess } from "../../components/notify";
import { describeAction, describeCondition, describePause, describeRun, describeTrigger, type Names } from "./describe";
import { useRuleActions } from "./mutations";
import { type Rule, useRuleRuns, useRules } from "./queries";
import { RuleBuilder } from "./RuleBuilder";
import type { RuleDraft } from "./rule-draft";
import { useRuleNames } from "./useRuleNames";

const RUN_COLORS: Record<string, string> = { succeeded: "teal", failed: "red", skipped: "gray", stopped: "orange" };

function RunLog({ rule, projectGid, names }: { rule: Rule; projectGid: string; names: Names }) {
  const { t, i18n } = useTranslation();
  const runs = useRuleRuns(rule.gid, true);
  if (runs.isPending) return <Skeleton h={40} />;
  if (!runs.data?.length)
    return (
      <Text size="xs" c="dimmed" py={4} data-testid="rule-runs-empty">
        {t("rules.noRuns")}
      </Text>
    );
  return (
    <Stack gap={4} data-testid="rule-runs">
      {runs.data.map((run) => (
        <Group key={run.gid} gap="xs" wrap="nowrap" align="flex-start">
          <Badge size="xs" variant="light" color={RUN_COLORS[run.status] ?? "gray"} miw={78} style={{ flexShrink: 0 }}>
            {t(`rules.runStatus.${run.status}`, { defaultValue: run.status })}
          </Badge>
          <Text size="xs" style={{ flex: 1, minWidth: 0 }} lineClamp={3} data-testid="rule-run-text">
            {describeRun(run, names, t, i18n.language) || "—"}
          </Text>
          {/* Beside the time, so a long run's text never hides the way to its task. */}
          <Stack gap={0} align="flex-end" style={{ flexShrink: 0 }}>
            <Tooltip label={dayjs(run.created_at).format("LLL")}>
              <Text size="xs" c="dimmed">
                {dayjs(run.created_at).fromNow()}
              </Text>
            </Tooltip>
            {run.task && (
              <Text size="xs" component={Link} to={`/projects/${projectGid}/tasks/${run.task.gid}`} c="blue">
                {t("rules.openTask")}
              </Text>
            )}
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}

function RuleCard({
  rule,
  names,
  projectGid,
  onEdit,
}: {
  rule: Rule;
  names: Names;
  projectGid: string;
  onEdit(): void;
}) {
  const { t } = useTranslation();
  const actions = useRuleActions(projectGid);
  const [showRuns, runsControls] = useDisclosure(false);
  const setEnabled = (enabled: boolean) => actions.setEnabled.mutate({ rule, enabled });
  const remove = () => actions.remove.mutate(rule, { onSuccess: () => notifySuccess(t("rules.deleted")) });
  return (
    <Paper withBorder radius="md" p="sm" data-testid="rule-card" data-rule-name={rule.name}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          <IconBolt
            size={18}
            style={{ flexShrink: 0, marginTop: 2 }}
            color={rule.enabled ? "var(--mantine-color-yellow-6)" : "var(--mantine-color-gray-5)"}
          />
          <Box style={{ minWidth: 0 }}>
            <Text fw={600} size="sm" truncate>
              {rule.name}
            </Text>
            <Group gap={6} mt={4}>
              <Badge variant="light" color="yellow" radius="sm" tt="none" fw={500}>
                {describeTrigger(rule.trigger, names, t)}
              </Badge>
              {rule.conditions.map((condition) => (
                <Badge
                  key={`c${JSON.stringify(condition)}`}
                  variant="light"
                  color="grape"
                  radius="sm"
                  tt="none"
                  fw={500}
                >
                  {describeCondition(condition, names, t)}
                </Badge>
              ))}
              <IconArrowRight size={13} color="var(--mantine-color-gray-6)" />
              {rule.actions.map((action) => (
                <Badge
                  key={`a${JSON.stringify(action)}`}
                  variant="light"
                  color="teal"
                  radius="sm"
                  tt="none"
                  fw={500}
                  maw={260}
                >
                  {describeAction(action, names, t)}
                </Badge>
              ))}
            </Group>
          </Box>
        </Group>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={rule.enabled ? t("rules.disable") : t("rules.enable")}>
            <Switch
              size="sm"
              checked={rule.enabled}
              onChange={(event) => setEnabled(event.currentTarget.checked)}
              aria-label={t("rules.enabled")}
              data-testid="rule-enabled"
            />
          </Tooltip>
          <Menu position="bottom-end" withinPortal shadow="md">
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t("rules.actions")}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={onEdit}>
                {t("rules.edit")}
              </Menu.Item>
              <Menu.Item leftSection={<IconHistory size={14} />} onClick={runsControls.toggle}>
                {t("rules.runLog")}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={remove}>
                {t("rules.delete")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      {rule.paused_reason && (
        <Alert color="orange" icon={<IconAlertTriangle size={16} />} mt="xs" p="xs" data-testid="rule-paused">
          <Text size="xs">{describePause(rule, t)}</Text>
        </Alert>
      )}
      <Button
        variant="subtle"
        color="gray"
        size="compact-xs"
        mt={6}
        leftSection={<IconHistory size={12} />}
        onClick={runsControls.toggle}
        data-testid="rule-runs-toggle"
      >
        {showRuns ? t("rules.hideRuns") : t("rules.showRuns")}
      </Button>
      <Collapse expanded={showRuns}>
        <Box pt={6}>{showRuns && <RunLog rule={rule} projectGid={projectGid} names={names} />}</Box>
      </Collapse>
    </Paper>
  );
}

export function RulesDrawer({ projectGid, opened, onClose }: { projectGid: string; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const actions = useRuleActions(projectGid);
  const rules = useRules(projectGid, opened);
  const { names } = useRuleNames(projectGid);
  const [editing, setEditing] = useState<Rule | "new" | null>(null);
  const busy = actions.save.isPending;

  const save = (draft: RuleDraft) =>
    actions.save.mutate(
      { rule: editing && editing !== "new" ? editing : null, draft },
      {
        onSuccess: () => {
          notifySuccess(editing === "new" ? t("rules.created") : t("rules.saved"));
          setEditing(null);
        },
      },
    );

  const list = rules.data ?? [];
  return (
    <Drawer
      opened={opened}
      onClose={() => {
        setEditing(null);
        onClose();
      }}
      position="right"
      size={600}
      title={
        <Group gap="xs">
          <IconBolt size={20} color="var(--mantine-color-yellow-6)" />
          <Text fw={650}>
            {editing ? (editing === "new" ? t("rules.newRule") : t("rules.editRule")) : t("rules.title")}
          </Text>
        </Group>
      }
      data-testid="rules-drawer"
    >
      {editing ? (
        <RuleBuilder
          key={editing === "new" ? "new" : editing.gid}
          projectGid={projectGid}
          rule={editing === "new" ? null : editing}
          busy={busy}
          onSave={save}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <Stack gap="sm">
          <Group justify="space-between">
            <Text size="sm" c="dimmed" style={{ flex: 1 }}>
              {t("rules.subtitle")}
            </Text>
            <Button
              leftSection={<IconPlus size={16} />}
              size="xs"
              onClick={() => setEditing("new")}
              data-testid="rule-new"
            >
              {t("rules.newRule")}
            </Button>
          </Group>
          {rules.isPending ? (
            [0, 1].map((index) => <Skeleton key={index} h={76} radius="md" />)
          ) : list.length === 0 ? (
            <EmptyState
              icon={IconBolt}
              title={t("rules.emptyTitle")}
              text={t("rules.emptyText")}
              action={
                <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
                  {t("rules.newRule")}
                </Button>
              }
            />
          ) : (
            list.map((rule) => (
              <RuleCard
                key={rule.gid}
                rule={rule}
                names={names}
                projectGid={projectGid}
                onEdit={() => setEditing(rule)}
              />
            ))
          )}
        </Stack>
      )}
    </Drawer>
  );
}

// The lightning button in the project header; the dot says the project has rules.
