import {
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ACTION_TYPES, type OfferedAction, type RuleAction } from "./queries";
import { FieldValueInput, type Options, optionsOf, ProjectSectionPicker, SELECT } from "./RuleParts";

// One "Then" of a rule: move, assign, comment, tag, set a field, add subtasks from a template, call a webhook…

export function ActionEditor({
  action,
  onChange,
  options,
}: {
  action: RuleAction;
  onChange(action: RuleAction): void;
  options: Options;
}) {
  const { t } = useTranslation();
  const defaults: Record<OfferedAction, RuleAction> = {
    move_to_section: { type: "move_to_section", section: options.sections.at(-1)?.gid },
    mark_complete: { type: "mark_complete", value: true },
    set_assignee: { type: "set_assignee", user: options.users[0]?.gid ?? null },
    set_due_in_days: { type: "set_due_in_days", days: 3 },
    add_comment: { type: "add_comment", text: "" },
    add_to_project: { type: "add_to_project", project: undefined },
    add_follower: { type: "add_follower", user: options.users[0]?.gid },
    add_subtasks_from_template: { type: "add_subtasks_from_template", task_template: options.templates[0]?.gid },
    set_custom_field: { type: "set_custom_field", custom_field: options.fields[0]?.gid, value: null },
    add_tag: { type: "add_tag", tag: options.tags[0]?.gid },
    remove_tag: { type: "remove_tag", tag: options.tags[0]?.gid },
    send_webhook: { type: "send_webhook", url: "" },
  };
  const roundRobin = action.type === "set_assignee" && Array.isArray(action.users);
  return (
    <Stack gap="xs" style={{ flex: 1 }}>
      <Select
        {...SELECT}
        data={ACTION_TYPES.map((type) => ({ value: type, label: t(`rules.action.${type}`) }))}
        value={action.type}
        onChange={(value) => value && onChange(defaults[value as OfferedAction])}
        allowDeselect={false}
        data-testid="rule-action-type"
      />
      {action.type === "move_to_section" && (
        <Select
          {...SELECT}
          placeholder={t("rules.pick.section")}
          data={optionsOf(options.sections)}
          value={(action.section as string) ?? null}
          onChange={(value) => value && onChange({ ...action, section: value })}
          data-testid="rule-action-section"
        />
      )}
      {action.type === "mark_complete" && (
        <SegmentedControl
          size="xs"
          value={action.value === false ? "no" : "yes"}
          onChange={(value) => onChange({ ...action, value: value === "yes" })}
          data={[
            { value: "yes", label: t("rules.then.complete") },
            { value: "no", label: t("rules.then.incomplete") },
          ]}
        />
      )}
      {action.type === "set_assignee" && (
        <>
          <SegmentedControl
            size="xs"
            value={roundRobin ? "round" : "fixed"}
            onChange={(value) =>
              onChange(
                value === "round"
                  ? { type: "set_assignee", users: options.users.slice(0, 2).map((user) => user.gid) }
                  : { type: "set_assignee", user: options.users[0]?.gid ?? null },
              )
            }
            data={[
              { value: "fixed", label: t("rules.fixedPerson") },
              { value: "round", label: t("rules.roundRobin") },
            ]}
          />
          {roundRobin ? (
            <MultiSelect
              {...SELECT}
              data={optionsOf(options.users)}
              value={action.users as string[]}
              onChange={(value) => onChange({ type: "set_assignee", users: value })}
              searchable
            />
          ) : (
            <Select
              {...SELECT}
              data={optionsOf(options.users)}
              value={(action.user as string) ?? null}
              onChange={(value) => onChange({ type: "set_assignee", user: value })}
              placeholder={t("rules.then.unassign")}
              clearable
              searchable
            />
          )}
        </>
      )}
      {action.type === "set_due_in_days" && (
        <Group gap="xs" wrap="nowrap">
          <NumberInput
            w={90}
            min={0}
            max={3650}
            value={Number(action.days ?? 0)}
            onChange={(value) => onChange({ ...action, days: Number(value) || 0 })}
          />
          <Text size="sm">{t("rules.daysFromTrigger", { count: Number(action.days ?? 0) })}</Text>
        </Group>
      )}
      {action.type === "add_comment" && (
        <Textarea
          autosize
          minRows={2}
          placeholder={t("rules.pick.comment")}
          value={String(action.text ?? "")}
          onChange={(event) => onChange({ ...action, text: event.currentTarget.value })}
        />
      )}
      {action.type === "add_to_project" && (
        <ProjectSectionPicker
          project={action.project as string | undefined}
          section={action.section as string | undefined}
          options={options}
          onChange={(project, section) =>
            onChange({ type: "add_to_project", project, ...(section ? { section } : {}) })
          }
        />
      )}
      {action.type === "add_follower" && (
        <Select
          {...SELECT}
          data={optionsOf(options.users)}
          value={(action.user as string) ?? null}
          onChange={(value) => value && onChange({ ...action, user: value })}
          searchable
        />
      )}
      {action.type === "add_subtasks_from_template" && (
        <Select
          {...SELECT}
          data={optionsOf(options.templates)}
          value={(action.task_template as string) ?? null}
          onChange={(value) => value && onChange({ ...action, task_template: value })}
          nothingFoundMessage={t("taskTemplates.emptyTitle")}
          placeholder={options.templates.length ? undefined : t("taskTemplates.emptyTitle")}
        />
      )}
      {action.type === "set_custom_field" && (
        <>
          <Select
            {...SELECT}
            data={optionsOf(options.fields)}
            value={(action.custom_field as string) ?? null}
            onChange={(value) => value && onChange({ type: "set_custom_field", custom_field: value, value: null })}
            placeholder={t("rules.pick.field")}
            data-testid="rule-action-field"
          />
          <FieldValueInput
            field={options.fields.find((field) => field.gid === action.custom_field)}
            value={action.value}
            onChange={(value) => onChange({ ...action, value: value ?? null })}
            placeholder={t("rules.pick.fieldValue")}
          />
        </>
      )}
      {(action.type === "add_tag" || action.type === "remove_tag") && (
        <Select
          {...SELECT}
          data={optionsOf(options.tags)}
          value={(action.tag as string) ?? null}
          onChange={(value) => value && onChange({ ...action, tag: value })}
          nothingFoundMessage={t("rules.noTags")}
          searchable
          data-testid="rule-action-tag"
        />
      )}
      {action.type === "send_webhook" && (
        <TextInput
          size="sm"
          type="url"
          value={String(action.url ?? "")}
          onChange={(event) => onChange({ ...action, url: event.currentTarget.value })}
          placeholder={t("rules.pick.url")}
          data-testid="rule-action-url"
        />
      )}
    </Stack>
  );
}
