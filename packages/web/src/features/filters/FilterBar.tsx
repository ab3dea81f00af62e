import {
  ActionIcon,
  Badge,
  Button,
  Divider,
  Group,
  Menu,
  MultiSelect,
  Popover,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import {
  IconArrowsSort,
  IconCheck,
  IconColumns,
  IconFilter,
  IconLayoutRows,
  IconPlus,
  IconSortAscending,
  IconSortDescending,
  IconX,
} from "@tabler/icons-react";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspace } from "../../app/workspace";
import type { CustomField } from "../custom-fields/types";
import { subtypeOf } from "../custom-fields/types";
import { useTags } from "../tags/queries";
import { useWorkspaceUsers } from "../users/queries";
import { activeFilterCount, type ViewSettings } from "./settings";

function Check({ on }: { on: boolean }) {
  return on ? <IconCheck size={14} /> : <span style={{ width: 14 }} />;
}

// Filter, sort and group controls above a project view; what it can do depends on the view.
// Memoised: a live change to the board re-renders the view below, not the bar's menus.
export const FilterBar = memo(function FilterBar({
  view,
  settings,
  update,
  fields,
  onAddField,
  shown,
  total,
}: {
  view: string;
  settings: ViewSettings;
  update(patch: Partial<ViewSettings>): void;
  fields: CustomField[];
  onAddField?(): void;
  shown: number;
  total: number;
}) {
  const { t } = useTranslation();
  const { me, workspace } = useWorkspace();
  const users = useWorkspaceUsers(workspace?.gid);
  const tags = useTags(workspace?.gid);
  const enums = fields.filter((field) => subtypeOf(field) === "enum" || subtypeOf(field) === "multi_enum");
  const sortable = fields.filter((field) => subtypeOf(field) !== "secret" && subtypeOf(field) !== "people");
  const count = activeFilterCount(settings);
  const setField = (gid: string, values: string[]) => update({ fields: { ...settings.fields, [gid]: values } });

  const sortLabel =
    settings.sort === "manual"
      ? t("filters.sortNone")
      : settings.sort.startsWith("field:")
        ? (fields.find((field) => field.gid === settings.sort.slice(6))?.name ?? "")
        : t(`filters.sortBy.${settings.sort}`);
  const groupName = (key: string) =>
    key === "section"
      ? t("filters.groupSection")
      : key.startsWith("field:")
        ? (fields.find((field) => field.gid === key.slice(6))?.name ?? t("filters.groupSection"))
        : t(`filters.group.${key}`);

  return (
    <Group
      gap={6}
      px="lg"
      py={6}
      wrap="wrap"
      style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
      data-testid="filter-bar"
    >
      <Popover position="bottom-start" shadow="md" width={340} withinPortal trapFocus>
        <Popover.Target>
          <Button
            size="compact-sm"
            variant={count ? "light" : "subtle"}
            color={count ? "takt" : "gray"}
            leftSection={<IconFilter size={15} />}
            rightSection={
              count ? (
                <Badge size="xs" circle>
                  {count}
                </Badge>
              ) : undefined
            }
            data-testid="filter-button"
          >
            {t("filters.filter")}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="sm">
            <SegmentedControl
              size="xs"
              fullWidth
              value={settings.completion}
              onChange={(value) => update({ completion: value as ViewSettings["completion"] })}
              data={(["all", "incomplete", "completed"] as const).map((value) => ({
                value,
                label: t(`filters.completion.${value}`),
              }))}
              data-testid="filter-completion"
            />
            <MultiSelect
              size="xs"
              label={t("tasks.assignee")}
              data={[
                { value: "none", label: t("filters.noAssignee") },
                { value: me.gid, label: `${me.name} (${t("filters.me")})` },
                ...(users.data ?? [])
                  .filter((user) => user.gid !== me.gid)
                  .map((user) => ({ value: user.gid, label: user.name })),
              ]}
              value={settings.assignees}
              onChange={(assignees) => update({ assignees })}
              searchable
              clearable
              comboboxProps={{ withinPortal: false }}
              data-testid="filter-assignee"
            />
            <Select
              size="xs"
              label={t("tasks.dueDate")}
              data={(["any", "overdue", "today", "week", "set", "none"] as const).map((value) => ({
                value,
                label: t(`filters.due.${value}`),
              }))}
              value={settings.due}
              onChange={(value) => update({ due: (value ?? "any") as ViewSettings["due"] })}
              allowDeselect={false}
              comboboxProps={{ withinPortal: false }}
              data-testid="filter-due"
            />
            {(tags.data?.length ?? 0) > 0 && (
              <MultiSelect
                size="xs"
                label={t("tags.title")}
                data={(tags.data ?? []).map((tag) => ({ value: tag.gid, label: tag.name }))}
                value={settings.tags}
                onChange={(values) => update({ tags: values })}
                searchable
                clearable
                comboboxProps={{ withinPortal: false }}
                data-testid="filter-tags"
              />
            )}
            {fields
              .filter((field) => subtypeOf(field) !== "secret")
              .map((field) => {
                const isEnum = subtypeOf(field) === "enum" || subtypeOf(field) === "multi_enum";
                const data = [
                  ...(isEnum
                    ? (field.enum_options ?? []).map((option) => ({ value: option.gid, label: option.name }))
                    : []),
                  { value: "__set", label: t("filters.isSet") },
                  { value: "__unset", label: t("filters.isUnset") },
                ];
                return (
                  <MultiSelect
                    key={field.gid}
                    size="xs"
                    label={field.name}
                    data={data}
                    value={settings.fields[field.gid] ?? []}
                    onChange={(values) => {
                      // "is set" and "is not set" stand alone; picking an option drops them.
                      const last = values[values.length - 1];
                      setField(
                        field.gid,
                        last?.startsWith("__") ? [last] : values.filter((value) => !value.startsWith("__")),
                      );
                    }}
                    clearable
                    comboboxProps={{ withinPortal: false }}
                    data-testid={`filter-field-${field.name}`}
                  />
                );
              })}
            {count > 0 && (
              <>
                <Divider />
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="gray"
                  leftSection={<IconX size={14} />}
                  onClick={() => update({ completion: "all", assignees: [], due: "any", tags: [], fields: {} })}
                  data-testid="filter-clear"
                >
                  {t("filters.clear")}
                </Button>
              </>
            )}
          </Stack>
        </Popover.Dropdown>
      </Popover>

      <Menu position="bottom-start" shadow="md" withinPortal>
        <Menu.Target>
          <Button
            size="compact-sm"
            variant={settings.sort !== "manual" ? "light" : "subtle"}
            color={settings.sort !== "manual" ? "takt" : "gray"}
            leftSection={<IconArrowsSort size={15} />}
            data-testid="sort-button"
          >
            {settings.sort === "manual" ? t("filters.sort") : `${t("filters.sort")}: ${sortLabel}`}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {(["manual", "due_on", "created_at", "name"] as const).map((key) => (
            <Menu.Item
              key={key}
              leftSection={<Check on={settings.sort === key} />}
              onClick={() => update({ sort: key })}
            >
              {key === "manual" ? t("filters.sortNone") : t(`filters.sortBy.${key}`)}
            </Menu.Item>
          ))}
          {sortable.length > 0 && <Menu.Divider />}
          {sortable.map((field) => (
            <Menu.Item
              key={field.gid}
              leftSection={<Check on={settings.sort === `field:${field.gid}`} />}
              onClick={() => update({ sort: `field:${field.gid}` })}
            >
              {field.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {settings.sort !== "manual" && (
        <Tooltip label={settings.ascending ? t("filters.ascending") : t("filters.descending")}>
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={() => update({ ascending: !settings.ascending })}
            aria-label={t("filters.direction")}
          >
            {settings.ascending ? <IconSortAscending size={16} /> : <IconSortDescending size={16} />}
          </ActionIcon>
        </Tooltip>
      )}

      {view === "list" && (
        <Menu position="bottom-start" shadow="md" withinPortal>
          <Menu.Target>
            <Button
              size="compact-sm"
              variant="subtle"
              color="gray"
              leftSection={<IconLayoutRows size={15} />}
              data-testid="group-button"
            >
              {`${t("filters.groupBy")}: ${groupName(settings.group)}`}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {(["section", "assignee", "due"] as const).map((key) => (
              <Menu.Item
                key={key}
                leftSection={<Check on={settings.group === key} />}
                onClick={() => update({ group: key })}
              >
                {groupName(key)}
              </Menu.Item>
            ))}
            {enums.map((field) => (
              <Menu.Item
                key={field.gid}
                leftSection={<Check on={settings.group === `field:${field.gid}`} />}
                onClick={() => update({ group: `field:${field.gid}` })}
              >
                {field.name}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
      {view === "board" && (
        <Menu position="bottom-start" shadow="md" withinPortal>
          <Menu.Target>
            <Button
              size="compact-sm"
              variant="subtle"
              color="gray"
              leftSection={<IconColumns size={15} />}
              data-testid="columns-button"
            >
              {`${t("filters.columnsBy")}: ${groupName(settings.columns)}`}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item
              leftSection={<Check on={settings.columns === "section"} />}
              onClick={() => update({ columns: "section" })}
            >
              {t("filters.groupSection")}
            </Menu.Item>
            {enums.map((field) => (
              <Menu.Item
                key={field.gid}
                leftSection={<Check on={settings.columns === `field:${field.gid}`} />}
                onClick={() => update({ columns: `field:${field.gid}` })}
                data-testid={`columns-${field.name}`}
              >
                {field.name}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
      <div style={{ flex: 1 }} />
      {count > 0 && (
        <Text size="xs" c="dimmed" data-testid="filter-count">
          {t("filters.shown", { shown, total })}
        </Text>
      )}
      {onAddField && (
        <Button
          size="compact-sm"
          variant="subtle"
          color="gray"
          leftSection={<IconPlus size={15} />}
          onClick={onAddField}
          data-testid="add-field-bar"
        >
          {t("fields.add")}
        </Button>
      )}
    </Group>
  );
});
