import { Group, NumberInput, Select, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { APPROVAL_DECISIONS, type RuleTrigger, TRIGGER_FIELDS, TRIGGER_TYPES, type TriggerType } from "./queries";
import { FieldValueInput, type Options, optionsOf, SELECT } from "./RuleParts";

// The rule's "When": what happens to a task of the project (added, moved, completed, a field changed, due soon…).

export function TriggerEditor({
  trigger,
  onChange,
  options,
}: {
  trigger: RuleTrigger;
  onChange(trigger: RuleTrigger): void;
  options: Options;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Select
        {...SELECT}
        data={TRIGGER_TYPES.map((type) => ({ value: type, label: t(`rules.trigger.${type}`) }))}
        value={trigger.type}
        onChange={(value) => value && onChange({ type: value as TriggerType })}
        allowDeselect={false}
        data-testid="rule-trigger"
      />
      {trigger.type === "task_moved_to_section" && (
        <Select
          {...SELECT}
          placeholder={t("rules.pick.anySection")}
          data={optionsOf(options.sections)}
          value={trigger.section ?? null}
          onChange={(value) => onChange({ ...trigger, section: value ?? undefined })}
          clearable
          data-testid="rule-trigger-section"
        />
      )}
      {trigger.type === "task_assigned" && (
        <Select
          {...SELECT}
          placeholder={t("rules.pick.anyone")}
          data={optionsOf(options.users)}
          value={(trigger.value as string | undefined) ?? null}
          onChange={(value) => onChange({ type: trigger.type, ...(value ? { value } : {}) })}
          clearable
          searchable
        />
      )}
      {trigger.type === "due_date_approaching" && (
        <Group gap="xs" wrap="nowrap">
          <NumberInput
            w={90}
            min={0}
            max={365}
            value={trigger.days ?? 1}
            onChange={(value) => onChange({ ...trigger, days: Number(value) || 0 })}
          />
          <Text size="sm">{t("rules.daysBeforeDue", { count: trigger.days ?? 1 })}</Text>
        </Group>
      )}
      {trigger.type === "field_changed" && (
        <Select
          {...SELECT}
          data={[
            ...TRIGGER_FIELDS.map((field) => ({ value: field, label: t(`rules.field.${field}`) })),
            ...options.fields.map((field) => ({ value: `cf:${field.gid}`, label: field.name })),
          ]}
          value={trigger.custom_field ? `cf:${trigger.custom_field}` : (trigger.field ?? null)}
          onChange={(value) =>
            onChange(
              value?.startsWith("cf:")
                ? { type: trigger.type, custom_field: value.slice(3) }
                : { type: trigger.type, field: value ?? undefined },
            )
          }
          placeholder={t("rules.pick.field")}
          data-testid="rule-trigger-field"
        />
      )}
      {trigger.type === "field_changed" && trigger.custom_field && (
        <FieldValueInput
          field={options.fields.find((field) => field.gid === trigger.custom_field)}
          value={trigger.value}
          onChange={(value) =>
            onChange({
              type: trigger.type,
              custom_field: trigger.custom_field,
              ...(value === undefined ? {} : { value }),
            })
          }
          placeholder={t("rules.pick.value")}
        />
      )}
      {trigger.type === "approval_decided" && (
        <Select
          {...SELECT}
          data={APPROVAL_DECISIONS.map((value) => ({ value, label: t(`rules.decision.${value}`) }))}
          value={(trigger.value as string | undefined) ?? null}
          onChange={(value) => onChange({ type: trigger.type, ...(value ? { value } : {}) })}
          placeholder={t("rules.pick.anyDecision")}
          clearable
        />
      )}
      {trigger.type === "incoming_web_request" && (
        <Text size="xs" c="dimmed">
          {t("rules.webRequestHint")}
        </Text>
      )}
    </Stack>
  );
}
