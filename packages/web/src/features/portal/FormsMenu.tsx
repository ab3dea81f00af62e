import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  Menu,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { IconChevronDown, IconCopy, IconForms, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { Modal } from "../../components/Dialog";
import { errorMessage, notifySuccess } from "../../components/notify";
import { useBoard } from "../projects/queries";
import { useCreateForm } from "./mutations";
import { type FormField, useForms } from "./queries";

type Draft = Pick<FormField, "label" | "type" | "required" | "maps_to">;
const TYPES: FormField["type"][] = ["text", "textarea", "email", "number", "date"];

function FormBuilder({ project, opened, onClose }: { project: string; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const board = useBoard(project);
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [access, setAccess] = useState<"project_guests" | "public_link">("project_guests");
  const [section, setSection] = useState<string | null>(null);
  const [fields, setFields] = useState<Draft[]>([
    { label: t("portal.forms.defaultName"), type: "text", required: true, maps_to: "name" },
    { label: t("portal.forms.defaultDetails"), type: "textarea", required: false, maps_to: "notes" },
  ]);
  const create = useCreateForm(project);
  const error = create.error ? errorMessage(create.error) : null;

  const change = (index: number, patch: Partial<Draft>) =>
    setFields((list) => list.map((field, at) => (at === index ? { ...field, ...patch } : field)));

  const save = () =>
    create.mutate(
      {
        title: title.trim(),
        description,
        access,
        target_section: section,
        fields: fields.map((field) => ({ ...field, label: field.label.trim() })),
      },
      {
        onSuccess: () => {
          setTitle("");
          onClose();
        },
      },
    );

  return (
    <Modal opened={opened} onClose={onClose} title={t("portal.forms.new")} size="lg" centered>
      <Stack gap="sm">
        <TextInput
          label={t("portal.forms.titleLabel")}
          placeholder={t("portal.forms.titlePlaceholder")}
          required
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          data-testid="form-title"
        />
        <Textarea
          label={t("portal.forms.description")}
          autosize
          minRows={2}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
        />
        <Group grow align="flex-end">
          <Select
            label={t("portal.forms.section")}
            placeholder={t("portal.forms.firstSection")}
            clearable
            value={section}
            onChange={setSection}
            data={(board.data?.sections ?? []).map((item) => ({ value: item.gid, label: item.name }))}
          />
          <SegmentedControl
            value={access}
            onChange={(value) => setAccess(value as typeof access)}
            data={[
              { value: "project_guests", label: t("portal.forms.accessGuests") },
              { value: "public_link", label: t("portal.forms.accessPublic") },
            ]}
          />
        </Group>
        <Text size="sm" fw={600} mt="xs">
          {t("portal.forms.fields")}
        </Text>
        {fields.map((field, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and never reordered
          <Group key={index} gap="xs" wrap="nowrap" align="center">
            <TextInput
              value={field.label}
              onChange={(event) => change(index, { label: event.currentTarget.value })}
              style={{ flex: 1 }}
              aria-label={t("portal.forms.fieldLabel")}
            />
            <Select
              w={130}
              value={field.type}
              onChange={(value) => value && change(index, { type: value as FormField["type"] })}
              data={TYPES.map((type) => ({ value: type, label: t(`portal.forms.type.${type}`) }))}
              allowDeselect={false}
              aria-label={t("portal.forms.fieldType")}
            />
            <Select
              w={140}
              value={field.maps_to}
              onChange={(value) => value && change(index, { maps_to: value as FormField["maps_to"] })}
              data={(["name", "notes", "none"] as const).map((target) => ({
                value: target,
                label: t(`portal.forms.mapsTo.${target}`),
              }))}
              allowDeselect={false}
              aria-label={t("portal.forms.mapsToLabel")}
            />
            <Checkbox
              label={t("portal.forms.required")}
              checked={field.required}
              onChange={(event) => change(index, { required: event.currentTarget.checked })}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              disabled={fields.length === 1}
              onClick={() => setFields((list) => list.filter((_, at) => at !== index))}
              aria-label={t("portal.comments.delete")}
            >
              <IconTrash size={14} />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} />}
          w="fit-content"
          onClick={() => setFields((list) => [...list, { label: "", type: "text", required: false, maps_to: "none" }])}
        >
          {t("portal.forms.addField")}
        </Button>
        {error && (
          <Alert color="red" variant="light">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={save} loading={create.isPending} disabled={!title.trim()} data-testid="form-create">
            {t("portal.forms.create")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

// Project header: the project's request forms (fill one, copy its link) and, for who may manage forms, a new one.
export function FormsMenu({ project, canEdit }: { project: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const forms = useForms(project);
  const [builder, setBuilder] = useState(false);
  const list = (forms.data ?? []).filter((form) => form.active || canEdit);
  if (!canEdit && list.length === 0) return null;
  return (
    <>
      <Menu position="bottom-end" shadow="md" width={260} withinPortal>
        <Menu.Target>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconForms size={16} />}
            rightSection={<IconChevronDown size={14} />}
            data-testid="forms-menu"
            className="takt-compact"
            aria-label={t("portal.forms.menu")}
          >
            <span className="takt-compact-label">{t("portal.forms.menu")}</span>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {list.map((form) => (
            <Menu.Item
              key={form.gid}
              onClick={() => navigate(`/forms/${form.gid}`)}
              data-testid="forms-item"
              rightSection={
                <ActionIcon
                  component="span"
                  size="sm"
                  variant="subtle"
                  color="gray"
                  aria-label={t("portal.forms.copyLink")}
                  onClick={(event) => {
                    event.stopPropagation();
                    navigator.clipboard?.writeText(form.public_url);
                    notifySuccess(t("portal.forms.linkCopied"));
                  }}
                >
                  <IconCopy size={13} />
                </ActionIcon>
              }
            >
              <Text size="sm">{form.title}</Text>
              <Text size="xs" c="dimmed">
                {form.access === "public_link" ? t("portal.forms.accessPublic") : t("portal.forms.accessGuests")}
              </Text>
            </Menu.Item>
          ))}
          {list.length === 0 && <Menu.Label>{t("portal.forms.none")}</Menu.Label>}
          {canEdit && (
            <>
              <Menu.Divider />
              <Menu.Item leftSection={<IconPlus size={14} />} onClick={() => setBuilder(true)} data-testid="forms-new">
                {t("portal.forms.new")}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      {/* Drawn only while open: it follows the board, which would render it again on every change. */}
      {canEdit && builder && <FormBuilder project={project} opened onClose={() => setBuilder(false)} />}
    </>
  );
}
