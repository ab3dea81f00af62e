import {
  ActionIcon,
  Button,
  Checkbox,
  ColorSwatch,
  Group,
  Menu,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Tabs,
  Text,
  TextInput,
} from "@mantine/core";
import { IconGripVertical, IconPlus, IconTrash } from "@tabler/icons-react";
import type { EnumOptionColor } from "@takt/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspace } from "../../app/workspace";
import { Modal } from "../../components/Dialog";
import { notifySuccess } from "../../components/notify";
import { useWorkspaceUsers } from "../users/queries";
import { COLOR_NAMES, optionColor } from "./colors";
import { useAddProjectField } from "./mutations";
import { useFieldLibrary } from "./queries";
import {
  FIELD_TYPES,
  type FieldSetting,
  type FieldSubtype,
  type NumberFormat,
  REVEAL_ACCESS,
  type RevealAccess,
} from "./types";

interface Option {
  key: number;
  name: string;
  color: EnumOptionColor;
}

const CURRENCIES = ["USD", "EUR", "RUB", "GBP", "KZT", "CNY", "JPY"];

// Adds a field to a project: a new one (type, name, options with colours, number format) or one from the library.
export function AddFieldModal({
  projectGid,
  opened,
  onClose,
  existing,
}: {
  projectGid: string;
  opened: boolean;
  onClose(): void;
  existing: FieldSetting[];
}) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const addField = useAddProjectField(projectGid);
  const library = useFieldLibrary(opened ? workspace?.gid : undefined);
  const [tab, setTab] = useState<string | null>("new");
  const [name, setName] = useState("");
  const [type, setType] = useState<FieldSubtype>("enum");
  const [options, setOptions] = useState<Option[]>([
    { key: 1, name: "", color: "red" },
    { key: 2, name: "", color: "yellow" },
    { key: 3, name: "", color: "green" },
  ]);
  const [format, setFormat] = useState<NumberFormat>("none");
  const [precision, setPrecision] = useState<number>(0);
  const [currency, setCurrency] = useState("USD");
  const [important, setImportant] = useState(true);
  const [revealAccess, setRevealAccess] = useState<RevealAccess>("editors");
  const [revealPeople, setRevealPeople] = useState<string[]>([]);
  const users = useWorkspaceUsers(opened && type === "secret" ? workspace?.gid : undefined);
  const [libraryField, setLibraryField] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reset = () => {
    setName("");
    setType("enum");
    setOptions([
      { key: 1, name: "", color: "red" },
      { key: 2, name: "", color: "yellow" },
      { key: 3, name: "", color: "green" },
    ]);
    setFormat("none");
    setPrecision(0);
    setRevealAccess("editors");
    setRevealPeople([]);
    setError(null);
    setLibraryField(null);
  };

  const close = () => {
    reset();
    onClose();
  };

  const submit = async () => {
    if (!workspace) return;
    setBusy(true);
    try {
      if (tab === "library") {
        if (!libraryField) return;
        await addField.mutateAsync({ library: libraryField, is_important: important });
      } else {
        if (!name.trim()) {
          setError(t("fields.nameRequired"));
          return;
        }
        const enumOptions = options
          .filter((option) => option.name.trim())
          .map(({ name, color }) => ({ name: name.trim(), color }));
        if ((type === "enum" || type === "multi_enum") && !enumOptions.length) {
          setError(t("fields.optionsRequired"));
          return;
        }
        await addField.mutateAsync({
          field: {
            name: name.trim(),
            resource_subtype: type,
            ...(type === "enum" || type === "multi_enum" ? { enum_options: enumOptions } : {}),
            ...(type === "number"
              ? { format, precision, ...(format === "currency" ? { currency_code: currency } : {}) }
              : {}),
            ...(type === "secret"
              ? { reveal_access: revealAccess, ...(revealAccess === "people" ? { reveal_people: revealPeople } : {}) }
              : {}),
            is_important: important,
          },
        });
      }
      notifySuccess(t("fields.added"));
      close();
    } catch {
      // The notification says why; the dialog stays open with what was typed.
    } finally {
      setBusy(false);
    }
  };

  const used = new Set(existing.map((setting) => setting.custom_field.gid));
  const choices = (library.data ?? []).filter((field) => !used.has(field.gid));

  return (
    <Modal opened={opened} onClose={close} title={t("fields.addTitle")} size="lg" centered>
      <Tabs value={tab} onChange={setTab} mb="md">
        <Tabs.List>
          <Tabs.Tab value="new">{t("fields.newField")}</Tabs.Tab>
          <Tabs.Tab value="library" data-testid="field-library-tab">
            {t("fields.fromLibrary")}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {tab === "library" ? (
        <Select
          label={t("fields.libraryField")}
          data={choices.map((field) => ({
            value: field.gid,
            label: `${field.name} · ${t(`fields.types.${field.resource_subtype}`)}`,
          }))}
          value={libraryField}
          onChange={setLibraryField}
          searchable
          nothingFoundMessage={t("fields.libraryEmpty")}
        />
      ) : (
        <Stack gap="sm">
          <TextInput
            label={t("fields.name")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-autofocus
            data-testid="field-name"
            error={error}
          />
          <Select
            label={t("fields.type")}
            data={FIELD_TYPES.map((value) => ({ value, label: t(`fields.types.${value}`) }))}
            value={type}
            onChange={(value) => value && setType(value as FieldSubtype)}
            allowDeselect={false}
            data-testid="field-type"
          />
          {(type === "enum" || type === "multi_enum") && (
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                {t("fields.options")}
              </Text>
              {options.map((option, index) => (
                <Group key={option.key} gap={6} wrap="nowrap">
                  <IconGripVertical size={14} color="var(--mantine-color-gray-4)" />
                  <Menu position="bottom-start" withinPortal>
                    <Menu.Target>
                      <ActionIcon variant="subtle" aria-label={t("fields.optionColor")} data-testid="option-color">
                        <ColorSwatch color={optionColor(option.color)} size={18} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Group gap={6} maw={220} p={4}>
                        {COLOR_NAMES.map((color) => (
                          <ColorSwatch
                            key={color}
                            component="button"
                            type="button"
                            color={optionColor(color)}
                            size={22}
                            aria-label={color}
                            onClick={() =>
                              setOptions((list) =>
                                list.map((item) => (item.key === option.key ? { ...item, color } : item)),
                              )
                            }
                            style={{
                              cursor: "pointer",
                              outline: color === option.color ? "2px solid var(--mantine-color-dark-3)" : undefined,
                            }}
                          />
                        ))}
                      </Group>
                    </Menu.Dropdown>
                  </Menu>
                  <TextInput
                    style={{ flex: 1 }}
                    size="xs"
                    value={option.name}
                    placeholder={t("fields.optionPlaceholder", { n: index + 1 })}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      setOptions((list) =>
                        list.map((item) => (item.key === option.key ? { ...item, name: value } : item)),
                      );
                    }}
                    onKeyDown={(event) => {
                      if (event.key === "Enter" && index === options.length - 1) {
                        setOptions((list) => [
                          ...list,
                          { key: Date.now(), name: "", color: COLOR_NAMES[list.length % COLOR_NAMES.length] },
                        ]);
                      }
                    }}
                    data-testid="option-name"
                  />
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={t("fields.removeOption")}
                    onClick={() => setOptions((list) => list.filter((item) => item.key !== option.key))}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Group>
              ))}
              <Button
                variant="subtle"
                size="compact-sm"
                leftSection={<IconPlus size={14} />}
                w="fit-content"
                onClick={() =>
                  setOptions((list) => [
                    ...list,
                    { key: Date.now(), name: "", color: COLOR_NAMES[(list.length * 3) % COLOR_NAMES.length] },
                  ])
                }
                data-testid="add-option"
              >
                {t("fields.addOption")}
              </Button>
            </Stack>
          )}
          {type === "number" && (
            <Stack gap="xs">
              <SegmentedControl
                value={format}
                onChange={(value) => setFormat(value as NumberFormat)}
                data={(["none", "percentage", "currency", "duration"] as const).map((value) => ({
                  value,
                  label: t(`fields.formats.${value}`),
                }))}
              />
              <Group grow>
                {format !== "duration" && (
                  <NumberInput
                    label={t("fields.precision")}
                    min={0}
                    max={6}
                    value={precision}
                    onChange={(value) => setPrecision(Number(value) || 0)}
                  />
                )}
                {format === "currency" && (
                  <Select
                    label={t("fields.currency")}
                    data={CURRENCIES}
                    value={currency}
                    onChange={(value) => value && setCurrency(value)}
                  />
                )}
              </Group>
            </Stack>
          )}
          {type === "secret" && (
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {t("fields.secretHint")}
              </Text>
              <Select
                label={t("fields.revealAccess")}
                data={REVEAL_ACCESS.map((value) => ({ value, label: t(`fields.revealAccessOptions.${value}`) }))}
                value={revealAccess}
                onChange={(value) => value && setRevealAccess(value as RevealAccess)}
                allowDeselect={false}
                data-testid="field-reveal-access"
              />
              {revealAccess === "people" && (
                <MultiSelect
                  label={t("fields.revealPeople")}
                  data={(users.data ?? []).map((user) => ({ value: user.gid, label: user.name }))}
                  value={revealPeople}
                  onChange={setRevealPeople}
                  searchable
                  data-testid="field-reveal-people"
                />
              )}
            </Stack>
          )}
        </Stack>
      )}
      <Checkbox
        mt="md"
        label={t("fields.important")}
        description={t("fields.importantHint")}
        checked={important}
        onChange={(event) => setImportant(event.currentTarget.checked)}
      />
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={close}>
          {t("common.cancel")}
        </Button>
        <Button onClick={submit} loading={busy} data-testid="create-field">
          {t("fields.create")}
        </Button>
      </Group>
    </Modal>
  );
}
