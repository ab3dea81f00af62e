import { Alert, Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { useLocalStorage } from "@mantine/hooks";
import { IconAlertTriangle, IconCalendar, IconUser } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useWorkspace } from "../../app/workspace";
import { Modal } from "../../components/Dialog";
import { Meter } from "../../components/Meter";
import { errorMessage } from "../../components/notify";
import { useTeams } from "../teams/queries";
import { useWorkspaceUsers } from "../users/queries";
import { useInstantiateProjectTemplate } from "./mutations";
import type { Job, ProjectTemplate } from "./queries";

const PROGRESS: Record<string, number> = { not_started: 10, queued: 20, in_progress: 60, succeeded: 100, failed: 100 };

// Name, team, start date and a person for every role; then follows the job and opens the new project.
export function InstantiateModal({ template, onClose }: { template: ProjectTemplate | null; onClose(): void }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const navigate = useNavigate();
  const teams = useTeams(workspace?.gid);
  const users = useWorkspaceUsers(workspace?.gid);
  const [name, setName] = useState("");
  const [team, setTeam] = useState<string | null>(null);
  const [start, setStart] = useState<string | null>(dayjs().format("YYYY-MM-DD"));
  const [roles, setRoles] = useState<Record<string, string | null>>({});
  const [job, setJob] = useState<Job | null>(null);
  const instantiate = useInstantiateProjectTemplate(template, setJob);
  const busy = instantiate.isPending;
  const resetJob = instantiate.reset;
  const error = instantiate.error ? errorMessage(instantiate.error) : null;

  // The team last used for a new project (the sidebar's choice), else the first one.
  const [lastTeam] = useLocalStorage<string | null>({ key: "takt.lastTeam", defaultValue: null });
  const firstTeam =
    (lastTeam && teams.data?.some((item) => item.gid === lastTeam) ? lastTeam : teams.data?.[0]?.gid) ?? null;
  // A fresh form each time a template is chosen (a refetch of the teams must not reset it mid-way).
  useEffect(() => {
    if (!template) return;
    setName(template.name);
    setTeam(template.team?.gid ?? null);
    setStart(dayjs().format("YYYY-MM-DD"));
    setRoles({});
    setJob(null);
    resetJob();
  }, [template, resetJob]);
  useEffect(() => {
    if (template && !template.team) setTeam((current) => current ?? firstTeam);
  }, [template, firstTeam]);

  const submit = () => {
    if (!template || !name.trim()) return;
    instantiate.mutate(
      { name: name.trim(), team, workspace: workspace?.gid, start, roles },
      {
        onSuccess: (done) => {
          onClose();
          if (done.new_project) navigate(`/projects/${done.new_project.gid}`);
        },
      },
    );
  };

  const people = (users.data ?? []).map((user) => ({ value: user.gid, label: user.name }));
  const status = job?.status ?? "queued";
  return (
    <Modal
      opened={!!template}
      onClose={() => !busy && onClose()}
      title={t("templates.useTitle", { name: template?.name ?? "" })}
      centered
      size="md"
    >
      {busy && job ? (
        <Stack gap="sm" py="md" data-testid="instantiate-progress">
          <Text size="sm" fw={500}>
            {t(`templates.status.${status}`)}
          </Text>
          <Meter
            label={t(`templates.status.${status}`)}
            value={PROGRESS[status] ?? 30}
            animated={status !== "succeeded"}
            striped
            size="lg"
            radius="xl"
          />
          <Text size="xs" c="dimmed">
            {t("templates.progressHint")}
          </Text>
        </Stack>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Stack>
            <TextInput
              label={t("projects.name")}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              required
              data-autofocus
              data-testid="instantiate-name"
            />
            <Select
              label={t("projects.team")}
              data={(teams.data ?? []).map((item) => ({ value: item.gid, label: item.name }))}
              value={team}
              onChange={setTeam}
              placeholder={t("projects.noTeam")}
              clearable
              comboboxProps={{ withinPortal: true }}
              data-testid="instantiate-team"
            />
            {template?.requested_dates.length ? (
              <DatePickerInput
                label={t("templates.startDate")}
                description={template.skip_weekends ? t("templates.workingDays") : t("templates.calendarDays")}
                value={start}
                onChange={(value) => setStart(value as string | null)}
                valueFormat="D MMMM YYYY"
                leftSection={<IconCalendar size={16} />}
                data-testid="instantiate-start"
              />
            ) : null}
            {template?.requested_roles.length ? (
              <Stack gap={6}>
                <div>
                  <Text size="sm" fw={500}>
                    {t("templates.roles")}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t("templates.rolesHint")}
                  </Text>
                </div>
                {template.requested_roles.map((role) => (
                  <Group key={role.gid} wrap="nowrap" gap="sm">
                    <Text size="sm" w={120} truncate>
                      {role.name}
                    </Text>
                    <Select
                      style={{ flex: 1 }}
                      data={people}
                      value={roles[role.gid] ?? null}
                      onChange={(value) => setRoles((current) => ({ ...current, [role.gid]: value }))}
                      placeholder={t("templates.unassigned")}
                      searchable
                      clearable
                      leftSection={<IconUser size={14} />}
                      comboboxProps={{ withinPortal: true }}
                      data-testid="instantiate-role"
                      data-role-name={role.name}
                    />
                  </Group>
                ))}
              </Stack>
            ) : null}
            {error && (
              <Alert color="red" icon={<IconAlertTriangle size={16} />} data-testid="instantiate-error">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" disabled={!name.trim()} loading={busy} data-testid="instantiate-submit">
                {t("templates.create")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
