import {
  Box,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useDebouncedValue } from "@mantine/hooks";
import { IconCircle, IconCircleCheckFilled, IconSearch, IconX } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { useWorkspace } from "../../app/workspace";
import { DueDate } from "../../components/DueDate";
import { EmptyState } from "../../components/EmptyState";
import { UserAvatar } from "../../components/UserAvatar";
import { useProjects } from "../projects/queries";
import { useTags } from "../tags/queries";
import { TagChip } from "../tags/TagChip";
import { ApprovalStatus, isApproval, strikesThrough, TaskMark } from "../timeline/TaskMark";
import { useWorkspaceUsers } from "../users/queries";
import { type SearchFilters, taskPath, useTaskSearch } from "./queries";

// /search?q=…&assignee=…&project=…&team=…&tag=…&completed=…&after=…&before=…&sort=…&archived=true
export function SearchPage() {
  const { t } = useTranslation();
  const { me, workspace } = useWorkspace();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get("q") ?? "");
  const [debounced] = useDebouncedValue(text, 250);
  const users = useWorkspaceUsers(workspace?.gid);
  const projects = useProjects(workspace?.gid);
  const tags = useTags(workspace?.gid);

  useEffect(() => setText(params.get("q") ?? ""), [params]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL follows the typed text
  useEffect(() => {
    if ((params.get("q") ?? "") === debounced) return;
    set("q", debounced);
  }, [debounced]);

  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key === "team" || key === "assignee") next.delete("label");
    setParams(next, { replace: true });
  };

  const filters: SearchFilters = {
    text: params.get("q") ?? "",
    assignee: params.get("assignee") ?? "",
    project: params.get("project") ?? "",
    team: params.get("team") ?? "",
    tag: params.get("tag") ?? "",
    completed: (params.get("completed") ?? "") as SearchFilters["completed"],
    dueAfter: params.get("after") ?? "",
    dueBefore: params.get("before") ?? "",
    sort: (params.get("sort") ?? "modified_at") as SearchFilters["sort"],
    archived: params.get("archived") === "true",
  };
  // Including archived projects widens a search; alone it searches nothing.
  const anything = Object.entries(filters).some(([key, value]) => key !== "sort" && key !== "archived" && value);
  const results = useTaskSearch(workspace?.gid, filters, anything);
  const label = params.get("label");

  return (
    <Box style={{ flex: 1, overflow: "auto" }} data-testid="search-page">
      <Stack maw={980} mx="auto" p="xl" gap="md">
        <Title order={1} size="h2">
          {label ? t("search.titleFor", { name: label }) : t("search.title")}
        </Title>
        <TextInput
          size="md"
          radius="md"
          leftSection={<IconSearch size={18} />}
          placeholder={t("search.placeholder")}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          autoFocus
          data-testid="search-text"
        />
        <Group gap="xs" align="flex-end">
          <Select
            size="xs"
            w={170}
            label={t("tasks.assignee")}
            data={[
              { value: me.gid, label: `${me.name} (${t("filters.me")})` },
              ...(users.data ?? [])
                .filter((user) => user.gid !== me.gid)
                .map((user) => ({ value: user.gid, label: user.name })),
            ]}
            value={filters.assignee || null}
            onChange={(value) => set("assignee", value)}
            clearable
            searchable
            placeholder={t("search.anyone")}
            data-testid="search-assignee"
          />
          <Select
            size="xs"
            w={200}
            label={t("tasks.projects")}
            data={(projects.data ?? []).map((project) => ({ value: project.gid, label: project.name }))}
            value={filters.project || null}
            onChange={(value) => set("project", value)}
            clearable
            searchable
            placeholder={t("search.anyProject")}
            data-testid="search-project"
          />
          {(tags.data?.length ?? 0) > 0 && (
            <Select
              size="xs"
              w={150}
              label={t("tags.title")}
              data={(tags.data ?? []).map((tag) => ({ value: tag.gid, label: tag.name }))}
              value={filters.tag || null}
              onChange={(value) => set("tag", value)}
              clearable
              searchable
              placeholder={t("search.anyTag")}
            />
          )}
          <Select
            size="xs"
            w={140}
            label={t("search.status")}
            data={[
              { value: "false", label: t("filters.completion.incomplete") },
              { value: "true", label: t("filters.completion.completed") },
            ]}
            value={filters.completed || null}
            onChange={(value) => set("completed", value)}
            clearable
            placeholder={t("filters.completion.all")}
            data-testid="search-completed"
          />
          <DatePickerInput
            size="xs"
            w={170}
            type="range"
            label={t("search.due")}
            placeholder={t("search.anyDate")}
            clearable
            valueFormat="D MMM"
            value={[filters.dueAfter || null, filters.dueBefore || null]}
            onChange={([from, to]) => {
              const next = new URLSearchParams(params);
              if (from) next.set("after", dayjs(from).subtract(1, "day").format("YYYY-MM-DD"));
              else next.delete("after");
              if (to) next.set("before", dayjs(to).add(1, "day").format("YYYY-MM-DD"));
              else next.delete("before");
              setParams(next, { replace: true });
            }}
          />
          <Select
            size="xs"
            w={190}
            label={t("filters.sort")}
            data={(["modified_at", "due_date", "created_at", "completed_at"] as const).map((value) => ({
              value,
              label: t(`search.sort.${value}`),
            }))}
            value={filters.sort ?? "modified_at"}
            onChange={(value) => set("sort", value === "modified_at" ? null : value)}
            allowDeselect={false}
          />
          <Switch
            size="xs"
            pb={8}
            label={t("search.includeArchived")}
            checked={!!filters.archived}
            onChange={(event) => set("archived", event.currentTarget.checked ? "true" : null)}
            data-testid="search-archived"
          />
          {anything && (
            <UnstyledButton
              onClick={() => setParams(new URLSearchParams(), { replace: true })}
              c="dimmed"
              pb={6}
              data-testid="search-reset"
            >
              <Group gap={4}>
                <IconX size={14} />
                <Text size="xs">{t("filters.clear")}</Text>
              </Group>
            </UnstyledButton>
          )}
        </Group>
        {!anything ? (
          <EmptyState icon={IconSearch} title={t("search.startTitle")} text={t("search.startText")} />
        ) : results.isPending ? (
          <Stack gap={6}>
            {[0, 1, 2, 3, 4].map((index) => (
              <Skeleton key={index} h={48} radius="md" />
            ))}
          </Stack>
        ) : results.data?.length ? (
          <Paper withBorder radius="md" style={{ overflow: "hidden", opacity: results.isFetching ? 0.7 : 1 }}>
            {results.data.map((task) => (
              <UnstyledButton
                key={task.gid}
                w="100%"
                px="md"
                py={10}
                onClick={() => navigate(taskPath(task))}
                className="takt-search-row"
                data-testid="search-result"
                data-task-name={task.name}
                style={{ borderBottom: "1px solid var(--mantine-color-gray-2)", display: "block" }}
              >
                <Group wrap="nowrap" gap="sm">
                  {isApproval(task) ? (
                    <TaskMark task={task} size={16} />
                  ) : task.completed ? (
                    <IconCircleCheckFilled size={18} color="var(--mantine-color-teal-6)" />
                  ) : (
                    <IconCircle size={18} color="var(--mantine-color-gray-4)" />
                  )}
                  {!isApproval(task) && <TaskMark task={task} size={12} />}
                  <Box style={{ flex: 1, minWidth: 0 }}>
                    <Group gap={8} wrap="nowrap">
                      <Text size="sm" fw={500} truncate className={strikesThrough(task) ? "takt-completed" : undefined}>
                        {task.name}
                      </Text>
                      <ApprovalStatus task={task} size="xs" />
                    </Group>
                    <Group gap={6} wrap="nowrap">
                      <Text size="xs" c="dimmed" truncate>
                        {(task.projects ?? []).map((project) => project.name).join(", ") || t("search.noProject")}
                      </Text>
                      {(task.tags ?? []).slice(0, 3).map((tag) => (
                        <TagChip key={tag.gid} tag={tag} size="xs" />
                      ))}
                    </Group>
                  </Box>
                  <DueDate due={task.due_on} completed={task.completed} />
                  <UserAvatar user={task.assignee} size={24} tooltip />
                </Group>
              </UnstyledButton>
            ))}
          </Paper>
        ) : (
          <EmptyState icon={IconSearch} title={t("search.noneTitle")} text={t("search.noneText")} />
        )}
        {results.data && results.data.length >= 50 && (
          <Text size="xs" c="dimmed" ta="center">
            {t("search.limited")}
          </Text>
        )}
      </Stack>
    </Box>
  );
}
