import {
  Alert,
  Badge,
  Box,
  Button,
  FileInput,
  Group,
  List,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconFileImport, IconLock, IconUpload } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiError } from "../../api/client";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { Meter } from "../../components/Meter";
import { errorMessage, notifyError, notifySuccess } from "../../components/notify";
import { useTeams } from "../teams/queries";
import { csvHeader, guessMapping, MAPPING_FIELDS, type Mapping, type MappingField, toBase64 } from "./csv";
import { useStartImport } from "./mutations";
import { type Source, useImport } from "./queries";

type Encoding = "utf-8" | "windows-1251";

const COUNT_KEYS = ["sections", "tasks", "subtasks", "comments", "tags", "users_matched", "users_created", "skipped"];

const STATUS_COLOR = { queued: "blue", running: "blue", succeeded: "teal", failed: "red" } as const;

// Which field a 400 names: "file: …" goes under the file input, "mapping…: …" under the mapping table.
function fieldOf(message: string): "file" | "mapping" | "other" {
  if (message.startsWith("file")) return "file";
  if (message.startsWith("mapping")) return "mapping";
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
  const value = data.status === "queued" ? 15 : data.status === "running" ? 60 : 100;
  return (
    <Paper withBorder radius="md" p="lg" data-testid="import-progress" data-status={data.status}>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{data.file_name || t(`imports.source.${data.source}`)}</Text>
        <Badge color={STATUS_COLOR[data.status]} variant="light" data-testid="import-status">
          {t(`imports.status.${data.status}`)}
        </Badge>
      </Group>
      <Meter
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
        {COUNT_KEYS.map((key) => (
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
      {data.problems.length > 0 && (
        <Alert
          color={data.status === "failed" ? "red" : "yellow"}
          icon={<IconAlertTriangle size={18} />}
          title={data.status === "failed" ? t("imports.failedTitle") : t("imports.notesTitle")}
          mb="md"
          data-testid="import-problems"
        >
          <List size="sm" spacing={2}>
            {data.problems.map((problem) => (
              <List.Item key={problem}>{problem}</List.Item>
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

// Workspace settings → Import: a Trello or Asana JSON export, or a CSV with its columns mapped, becomes a project.
export function ImportPage() {
  const { t } = useTranslation();
  const { workspace, abilities } = useWorkspace();
  const teams = useTeams(workspace?.gid);
  const [source, setSource] = useState<Source>("csv");
  const [team, setTeam] = useState<string | null>(null);
  const [projectName, setProjectName] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [bytes, setBytes] = useState<Uint8Array | null>(null);
  const [encoding, setEncoding] = useState<Encoding>("utf-8");
  const [header, setHeader] = useState<string[]>([]);
  const [mapping, setMapping] = useState<Mapping>({});
  const [errors, setErrors] = useState<Record<"file" | "mapping" | "other", string>>({
    file: "",
    mapping: "",
    other: "",
  });
  const [busy, setBusy] = useState(false);
  // Importing is for who the workspace's abilities say may import.
  const forbidden = !!abilities && !abilities.import_data;
  const start = useStartImport(workspace?.gid ?? "");
  const [importGid, setImportGid] = useState<string | null>(null);

  const readHeader = (data: Uint8Array, enc: Encoding) => {
    const text = new TextDecoder(enc).decode(data.subarray(0, 65_536));
    const columns = csvHeader(text);
    setHeader(columns);
    setMapping(guessMapping(columns));
  };

  const pickFile = async (picked: File | null) => {
    setFile(picked);
    setErrors({ file: "", mapping: "", other: "" });
    setHeader([]);
    setMapping({});
    if (!picked) {
      setBytes(null);
      return;
    }
    const data = new Uint8Array(await picked.arrayBuffer());
    setBytes(data);
    if (!projectName) setProjectName(picked.name.replace(/\.[^.]+$/, ""));
    if (source === "csv") readHeader(data, encoding);
  };

  const changeSource = (value: string) => {
    setSource(value as Source);
    setProjectName("");
    setFile(null);
    setBytes(null);
    setHeader([]);
    setMapping({});
    setErrors({ file: "", mapping: "", other: "" });
  };

  const submit = async () => {
    if (!bytes || !file || !workspace) {
      setErrors({ file: t("imports.chooseFile"), mapping: "", other: "" });
      return;
    }
    if (source === "csv" && !mapping.name) {
      setErrors({ file: "", mapping: t("imports.nameRequired"), other: "" });
      return;
    }
    setBusy(true);
    setErrors({ file: "", mapping: "", other: "" });
    try {
      const record = await start.mutateAsync({
        source,
        team: team ?? undefined,
        project_name: projectName.trim() || undefined,
        file_name: file.name,
        ...(source === "csv"
          ? {
              mapping: Object.fromEntries(Object.entries(mapping).filter(([, column]) => column)),
              encoding,
              content_base64: toBase64(bytes),
            }
          : { content: new TextDecoder("utf-8").decode(bytes) }),
      });
      notifySuccess(t("imports.started"));
      setImportGid(record.gid);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const next = { file: "", mapping: "", other: "" };
        for (const message of error.message.split("; ")) {
          const field = fieldOf(message);
          next[field] = next[field] ? `${next[field]}; ${message}` : message;
        }
        setErrors(next);
      } else notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setImportGid(null);
    changeSource(source);
  };

  const columnOptions = [
    { value: "", label: t("imports.notImported") },
    ...header.filter((name) => name).map((name) => ({ value: name, label: name })),
  ];

  return (
    <Box p="xl" maw={900} w="100%" mx="auto" data-testid="import-page">
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
                data={(["trello", "asana", "csv"] as const).map((value) => ({
                  value,
                  label: t(`imports.source.${value}`),
                }))}
              />
            </Box>
            <FileInput
              label={t("imports.file")}
              description={t(`imports.fileHint.${source}`)}
              placeholder={t("imports.filePlaceholder")}
              accept={source === "csv" ? ".csv,text/csv" : ".json,application/json"}
              leftSection={<IconUpload size={16} />}
              value={file}
              onChange={pickFile}
              error={errors.file || undefined}
              clearable
              data-testid="import-file"
            />
            <Group grow align="flex-start">
              {teams.isPending ? (
                <Skeleton h={60} />
              ) : (
                <Select
                  label={t("imports.team")}
                  placeholder={t("imports.noTeam")}
                  data={(teams.data ?? []).map((item) => ({ value: item.gid, label: item.name }))}
                  value={team}
                  onChange={setTeam}
                  clearable
                  searchable
                  data-testid="import-team"
                />
              )}
              <TextInput
                label={t("imports.projectName")}
                placeholder={t("imports.projectNameHint")}
                value={projectName}
                onChange={(event) => setProjectName(event.currentTarget.value)}
                data-testid="import-project-name"
              />
            </Group>
            {source === "csv" && (
              <>
                <Select
                  label={t("imports.encoding")}
                  data={[
                    { value: "utf-8", label: "UTF-8" },
                    { value: "windows-1251", label: "Windows-1251" },
                  ]}
                  value={encoding}
                  allowDeselect={false}
                  onChange={(value) => {
                    const next = (value ?? "utf-8") as Encoding;
                    setEncoding(next);
                    if (bytes) readHeader(bytes, next);
                  }}
                  w={220}
                  data-testid="import-encoding"
                />
                <Box data-testid="import-mapping">
                  <Text size="sm" fw={500}>
                    {t("imports.mapping")}
                  </Text>
                  <Text size="xs" c="dimmed" mb="xs">
                    {header.length ? t("imports.mappingHint") : t("imports.mappingEmpty")}
                  </Text>
                  {header.length > 0 && (
                    <Table verticalSpacing={4} withRowBorders={false}>
                      <Table.Tbody>
                        {MAPPING_FIELDS.map((field: MappingField) => (
                          <Table.Tr key={field}>
                            <Table.Td w={200}>
                              <Text size="sm">
                                {t(`imports.field.${field}`)}
                                {field === "name" && (
                                  <Text span c="red">
                                    {" *"}
                                  </Text>
                                )}
                              </Text>
                            </Table.Td>
                            <Table.Td>
                              <Select
                                size="xs"
                                data={columnOptions}
                                value={mapping[field] ?? ""}
                                allowDeselect={false}
                                onChange={(value) => {
                                  setMapping((current) => ({ ...current, [field]: value || "" }));
                                  setErrors((current) => ({ ...current, mapping: "" }));
                                }}
                                data-testid={`import-map-${field}`}
                                aria-label={t(`imports.field.${field}`)}
                              />
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                  {errors.mapping && (
                    <Text size="sm" c="red" mt={4} data-testid="import-mapping-error">
                      {errors.mapping}
                    </Text>
                  )}
                </Box>
              </>
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
                data-testid="import-submit"
              >
                {t("imports.submit")}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Box>
  );
}
