import { Button, Group, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { Project } from "../../api/types";
import { Modal } from "../../components/Dialog";
import { Meter } from "../../components/Meter";
import { notifySuccess } from "../../components/notify";
import { useSaveProjectAsTemplate } from "./mutations";

// "Save as template" from the project menu: sections, tasks, roles and rules become a gallery card.
export function SaveAsTemplateModal({
  project,
  opened,
  onClose,
}: {
  project: Project;
  opened: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const saveAs = useSaveProjectAsTemplate(project);
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [shared, setShared] = useState(true);

  useEffect(() => {
    if (opened) {
      setName(t("templates.copyName", { name: project.name }));
    }
  }, [opened, project.name, t]);

  const busy = saveAs.isPending;
  const submit = () => {
    if (!name.trim()) return;
    saveAs.mutate(
      { name: name.trim(), public: shared },
      {
        onSuccess: () => {
          notifySuccess(t("templates.saved"));
          onClose();
          navigate("/templates");
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={() => !busy && onClose()} title={t("templates.saveTitle")} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t("templates.saveHint")}
          </Text>
          <TextInput
            label={t("templates.name")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            required
            data-autofocus
            data-testid="save-template-name"
          />
          <Switch
            checked={shared}
            onChange={(event) => setShared(event.currentTarget.checked)}
            label={t("templates.shared")}
            description={t("templates.sharedHint")}
          />
          {busy && <Meter label={t("a11y.progress")} value={100} animated striped />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim()} data-testid="save-template-submit">
              {t("templates.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
