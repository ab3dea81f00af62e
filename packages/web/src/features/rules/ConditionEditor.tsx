import { Group, SegmentedControl, Select } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CONDITION_TYPES, type OfferedCondition, type RuleCondition } from "./queries";
import { FieldValueInput, type Options, optionsOf, SELECT } from "./RuleParts";

// One optional "If" of a rule: the task is in a section, has a tag, a field holds a value…

export function ConditionEditor({
  condition,
  onChange,
  options,
}: {
  condition: RuleCondition;
  onChange(condition: RuleCondition): void;
  options: Options;
}) {
  const { t } = useTranslation();
  const defaults: Record<OfferedCondition, RuleCondition> = {
    in_section: { type: "in_section", section: options.sections[0]?.gid },
    assignee_is: { type: "assignee_is", user: options.users[0]?.gid ?? null },
    assignee_set: { type: "assignee_set", value: true },
    has_tag: { type: "has_tag", tag: options.tags[0]?.gid },
    is_subtask: { type: "is_subtask", value: false },
    custom_field_equals: { type: "custom_field_equals", custom_field: options.fields[0]?.gid, value: null },
  };
  return (
    <Group gap="xs" wrap="nowrap" style={{ flex: 1 }} align="center">
      <Select
        {...SELECT}
        w="52%"
        data={CONDITION_TYPES.map((type) => ({ value: type, label: t(`rules.condition.${type}`) }))}
        value={condition.type}
        onChange={(value) => value && onChange(defaults[value as OfferedCondition])}
        allowDeselect={false}
        data-testid="rule-condition-type"
      />
      {condition.type === "in_section" && (
        <Select
          {...SELECT}
          style={{ flex: 1 }}
          data={optionsOf(options.sections)}
          value={(condition.section as string) ?? null}
          onChange={(value) => value && onChange({ ...condition, section: value })}
        />
      )}
      {condition.type === "assignee_is" && (
        <Select
          {...SELECT}
          style={{ flex: 1 }}
          data={optionsOf(options.users)}
          value={(condition.user as string) ?? null}
          onChange={(value) => onChange({ ...condition, user: value })}
          searchable
        />
      )}
      {condition.type === "has_tag" && (
        <Select
          {...SELECT}
          style={{ flex: 1 }}
          data={optionsOf(options.tags)}
          value={(condition.tag as string) ?? null}
          onChange={(value) => value && onChange({ ...condition, tag: value })}
          searchable
          nothingFoundMessage={t("rules.noTags")}
        />
      )}
      {condition.type === "custom_field_equals" && (
        <>
          <Select
            {...SELECT}
            style={{ flex: 1 }}
            data={optionsOf(options.fields)}
            value={(condition.custom_field as string) ?? null}
            onChange={(value) => value && onChange({ type: condition.type, custom_field: value, value: null })}
            placeholder={t("rules.pick.field")}
            data-testid="rule-condition-field"
          />
          <FieldValueInput
            field={options.fields.find((field) => field.gid === condition.custom_field)}
            value={condition.value}
            onChange={(value) => onChange({ ...condition, value: value === undefined ? null : value })}
            placeholder={t("rules.if.empty")}
          />
        </>
      )}
      {(condition.type === "assignee_set" || condition.type === "is_subtask") && (
        <SegmentedControl
          style={{ flex: 1 }}
          size="xs"
          value={condition.value ? "yes" : "no"}
          onChange={(value) => onChange({ ...condition, value: value === "yes" })}
          data={[
            { value: "yes", label: t("rules.yes") },
            { value: "no", label: t("rules.no") },
          ]}
        />
      )}
    </Group>
  );
}
