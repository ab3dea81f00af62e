import { ActionIcon, Button, Group, Stack, TextInput, Tooltip } from "@mantine/core";
import { IconArrowRight, IconBolt, IconFilter, IconPlus, IconTrash } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ActionEditor } from "./ActionEditor";
import { ConditionEditor } from "./ConditionEditor";
import { describeAction, describeTrigger } from "./describe";
import type { Rule } from "./queries";
import { Block, Connector } from "./RuleParts";
import { incomplete, pick, type RuleDraft } from "./rule-draft";
import { TriggerEditor } from "./TriggerEditor";
import { useRuleNames } from "./useRuleNames";

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
