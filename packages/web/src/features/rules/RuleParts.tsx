import { Box, Group, NumberInput, Paper, Select, Text, TextInput, ThemeIcon } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { CustomField } from "../custom-fields/types";
import { useSections } from "../projects/queries";
import type { RuleOptions } from "./useRuleNames";

// The pieces every part of the rule builder uses: option lists, a block with its icon, the arrow between blocks,
// a project-and-section picker and a custom field's value input.

export type Options = RuleOptions;
export const optionsOf = (rows: { gid: string; name: string }[]) =>
  rows.map((row) => ({ value: row.gid, label: row.name }));
export const SELECT = { comboboxProps: { withinPortal: true }, size: "sm" as const };

// A custom field value as the API takes it: an enum option's gid, a number, or text.
export function FieldValueInput({
  field,
  value,
  onChange,
  placeholder,
}: {
  field: CustomField | undefined;
  value: unknown;
  onChange(value: string | number | undefined): void;
  placeholder: string;
}) {
  if (field?.resource_subtype === "enum") {
    return (
      <Select
        {...SELECT}
        data={(field.enum_options ?? []).map((option) => ({ value: option.gid, label: option.name }))}
        value={(value as string | undefined) ?? null}
        onChange={(next) => onChange(next ?? undefined)}
        placeholder={placeholder}
        clearable
      />
    );
  }
  if (field?.resource_subtype === "number") {
    return (
      <NumberInput
        size="sm"
        value={typeof value === "number" ? value : ""}
        onChange={(next) => onChange(next === "" ? undefined : Number(next))}
        placeholder={placeholder}
      />
    );
  }
  return (
    <TextInput
      size="sm"
      value={String(value ?? "")}
      onChange={(event) => onChange(event.currentTarget.value || undefined)}
      placeholder={placeholder}
    />
  );
}

export function Block({
  icon,
  color,
  title,
  hint,
  children,
}: {
  icon: ReactNode;
  color: string;
  title: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="md" style={{ borderLeft: `3px solid var(--mantine-color-${color}-5)` }}>
      <Group gap="sm" mb="sm">
        <ThemeIcon variant="light" color={color} radius="xl" size={28}>
          {icon}
        </ThemeIcon>
        <Box>
          <Text fw={650} size="sm">
            {title}
          </Text>
          {hint && (
            <Text size="xs" c="dimmed">
              {hint}
            </Text>
          )}
        </Box>
      </Group>
      {children}
    </Paper>
  );
}

export function Connector() {
  return <Box h={14} ml={29} style={{ borderLeft: "2px dashed var(--mantine-color-gray-4)" }} aria-hidden />;
}

export function ProjectSectionPicker({
  project,
  section,
  onChange,
  options,
}: {
  project?: string;
  section?: string;
  onChange(project: string | undefined, section: string | undefined): void;
  options: Options;
}) {
  const { t } = useTranslation();
  const sections = useSections(project || null);
  return (
    <Group grow gap="xs">
      <Select
        {...SELECT}
        placeholder={t("rules.pick.project")}
        data={optionsOf(options.projects)}
        value={project ?? null}
        onChange={(value) => onChange(value ?? undefined, undefined)}
        searchable
      />
      <Select
        {...SELECT}
        placeholder={t("rules.pick.sectionOptional")}
        data={optionsOf(sections.data ?? [])}
        value={section ?? null}
        onChange={(value) => onChange(project, value ?? undefined)}
        clearable
        disabled={!project}
      />
    </Group>
  );
}
