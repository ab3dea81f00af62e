import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  ScrollArea,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconX } from "@tabler/icons-react";
import type { StatusType } from "@takt/contracts";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { isMissing } from "../../api/client";
import { useWorkspace } from "../../app/workspace";
import { NotFound } from "../../components/NotFound";
import { notifyError } from "../../components/notify";
import { STATUS_COLOR, STATUS_TYPES } from "../portal/queries";
import { useProjects } from "../projects/queries";
import { GoalFeed } from "./GoalFeed";
import { GoalProgress, metricBeside } from "./GoalProgress";
import {
  useGoal,
  useGoalUpdates,
  usePostGoalUpdate,
  useRelationships,
  useSetCurrent,
  useSetMetric,
  useSupport,
} from "./queries";

const SOURCES = ["manual", "project_task_completion", "subgoal_progress"] as const;

// /goals/:goalGid — the goal, how far it got (by hand or from its projects), what supports it, its status updates.
export function GoalPage() {
  const { t } = useTranslation();
  const { goalGid = "" } = useParams();
  const { workspace } = useWorkspace();
  const goal = useGoal(goalGid);
  const relations = useRelationships(goalGid);
  const updates = useGoalUpdates(goalGid);
  const projects = useProjects(workspace?.gid);
  const setMetric = useSetMetric(goalGid);
  const setCurrent = useSetCurrent(goalGid);
  const support = useSupport(goalGid);
  const post = usePostGoalUpdate(goalGid);
  const [current, setCurrentValue] = useState<number | string>("");
  const [statusType, setStatusType] = useState<StatusType>("on_track");
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  if (isMissing(goal.error)) return <NotFound />;
  const data = goal.data;
  const can = data?.permissions;
  const metric = data?.metric;
  const source = metric?.progress_source ?? "manual";
  const metricText = metricBeside(metric);
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      notifyError(error);
    }
  };
  const supportingGids = new Set((relations.data ?? []).map((row) => row.supporting_resource.gid));
  return (
    <ScrollArea h="100%">
      <Stack p="xl" gap="lg" maw={1000}>
        <Stack gap={4}>
          <Anchor component={Link} to="/goals" size="sm">
            {t("goals.back")}
          </Anchor>
          {data ? (
            <Title order={1} size="h2" data-testid="goal-title">
              {data.name}
            </Title>
          ) : (
            <Skeleton h={28} w={300} />
          )}
          <Text size="sm" c="dimmed">
            {[
              data?.owner && t("goals.ownedBy", { name: data.owner.name }),
              data?.time_period?.display_name,
              data?.due_on && t("goals.due", { date: data.due_on }),
            ]
              .filter(Boolean)
              .join(" · ")}
          </Text>
        </Stack>
        <Paper withBorder radius="md" p="md">
          <Stack gap="sm">
            <Group justify="space-between">
              <Text fw={600}>{t("goals.progress")}</Text>
              {metricText && (
                <Text size="sm" data-testid="goal-metric-value">
                  {metricText}
                </Text>
              )}
            </Group>
            <GoalProgress value={data?.progress ?? 0} status={data?.status} label={t("goals.progress")} />
            {can?.edit && (
              <Group align="flex-end" gap="sm">
                <Select
                  label={t("goals.source")}
                  w={280}
                  allowDeselect={false}
                  data={SOURCES.map((value) => ({ value, label: t(`goals.sources.${value}`) }))}
                  value={source}
                  onChange={(value) =>
                    value &&
                    run(() =>
                      setMetric.mutateAsync({
                        progress_source: value as (typeof SOURCES)[number],
                        ...(metric ? {} : { target_number_value: 100, unit: "percentage" }),
                      }),
                    )
                  }
                  data-testid="goal-source"
                />
                {source === "manual" && (
                  <>
                    <NumberInput
                      label={t("goals.current", { target: metric?.target_number_value ?? 100 })}
                      w={240}
                      value={current}
                      onChange={setCurrentValue}
                      data-testid="goal-current"
                    />
                    <Button
                      variant="light"
                      disabled={current === ""}
                      onClick={() =>
                        run(async () => {
                          if (!metric) await setMetric.mutateAsync({ target_number_value: 100, unit: "percentage" });
                          await setCurrent.mutateAsync(Number(current));
                          setCurrentValue("");
                        })
                      }
                      data-testid="goal-current-save"
                    >
                      {t("goals.update")}
                    </Button>
                  </>
                )}
              </Group>
            )}
          </Stack>
        </Paper>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Stack gap="xs">
            <Text fw={600}>{t("goals.supporting")}</Text>
            {(relations.data ?? []).length === 0 && (
              <Text size="sm" c="dimmed">
                {t("goals.noSupporting")}
              </Text>
            )}
            {(relations.data ?? []).map((row) => (
              <Paper key={row.gid} withBorder radius="sm" p="xs" data-testid="goal-supporting">
                <Group justify="space-between" wrap="nowrap">
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500} truncate>
                      {row.supporting_resource.name ?? t("goals.hidden")}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`goals.kinds.${row.supporting_resource.resource_type}`)} ·{" "}
                      {Math.round((row.progress ?? 0) * 100)}%
                    </Text>
                  </Stack>
                  {can?.edit && (
                    <Tooltip label={t("goals.removeSupport")}>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={t("goals.removeSupport")}
                        onClick={() =>
                          run(() => support.mutateAsync({ resource: row.supporting_resource.gid, add: false }))
                        }
                      >
                        <IconX size={14} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
              </Paper>
            ))}
            {can?.edit && (
              <Select
                searchable
                placeholder={t("goals.addProject")}
                aria-label={t("goals.addProject")}
                data={(projects.data ?? [])
                  .filter((project) => !supportingGids.has(project.gid))
                  .map((project) => ({ value: project.gid, label: project.name }))}
                value={null}
                onChange={(value) => value && run(() => support.mutateAsync({ resource: value, add: true }))}
                data-testid="goal-add-project"
              />
            )}
          </Stack>
          <Stack gap="xs">
            <Text fw={600}>{t("goals.updates")}</Text>
            {can?.post_status && (
              <Paper withBorder radius="sm" p="sm">
                <Stack gap="xs">
                  <Group gap="xs" grow>
                    <Select
                      allowDeselect={false}
                      data={STATUS_TYPES.map((value) => ({ value, label: t(`portal.status.type.${value}`) }))}
                      value={statusType}
                      onChange={(value) => value && setStatusType(value as StatusType)}
                      aria-label={t("goals.status")}
                    />
                    <TextInput
                      placeholder={t("portal.status.title")}
                      value={title}
                      onChange={(event) => setTitle(event.currentTarget.value)}
                      data-testid="goal-update-title"
                    />
                  </Group>
                  <Textarea
                    placeholder={t("portal.status.text")}
                    value={text}
                    onChange={(event) => setText(event.currentTarget.value)}
                    autosize
                    minRows={2}
                  />
                  <Group justify="flex-end">
                    <Button
                      size="xs"
                      disabled={!title.trim()}
                      loading={post.isPending}
                      onClick={() =>
                        run(async () => {
                          await post.mutateAsync({ status_type: statusType, title: title.trim(), text });
                          setTitle("");
                          setText("");
                        })
                      }
                      data-testid="goal-update-post"
                    >
                      {t("portal.status.post")}
                    </Button>
                  </Group>
                </Stack>
              </Paper>
            )}
            {(updates.data ?? []).length === 0 && (
              <Text size="sm" c="dimmed">
                {t("portal.status.none")}
              </Text>
            )}
            {(updates.data ?? []).map((update) => (
              <Paper key={update.gid} withBorder radius="sm" p="sm" data-testid="goal-update">
                <Group gap="xs" mb={4}>
                  <Badge variant="light" color={STATUS_COLOR[update.status_type]}>
                    {t(`portal.status.type.${update.status_type}`)}
                  </Badge>
                  <Text size="sm" fw={600}>
                    {update.title}
                  </Text>
                </Group>
                {update.text && <Text size="sm">{update.text}</Text>}
                <Text size="xs" c="dimmed">
                  {update.author?.name} · {dayjs(update.created_at).format("ll")}
                </Text>
              </Paper>
            ))}
          </Stack>
        </SimpleGrid>
        <GoalFeed goalGid={goalGid} canComment={!!can?.comment} />
      </Stack>
    </ScrollArea>
  );
}
