import { Button, Group, Select, Stack, Textarea, TextInput } from "@mantine/core";
import type { TeamVisibility } from "@takt/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspace } from "../../app/workspace";
import { Modal } from "../../components/Dialog";
import { notifySuccess } from "../../components/notify";
import { useCreateTeam } from "./mutations";

export function CreateTeamModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [visibility, setVisibility] = useState<TeamVisibility>("request_to_join");
  const creating = useCreateTeam(workspace?.gid ?? "");
  const create = {
    isPending: creating.isPending,
    mutate: () =>
      creating.mutate(
        { name: name.trim(), description, visibility },
        {
          onSuccess: (team) => {
            notifySuccess(t("teams.created", { name: team.name }));
            setName("");
            setDescription("");
            setVisibility("request_to_join");
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
          <Select
            label={t("teams.visibility")}
            value={visibility}
            onChange={(next) => next && setVisibility(next as TeamVisibility)}
            allowDeselect={false}
            data={(["public", "request_to_join", "secret"] as const).map((value) => ({
              value,
              label: t(`admin.team.visibility_${value}`),
            }))}
            description={t(`admin.team.visibility_${visibility}_hint`)}
            comboboxProps={{ withinPortal: true }}
            data-testid="new-team-visibility"
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
