import { ActionIcon, Anchor, Box, Button, Group, Image, Loader, SimpleGrid, Stack, Text, Tooltip } from "@mantine/core";
import { IconDownload, IconFile, IconPaperclip, IconTrash, IconUpload } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { type DragEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../components/notify";
import { useDeleteAttachment, useUploadAttachment } from "./mutations";
import { type Attachment, localUrl, useAttachments } from "./queries";

const IMAGE = /^image\/(png|jpeg|gif|webp)$/;

// "7.3 KB" in English, "7,3 КБ" in Russian: the unit from the translations, the number in the reader's locale.
export function formatSize(bytes: number | null, t: TFunction, locale: string): string {
  if (bytes === null) return "";
  const number = (value: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024) return t("portal.files.bytes", { size: number(bytes) });
  if (bytes < 1024 * 1024) return t("portal.files.kilobytes", { size: number(bytes / 1024) });
  return t("portal.files.megabytes", { size: number(bytes / 1024 / 1024) });
}

function FileRow({ attachment, onDelete }: { attachment: Attachment; onDelete?(): void }) {
  const { t, i18n } = useTranslation();
  const image = IMAGE.test(attachment.content_type ?? "");
  const url = localUrl(attachment.download_url);
  return (
    <Box
      data-testid="attachment"
      data-name={attachment.name}
      style={{ border: "1px solid var(--mantine-color-gray-3)", borderRadius: 8, overflow: "hidden" }}
    >
      {image && (
        <Anchor href={url} target="_blank" rel="noreferrer">
          <Image src={url} alt={attachment.name} h={120} fit="cover" data-testid="attachment-preview" />
        </Anchor>
      )}
      <Group gap={6} px={8} py={6} wrap="nowrap">
        {!image && <IconFile size={18} opacity={0.6} style={{ flexShrink: 0 }} />}
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Text size="xs" fw={500} truncate title={attachment.name}>
            {attachment.name}
          </Text>
          <Text size="xs" c="dimmed">
            {formatSize(attachment.size, t, i18n.language)}
          </Text>
        </Box>
        <Tooltip label={t("portal.files.download")}>
          <ActionIcon
            component="a"
            href={url}
            download={attachment.name}
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t("portal.files.download")}
            data-testid="attachment-download"
          >
            <IconDownload size={14} />
          </ActionIcon>
        </Tooltip>
        {onDelete && (
          <Tooltip label={t("portal.files.delete")}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              onClick={onDelete}
              aria-label={t("portal.files.delete")}
            >
              <IconTrash size={14} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    </Box>
  );
}

// Files on a task: the button or a drop anywhere on the section uploads; images preview, the rest download.
// Who may not attach sees the files only.
export function Attachments({ taskGid, canAttach }: { taskGid: string; canAttach: boolean }) {
  const { t } = useTranslation();
  const attachments = useAttachments(taskGid);
  const uploading = useUploadAttachment(taskGid);
  const remove = useDeleteAttachment(taskGid).mutate;
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState(0);
  const [over, setOver] = useState(false);

  const upload = (files: FileList | File[]) => {
    const list = [...files];
    setPending((count) => count + list.length);
    // One promise per file: the callbacks given to `mutate` run for the latest call only, so with several files
    // the count never came back to zero and the button kept spinning.
    for (const file of list) {
      uploading
        .mutateAsync(file)
        .catch((error) => notifyError(error, t("portal.files.failed", { name: file.name })))
        .finally(() => setPending((count) => count - 1));
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (canAttach && event.dataTransfer.files.length) upload(event.dataTransfer.files);
  };

  const rows = attachments.data ?? [];
  return (
    <Stack
      gap={6}
      data-testid="attachments"
      onDragOver={(event) => {
        if (canAttach && [...event.dataTransfer.types].includes("Files")) {
          event.preventDefault();
          setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      style={{
        borderRadius: 10,
        outline: over ? "2px dashed var(--mantine-color-takt-5)" : "2px dashed transparent",
        outlineOffset: 4,
        transition: "outline-color 120ms",
      }}
    >
      <Group justify="space-between">
        <Group gap={6}>
          <IconPaperclip size={16} opacity={0.6} />
          <Text fw={600} size="sm">
            {t("portal.files.title")}
          </Text>
          {rows.length > 0 && (
            <Text size="xs" c="dimmed">
              {rows.length}
            </Text>
          )}
        </Group>
        {canAttach && (
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={pending ? <Loader size={12} /> : <IconUpload size={14} />}
            aria-busy={pending > 0}
            onClick={() => input.current?.click()}
            data-testid="attachment-add"
          >
            {t("portal.files.add")}
          </Button>
        )}
      </Group>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="attachment-input"
        onChange={(event) => {
          if (event.currentTarget.files) upload(event.currentTarget.files);
          event.currentTarget.value = "";
        }}
      />
      {rows.length > 0 ? (
        <SimpleGrid cols={2} spacing="xs">
          {rows.map((attachment) => (
            <FileRow
              key={attachment.gid}
              attachment={attachment}
              onDelete={canAttach ? () => remove(attachment) : undefined}
            />
          ))}
        </SimpleGrid>
      ) : !canAttach ? (
        <Text size="xs" c="dimmed">
          {t("portal.files.none")}
        </Text>
      ) : (
        <Text
          size="xs"
          c="dimmed"
          py={10}
          ta="center"
          style={{ border: "1px dashed var(--mantine-color-gray-3)", borderRadius: 8, cursor: "pointer" }}
          onClick={() => input.current?.click()}
        >
          {over ? t("portal.files.dropHere") : t("portal.files.empty")}
        </Text>
      )}
    </Stack>
  );
}
