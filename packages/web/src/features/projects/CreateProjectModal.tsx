import {
  Button,
  CheckIcon,
  ColorSwatch,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { IconFileImport, IconTemplate } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { Team } from "../../api/types";
import { useWorkspace } from "../../app/workspace";
import { Modal } from "../../components/Dialog";
import { PROJECT_COLORS, projectColor } from "./colors";
import { viewStorageKey } from "./first-screen";
import { type NewProject, useCreateProject } from "./mutations";

type Privacy = NonNullable<NewProject["privacy_setting"]>;
type View = NonNullable<NewProject["default_view"]>;

export function CreateProjectModal({
  opened,
  onClose,
  teams,
  defaultTeam,
}: {
  opened: boolean;
  onClose(): void;
  teams: Team[];
  defaultTeam: string | null;
}) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [team, setTeam] = useState<string | null>(defaultTeam);
  const [privacy, setPrivacy] = useState<Privacy>("public_to_workspace");
  const [view, setView] = useState<View>("board");
  const [color, setColor] = useState<NonNullable<NewProject["color"]>>(PROJECT_COLORS[0]);
  const [clientBoard, setClientBoard] = useState(true);

  useEffect(() => {
    if (opened)
      setTeam(defaultTeam && teams.some((item) => item.gid === defaultTeam) ? defaultTeam : (teams[0]?.gid ?? null));
  }, [opened, defaultTeam, teams]);

  const creating = useCreateProject();
  // One request: the project with its stages (a client board), made together or not at all.
  const create = {
    isPending: creating.isPending,
    mutate: () => {
      if (!workspace) return;
      const stages = [t("stages.onboarding"), t("stages.inWork"), t("stages.qa"), t("stages.done")];
      creating.mutate(
        {
          workspace: workspace.gid,
          ...(team ? { team } : {}),
          name: name.trim(),
          privacy_setting: privacy,
          default_view: view,
          color,
          ...(clientBoard ? { sections: stages } : {}),
        },
        {
          onSuccess: (project) => {
            localStorage.setItem(viewStorageKey(project.gid), JSON.stringify(view));
            setName("");
            onClose();
            navigate(`/projects/${project.gid}`);
          },
        },
      );
    },
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t("projects.new")} centered size="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) create.mutate();
        }}
      >
        <Stack>
          <TextInput
            label={t("projects.name")}
            placeholder={t("projects.namePlaceholder")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-autofocus
            data-testid="project-name"
            required
          />
          <Select
            label={t("projects.team")}
            data={teams.map((item) => ({ value: item.gid, label: item.name }))}
            value={team}
            onChange={setTeam}
            placeholder={t("projects.noTeam")}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t("projects.privacy")}
            </Text>
            <SegmentedControl
              fullWidth
              value={privacy}
              onChange={(value) => setPrivacy(value as Privacy)}
              data={[
                { value: "public_to_workspace", label: t("projects.privacyWorkspace") },
                { value: "private", label: t("projects.privacyPrivate") },
              ]}
            />
          </div>
          <Group grow align="flex-start">
            <div>
              <Text size="sm" fw={500} mb={4}>
                {t("projects.defaultView")}
              </Text>
              <SegmentedControl
                fullWidth
                value={view}
                onChange={(value) => setView(value as View)}
                data={[
                  { value: "list", label: t("views.list") },
                  { value: "board", label: t("views.board") },
                ]}
              />
            </div>
            <div>
              <Text size="sm" fw={500} mb={4}>
                {t("projects.color")}
              </Text>
              <Group gap={6} mt={6}>
                {PROJECT_COLORS.map((item) => (
                  <ColorSwatch
                    key={item}
                    component="button"
                    type="button"
                    color={projectColor(item)}
                    size={22}
                    onClick={() => setColor(item)}
                    aria-label={item}
                    style={{ color: "#fff", cursor: "pointer" }}
                  >
                    {color === item && <CheckIcon size={10} />}
                  </ColorSwatch>
                ))}
              </Group>
            </div>
          </Group>
          <Switch
            checked={clientBoard}
            onChange={(event) => setClientBoard(event.currentTarget.checked)}
            label={t("projects.clientBoard")}
            description={t("projects.clientBoardHint")}
          />
          <Group justify="space-between">
            <Group gap={0}>
              <Button
                variant="subtle"
                leftSection={<IconTemplate size={16} />}
                onClick={() => {
                  onClose();
                  navigate("/templates");
                }}
                data-testid="use-template"
              >
                {t("templates.fromNewProject")}
              </Button>
              <Button
                variant="subtle"
                leftSection={<IconFileImport size={16} />}
                onClick={() => {
                  onClose();
                  navigate("/settings/import");
                }}
                data-testid="use-import"
              >
                {t("imports.nav")}
              </Button>
            </Group>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!name.trim()} data-testid="create-project">
                {t("projects.create")}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
