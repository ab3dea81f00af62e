import { Badge, Button, Group, Paper, Radio, Select, Stack, Text, Textarea, TextInput, Tooltip } from "@mantine/core";
import { IconLock, IconUserQuestion, IconWorld } from "@tabler/icons-react";
import type { TeamJoinRequest, TeamVisibility } from "@takt/contracts";
import dayjs from "dayjs";
import { type ComponentType, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Modal } from "../../components/Dialog";
import { notifyError, notifySuccess } from "../../components/notify";
import { UserAvatar } from "../../components/UserAvatar";
import { TEAM_ACCESS_LEVELS, type TeamDetail, type TeamSettingsChange, useTeamChanges } from "./team-page.queries";

const VISIBILITIES: TeamVisibility[] = ["public", "request_to_join", "secret"];
const VISIBILITY_ICON: Record<TeamVisibility, ComponentType<{ size?: number }>> = {
  public: IconWorld,
  request_to_join: IconUserQuestion,
  secret: IconLock,
};

export function TeamVisibilityBadge({ visibility }: { visibility: TeamVisibility }) {
  const { t } = useTranslation();
  const Icon = VISIBILITY_ICON[visibility];
  return (
    <Tooltip label={t(`admin.team.visibility_${visibility}_hint`)} multiline w={260}>
      <Badge
        variant="light"
        color={visibility === "secret" ? "grape" : visibility === "public" ? "teal" : "blue"}
        leftSection={<Icon size={12} />}
        data-testid="team-visibility"
        data-visibility={visibility}
      >
        {t(`admin.team.visibility_${visibility}`)}
      </Badge>
    </Tooltip>
  );
}

// Join at once, ask to join, take a request back, or leave: what the server's abilities allow.
export function JoinControls({ team, ownRequest }: { team: TeamDetail; ownRequest: TeamJoinRequest | undefined }) {
  const { t } = useTranslation();
  const { addUser, removeUser, askToJoin, withdraw } = useTeamChanges(team.gid);
  const [asking, setAsking] = useState(false);
  const [message, setMessage] = useState("");
  const can = team.permissions;
  const done = (text: string) => ({
    onSuccess: () => notifySuccess(text),
    onError: (error: unknown) => notifyError(error),
  });
  return (
    <Group gap="xs" wrap="nowrap">
      {can?.join && (
        <Button
          size="xs"
          onClick={() => addUser.mutate("me", done(t("admin.team.joined")))}
          loading={addUser.isPending}
          data-testid="team-join"
        >
          {t("admin.team.join")}
        </Button>
      )}
      {can?.request_to_join && (
        <Button size="xs" onClick={() => setAsking(true)} data-testid="team-ask">
          {t("admin.team.askToJoin")}
        </Button>
      )}
      {!can?.leave && ownRequest?.status === "pending" && (
        <>
          <Badge variant="light" color="blue" size="lg" data-testid="team-requested">
            {t("admin.team.requested")}
          </Badge>
          <Button
            size="xs"
            variant="subtle"
            color="gray"
            loading={withdraw.isPending}
            onClick={() => withdraw.mutate(ownRequest, done(t("admin.team.withdrawn")))}
            data-testid="team-withdraw"
          >
            {t("admin.team.withdraw")}
          </Button>
        </>
      )}
      {can?.leave && (
        <Button
          size="xs"
          variant="default"
          onClick={() => removeUser.mutate("me", done(t("admin.team.left")))}
          loading={removeUser.isPending}
          data-testid="team-leave"
        >
          {t("admin.team.leave")}
        </Button>
      )}
      <Modal
        opened={asking}
        onClose={() => setAsking(false)}
        title={t("admin.team.askTitle", { name: team.name })}
        centered
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            askToJoin.mutate(message, {
              onSuccess: () => {
                setAsking(false);
                setMessage("");
                notifySuccess(t("admin.team.asked"));
              },
              onError: (error) => notifyError(error),
            });
          }}
        >
          <Stack>
            <Textarea
              label={t("admin.team.askMessage")}
              value={message}
              onChange={(event) => setMessage(event.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={2000}
              data-autofocus
              data-testid="team-ask-message"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(false)}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={askToJoin.isPending} data-testid="team-ask-send">
                {t("admin.team.askSend")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}

// The pending requests, for those who answer them.
export function JoinRequestsPanel({ teamGid, requests }: { teamGid: string; requests: TeamJoinRequest[] }) {
  const { t } = useTranslation();
  const { answer } = useTeamChanges(teamGid);
  const pending = requests.filter((request) => request.status === "pending");
  if (pending.length === 0) return null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="team-requests">
      <Stack gap="sm">
        <Text fw={600}>{t("admin.team.requestsCount", { count: pending.length })}</Text>
        {pending.map((request) => (
          <Group key={request.gid} justify="space-between" wrap="nowrap" data-testid="team-request">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <UserAvatar user={request.user} size={28} />
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" fw={500}>
                  {request.user.name}{" "}
                  <Text span size="xs" c="dimmed">
                    {dayjs(request.created_at).fromNow()}
                  </Text>
                </Text>
                {request.message && (
                  <Text size="sm" c="dimmed" lineClamp={2}>
                    {request.message}
                  </Text>
                )}
              </Stack>
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Button
                size="xs"
                onClick={() =>
                  answer.mutate(
                    { request, decision: "approve" },
                    {
                      onSuccess: () => notifySuccess(t("admin.team.approved", { name: request.user.name })),
                      onError: (error) => notifyError(error),
                    },
                  )
                }
                data-testid="team-request-approve"
              >
                {t("admin.team.approve")}
              </Button>
              <Button
                size="xs"
                variant="default"
                onClick={() =>
                  answer.mutate(
                    { request, decision: "decline" },
                    {
                      onSuccess: () => notifySuccess(t("admin.team.declined")),
                      onError: (error) => notifyError(error),
                    },
                  )
                }
                data-testid="team-request-decline"
              >
                {t("admin.team.decline")}
              </Button>
            </Group>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

// Name and description (edit), privacy and who may do what (edit_visibility): each part as the server allows.
export function TeamSettings({ team }: { team: TeamDetail }) {
  const { t } = useTranslation();
  const { update } = useTeamChanges(team.gid);
  const [draft, setDraft] = useState<TeamSettingsChange>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: the team as saved (a new answer) resets the edits
  useEffect(() => setDraft({}), [team]);
  const value = { ...team, ...draft };
  const can = team.permissions;
  const changed = (Object.keys(draft) as (keyof TeamSettingsChange)[]).filter((key) => draft[key] !== team[key]);
  const changes: TeamSettingsChange = Object.fromEntries(changed.map((key) => [key, draft[key]]));
  if (changes.name !== undefined) changes.name = changes.name.trim();
  // Who answers requests is a setting of a team that takes them.
  if (value.visibility !== "request_to_join") delete changes.join_request_management_access_level;
  const set = (change: TeamSettingsChange) => setDraft((current) => ({ ...current, ...change }));
  return (
    <Paper withBorder radius="md" p="md" data-testid="team-settings">
      <Stack gap="sm">
        <Text fw={600}>{t("admin.team.settings")}</Text>
        {can?.edit && (
          <>
            <TextInput
              label={t("admin.team.name")}
              value={value.name}
              onChange={(event) => set({ name: event.currentTarget.value })}
              data-testid="team-name"
            />
            <Textarea
              label={t("admin.team.description")}
              value={value.description}
              onChange={(event) => set({ description: event.currentTarget.value })}
              autosize
              minRows={2}
              data-testid="team-description"
            />
          </>
        )}
        {can?.edit_visibility && (
          <>
            <Radio.Group
              label={t("admin.team.visibility")}
              description={t("admin.team.privacy")}
              value={value.visibility}
              onChange={(visibility) => set({ visibility: visibility as TeamVisibility })}
              data-testid="team-visibility-choice"
            >
              <Stack gap={8} mt={6}>
                {VISIBILITIES.map((visibility) => (
                  <Radio
                    key={visibility}
                    value={visibility}
                    label={t(`admin.team.visibility_${visibility}`)}
                    description={t(`admin.team.visibility_${visibility}_hint`)}
                    data-testid={`team-visibility-${visibility}`}
                  />
                ))}
              </Stack>
            </Radio.Group>
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                {t("admin.team.accessTitle")}
              </Text>
              <Text size="xs" c="dimmed">
                {t("admin.team.accessHint")}
              </Text>
              {TEAM_ACCESS_LEVELS.filter(
                (level) => level !== "join_request_management_access_level" || value.visibility === "request_to_join",
              ).map((level) => (
                <Group key={level} justify="space-between" wrap="nowrap" gap="sm">
                  <Text size="sm" style={{ flex: 1 }}>
                    {t(`admin.team.level_${level}`)}
                  </Text>
                  <Select
                    size="xs"
                    w={220}
                    allowDeselect={false}
                    value={value[level]}
                    onChange={(next) => next && set({ [level]: next })}
                    data={["only_team_admins", "all_team_members"].map((option) => ({
                      value: option,
                      label: t(`admin.team.level_${option}`),
                    }))}
                    aria-label={t(`admin.team.level_${level}`)}
                    comboboxProps={{ withinPortal: true }}
                    data-testid={`team-level-${level}`}
                  />
                </Group>
              ))}
            </Stack>
          </>
        )}
        <Group justify="flex-end">
          <Button
            size="xs"
            disabled={Object.keys(changes).length === 0 || !value.name.trim()}
            loading={update.isPending}
            onClick={() =>
              update.mutate(changes, {
                onSuccess: () => notifySuccess(t("admin.team.saved")),
                onError: (error) => notifyError(error),
              })
            }
            data-testid="team-save"
          >
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
