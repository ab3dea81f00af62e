import { Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Modal } from "../../components/Dialog";
import { notifyError, notifySuccess } from "../../components/notify";
import { useCreateTask } from "../projects/mutations";
import { useSections } from "../projects/queries";

export type TaskKind = "approval" | "milestone";

// "Add approval" / "Add milestone": a name and the section it goes to; the task is created of that type.
export function TypedTaskModal({
  projectGid,
  kind,
  onClose,
}: {
  projectGid: string;
  kind: TaskKind | null;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const sections = useSections(kind ? projectGid : null);
  const create = useCreateTask(projectGid);
  const [name, setName] = useState("");
  const [section, setSection] = useState<string | null>(null);
  useEffect(() => {
    if (kind && !section && sections.data?.[0]) setSection(sections.data[0].gid);
  }, [kind, section, sections.data]);
  const submit = () => {
    const target = sections.data?.find((item) => item.gid === section);
    if (!kind || !target || !name.trim()) return;
    create.mutate(
      { section: target, name: name.trim(), subtype: kind },
      {
        onSuccess: () => notifySuccess(t(`admin.types.created.${kind}`, { name: name.trim() })),
        onError: (error) => notifyError(error),
      },
    );
    setName("");
    onClose();
  };
  return (
    <Modal opened={kind !== null} onClose={onClose} title={kind ? t(`admin.types.add.${kind}`) : ""} centered>
      {kind && (
        <Stack>
          <Text size="sm" c="dimmed">
            {t(`admin.types.hint.${kind}`)}
          </Text>
          <TextInput
            label={t("admin.types.name")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            onKeyDown={(event) => event.key === "Enter" && submit()}
            autoFocus
            data-testid="typed-task-name"
          />
          <Select
            label={t("admin.types.section")}
            data={(sections.data ?? []).map((item) => ({ value: item.gid, label: item.name }))}
            value={section}
            onChange={setSection}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-testid="typed-task-section"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button onClick={submit} disabled={!name.trim() || !section} data-testid="typed-task-create">
              {t(`admin.types.add.${kind}`)}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
