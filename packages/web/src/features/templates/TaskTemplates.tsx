import { Button, Group, Menu, Select, Skeleton, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconChevronDown, IconCopy, IconDiamond, IconTemplate, IconThumbUp } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import type { TaskDetail } from "../../api/types";
import { Modal } from "../../components/Dialog";
import { EmptyState } from "../../components/EmptyState";
import { notifySuccess } from "../../components/notify";
import { type TaskKind, TypedTaskModal } from "../tasks/TypedTaskModal";
import { useInstantiateTaskTemplate, useSaveTaskTemplate, useSetSectionDefaultTemplate } from "./mutations";
import { type TaskTemplate, useTaskTemplates } from "./queries";

function subtaskCount(template: TaskTemplate): number {
  return template.template?.subtasks?.length ?? 0;
}

// Lists the project's task templates; picking one creates the task (with its subtasks) and opens it.
export function NewFromTemplateModal({
  projectGid,
  opened,
  onClose,
}: {
  projectGid: string;
  opened: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const templates = useTaskTemplates(projectGid, opened);
  const instantiate = useInstantiateTaskTemplate(projectGid);
  const busy = instantiate.isPending ? (instantiate.variables?.gid ?? null) : null;

  const use = (template: TaskTemplate) =>
    instantiate.mutate(template, {
      onSuccess: (done) => {
        onClose();
        if (done.new_task) navigate(`/projects/${projectGid}/tasks/${done.new_task.gid}`);
      },
    });

  const list = templates.data ?? [];
  return (
    <Modal opened={opened} onClose={onClose} title={t("taskTemplates.newTitle")} centered>
      {templates.isPending ? (
        <Stack gap="xs">
          {[0, 1, 2].map((index) => (
            <Skeleton key={index} h={44} />
          ))}
        </Stack>
      ) : list.length === 0 ? (
        <EmptyState icon={IconTemplate} title={t("taskTemplates.emptyTitle")} text={t("taskTemplates.emptyText")} />
      ) : (
        <Stack gap={4}>
          {list.map((template) => (
            <UnstyledButton
              key={template.gid}
              onClick={() => !busy && use(template)}
              className="takt-menu-item"
              p="sm"
              style={{ borderRadius: 8, border: "1px solid var(--mantine-color-gray-2)", opacity: busy ? 0.6 : 1 }}
              data-testid="task-template-option"
              data-template-name={template.name}
            >
              <Group justify="space-between" wrap="nowrap">
                <Group gap="sm" wrap="nowrap">
                  <IconTemplate size={18} color="var(--mantine-color-takt-6)" />
                  <Text size="sm" fw={500} truncate>
                    {template.name}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed">
                  {busy === template.gid
                    ? t("taskTemplates.creating")
                    : t("taskTemplates.subtasks", { count: subtaskCount(template) })}
                </Text>
              </Group>
            </UnstyledButton>
          ))}
        </Stack>
      )}
    </Modal>
  );
}

// The "Add task" button with a menu for "New task from template".
export function AddTaskMenu({ disabled, onAdd }: { disabled?: boolean; onAdd(): void }) {
  const { t } = useTranslation();
  const { projectGid = "" } = useParams();
  const [opened, setOpened] = useState(false);
  const [kind, setKind] = useState<TaskKind | null>(null);
  return (
    <>
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <Button
            size="xs"
            px={6}
            variant="filled"
            disabled={disabled}
            aria-label={t("taskTemplates.more")}
            data-testid="add-task-menu"
            style={{ borderTopLeftRadius: 0, borderBottomLeftRadius: 0, borderLeft: "1px solid rgba(255,255,255,.35)" }}
          >
            <IconChevronDown size={14} />
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={onAdd}>{t("tasks.add")}</Menu.Item>
          <Menu.Item
            leftSection={<IconThumbUp size={14} />}
            onClick={() => setKind("approval")}
            data-testid="add-approval"
          >
            {t("admin.types.add.approval")}
          </Menu.Item>
          <Menu.Item
            leftSection={<IconDiamond size={14} />}
            onClick={() => setKind("milestone")}
            data-testid="add-milestone"
          >
            {t("admin.types.add.milestone")}
          </Menu.Item>
          <Menu.Item
            leftSection={<IconTemplate size={14} />}
            onClick={() => setOpened(true)}
            data-testid="new-from-template"
          >
            {t("taskTemplates.newFromTemplate")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <NewFromTemplateModal projectGid={projectGid} opened={opened} onClose={() => setOpened(false)} />
      <TypedTaskModal projectGid={projectGid} kind={kind} onClose={() => setKind(null)} />
    </>
  );
}

// Task pane menu item: the task with its subtasks becomes a template of the project.
export function SaveTaskAsTemplateItem({ task, projectGid }: { task: TaskDetail; projectGid?: string }) {
  const { t } = useTranslation();
  const project = projectGid ?? task.memberships?.[0]?.project.gid;
  const saveTemplate = useSaveTaskTemplate(project ?? "");
  if (!project) return null;
  const save = () =>
    saveTemplate.mutate(task, { onSuccess: () => notifySuccess(t("taskTemplates.saved", { name: task.name })) });
  return (
    <Menu.Item leftSection={<IconCopy size={14} />} onClick={save} data-testid="save-task-template">
      {t("taskTemplates.saveTask")}
    </Menu.Item>
  );
}

// The section menu's "Default task template…": every task placed in the section gets the template's subtasks.
export function SectionTemplateModal({
  sectionGid,
  sectionName,
  opened,
  onClose,
}: {
  sectionGid: string;
  sectionName: string;
  opened: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { projectGid = "" } = useParams();
  const templates = useTaskTemplates(projectGid, opened);
  const [value, setValue] = useState<string | null>(null);
  const setDefault = useSetSectionDefaultTemplate(sectionGid);
  const busy = setDefault.isPending;
  const save = () =>
    setDefault.mutate(value, {
      onSuccess: () => {
        notifySuccess(
          value ? t("taskTemplates.defaultSet", { section: sectionName }) : t("taskTemplates.defaultCleared"),
        );
        onClose();
      },
    });
  return (
    <Modal opened={opened} onClose={onClose} title={t("taskTemplates.sectionDefault")} centered>
      <Stack>
        <Text size="sm" c="dimmed">
          {t("taskTemplates.sectionDefaultHint", { section: sectionName })}
        </Text>
        <Select
          data={(templates.data ?? []).map((template) => ({ value: template.gid, label: template.name }))}
          value={value}
          onChange={setValue}
          placeholder={t("taskTemplates.none")}
          clearable
          nothingFoundMessage={t("taskTemplates.emptyTitle")}
          comboboxProps={{ withinPortal: true }}
          data-testid="section-template-select"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={save} loading={busy} data-testid="section-template-save">
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
