import {
  ActionIcon,
  Box,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
  Tooltip,
} from "@mantine/core";
import { IconArrowRight, IconBolt, IconFilter, IconPlus, IconTrash } from "@tabler/icons-react";
import { type ReactNode, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspace } from "../../app/workspace";
import { useFieldSettings } from "../custom-fields/queries";
import type { CustomField } from "../custom-fields/types";
import { useBoard, useProjects, useSections } from "../projects/queries";
import { useTags } from "../tags/queries";
import { useTaskTemplates } from "../templates/queries";
import { useWorkspaceUsers } from "../users/queries";
import { describeAction, describeTrigger, type Names } from "./describe";
import {
  ACTION_TYPES,
  APPROVAL_DECISIONS,
  CONDITION_TYPES,
  type OfferedAction,
  type OfferedCondition,
  type Rule,
  type RuleAction,
  type RuleCondition,
  type RuleTrigger,
  TRIGGER_FIELDS,
  TRIGGER_TYPES,
  type TriggerType,
} from "./queries";

export interface RuleDraft {
  name: string;
  trigger: RuleTrigger;
  conditions: RuleCondition[];
  actions: RuleAction[];
}

const toMap = (rows: { gid: string; name: string }[] | undefined) =>
  new Map((rows ?? []).map((row) => [row.gid, row.name]));

// Every name a rule of this project may mention, for pickers and summaries.
export function useRuleNames(projectGid: string) {
  const { workspace } = useWorkspace();
  const board = useBoard(projectGid);
  const users = useWorkspaceUsers(workspace?.gid);
  const projects = useProjects(workspace?.gid);
  const tags = useTags(workspace?.gid);
  const templates = useTaskTemplates(projectGid);
  const settings = useFieldSettings(projectGid);
  // Secret fields cannot be set or watched by rules.
  const fields = useMemo(
    () =>
      (settings.data ?? [])
        .map((setting) => setting.custom_field)
        .filter((field) => field.resource_subtype !== "secret"),
    [settings.data],
  );
  const names: Names = useMemo(
    () => ({
      sections: toMap(board.data?.sections),
      users: toMap(users.data),
      projects: toMap(projects.data),
      tags: toMap(tags.data),
      templates: toMap(templates.data),
      fields: toMap(fields),
    }),
    [board.data, users.data, projects.data, tags.data, templates.data, fields],
  );
  return {
    names,
    sections: board.data?.sections ?? [],
    users: users.data ?? [],
    projects: projects.data ?? [],
    tags: tags.data ?? [],
    templates: templates.data ?? [],
    fields,
  };
}

// A custom field value as the API takes it: an enum option's gid, a number, or text.
function FieldValueInput({
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

type Options = ReturnType<typeof useRuleNames>;
const optionsOf = (rows: { gid: string; name: string }[]) => rows.map((row) => ({ value: row.gid, label: row.name }));
const SELECT = { comboboxProps: { withinPortal: true }, size: "sm" as const };

function Block({
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

function Connector() {
  return <Box h={14} ml={29} style={{ borderLeft: "2px dashed var(--mantine-color-gray-4)" }} aria-hidden />;
}

function ProjectSectionPicker({
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

function TriggerEditor({
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

function ConditionEditor({
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

function ActionEditor({
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

function incomplete(draft: RuleDraft): boolean {
  for (const action of draft.actions) {
    if (action.type === "move_to_section" && !action.section) return true;
    if (action.type === "add_comment" && !String(action.text ?? "").trim()) return true;
    if (action.type === "add_to_project" && !action.project) return true;
    if (action.type === "add_follower" && !action.user) return true;
    if (action.type === "add_subtasks_from_template" && !action.task_template) return true;
    if (action.type === "set_assignee" && Array.isArray(action.users) && action.users.length === 0) return true;
    if (action.type === "set_custom_field" && !action.custom_field) return true;
    if ((action.type === "add_tag" || action.type === "remove_tag") && !action.tag) return true;
    if (action.type === "send_webhook" && !String(action.url ?? "").trim()) return true;
  }
  for (const condition of draft.conditions) {
    if (condition.type === "in_section" && !condition.section) return true;
    if (condition.type === "has_tag" && !condition.tag) return true;
    if (condition.type === "custom_field_equals" && !condition.custom_field) return true;
  }
  return draft.trigger.type === "field_changed" && !draft.trigger.field && !draft.trigger.custom_field;
}

// Trigger → optional conditions → one or more actions; the name defaults to the rule in words.
export function RuleBuilder({
  projectGid,
  rule,
  busy,
  onSave,
  onCancel,
}: {
  projectGid: string;
  rule?: Rule | null;
  busy: boolean;
  onSave(draft: RuleDraft): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const options = useRuleNames(projectGid);
  const [draft, setDraft] = useState<RuleDraft>(() =>
    rule
      ? {
          name: rule.name,
          trigger: { type: rule.trigger.type, ...pick(rule.trigger) },
          conditions: rule.conditions,
          actions: rule.actions,
        }
      : { name: "", trigger: { type: "task_completed" }, conditions: [], actions: [] },
  );
  const update = (change: Partial<RuleDraft>) => setDraft((current) => ({ ...current, ...change }));
  // Stable row keys for the condition and action editors (rows are added and removed anywhere).
  const nextKey = useRef(0);
  const newKey = () => {
    nextKey.current += 1;
    return nextKey.current;
  };
  const [conditionKeys, setConditionKeys] = useState<number[]>(() => draft.conditions.map(newKey));
  const [actionKeys, setActionKeys] = useState<number[]>(() => draft.actions.map(newKey));
  const firstAction = draft.actions[0];
  const suggested = `${describeTrigger(draft.trigger, options.names, t)}${
    firstAction ? ` → ${describeAction(firstAction, options.names, t)}` : ""
  }`;

  const addAction = () => {
    setActionKeys((current) => [...current, newKey()]);
    update({
      actions: [
        ...draft.actions,
        draft.actions.length === 0
          ? { type: "move_to_section", section: options.sections.at(-1)?.gid }
          : { type: "add_comment", text: "" },
      ],
    });
  };

  return (
    <Stack gap={0} data-testid="rule-builder">
      <TextInput
        label={t("rules.name")}
        placeholder={suggested}
        value={draft.name}
        onChange={(event) => update({ name: event.currentTarget.value })}
        mb="md"
        data-testid="rule-name"
      />
      <Block icon={<IconBolt size={16} />} color="yellow" title={t("rules.whenTitle")} hint={t("rules.whenHint")}>
        <TriggerEditor trigger={draft.trigger} onChange={(trigger) => update({ trigger })} options={options} />
      </Block>
      <Connector />
      <Block icon={<IconFilter size={16} />} color="grape" title={t("rules.ifTitle")} hint={t("rules.ifHint")}>
        <Stack gap="xs">
          {draft.conditions.map((condition, index) => (
            <Group key={conditionKeys[index]} gap="xs" wrap="nowrap" align="flex-start">
              <ConditionEditor
                condition={condition}
                options={options}
                onChange={(next) =>
                  update({ conditions: draft.conditions.map((item, at) => (at === index ? next : item)) })
                }
              />
              <Tooltip label={t("rules.remove")}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={4}
                  onClick={() => {
                    setConditionKeys((current) => current.filter((_, at) => at !== index));
                    update({ conditions: draft.conditions.filter((_, at) => at !== index) });
                  }}
                  aria-label={t("rules.remove")}
                >
                  <IconTrash size={15} />
                </ActionIcon>
              </Tooltip>
            </Group>
          ))}
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => {
              setConditionKeys((current) => [...current, newKey()]);
              update({ conditions: [...draft.conditions, { type: "assignee_set", value: true }] });
            }}
            style={{ alignSelf: "flex-start" }}
            data-testid="rule-add-condition"
          >
            {t("rules.addCondition")}
          </Button>
        </Stack>
      </Block>
      <Connector />
      <Block icon={<IconArrowRight size={16} />} color="teal" title={t("rules.thenTitle")} hint={t("rules.thenHint")}>
        <Stack gap="sm">
          {draft.actions.map((action, index) => (
            <Group
              key={actionKeys[index]}
              gap="xs"
              wrap="nowrap"
              align="flex-start"
              pb={index < draft.actions.length - 1 ? "sm" : 0}
              style={{
                borderBottom: index < draft.actions.length - 1 ? "1px solid var(--mantine-color-gray-2)" : undefined,
              }}
            >
              <ActionEditor
                action={action}
                options={options}
                onChange={(next) => update({ actions: draft.actions.map((item, at) => (at === index ? next : item)) })}
              />
              <Tooltip label={t("rules.remove")}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={4}
                  onClick={() => {
                    setActionKeys((current) => current.filter((_, at) => at !== index));
                    update({ actions: draft.actions.filter((_, at) => at !== index) });
                  }}
                  aria-label={t("rules.remove")}
                >
                  <IconTrash size={15} />
                </ActionIcon>
              </Tooltip>
            </Group>
          ))}
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={addAction}
            style={{ alignSelf: "flex-start" }}
            data-testid="rule-add-action"
          >
            {t("rules.addAction")}
          </Button>
        </Stack>
      </Block>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onCancel}>
          {t("common.cancel")}
        </Button>
        <Button
          onClick={() => onSave({ ...draft, name: draft.name.trim() || suggested })}
          loading={busy}
          disabled={draft.actions.length === 0 || incomplete(draft)}
          data-testid="rule-save"
        >
          {rule ? t("common.save") : t("rules.create")}
        </Button>
      </Group>
    </Stack>
  );
}

function pick(trigger: RuleTrigger): Partial<RuleTrigger> {
  const { section, field, value, days } = trigger;
  return Object.fromEntries(
    Object.entries({ section, field, value, days }).filter(([, item]) => item !== undefined && item !== null),
  );
}
