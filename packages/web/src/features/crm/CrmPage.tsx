import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import {
  IconCheck,
  IconChevronRight,
  IconCopy,
  IconLock,
  IconPencil,
  IconPlug,
  IconPlus,
  IconRefresh,
  IconTrash,
} from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../api/client";
import { useWorkspace } from "../../app/workspace";
import { Modal } from "../../components/Dialog";
import { EmptyState } from "../../components/EmptyState";
import { errorMessage, notifyError, notifySuccess } from "../../components/notify";
import { useTeams } from "../teams/queries";
import { useProjectTemplates } from "../templates/queries";
import { useIntakeActions } from "./mutations";
import { type Intake, type LogEntry, type Revealed, useIntakeLog, useIntakes } from "./queries";

interface MappingRow {
  key: number;
  pipeline_id: string;
  status_id: string;
  project_template: string | null;
  team: string | null;
  name_pattern: string;
}

const OUTCOME_COLOR: Record<LogEntry["outcome"], string> = {
  created: "teal",
  duplicate: "blue",
  ignored: "gray",
  failed: "red",
  rejected: "orange",
};

let rowKey = 0;
const emptyRow = (): MappingRow => ({
  key: ++rowKey,
  pipeline_id: "",
  status_id: "",
  project_template: null,
  team: null,
  name_pattern: "{lead.name}",
});

const fullUrl = (path: string) => `${window.location.origin}${path}`;
const maskedUrl = (intake: Intake) => `${window.location.origin}/api/1.0/crm/intake/${intake.token_prefix}…`;

function IntakeModal({
  intake,
  onClose,
  onRevealed,
}: {
  intake: Intake | null | "new";
  onClose: () => void;
  onRevealed: (revealed: Revealed) => void;
}) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const actions = useIntakeActions(workspace?.gid ?? "");
  const templates = useProjectTemplates(workspace?.gid);
  const teams = useTeams(workspace?.gid);
  const existing = intake && intake !== "new" ? intake : null;
  const [name, setName] = useState(existing?.name ?? "");
  const [rows, setRows] = useState<MappingRow[]>(
    existing
      ? existing.mappings.map((mapping) => ({
          key: ++rowKey,
          pipeline_id: mapping.pipeline_id,
          status_id: mapping.status_id,
          project_template: mapping.project_template.gid,
          team: mapping.team?.gid ?? null,
          name_pattern: mapping.name_pattern,
        }))
      : [emptyRow()],
  );
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const update = (key: number, patch: Partial<MappingRow>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  const save = async () => {
    setBusy(true);
    setError("");
    const body = {
      name,
      mappings: rows.map((row) => ({
        pipeline_id: row.pipeline_id.trim(),
        status_id: row.status_id.trim(),
        project_template: row.project_template ?? "",
        team: row.team,
        name_pattern: row.name_pattern.trim() || "{lead.name}",
      })),
    };
    try {
      const made = await actions.save.mutateAsync({ existing: existing ?? null, input: body });
      if (!existing && made?.url) onRevealed({ gid: made.gid, url: made.url });
      notifySuccess(existing ? t("crm.saved") : t("crm.created"));
      onClose();
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 400) setError(errorMessage(caught));
      else notifyError(caught);
    } finally {
      setBusy(false);
    }
  };

  const templateOptions = (templates.data ?? []).map((item) => ({ value: item.gid, label: item.name }));
  const teamOptions = (teams.data ?? []).map((item) => ({ value: item.gid, label: item.name }));
  return (
    <Modal
      opened={intake !== null}
      onClose={onClose}
      size="xl"
      title={<Text fw={600}>{existing ? t("crm.editTitle") : t("crm.newTitle")}</Text>}
    >
      <Stack gap="md" data-testid="crm-intake-form">
        <TextInput
          label={t("crm.name")}
          placeholder={t("crm.namePlaceholder")}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={error.startsWith("name") ? error : undefined}
          data-autofocus
          data-testid="crm-intake-name"
        />
        <Box>
          <Text size="sm" fw={500}>
            {t("crm.mappings")}
          </Text>
          <Text size="xs" c="dimmed" mb="xs">
            {t("crm.mappingsHint")}
          </Text>
          <Stack gap="xs">
            {rows.map((row, index) => (
              <Paper key={row.key} withBorder p="xs" radius="sm" data-testid="crm-mapping-row">
                <Group gap="xs" align="flex-end" wrap="wrap">
                  <TextInput
                    size="xs"
                    w={110}
                    label={t("crm.pipeline")}
                    value={row.pipeline_id}
                    onChange={(event) => update(row.key, { pipeline_id: event.currentTarget.value })}
                    data-testid="crm-pipeline"
                  />
                  <TextInput
                    size="xs"
                    w={110}
                    label={t("crm.status")}
                    value={row.status_id}
                    onChange={(event) => update(row.key, { status_id: event.currentTarget.value })}
                    data-testid="crm-status"
                  />
                  <Select
                    size="xs"
                    w={190}
                    label={t("crm.template")}
                    data={templateOptions}
                    value={row.project_template}
                    onChange={(value) => update(row.key, { project_template: value })}
                    searchable
                    data-testid="crm-template"
                  />
                  <Select
                    size="xs"
                    w={150}
                    label={t("crm.team")}
                    placeholder={t("crm.templateTeam")}
                    data={teamOptions}
                    value={row.team}
                    onChange={(value) => update(row.key, { team: value })}
                    clearable
                    data-testid="crm-team"
                  />
                  <TextInput
                    size="xs"
                    w={160}
                    label={t("crm.namePattern")}
                    value={row.name_pattern}
                    onChange={(event) => update(row.key, { name_pattern: event.currentTarget.value })}
                    data-testid="crm-name-pattern"
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mb={4}
                    aria-label={t("crm.removeMapping")}
                    onClick={() => setRows((current) => current.filter((_, at) => at !== index))}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              </Paper>
            ))}
            <Group>
              <Button
                size="compact-sm"
                variant="subtle"
                leftSection={<IconPlus size={14} />}
                onClick={() => setRows((current) => [...current, emptyRow()])}
                data-testid="crm-add-mapping"
              >
                {t("crm.addMapping")}
              </Button>
            </Group>
          </Stack>
        </Box>
        {error && !error.startsWith("name") && (
          <Text size="sm" c="red" data-testid="crm-error">
            {error}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={save} loading={busy} data-testid="crm-intake-save">
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function IntakeLog({ intake }: { intake: Intake }) {
  const { t } = useTranslation();
  const log = useIntakeLog(intake.gid);
  if (log.isPending) return <Skeleton h={80} />;
  if (log.isError) return <Text c="red">{errorMessage(log.error)}</Text>;
  if (!log.data.length)
    return (
      <Text size="sm" c="dimmed" py="sm" data-testid="crm-log-empty">
        {t("crm.logEmpty")}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table verticalSpacing={6} fz="sm" data-testid="crm-log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={140}>{t("crm.logTime")}</Table.Th>
            <Table.Th w={120}>{t("crm.logOutcome")}</Table.Th>
            <Table.Th>{t("crm.logMessage")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {log.data.map((entry) => (
            <Table.Tr key={entry.gid} data-testid="crm-log-entry" data-outcome={entry.outcome}>
              <Table.Td>{dayjs(entry.created_at).format("D MMM, HH:mm:ss")}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={OUTCOME_COLOR[entry.outcome] ?? "gray"}>
                  {t(`crm.outcome.${entry.outcome}`, { defaultValue: entry.outcome })}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: "pre-line" }}>
                  {entry.message}
                </Text>
                {entry.results
                  .filter((result) => result.project)
                  .map((result) => (
                    <Anchor
                      key={result.project?.gid}
                      component={Link}
                      to={`/projects/${result.project?.gid}`}
                      size="sm"
                      mr="sm"
                    >
                      {result.project?.name}
                    </Anchor>
                  ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function IntakeRow({
  intake,
  revealedUrl,
  onEdit,
  onRevealed,
  onHide,
}: {
  intake: Intake;
  revealedUrl: string | null;
  onEdit: () => void;
  onRevealed: (revealed: Revealed) => void;
  onHide: () => void;
}) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const actions = useIntakeActions(workspace?.gid ?? "");
  const [open, setOpen] = useState(false);
  const [rotating, setRotating] = useState(false);
  const url = revealedUrl ? fullUrl(revealedUrl) : null;
  const rotate = async () => {
    if (!window.confirm(t("crm.rotateConfirm", { name: intake.name }))) return;
    setRotating(true);
    try {
      const rotated = await actions.rotate.mutateAsync(intake);
      if (rotated?.url) onRevealed({ gid: intake.gid, url: rotated.url });
      notifySuccess(t("crm.rotated"));
    } catch {
      // The notification says why.
    } finally {
      setRotating(false);
    }
  };
  const remove = async () => {
    if (!window.confirm(t("crm.deleteConfirm", { name: intake.name }))) return;
    actions.remove.mutate(intake, { onSuccess: () => notifySuccess(t("crm.deleted")) });
  };
  return (
    <Paper withBorder radius="md" p="sm" data-testid="crm-intake" data-intake-name={intake.name}>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={() => setOpen(!open)}
            aria-label={t("crm.log")}
            data-testid="crm-intake-open"
          >
            <IconChevronRight size={16} style={{ transform: open ? "rotate(90deg)" : "none", transition: "120ms" }} />
          </ActionIcon>
          <Box style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} truncate>
              {intake.name}
            </Text>
            <Text size="xs" c="dimmed">
              {t("crm.mappingCount", { count: intake.mappings.length })}
            </Text>
          </Box>
        </Group>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={t("crm.rotate")}>
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={rotate}
              loading={rotating}
              aria-label={t("crm.rotate")}
              data-testid="crm-rotate"
            >
              <IconRefresh size={16} />
            </ActionIcon>
          </Tooltip>
          <ActionIcon variant="subtle" color="gray" onClick={onEdit} aria-label={t("crm.edit")} data-testid="crm-edit">
            <IconPencil size={16} />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red"
            onClick={remove}
            aria-label={t("crm.delete")}
            data-testid="crm-delete"
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      </Group>
      {url ? (
        <Alert mt="xs" ml={40} color="teal" variant="light" title={t("crm.copyNow")} data-testid="crm-url-fresh">
          <Group gap="xs" wrap="nowrap">
            <Code style={{ flex: 1, wordBreak: "break-all" }} data-testid="crm-intake-url">
              {url}
            </Code>
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t("crm.copied") : t("crm.copy")}>
                  <ActionIcon
                    variant="light"
                    color={copied ? "teal" : "gray"}
                    onClick={copy}
                    aria-label={t("crm.copy")}
                    data-testid="crm-copy"
                  >
                    {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
            <Button size="compact-sm" variant="default" onClick={onHide} data-testid="crm-url-done">
              {t("crm.urlDone")}
            </Button>
          </Group>
        </Alert>
      ) : (
        <Group gap="xs" mt="xs" ml={40} wrap="nowrap">
          <Text size="xs" c="dimmed">
            {t("crm.url")}
          </Text>
          <Code
            style={{ minWidth: 0, overflow: "hidden", textOverflow: "ellipsis" }}
            data-testid="crm-intake-url-masked"
          >
            {maskedUrl(intake)}
          </Code>
        </Group>
      )}
      {open && (
        <Box mt="sm" ml={40}>
          <IntakeLog intake={intake} />
        </Box>
      )}
    </Paper>
  );
}

// Workspace settings → CRM intake: amoCRM (or any CRM) posts leads to a secret URL; mapped leads become projects.
export function CrmPage() {
  const { t } = useTranslation();
  const { workspace, abilities } = useWorkspace();
  const [editing, setEditing] = useState<Intake | "new" | null>(null);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const intakes = useIntakes(workspace?.gid, !!abilities?.use_crm);
  // The page is for who may use the CRM intake, as the workspace's abilities say.
  const forbidden = !!abilities && !abilities.use_crm;
  return (
    <Box p="xl" maw={1000} w="100%" mx="auto" data-testid="crm-page">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700} style={{ letterSpacing: 0.5 }}>
        {t("webhooks.settings")}
      </Text>
      <Group justify="space-between" mb={4}>
        <Group gap="sm">
          <IconPlug size={22} />
          <Title order={1} size="h2">
            {t("crm.title")}
          </Title>
        </Group>
        {!forbidden && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")} data-testid="crm-new">
            {t("crm.new")}
          </Button>
        )}
      </Group>
      <Text c="dimmed" size="sm" mb="lg">
        {t("crm.subtitle")}
      </Text>
      {intakes.isPending ? (
        <Stack>
          {[0, 1].map((index) => (
            <Skeleton key={index} h={80} radius="md" />
          ))}
        </Stack>
      ) : forbidden ? (
        <EmptyState icon={IconLock} title={t("crm.forAdminsTitle")} text={t("crm.forAdminsText")} />
      ) : intakes.isError ? (
        <EmptyState icon={IconPlug} title={t("errors.title")} text={errorMessage(intakes.error)} />
      ) : intakes.data.length === 0 ? (
        <EmptyState
          icon={IconPlug}
          title={t("crm.emptyTitle")}
          text={t("crm.emptyText")}
          action={
            <Button variant="light" onClick={() => setEditing("new")}>
              {t("crm.new")}
            </Button>
          }
        />
      ) : (
        <Stack gap="sm">
          {intakes.data.map((intake) => (
            <IntakeRow
              key={intake.gid}
              intake={intake}
              revealedUrl={revealed?.gid === intake.gid ? revealed.url : null}
              onEdit={() => setEditing(intake)}
              onRevealed={setRevealed}
              onHide={() => setRevealed(null)}
            />
          ))}
        </Stack>
      )}
      {editing !== null && (
        <IntakeModal
          key={editing === "new" ? "new" : editing.gid}
          intake={editing}
          onClose={() => setEditing(null)}
          onRevealed={setRevealed}
        />
      )}
    </Box>
  );
}
