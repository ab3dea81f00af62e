import { ActionIcon, Button, ColorSwatch, Group, MultiSelect, Select, Text, TextInput, Tooltip } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { IconCopy, IconEye, IconEyeOff, IconLock } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TaskRow } from "../../api/types";
import { useWorkspace } from "../../app/workspace";
import { notifySuccess } from "../../components/notify";
import { useWorkspaceUsers } from "../users/queries";
import { optionColor } from "./colors";
import { formatDuration, formatNumber, parseDuration, SECRET_MASK } from "./format";
import { useFieldValues } from "./mutations";
import type { FieldValue } from "./types";
import { subtypeOf } from "./types";

function numberText(field: FieldValue): string {
  const value = field.number_value;
  if (typeof value !== "number") return "";
  if (field.format === "duration") return formatDuration(value);
  if (field.format === "percentage")
    return String(Math.round(value * 100 * 10 ** (field.precision ?? 0)) / 10 ** (field.precision ?? 0));
  return String(value);
}

function NumberEditor({
  field,
  onSave,
  testId,
}: {
  field: FieldValue;
  onSave(value: number | null): void;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState(numberText(field));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(numberText(field)), [field]);
  const commit = () => {
    const raw = text.trim().replace(",", ".");
    if (!raw) return typeof field.number_value === "number" ? onSave(null) : undefined;
    let value = field.format === "duration" ? parseDuration(raw) : Number(raw.replace(/[%\s]/g, ""));
    if (value === null || Number.isNaN(value)) return setError(t("fields.notANumber"));
    if (field.format === "percentage") value = value / 100;
    setError(null);
    if (value !== field.number_value) onSave(value);
  };
  const suffix = field.format === "percentage" ? "%" : field.format === "currency" ? (field.currency_code ?? "") : "";
  return (
    <TextInput
      size="xs"
      value={text}
      error={error}
      placeholder={field.format === "duration" ? "1h 30m" : "—"}
      rightSection={
        suffix ? (
          <Text size="xs" c="dimmed">
            {suffix}
          </Text>
        ) : undefined
      }
      description={
        typeof field.number_value === "number" && field.format && field.format !== "none"
          ? formatNumber(field, field.number_value, i18n.language)
          : undefined
      }
      inputWrapperOrder={["input", "description", "error"]}
      onChange={(event) => setText(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(event) => event.key === "Enter" && event.currentTarget.blur()}
      data-testid={testId}
      aria-label={field.name}
    />
  );
}

function TextEditor({
  value,
  onSave,
  testId,
  label,
  autoFocus,
}: {
  value: string;
  onSave(value: string | null): void;
  testId: string;
  label: string;
  autoFocus?: boolean;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <TextInput
      size="xs"
      value={text}
      placeholder="—"
      onChange={(event) => setText(event.currentTarget.value)}
      onBlur={() => text !== value && onSave(text.trim() ? text : null)}
      onKeyDown={(event) => event.key === "Enter" && event.currentTarget.blur()}
      data-testid={testId}
      aria-label={label}
      autoFocus={autoFocus}
    />
  );
}

function SecretEditor({
  task,
  field,
  canEdit,
  testId,
}: {
  task: TaskRow;
  field: FieldValue;
  canEdit: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const actions = useFieldValues();
  const [revealed, setRevealed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hasValue = field.is_set ?? !!field.display_value;
  if (revealed !== null) {
    return (
      <Group gap={4} wrap="nowrap">
        <TextEditor
          value={revealed}
          label={field.name}
          testId={`${testId}-value`}
          // "Set" and "Reveal" hand the keyboard to the value at once: what is typed next goes into it.
          autoFocus
          onSave={(value) => {
            setRevealed(value ?? "");
            actions.set(task, field, value);
          }}
        />
        <Tooltip label={t("fields.copy")}>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t("fields.copy")}
            onClick={async () => {
              await navigator.clipboard?.writeText(revealed).catch(() => {});
              notifySuccess(t("fields.copied"));
            }}
          >
            <IconCopy size={15} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t("fields.hide")}>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t("fields.hide")}
            onClick={() => setRevealed(null)}
            data-testid={`${testId}-hide`}
          >
            <IconEyeOff size={15} />
          </ActionIcon>
        </Tooltip>
      </Group>
    );
  }
  return (
    <Group gap={8} wrap="nowrap">
      <Group gap={4} c="dimmed" wrap="nowrap" data-testid={`${testId}-masked`}>
        <IconLock size={14} />
        <Text size="sm" c="dimmed">
          {hasValue ? SECRET_MASK : t("fields.emptySecret")}
        </Text>
      </Group>
      {canEdit && (
        <Button
          size="compact-xs"
          variant="light"
          leftSection={<IconEye size={14} />}
          loading={busy}
          data-testid={`${testId}-reveal`}
          onClick={async () => {
            if (!hasValue) return setRevealed("");
            setBusy(true);
            const value = await actions.reveal(task.gid, field.gid);
            setBusy(false);
            if (value !== null) setRevealed(value);
          }}
        >
          {hasValue ? t("fields.reveal") : t("fields.setSecret")}
        </Button>
      )}
    </Group>
  );
}

// The editing control for one field on one task, for every field type.
export function FieldEditor({ task, field, canEdit = true }: { task: TaskRow; field: FieldValue; canEdit?: boolean }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const users = useWorkspaceUsers(subtypeOf(field) === "people" ? workspace?.gid : undefined);
  const actions = useFieldValues();
  const testId = `field-${field.name}`;
  const options = (field.enum_options ?? []).filter(
    (option) => option.enabled !== false || option.gid === field.enum_value?.gid,
  );
  const data = options.map((option) => ({ value: option.gid, label: option.name }));
  const colorOf = (gid: string) => optionColor(options.find((option) => option.gid === gid)?.color);
  const renderOption = ({ option }: { option: { value: string; label: string } }) => (
    <Group gap={8} wrap="nowrap">
      <ColorSwatch color={colorOf(option.value)} size={12} withShadow={false} />
      <Text size="sm">{option.label}</Text>
    </Group>
  );
  switch (subtypeOf(field)) {
    case "enum":
      return (
        <Select
          size="xs"
          data={data}
          value={field.enum_value?.gid ?? null}
          onChange={(value) => actions.set(task, field, value)}
          clearable
          placeholder="—"
          renderOption={renderOption}
          leftSection={
            field.enum_value ? (
              <ColorSwatch color={optionColor(field.enum_value.color)} size={10} withShadow={false} />
            ) : undefined
          }
          disabled={!canEdit}
          data-testid={testId}
          aria-label={field.name}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case "multi_enum":
      return (
        <MultiSelect
          size="xs"
          data={data}
          value={(field.multi_enum_values ?? []).map((option) => option.gid)}
          onChange={(value) => actions.set(task, field, value)}
          placeholder={field.multi_enum_values?.length ? undefined : "—"}
          renderOption={renderOption}
          disabled={!canEdit}
          data-testid={testId}
          aria-label={field.name}
        />
      );
    case "number":
      return <NumberEditor field={field} testId={testId} onSave={(value) => actions.set(task, field, value)} />;
    case "date":
      return (
        <DatePickerInput
          size="xs"
          value={field.date_value?.date ?? null}
          onChange={(value) => actions.set(task, field, value ? { date: dayjs(value).format("YYYY-MM-DD") } : null)}
          clearable
          placeholder="—"
          valueFormat="D MMM YYYY"
          disabled={!canEdit}
          data-testid={testId}
          aria-label={field.name}
        />
      );
    case "people": {
      const people = (users.data ?? []).map((user) => ({ gid: user.gid, name: user.name }));
      const current = field.people_value ?? [];
      const known = new Map([...current, ...people].map((person) => [person.gid, person.name]));
      return (
        <MultiSelect
          size="xs"
          data={[...known].map(([value, label]) => ({ value, label }))}
          value={current.map((person) => person.gid)}
          onChange={(value) =>
            actions.set(
              task,
              field,
              value,
              [...known].map(([gid, name]) => ({ gid, name })),
            )
          }
          searchable
          placeholder={current.length ? undefined : t("fields.choosePeople")}
          disabled={!canEdit}
          data-testid={testId}
          aria-label={field.name}
        />
      );
    }
    case "secret":
      return <SecretEditor task={task} field={field} canEdit={canEdit} testId={testId} />;
    default:
      return (
        <TextEditor
          value={field.text_value ?? ""}
          label={field.name}
          testId={testId}
          onSave={(value) => actions.set(task, field, value)}
        />
      );
  }
}
