import { Badge, Button, Group, Popover, Select, Stack, Text, Textarea, TextInput, UnstyledButton } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Modal } from "../../components/Dialog";
import { errorMessage } from "../../components/notify";
import { useSections } from "../projects/queries";
import { usePostStatus } from "./mutations";
import { STATUS_COLOR, STATUS_TYPES, type StatusType, useLatestStatus } from "./queries";

export function StatusBadge({ status }: { status: StatusType }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      color={STATUS_COLOR[status]}
      radius="sm"
      leftSection={
        <span style={{ width: 7, height: 7, borderRadius: 4, background: "currentColor", display: "inline-block" }} />
      }
      data-testid="status-badge"
      data-status={status}
    >
      {t(`portal.status.type.${status}`)}
    </Badge>
  );
}

function NewStatusModal({ project, opened, onClose }: { project: string; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const post = usePostStatus(project);
  const [status, setStatus] = useState<StatusType>("on_track");
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  // Optionally the update moves the project's stage (what the client's home shows).
  const [stage, setStage] = useState<string | null>(null);
  const sections = useSections(opened ? project : null);
  const save = () =>
    post.mutate(
      { status_type: status, title: title.trim(), text, ...(stage ? { stage } : {}) },
      {
        onSuccess: () => {
          setTitle("");
          setText("");
          setStage(null);
          onClose();
        },
      },
    );
  const error = post.error ? errorMessage(post.error) : null;
  return (
    <Modal opened={opened} onClose={onClose} title={t("portal.status.new")} centered>
      <Stack>
        <Select
          label={t("portal.status.label")}
          value={status}
          onChange={(value) => value && setStatus(value as StatusType)}
          data={STATUS_TYPES.map((type) => ({ value: type, label: t(`portal.status.type.${type}`) }))}
          allowDeselect={false}
          data-testid="status-type"
        />
        <TextInput
          label={t("portal.status.title")}
          required
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          data-testid="status-title"
        />
        <Textarea
          label={t("portal.status.text")}
          autosize
          minRows={3}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          data-testid="status-text"
        />
        {(sections.data ?? []).length > 0 && (
          <Select
            label={t("portal.status.stage")}
            placeholder={t("portal.status.stageKeep")}
            clearable
            value={stage}
            onChange={setStage}
            data={(sections.data ?? []).map((section) => ({ value: section.gid, label: section.name }))}
            data-testid="status-stage"
          />
        )}
        {error && (
          <Text c="red" size="sm">
            {error}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={save} loading={post.isPending} disabled={!title.trim()} data-testid="status-save">
            {t("portal.status.post")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

// Project header: the latest status as a chip; its popover shows the text and lets editors post a new one.
export function StatusChip({ project, canPost }: { project: string; canPost: boolean }) {
  const { t } = useTranslation();
  const latest = useLatestStatus(project);
  const [modal, setModal] = useState(false);
  const update = latest.data;
  if (latest.isPending) return null;
  if (!update) {
    return canPost ? (
      <>
        <Button
          size="xs"
          variant="subtle"
          color="gray"
          leftSection={<IconPlus size={14} />}
          onClick={() => setModal(true)}
          data-testid="status-new"
          className="takt-compact takt-compact-narrow"
          aria-label={t("portal.status.set")}
          style={{ flexShrink: 0 }}
        >
          <span className="takt-compact-label">{t("portal.status.set")}</span>
        </Button>
        <NewStatusModal project={project} opened={modal} onClose={() => setModal(false)} />
      </>
    ) : null;
  }
  return (
    <>
      <Popover width={340} position="bottom-start" shadow="md" withinPortal>
        <Popover.Target>
          <UnstyledButton
            data-testid="status-chip"
            aria-label={`${t(`portal.status.type.${update.status_type}`)}, ${t("portal.status.label")}`}
            style={{ flexShrink: 0 }}
          >
            <StatusBadge status={update.status_type} />
          </UnstyledButton>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap={6}>
            <Group gap="xs">
              <StatusBadge status={update.status_type} />
              <Text size="xs" c="dimmed">
                {dayjs(update.created_at).format("LL")}
                {update.author ? ` · ${update.author.name}` : ""}
              </Text>
            </Group>
            <Text fw={600} size="sm">
              {update.title}
            </Text>
            {update.text && (
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {update.text}
              </Text>
            )}
            {canPost && (
              <Button size="xs" variant="light" mt={4} onClick={() => setModal(true)} data-testid="status-new">
                {t("portal.status.new")}
              </Button>
            )}
          </Stack>
        </Popover.Dropdown>
      </Popover>
      <NewStatusModal project={project} opened={modal} onClose={() => setModal(false)} />
    </>
  );
}
