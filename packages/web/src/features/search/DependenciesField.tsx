import { ActionIcon, Anchor, Combobox, Group, Stack, Text, TextInput, Tooltip, useCombobox } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconLink, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Ref, TaskDetail } from "../../api/types";
import { useWorkspace } from "../../app/workspace";
import { useTaskDependencies } from "../tasks/mutations";
import { useTaskTypeahead } from "./queries";

function TaskPicker({
  exclude,
  onPick,
  onClose,
  testId,
}: {
  exclude: Set<string>;
  onPick(task: Ref): void;
  onClose(): void;
  testId: string;
}) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 150);
  const combobox = useCombobox({ opened: true });
  const found = useTaskTypeahead(workspace?.gid, debounced);
  const options = (found.data ?? []).filter((task) => !exclude.has(task.gid));
  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(gid) => {
        const task = options.find((item) => item.gid === gid);
        if (task) onPick(task);
        onClose();
      }}
      withinPortal
    >
      <Combobox.Target>
        <TextInput
          size="xs"
          autoFocus
          value={search}
          placeholder={t("deps.searchTask")}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            combobox.selectFirstOption();
          }}
          onBlur={() => setTimeout(onClose, 150)}
          onKeyDown={(event) => event.key === "Escape" && onClose()}
          data-testid={testId}
        />
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Options mah={240} style={{ overflowY: "auto" }}>
          {options.map((task) => (
            <Combobox.Option key={task.gid} value={task.gid}>
              <Text size="sm" truncate>
                {task.name}
              </Text>
              {task.projects?.[0] && (
                <Text size="xs" c="dimmed" truncate>
                  {task.projects[0].name}
                </Text>
              )}
            </Combobox.Option>
          ))}
          {!options.length && <Combobox.Empty>{found.isFetching ? "…" : t("common.nothingFound")}</Combobox.Empty>}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

function LinkList({
  label,
  items,
  base,
  onRemove,
  onAdd,
  exclude,
  testId,
}: {
  label: string;
  items: Ref[];
  base: string;
  // Absent: the caller may not change the task's dependencies (the links only).
  onRemove?(task: Ref): void;
  onAdd?(task: Ref): void;
  exclude: Set<string>;
  testId: string;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  return (
    <Group align="flex-start" wrap="nowrap" gap="md" mih={28}>
      <Text size="sm" c="dimmed" w={110} pt={3} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }} data-testid={testId}>
        {items.map((item) => (
          <Group key={item.gid} gap={4} wrap="nowrap" className="takt-dep">
            <IconLink size={13} color="var(--mantine-color-gray-5)" />
            <Anchor component={Link} to={`${base}/tasks/${item.gid}`} size="sm" truncate c="dark">
              {item.name}
            </Anchor>
            {onRemove && (
              <ActionIcon
                size="xs"
                variant="subtle"
                color="gray"
                onClick={() => onRemove(item)}
                aria-label={t("deps.remove")}
              >
                <IconX size={12} />
              </ActionIcon>
            )}
          </Group>
        ))}
        {!onAdd ? null : adding ? (
          <TaskPicker exclude={exclude} onPick={onAdd} onClose={() => setAdding(false)} testId={`${testId}-input`} />
        ) : (
          <Tooltip label={t("deps.addHint")} openDelay={400}>
            <Text
              size="sm"
              c="dimmed"
              style={{ cursor: "pointer", width: "fit-content" }}
              onClick={() => setAdding(true)}
              data-testid={`${testId}-add`}
            >
              {t("deps.add")}
            </Text>
          </Tooltip>
        )}
      </Stack>
    </Group>
  );
}

// Blocked by / blocking, through Asana's addDependencies / addDependents (the server refuses cycles).
export function DependenciesField({ task, base }: { task: TaskDetail; base: string }) {
  const { t } = useTranslation();
  const link = useTaskDependencies(task.gid).mutate;
  const editable = !!task.permissions?.edit;
  const dependencies = task.dependencies ?? [];
  const dependents = task.dependents ?? [];
  const exclude = new Set([task.gid, ...dependencies.map((item) => item.gid), ...dependents.map((item) => item.gid)]);
  if (!editable && dependencies.length === 0 && dependents.length === 0) return null;
  return (
    <Stack gap={4}>
      <LinkList
        label={t("deps.blockedBy")}
        items={dependencies}
        base={base}
        exclude={exclude}
        testId="deps-blocked-by"
        onAdd={editable ? (item) => link({ kind: "dependencies", task: item.gid, on: true }) : undefined}
        onRemove={editable ? (item) => link({ kind: "dependencies", task: item.gid, on: false }) : undefined}
      />
      <LinkList
        label={t("deps.blocking")}
        items={dependents}
        base={base}
        exclude={exclude}
        testId="deps-blocking"
        onAdd={editable ? (item) => link({ kind: "dependents", task: item.gid, on: true }) : undefined}
        onRemove={editable ? (item) => link({ kind: "dependents", task: item.gid, on: false }) : undefined}
      />
    </Stack>
  );
}
