import {
  Alert,
  Badge,
  Box,
  Button,
  FileInput,
  Group,
  List,
  Paper,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconEye, IconFileImport, IconLock, IconUpload } from "@tabler/icons-react";
import type * as C from "@takt/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiError } from "../../api/client";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { Meter } from "../../components/Meter";
import { detailMessage, errorMessage, importProblemMessage, notifyError, notifySuccess } from "../../components/notify";
import { useTeams } from "../teams/queries";
import { useWorkspaceUsers } from "../users/queries";
import { ColumnMapping } from "./ColumnMapping";
import { toBase64 } from "./csv";
import { MergePeople } from "./MergePeople";
import { usePreviewImport, useStartImport } from "./mutations";
import { type Choice, defaultChoice, PeopleMapping } from "./PeopleMapping";
import { type Source, useImport } from "./queries";

const SOURCES = ["trello", "asana", "asana_api", "csv", "telegram", "slack"] as const;
const ACCEPT: Record<string, string> = {
  csv: ".csv,.tsv,.txt,text/csv",
  slack: ".zip,application/zip",
  trello: ".json,.zip,application/json,application/zip",
  telegram: ".json,.zip,application/json,application/zip",
};
type Target = C.ImportPreview["columns"][number]["target"];
const PREVIEW_COUNTS = [
  "sections",
  "tasks",
  "subtasks",
  "comments",
  "attachments",
  "attachment_files",
  "custom_fields",
  "people",
];
// Shown when the import has any: how attachments came (files or links) and tasks shared with another project.
const EXTRA_KEYS = ["attachment_files", "attachment_links", "links_made_files", "added_to_project"];

const COUNT_KEYS = ["sections", "tasks", "subtasks", "comments", "tags", "users_matched", "users_created", "updated"];
const LIVE_KEYS = ["projects", "teams", "tasks", "subtasks", "comments", "attachments", "users_matched", "updated"];

const STATUS_COLOR = { queued: "blue", running: "blue", succeeded: "teal", failed: "red" } as const;

type ErrorPlace = "file" | "url" | "token" | "trello_key" | "other";
const NO_ERRORS: Record<ErrorPlace, string> = { file: "", url: "", token: "", trello_key: "", other: "" };

// Where a 400 is said: under the input of the field it names (the Asana workspace under the token), or below.
function placeOf(field: string): ErrorPlace {
  if (field === "file" || field === "url" || field === "token" || field === "trello_key") return field;
  if (field === "asana_workspace") return "token";
  return "other";
}

function ImportProgress({ gid, onAgain }: { gid: string; onAgain: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const record = useImport(gid);
  if (record.isPending) return <Skeleton h={160} radius="md" />;
  if (record.isError) return <Alert color="red">{errorMessage(record.error)}</Alert>;
  const data = record.data;
  const done = data.status === "succeeded" || data.status === "failed";
  const value = data.status === "queued" ? 3 : data.status === "running" ? Math.max(5, data.progress) : 100;
  return (
    <Paper withBorder radius="md" p="lg" data-testid="import-progress" data-status={data.status}>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{data.file_name || t(`imports.source.${data.source}`)}</Text>
        <Badge color={STATUS_COLOR[data.status]} variant="light" data-testid="import-status">
          {t(`imports.status.${data.status}`)}
        </Badge>
      </Group>
      <Meter
        data-testid="import-progress-bar"
        data-value={value}
        label={t(`imports.status.${data.status}`)}
        value={value}
        color={STATUS_COLOR[data.status]}
        striped={!done}
        animated={!done}
        size="lg"
        radius="xl"
        mb="md"
      />
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" mb="md">
        {[
          ...(data.source === "asana_api" ? LIVE_KEYS : COUNT_KEYS),
          ...EXTRA_KEYS.filter((key) => (data.counts[key] ?? 0) > 0),
        ].map((key) => (
          <Box key={key} data-testid={`import-count-${key}`}>
            <Text size="xl" fw={700}>
              {data.counts[key] ?? 0}
            </Text>
            <Text size="xs" c="dimmed">
              {t(`imports.counts.${key}`)}
            </Text>
          </Box>
        ))}
      </SimpleGrid>
      {data.problem_details.length > 0 && (
        <Alert
          color={data.status === "failed" ? "red" : "yellow"}
          icon={<IconAlertTriangle size={18} />}
          title={data.status === "failed" ? t("imports.failedTitle") : t("imports.notesTitle")}
          mb="md"
          data-testid="import-problems"
        >
          <List size="sm" spacing={2}>
            {data.problem_details.map((problem) => (
              <List.Item key={problem.message}>{importProblemMessage(problem)}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Group>
        {data.project && (
          <Button onClick={() => navigate(`/projects/${data.project?.gid}`)} data-testid="import-open-project">
            {t("imports.openProject", { name: data.project.name })}
          </Button>
        )}
        {done && (
          <Button variant="default" onClick={onAgain} data-testid="import-again">
            {t("imports.again")}
          </Button>
        )}
      </Group>
    </Paper>
  );
}

// Workspace settings → Import: a Trello board, an Asana export or a whole Asana account, or a CSV / Google Sheets
// file. First a preview: the people and whom each becomes here, a CSV's columns and first rows; then the import,
// followed to its end. Admins can merge two records of one person afterwards.
export function ImportPage() {
  const { t } = useTranslation();
  const { workspace, abilities } = useWorkspace();
  const teams = useTeams(workspace?.gid);
  const members = useWorkspaceUsers(workspace?.gid);
  const [source, setSource] = useState<Source>("csv");
  const [team, setTeam] = useState<string | null>(null);
  const [projectName, setProjectName] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [bytes, setBytes] = useState<Uint8Array | null>(null);
  const [token, setToken] = useState("");
  const [url, setUrl] = useState("");
  const [asanaWorkspace, setAsanaWorkspace] = useState("");
  const [trelloKey, setTrelloKey] = useState("");
  const [columns, setColumns] = useState<Record<string, Target>>({});
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [preview, setPreview] = useState<C.ImportPreview | null>(null);
  const [errors, setErrors] = useState<Record<ErrorPlace, string>>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  // Importing is for who the workspace's abilities say may import.
  const forbidden = !!abilities && !abilities.import_data;
  const start = useStartImport(workspace?.gid ?? "");
  const previewer = usePreviewImport(workspace?.gid ?? "");
  const [importGid, setImportGid] = useState<string | null>(null);
  const live = source === "asana_api";

  const showError = (error: unknown) => {
    if (error instanceof ApiError && error.status === 400) {
      const next = { ...NO_ERRORS };
      const details = error.details.length ? error.details : [{ message: error.message }];
      for (const detail of details) {
        const field = placeOf(detail.field ?? detail.message.split(":")[0]);
        const message = detailMessage(detail);
        next[field] = next[field] ? `${next[field]}; ${message}` : message;
      }
      setErrors(next);
    } else notifyError(error);
  };

  const bodyFor = (data: Uint8Array | null, columnTargets: Record<string, Target>, fileName = file?.name) => ({
    source,
    team: team ?? undefined,
    project_name: projectName.trim() || undefined,
    ...(live
      ? { token: token.trim(), url: url.trim() || undefined, asana_workspace: asanaWorkspace.trim() || undefined }
      : { file_name: fileName, content_base64: data ? toBase64(data) : undefined }),
    ...(source === "trello" && (trelloKey.trim() || token.trim())
      ? { trello_key: trelloKey.trim() || undefined, token: token.trim() || undefined }
      : {}),
    ...(source === "csv" && Object.keys(columnTargets).length ? { columns: columnTargets } : {}),
  });

  const runPreview = async (data: Uint8Array | null, columnTargets: Record<string, Target>, fileName?: string) => {
    setErrors(NO_ERRORS);
    try {
      const answer = await previewer.mutateAsync(bodyFor(data, columnTargets, fileName ?? file?.name));
      setPreview(answer);
      if (!projectName && !live) setProjectName(answer.project_name);
    } catch (error) {
      setPreview(null);
      showError(error);
    }
  };

  const pickFile = async (picked: File | null) => {
    setFile(picked);
    setPreview(null);
    setColumns({});
    setChoices({});
    setErrors(NO_ERRORS);
    if (!picked) {
      setBytes(null);
      return;
    }
    const data = new Uint8Array(await picked.arrayBuffer());
    setBytes(data);
    await runPreview(data, {}, picked.name);
  };

  const changeSource = (value: string) => {
    setSource(value as Source);
    setProjectName("");
    setToken("");
    setTrelloKey("");
    setFile(null);
    setBytes(null);
    setColumns({});
    setChoices({});
    setPreview(null);
    setErrors(NO_ERRORS);
  };

  const changeColumn = (column: string, target: Target) => {
    const next = { ...columns, [column]: target };
    setColumns(next);
    void runPreview(bytes, next);
  };

  const submit = async () => {
    if (!workspace) return;
    if (live ? !token.trim() : !bytes || !file) {
      setErrors({
        ...NO_ERRORS,
        file: live ? "" : t("imports.chooseFile"),
        token: live ? t("imports.tokenRequired") : "",
      });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    const people = Object.fromEntries(
      (preview?.people ?? []).map((person) => [person.key, choices[person.key] ?? defaultChoice(person)]),
    );
    try {
      const record = await start.mutateAsync({ ...bodyFor(bytes, columns), people });
      notifySuccess(t("imports.started"));
      setImportGid(record.gid);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setImportGid(null);
    changeSource(source);
  };

  return (
    <Box p="xl" maw={960} w="100%" mx="auto" data-testid="import-page">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700} style={{ letterSpacing: 0.5 }}>
        {t("webhooks.settings")}
      </Text>
      <Group gap="sm" mb={4}>
        <IconFileImport size={22} />
        <Title order={1} size="h2">
          {t("imports.title")}
        </Title>
      </Group>
      <Text c="dimmed" size="sm" mb="lg">
        {t("imports.subtitle")}
      </Text>
      {forbidden ? (
        <EmptyState icon={IconLock} title={t("imports.forAdminsTitle")} text={t("imports.forAdminsText")} />
      ) : importGid ? (
        <ImportProgress gid={importGid} onAgain={again} />
      ) : (
        <Paper withBorder radius="md" p="lg">
          <Stack gap="md">
            <Box>
              <Text size="sm" fw={500} mb={4}>
                {t("imports.sourceLabel")}
              </Text>
              <SegmentedControl
                value={source}
                onChange={changeSource}
                data-testid="import-source"
                data={SOURCES.map((value) => ({ value, label: t(`imports.source.${value}`) }))}
              />
            </Box>
            {live ? (
              <Stack gap="xs" data-testid="import-account">
                <Text size="xs" c="dimmed">
                  {t("imports.fileHint.asana_api")}
                </Text>
                <PasswordInput
                  label={t("imports.token")}
                  value={token}
                  onChange={(event) => setToken(event.currentTarget.value)}
                  error={errors.token || undefined}
                  data-testid="import-token"
                />
                <Group grow>
                  <TextInput
                    label={t("imports.url")}
                    placeholder="https://app.asana.com/api/1.0"
                    value={url}
                    onChange={(event) => setUrl(event.currentTarget.value)}
                    error={errors.url || undefined}
                    data-testid="import-url"
                  />
                  <TextInput
                    label={t("imports.asanaWorkspace")}
                    placeholder={t("imports.asanaWorkspaceHint")}
                    value={asanaWorkspace}
                    onChange={(event) => setAsanaWorkspace(event.currentTarget.value)}
                    data-testid="import-asana-workspace"
                  />
                </Group>
              </Stack>
            ) : (
              <FileInput
                label={t("imports.file")}
                description={t(`imports.fileHint.${source}`)}
                placeholder={t("imports.filePlaceholder")}
                accept={ACCEPT[source] ?? ".json,application/json"}
                leftSection={<IconUpload size={16} />}
                value={file}
                onChange={pickFile}
                error={errors.file || undefined}
                clearable
                data-testid="import-file"
              />
            )}
            {source === "trello" && (
              <Stack gap={4} data-testid="import-trello-account">
                <Text size="sm" fw={500}>
                  {t("imports.trelloFiles")}
                </Text>
                <Text size="xs" c="dimmed">
                  {t("imports.trelloFilesHint")}
                </Text>
                <Group grow align="flex-start">
                  <TextInput
                    label={t("imports.trelloKey")}
                    value={trelloKey}
                    onChange={(event) => setTrelloKey(event.currentTarget.value)}
                    error={errors.trello_key || undefined}
                    data-testid="import-trello-key"
                  />
                  <PasswordInput
                    label={t("imports.trelloToken")}
                    value={token}
                    onChange={(event) => setToken(event.currentTarget.value)}
                    error={errors.token || undefined}
                    data-testid="import-trello-token"
                  />
                </Group>
              </Stack>
            )}
            <Group grow align="flex-start">
              {teams.isPending ? (
                <Skeleton h={60} />
              ) : (
                <Select
                  label={t("imports.team")}
                  placeholder={live ? t("imports.teamsFromSource") : t("imports.noTeam")}
                  data={(teams.data ?? []).map((item) => ({ value: item.gid, label: item.name }))}
                  value={team}
                  onChange={setTeam}
                  clearable
                  searchable
                  data-testid="import-team"
                />
              )}
              {!live && (
                <TextInput
                  label={t("imports.projectName")}
                  placeholder={t("imports.projectNameHint")}
                  value={projectName}
                  onChange={(event) => setProjectName(event.currentTarget.value)}
                  data-testid="import-project-name"
                />
              )}
            </Group>
            {live && !preview && (
              <Group>
                <Button
                  variant="default"
                  leftSection={<IconEye size={16} />}
                  loading={previewer.isPending}
                  disabled={!token.trim()}
                  onClick={() => runPreview(null, {})}
                  data-testid="import-preview-button"
                >
                  {t("imports.previewButton")}
                </Button>
              </Group>
            )}
            {previewer.isPending && !preview && <Skeleton h={120} />}
            {preview && (
              <Stack gap="md" data-testid="import-preview">
                <Paper bg="var(--mantine-color-default-hover)" p="sm" radius="sm">
                  <Group gap="lg">
                    {PREVIEW_COUNTS.filter((key) => (preview.counts[key] ?? 0) > 0 || key === "tasks").map((key) => (
                      <Box key={key} data-testid={`import-preview-${key}`}>
                        <Text fw={700}>{preview.counts[key] ?? 0}</Text>
                        <Text size="xs" c="dimmed">
                          {t(`imports.previewCounts.${key}`)}
                        </Text>
                      </Box>
                    ))}
                    {live && (
                      <Box data-testid="import-preview-projects">
                        <Text fw={700}>{preview.projects.length}</Text>
                        <Text size="xs" c="dimmed">
                          {t("imports.previewCounts.projects")}
                        </Text>
                      </Box>
                    )}
                  </Group>
                  {preview.existing_project && (
                    <Text size="sm" mt="xs" data-testid="import-existing">
                      {t("imports.rerun", { name: preview.existing_project.name })}
                    </Text>
                  )}
                  {live && preview.projects.length > 0 && (
                    <Group gap={6} mt="xs">
                      {preview.projects.slice(0, 30).map((project) => (
                        <Badge key={project.gid} variant="outline" color="gray" tt="none">
                          {project.name}
                        </Badge>
                      ))}
                    </Group>
                  )}
                </Paper>
                {source === "csv" && (
                  <ColumnMapping
                    columns={preview.columns}
                    rows={preview.rows}
                    encoding={preview.encoding}
                    onChange={changeColumn}
                  />
                )}
                <Box>
                  <Text size="sm" fw={500}>
                    {t("imports.people.title")}
                  </Text>
                  <Text size="xs" c="dimmed" mb="xs">
                    {t("imports.people.hint")}
                  </Text>
                  <PeopleMapping
                    people={preview.people}
                    members={members.data ?? []}
                    choices={choices}
                    onChange={(key, choice) => setChoices((current) => ({ ...current, [key]: choice }))}
                  />
                </Box>
                {(preview.problem_details.length > 0 || preview.note_details.length > 0) && (
                  <Alert
                    color={preview.problem_details.length ? "red" : "yellow"}
                    icon={<IconAlertTriangle size={18} />}
                    title={preview.problem_details.length ? t("imports.previewProblems") : t("imports.notesTitle")}
                    data-testid="import-preview-problems"
                  >
                    <List size="sm" spacing={2}>
                      {[...preview.problem_details, ...preview.note_details].slice(0, 20).map((problem) => (
                        <List.Item key={problem.message}>{importProblemMessage(problem)}</List.Item>
                      ))}
                    </List>
                  </Alert>
                )}
              </Stack>
            )}
            {errors.other && (
              <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="import-error">
                {errors.other}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button
                leftSection={<IconFileImport size={16} />}
                loading={busy}
                onClick={submit}
                disabled={live && !preview}
                data-testid="import-submit"
              >
                {t("imports.submit")}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {abilities?.manage_members && workspace && (members.data?.length ?? 0) > 1 && (
        <MergePeople workspace={workspace.gid} members={members.data ?? []} />
      )}
    </Box>
  );
}
