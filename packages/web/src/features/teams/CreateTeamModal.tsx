import { Button, Group, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspace } from "../../app/workspace";
import { notifySuccess } from "../../components/notify";
import { useCreateTeam } from "./mutations";

export function CreateTeamModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const creating = useCreateTeam(workspace?.gid ?? "");
  const create = {
    isPending: creating.isPending,
    mutate: () =>
      creating.mutate(
        { name: name.trim(), description },
        {
          onSuccess: (team) => {
            notifySuccess(t("teams.created", { name: team.name }));
            setName("");
            setDescription("");
            onClose();
          },
        },
      ),
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t("teams.new")} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) create.mutate();
        }}
      >
        <Stack>
          <TextInput
            label={t("teams.name")}
            placeholder={t("teams.namePlaceholder")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-autofocus
            required
          />
          <Textarea
            label={t("teams.description")}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            autosize
            minRows={2}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              {t("teams.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
