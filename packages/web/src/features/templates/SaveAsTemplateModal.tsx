import { Button, Group, Modal, Progress, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import type { Project } from "../../api/types";
import { notifyError, notifySuccess } from "../../components/notify";
import { invalidateTemplates, type Job, waitForJob } from "./api";

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
  const client = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [shared, setShared] = useState(true);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (opened) {
      setName(t("templates.copyName", { name: project.name }));
      setBusy(false);
    }
  }, [opened, project.name, t]);

  const submit = async () => {
    if (!name.trim()) return;
    setBusy(true);
    try {
      const job = await api.post<Job>(`/projects/${project.gid}/saveAsTemplate`, {
        name: name.trim(),
        ...(project.team ? { team: project.team.gid } : {}),
        public: shared,
      });
      await waitForJob(job.gid);
      invalidateTemplates(client);
      notifySuccess(t("templates.saved"));
      onClose();
      navigate("/templates");
    } catch (error) {
      notifyError(error);
      setBusy(false);
    }
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
          {busy && <Progress value={100} animated striped />}
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
