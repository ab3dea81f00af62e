import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Menu,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDots, IconLock, IconSearch, IconUserOff, IconUserPlus, IconUsers } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useWorkspace } from "../../app/workspace";
import { Modal } from "../../components/Dialog";
import { EmptyState } from "../../components/EmptyState";
import { notifyError, notifySuccess } from "../../components/notify";
import { UserAvatar } from "../../components/UserAvatar";
import { useProjects } from "../projects/queries";
import {
  type InviteOutcome,
  type PeopleFilter,
  type Person,
  useBulkInvite,
  useChangeRole,
  useDeactivate,
  usePeople,
  useReactivate,
  useWorkspaceTeams,
} from "./queries";

const ROLES = ["admin", "member", "guest"] as const;

// Emails typed or pasted in any shape: one per line, or separated by commas, semicolons or spaces.
export function emailsIn(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((part) => part.trim().toLowerCase()))].filter((part) =>
    /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(part),
  );
}

function InviteModal({ workspace, opened, onClose }: { workspace: string; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const invite = useBulkInvite(workspace);
  const projects = useProjects(workspace);
  const teams = useWorkspaceTeams(workspace, opened);
  const [text, setText] = useState("");
  const [role, setRole] = useState<"member" | "guest">("member");
  const [project, setProject] = useState<string | null>(null);
  const [team, setTeam] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<InviteOutcome[] | null>(null);
  const emails = emailsIn(text);
  const close = () => {
    setText("");
    setOutcomes(null);
    onClose();
  };
  const send = () =>
    invite.mutate(
      { emails, role, project, team },
      {
        onSuccess: (result) => {
          const failed = result.filter((outcome) => outcome.error);
          const sent = result.length - failed.length;
          if (sent > 0) notifySuccess(t("admin.people.invited", { count: sent }));
          if (failed.length === 0) close();
          else {
            setOutcomes(failed);
            setText(failed.map((outcome) => outcome.email).join("\n"));
          }
        },
      },
    );
  return (
    <Modal opened={opened} onClose={close} title={t("admin.people.inviteTitle")} centered size="lg">
      <Stack>
        <Textarea
          label={t("admin.people.emails")}
          description={t("admin.people.emailsHint")}
          autosize
          minRows={3}
          maxRows={10}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          data-testid="invite-emails"
        />
        <SegmentedControl
          value={role}
          onChange={(value) => setRole(value as "member" | "guest")}
          data={[
            { value: "member", label: t("admin.roles.member") },
            { value: "guest", label: t("admin.roles.guest") },
          ]}
          data-testid="invite-role"
        />
        <Select
          label={role === "guest" ? t("admin.people.guestProject") : t("admin.people.memberProject")}
          placeholder={t("admin.people.pickProject")}
          data={(projects.data ?? []).map((item) => ({ value: item.gid, label: item.name }))}
          value={project}
          onChange={setProject}
          clearable={role === "member"}
          searchable
          comboboxProps={{ withinPortal: true }}
          data-testid="invite-project"
        />
        {role === "member" && !project && (
          <Select
            label={t("admin.people.memberTeam")}
            placeholder={t("admin.people.noTeam")}
            data={(teams.data ?? []).map((item) => ({ value: item.gid, label: item.name }))}
            value={team}
            onChange={setTeam}
            clearable
            comboboxProps={{ withinPortal: true }}
            data-testid="invite-team"
          />
        )}
        {outcomes && (
          <Alert color="red" title={t("admin.people.someFailed")} data-testid="invite-failures">
            <Stack gap={2}>
              {outcomes.map((outcome) => (
                <Text key={outcome.email} size="sm">
                  {outcome.email}: {outcome.error}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t("common.cancel")}
          </Button>
          <Button
            onClick={send}
            loading={invite.isPending}
            disabled={emails.length === 0 || (role === "guest" && !project)}
            data-testid="invite-send"
          >
            {t("admin.people.sendInvites", { count: emails.length })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function DeactivateModal({
  workspace,
  person,
  onClose,
}: {
  workspace: string;
  person: Person | null;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const deactivate = useDeactivate(workspace);
  const members = usePeople(workspace, { search: "", role: null, team: null, status: "active" }, !!person);
  const [successor, setSuccessor] = useState<string | null>(null);
  const options = (members.data ?? [])
    .filter((candidate) => candidate.role !== "guest" && candidate.gid !== person?.gid)
    .map((candidate) => ({ value: candidate.gid, label: candidate.user.name }));
  const confirm = () =>
    person &&
    deactivate.mutate(
      { user: person.gid, reassignTo: successor },
      {
        onSuccess: () => {
          notifySuccess(t("admin.people.deactivated", { name: person.user.name }));
          setSuccessor(null);
          onClose();
        },
        onError: (error) => notifyError(error),
      },
    );
  return (
    <Modal
      opened={person !== null}
      onClose={onClose}
      title={person ? t("admin.people.deactivateTitle", { name: person.user.name }) : ""}
      centered
    >
      {person && (
        <Stack>
          <Text size="sm">{t("admin.people.deactivateText")}</Text>
          {person.open_tasks > 0 ? (
            <Select
              label={t("admin.people.reassign", { count: person.open_tasks })}
              placeholder={t("admin.people.leaveUnassigned")}
              data={options}
              value={successor}
              onChange={setSuccessor}
              clearable
              searchable
              comboboxProps={{ withinPortal: true }}
              data-testid="reassign-to"
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t("admin.people.noOpenTasks")}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button color="red" onClick={confirm} loading={deactivate.isPending} data-testid="confirm-deactivate">
              {t("admin.people.deactivate")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function PersonRow({ person, workspace, manage }: { person: Person; workspace: string; manage: boolean }) {
  const { t } = useTranslation();
  const { me } = useWorkspace();
  const changeRole = useChangeRole(workspace);
  const reactivate = useReactivate(workspace);
  const [leaving, setLeaving] = useState<Person | null>(null);
  const self = person.gid === me.gid;
  const active = person.status === "active";
  return (
    <Table.Tr data-testid="person-row" data-person={person.user.name}>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <UserAvatar user={person.user} size={30} />
          <Box style={{ minWidth: 0 }}>
            <Text size="sm" fw={500} truncate>
              {person.user.name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {person.user.email}
            </Text>
          </Box>
        </Group>
      </Table.Td>
      <Table.Td>
        {manage && active && !self ? (
          <Select
            size="xs"
            w={170}
            value={person.role}
            allowDeselect={false}
            data={ROLES.map((role) => ({ value: role, label: t(`admin.roles.${role}`) }))}
            onChange={(value) =>
              value &&
              value !== person.role &&
              changeRole.mutate(
                { user: person.gid, role: value as Person["role"] },
                {
                  onSuccess: () => notifySuccess(t("admin.people.roleChanged", { name: person.user.name })),
                  onError: (error) => notifyError(error),
                },
              )
            }
            comboboxProps={{ withinPortal: true }}
            aria-label={t("admin.people.role")}
            data-testid="person-role"
          />
        ) : (
          <Badge
            variant="light"
            color={person.role === "guest" ? "orange" : person.role === "admin" ? "grape" : "blue"}
          >
            {t(`admin.roles.${person.role}`)}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {person.role === "guest" ? (
          <Group gap={4} data-testid="guest-access">
            {person.projects.length === 0 && (
              <Text size="xs" c="dimmed">
                {active ? t("admin.people.noSharedProjects") : "—"}
              </Text>
            )}
            {person.projects.map((project) => (
              <Badge
                key={project.gid}
                variant="outline"
                color="gray"
                radius="sm"
                component={Link}
                to={`/projects/${project.gid}`}
                style={{ cursor: "pointer", textTransform: "none" }}
              >
                {project.name} · {t(`portal.access.${project.access_level}`)}
              </Badge>
            ))}
          </Group>
        ) : (
          <Group gap={4}>
            {person.teams.map((team) => (
              <Badge
                key={team.gid}
                variant="light"
                color="gray"
                radius="sm"
                component={Link}
                to={`/teams/${team.gid}`}
                style={{ cursor: "pointer", textTransform: "none" }}
              >
                {team.name}
              </Badge>
            ))}
          </Group>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{active ? person.open_tasks : "—"}</Text>
      </Table.Td>
      <Table.Td>
        {!active && person.deactivated_at && (
          <Text size="xs" c="dimmed">
            {t("admin.people.deactivatedOn", { date: dayjs(person.deactivated_at).format("D MMM YYYY") })}
          </Text>
        )}
      </Table.Td>
      <Table.Td w={50}>
        {manage && !self && (
          <Menu position="bottom-end" withinPortal shadow="md">
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t("admin.people.actions")}
                data-testid="person-menu"
              >
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {active ? (
                <Menu.Item
                  color="red"
                  leftSection={<IconUserOff size={14} />}
                  onClick={() => setLeaving(person)}
                  data-testid="deactivate"
                >
                  {t("admin.people.deactivate")}
                </Menu.Item>
              ) : (
                <Menu.Item
                  leftSection={<IconUserPlus size={14} />}
                  onClick={() =>
                    reactivate.mutate(
                      { user: person.gid },
                      {
                        onSuccess: () => notifySuccess(t("admin.people.reactivated", { name: person.user.name })),
                        onError: (error) => notifyError(error),
                      },
                    )
                  }
                  data-testid="reactivate"
                >
                  {t("admin.people.reactivate")}
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
        <DeactivateModal workspace={workspace} person={leaving} onClose={() => setLeaving(null)} />
      </Table.Td>
    </Table.Tr>
  );
}

// The workspace's people: who is here, in which role and teams, what each guest sees; admins invite, change roles,
// deactivate (handing open tasks over) and reactivate.
export function PeoplePage() {
  const { t } = useTranslation();
  const { workspace, abilities } = useWorkspace();
  const allowed = !!abilities?.browse_directory;
  const manage = !!abilities?.manage_members;
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const [role, setRole] = useState<string | null>(null);
  const [team, setTeam] = useState<string | null>(null);
  const [status, setStatus] = useState<PeopleFilter["status"]>("active");
  const [inviting, setInviting] = useState(false);
  const filter = useMemo(() => ({ search: debounced, role, team, status }), [debounced, role, team, status]);
  const people = usePeople(workspace?.gid, filter, allowed);
  const teams = useWorkspaceTeams(workspace?.gid, allowed);
  if (!workspace) return null;
  if (abilities && !allowed) {
    return (
      <EmptyState icon={IconLock} title={t("admin.people.forbiddenTitle")} text={t("admin.people.forbiddenText")} />
    );
  }
  const rows = people.data ?? [];
  return (
    <ScrollArea style={{ flex: 1 }}>
      <Stack p="lg" gap="md" maw={1200}>
        <Group justify="space-between">
          <Box>
            <Title order={1} size="h2">
              {t("admin.people.title")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("admin.people.subtitle")}
            </Text>
          </Box>
          {manage && (
            <Button
              leftSection={<IconUserPlus size={16} />}
              onClick={() => setInviting(true)}
              data-testid="invite-people"
            >
              {t("admin.people.invite")}
            </Button>
          )}
        </Group>
        <Group gap="sm" wrap="wrap">
          <TextInput
            leftSection={<IconSearch size={14} />}
            placeholder={t("admin.people.search")}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={260}
            aria-label={t("admin.people.search")}
            data-testid="people-search"
          />
          <Select
            placeholder={t("admin.people.anyRole")}
            data={ROLES.map((value) => ({ value, label: t(`admin.roles.${value}`) }))}
            value={role}
            onChange={setRole}
            clearable
            w={160}
            aria-label={t("admin.people.role")}
            data-testid="people-role-filter"
          />
          <Select
            placeholder={t("admin.people.anyTeam")}
            data={(teams.data ?? []).map((item) => ({ value: item.gid, label: item.name }))}
            value={team}
            onChange={setTeam}
            clearable
            searchable
            w={200}
            aria-label={t("admin.people.team")}
            data-testid="people-team-filter"
          />
          <SegmentedControl
            value={status}
            onChange={(value) => setStatus(value as PeopleFilter["status"])}
            data={[
              { value: "active", label: t("admin.people.active") },
              { value: "deactivated", label: t("admin.people.deactivatedTab") },
            ]}
            data-testid="people-status"
          />
        </Group>
        <Paper withBorder radius="md">
          {people.isPending ? (
            <Stack p="md" gap="sm">
              {[0, 1, 2, 3].map((index) => (
                <Skeleton key={index} h={36} />
              ))}
            </Stack>
          ) : rows.length === 0 ? (
            <EmptyState
              icon={IconUsers}
              title={status === "active" ? t("admin.people.noneFound") : t("admin.people.noneDeactivated")}
            />
          ) : (
            <ScrollArea type="auto">
              <Table verticalSpacing="sm" miw={760} data-testid="people-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("admin.people.person")}</Table.Th>
                    <Table.Th>{t("admin.people.role")}</Table.Th>
                    <Table.Th>{t("admin.people.teamsOrAccess")}</Table.Th>
                    <Table.Th>
                      <Tooltip label={t("admin.people.openTasksHint")}>
                        <span>{t("admin.people.openTasks")}</span>
                      </Tooltip>
                    </Table.Th>
                    <Table.Th />
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((person) => (
                    <PersonRow key={person.gid} person={person} workspace={workspace.gid} manage={manage} />
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
        </Paper>
      </Stack>
      {manage && <InviteModal workspace={workspace.gid} opened={inviting} onClose={() => setInviting(false)} />}
    </ScrollArea>
  );
}
