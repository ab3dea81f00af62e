import { ActionIcon, Alert, Box, Button, Group, Menu, Select, Stack, Text, Tooltip } from "@mantine/core";
import {
  IconArchive,
  IconArchiveOff,
  IconCheck,
  IconFlag3,
  IconLayoutKanban,
  IconLock,
  IconLockOpen,
  IconSettings,
  IconTrash,
  IconUsersGroup,
} from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { Project } from "../../api/types";
import { useWorkspace } from "../../app/workspace";
import { MenuItemRadio } from "../../components/CheckedMenuItems";
import { Modal } from "../../components/Dialog";
import { notifyError, notifySuccess } from "../../components/notify";
import { useWorkspaceTeams } from "../people/queries";
import { ScrumSwitch } from "../sprints/ScrumProject";
import { notifyDeletedWithUndo } from "../trash/undo";
import { useDeleteProject, useProjectStage, useSetStage, useUpdateProject } from "./lifecycle";
import { useSections } from "./queries";

const VIEWS = ["list", "board", "calendar", "timeline"] as const;
// A labelled group of radio items inside the menu (a fieldset is a group to assistive technology), unstyled.
const GROUP = { border: 0, margin: 0, padding: 0, minWidth: 0 } as const;

// The project's settings menu (gear): stage, default view, archive, move to a team, privacy, delete — each item
// offered only when the project's abilities allow it.
export function ProjectLifecycleMenu({ project, onScrumEnabled }: { project: Project; onScrumEnabled?(): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { workspace } = useWorkspace();
  const can = project.permissions;
  const update = useUpdateProject(project.gid);
  const remove = useDeleteProject(project.gid);
  const sections = useSections(can?.edit ? project.gid : null);
  const stage = useProjectStage(project.gid, !!can?.edit);
  const setStage = useSetStage(project.gid);
  const ids = useId();
  const [moving, setMoving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [team, setTeam] = useState<string | null>(project.team?.gid ?? null);
  const teams = useWorkspaceTeams(workspace?.gid, moving);
  if (!can?.edit && !can?.delete) return null;
  const change = (patch: Parameters<typeof update.mutate>[0], message: string) =>
    update.mutate(patch, { onSuccess: () => notifySuccess(message), onError: (error) => notifyError(error) });
  const current = stage.data?.section?.gid ?? null;
  return (
    <>
      <Menu position="bottom-end" withinPortal shadow="md" width={280}>
        {/* The tooltip outside the target: the menu's id, aria-expanded and aria-controls reach the button. */}
        <Tooltip label={t("admin.project.settings")}>
          <Menu.Target>
            <ActionIcon
              variant="default"
              size={30}
              aria-label={t("admin.project.settings")}
              data-testid="project-settings"
            >
              <IconSettings size={16} />
            </ActionIcon>
          </Menu.Target>
        </Tooltip>
        <Menu.Dropdown>
          {can.edit && (
            <>
              <ScrumSwitch project={project} onEnabled={onScrumEnabled} />
              <Menu.Divider />
            </>
          )}
          {can.edit && (sections.data?.length ?? 0) > 0 && (
            <fieldset style={GROUP} aria-labelledby={`${ids}-stage`}>
              <Menu.Label id={`${ids}-stage`}>
                <Group gap={4}>
                  <IconFlag3 size={12} aria-hidden />
                  {t("admin.stage.label")}
                  {stage.data && !stage.data.explicit && ` · ${t("admin.stage.auto")}`}
                </Group>
              </Menu.Label>
              {(sections.data ?? []).map((section) => (
                <Menu.Item
                  key={section.gid}
                  component={MenuItemRadio}
                  aria-checked={current === section.gid}
                  leftSection={
                    current === section.gid ? <IconCheck size={14} aria-hidden /> : <Box w={14} aria-hidden />
                  }
                  onClick={() =>
                    setStage.mutate(section.gid, {
                      onSuccess: () => notifySuccess(t("admin.stage.set", { stage: section.name })),
                      onError: (error) => notifyError(error),
                    })
                  }
                  data-testid="stage-option"
                  data-stage={section.name}
                >
                  {section.name}
                </Menu.Item>
              ))}
              {stage.data?.explicit && (
                <Menu.Item
                  leftSection={<Box w={14} aria-hidden />}
                  c="dimmed"
                  onClick={() => setStage.mutate(null, { onError: (error) => notifyError(error) })}
                  data-testid="stage-auto"
                >
                  {t("admin.stage.useAuto")}
                </Menu.Item>
              )}
              <Menu.Divider />
            </fieldset>
          )}
          {can.edit && (
            <fieldset style={GROUP} aria-labelledby={`${ids}-view`}>
              <Menu.Label id={`${ids}-view`}>
                <Group gap={4}>
                  <IconLayoutKanban size={12} aria-hidden />
                  {t("admin.project.defaultView")}
                </Group>
              </Menu.Label>
              {VIEWS.map((view) => (
                <Menu.Item
                  key={view}
                  component={MenuItemRadio}
                  aria-checked={project.default_view === view}
                  leftSection={
                    project.default_view === view ? <IconCheck size={14} aria-hidden /> : <Box w={14} aria-hidden />
                  }
                  onClick={() =>
                    change({ default_view: view }, t("admin.project.viewSet", { view: t(`admin.views.${view}`) }))
                  }
                  data-testid="default-view-option"
                  data-view={view}
                >
                  {t(`admin.views.${view}`)}
                </Menu.Item>
              ))}
              <Menu.Divider />
            </fieldset>
          )}
          {can.manage_members && (
            <>
              <Menu.Item
                leftSection={<IconUsersGroup size={14} />}
                onClick={() => setMoving(true)}
                data-testid="move-team"
              >
                {t("admin.project.moveToTeam")}
              </Menu.Item>
              {project.privacy_setting === "private" ? (
                <Menu.Item
                  leftSection={<IconLockOpen size={14} />}
                  onClick={() => change({ privacy_setting: "public_to_workspace" }, t("admin.project.madePublic"))}
                  data-testid="make-public"
                >
                  {t("admin.project.makePublic")}
                </Menu.Item>
              ) : (
                <Menu.Item
                  leftSection={<IconLock size={14} />}
                  onClick={() => change({ privacy_setting: "private" }, t("admin.project.madePrivate"))}
                  data-testid="make-private"
                >
                  {t("admin.project.makePrivate")}
                </Menu.Item>
              )}
            </>
          )}
          {can.edit &&
            (project.archived ? (
              <Menu.Item
                leftSection={<IconArchiveOff size={14} />}
                onClick={() => change({ archived: false }, t("admin.project.unarchived"))}
                data-testid="unarchive-project"
              >
                {t("admin.project.unarchive")}
              </Menu.Item>
            ) : (
              <Menu.Item
                leftSection={<IconArchive size={14} />}
                onClick={() => change({ archived: true }, t("admin.project.archived"))}
                data-testid="archive-project"
              >
                {t("admin.project.archive")}
              </Menu.Item>
            ))}
          {can.delete && (
            <>
              <Menu.Divider />
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={() => setDeleting(true)}
                data-testid="delete-project"
              >
                {t("admin.project.delete")}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={moving} onClose={() => setMoving(false)} title={t("admin.project.moveToTeam")} centered>
        <Stack>
          <Select
            label={t("admin.project.team")}
            placeholder={t("admin.people.noTeam")}
            data={(teams.data ?? []).map((item) => ({ value: item.gid, label: item.name }))}
            value={team}
            onChange={setTeam}
            searchable
            comboboxProps={{ withinPortal: true }}
            data-testid="move-team-select"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setMoving(false)}>
              {t("common.cancel")}
            </Button>
            <Button
              disabled={!team || team === project.team?.gid}
              loading={update.isPending}
              onClick={() =>
                team &&
                update.mutate(
                  { team },
                  {
                    onSuccess: (moved) => {
                      notifySuccess(t("admin.project.moved", { team: moved.team?.name ?? "" }));
                      setMoving(false);
                    },
                    onError: (error) => notifyError(error),
                  },
                )
              }
              data-testid="move-team-confirm"
            >
              {t("admin.project.move")}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={deleting} onClose={() => setDeleting(false)} title={t("admin.project.deleteTitle")} centered>
        <Stack>
          <Text size="sm">{t("admin.project.deleteText", { name: project.name })}</Text>
          {!project.archived && (
            <Alert color="blue" variant="light">
              {t("admin.project.archiveInstead")}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              {t("common.cancel")}
            </Button>
            {!project.archived && can.edit && (
              <Button
                variant="light"
                onClick={() => {
                  setDeleting(false);
                  change({ archived: true }, t("admin.project.archived"));
                }}
              >
                {t("admin.project.archive")}
              </Button>
            )}
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => {
                    notifyDeletedWithUndo(
                      queryClient,
                      project.gid,
                      project.name,
                      () => navigate(`/projects/${project.gid}`),
                      { deleted: "admin.project.deleted", restored: "admin.project.restored" },
                    );
                    navigate("/");
                  },
                  onError: (error) => notifyError(error),
                })
              }
              data-testid="confirm-delete-project"
            >
              {t("admin.project.deleteConfirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

// Shown on an archived project: it left the sidebar and searches, and can come back.
export function ArchivedBanner({ project }: { project: Project }) {
  const { t } = useTranslation();
  const update = useUpdateProject(project.gid);
  if (!project.archived) return null;
  return (
    <Alert
      color="gray"
      variant="light"
      radius={0}
      py={6}
      icon={<IconArchive size={16} />}
      data-testid="archived-banner"
    >
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{t("admin.project.archivedText")}</Text>
        {project.permissions?.edit && (
          <Button
            size="compact-xs"
            variant="default"
            loading={update.isPending}
            onClick={() =>
              update.mutate(
                { archived: false },
                {
                  onSuccess: () => notifySuccess(t("admin.project.unarchived")),
                  onError: (error) => notifyError(error),
                },
              )
            }
            data-testid="banner-unarchive"
          >
            {t("admin.project.unarchive")}
          </Button>
        )}
      </Group>
    </Alert>
  );
}
