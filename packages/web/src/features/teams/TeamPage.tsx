import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  ScrollArea,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconFolder, IconLock, IconUserMinus, IconUsersGroup } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { isMissing } from "../../api/client";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { NotFound } from "../../components/NotFound";
import { notifyError, notifySuccess } from "../../components/notify";
import { UserAvatar } from "../../components/UserAvatar";
import { usePeople } from "../people/queries";
import { projectColor } from "../projects/colors";
import { JoinControls, JoinRequestsPanel, TeamSettings, TeamVisibilityBadge } from "./TeamAccess";
import { useTeamChanges, useTeamPage } from "./team-page.queries";

// A team's page: who is in it (added, removed, joining, leaving), its projects and its settings.
export function TeamPage() {
  const { t } = useTranslation();
  const { teamGid = "" } = useParams();
  const { workspace, me } = useWorkspace();
  const { team, members, projects, joinRequests } = useTeamPage(teamGid);
  const { addUser, removeUser } = useTeamChanges(teamGid);
  const can = team.data?.permissions;
  const people = usePeople(
    workspace?.gid,
    { search: "", role: null, team: null, status: "active" },
    !!can?.add_members,
  );
  const [showArchived, setShowArchived] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);
  if (team.isError && isMissing(team.error)) return <NotFound />;
  const memberGids = new Set((members.data ?? []).map((row) => row.user.gid));
  const candidates = (people.data ?? [])
    .filter((person) => person.role !== "guest" && !memberGids.has(person.gid))
    .map((person) => ({ value: person.gid, label: person.user.name }));
  const visibleProjects = (projects.data ?? []).filter((project) => showArchived || !project.archived);
  const done = (message: string) => ({
    onSuccess: () => notifySuccess(message),
    onError: (error: unknown) => notifyError(error),
  });
  return (
    <ScrollArea style={{ flex: 1 }}>
      <Stack p="lg" gap="md" maw={1200}>
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <IconUsersGroup size={26} />
            {team.data ? (
              <Box style={{ minWidth: 0 }}>
                <Group gap="sm" wrap="nowrap">
                  <Title order={1} size="h2" data-testid="team-title" lineClamp={1}>
                    {team.data.name}
                  </Title>
                  <TeamVisibilityBadge visibility={team.data.visibility} />
                </Group>
                {team.data.description && (
                  <Text size="sm" c="dimmed" lineClamp={2}>
                    {team.data.description}
                  </Text>
                )}
              </Box>
            ) : (
              <Skeleton h={28} w={200} />
            )}
          </Group>
          {team.data && (
            <JoinControls
              team={team.data}
              ownRequest={(joinRequests.data ?? []).find((request) => request.user.gid === me.gid)}
            />
          )}
        </Group>
        {can?.manage_join_requests && <JoinRequestsPanel teamGid={teamGid} requests={joinRequests.data ?? []} />}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Paper withBorder radius="md" p="md">
            <Stack gap="sm">
              <Group justify="space-between">
                <Text fw={600}>
                  {t("admin.team.members")} {members.data ? `· ${members.data.length}` : ""}
                </Text>
              </Group>
              {can?.add_members && (
                <Group gap="xs" wrap="nowrap">
                  <Select
                    placeholder={t("admin.team.addPlaceholder")}
                    data={candidates}
                    value={picked}
                    onChange={setPicked}
                    searchable
                    clearable
                    style={{ flex: 1 }}
                    comboboxProps={{ withinPortal: true }}
                    aria-label={t("admin.team.add")}
                    data-testid="team-add-member"
                  />
                  <Button
                    size="sm"
                    disabled={!picked}
                    loading={addUser.isPending}
                    onClick={() =>
                      picked &&
                      addUser.mutate(picked, {
                        onSuccess: () => {
                          setPicked(null);
                          notifySuccess(t("admin.team.added"));
                        },
                        onError: (error) => notifyError(error),
                      })
                    }
                    data-testid="team-add-confirm"
                  >
                    {t("admin.team.add")}
                  </Button>
                </Group>
              )}
              {members.isPending ? (
                <Skeleton h={80} />
              ) : (
                <Stack gap={6} data-testid="team-members">
                  {(members.data ?? []).map((row) => (
                    <Group
                      key={row.gid}
                      justify="space-between"
                      wrap="nowrap"
                      data-testid="team-member"
                      data-person={row.user.name}
                    >
                      <Group gap="sm" wrap="nowrap">
                        <UserAvatar user={row.user} size={26} />
                        <Text size="sm">{row.user.name}</Text>
                        {row.is_admin && (
                          <Badge size="xs" variant="light" color="grape">
                            {t("admin.team.admin")}
                          </Badge>
                        )}
                      </Group>
                      {can?.remove_members && row.user.gid !== me.gid && (
                        <Tooltip label={t("admin.team.remove", { name: row.user.name })}>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            onClick={() => removeUser.mutate(row.user.gid, done(t("admin.team.removed")))}
                            aria-label={t("admin.team.remove", { name: row.user.name })}
                            data-testid="team-remove-member"
                          >
                            <IconUserMinus size={16} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Group>
                  ))}
                  {members.data?.length === 0 && (
                    <Text size="sm" c="dimmed">
                      {t("admin.team.noMembers")}
                    </Text>
                  )}
                </Stack>
              )}
            </Stack>
          </Paper>
          <Paper withBorder radius="md" p="md">
            <Stack gap="sm">
              <Group justify="space-between">
                <Text fw={600}>{t("admin.team.projects")}</Text>
                <Switch
                  size="xs"
                  label={t("admin.team.showArchived")}
                  checked={showArchived}
                  onChange={(event) => setShowArchived(event.currentTarget.checked)}
                  data-testid="team-show-archived"
                />
              </Group>
              {projects.isPending ? (
                <Skeleton h={80} />
              ) : visibleProjects.length === 0 ? (
                <EmptyState icon={IconFolder} title={t("admin.team.noProjects")} />
              ) : (
                <Stack gap={4} data-testid="team-projects">
                  {visibleProjects.map((project) => (
                    <Link
                      key={project.gid}
                      to={`/projects/${project.gid}`}
                      style={{
                        textDecoration: "none",
                        color: "inherit",
                        display: "flex",
                        gap: 10,
                        alignItems: "center",
                      }}
                      data-testid="team-project"
                    >
                      <Box w={10} h={10} style={{ borderRadius: 3, background: projectColor(project.color) }} />
                      <Text size="sm" truncate style={{ flex: 1 }}>
                        {project.name}
                      </Text>
                      {project.privacy_setting === "private" && <IconLock size={12} opacity={0.5} />}
                      {project.archived && (
                        <Badge size="xs" variant="light" color="gray">
                          {t("admin.project.archivedBadge")}
                        </Badge>
                      )}
                      {project.owner && (
                        <Text size="xs" c="dimmed">
                          {project.owner.name}
                        </Text>
                      )}
                    </Link>
                  ))}
                </Stack>
              )}
            </Stack>
          </Paper>
        </SimpleGrid>
        {team.data && (can?.edit || can?.edit_visibility) && <TeamSettings team={team.data} />}
      </Stack>
    </ScrollArea>
  );
}
