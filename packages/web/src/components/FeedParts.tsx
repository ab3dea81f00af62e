import { Button, Group, Paper, Stack, Text, Tooltip } from "@mantine/core";
import dayjs from "dayjs";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspace } from "../app/workspace";
import { UserAvatar } from "./UserAvatar";

// The pieces a feed (a task's, a goal's) is drawn from: when a story happened, a system line, the comment box.

export function StoryTime({ iso }: { iso: string }) {
  return (
    <Tooltip label={dayjs(iso).format("LLL")}>
      <Text span size="xs" c="dimmed">
        {dayjs(iso).fromNow()}
      </Text>
    </Tooltip>
  );
}

// "Alex Morgan changed the status to On track · 2 hours ago"; author null: no name before the text (a rule's).
export function SystemLine({
  author,
  text,
  at,
  testId,
}: {
  author: string | null;
  text: string;
  at: string;
  testId: string;
}) {
  return (
    <Group gap={6} wrap="nowrap" pl={38} data-testid={testId}>
      <Text size="xs" c="dimmed" style={{ flex: 1 }}>
        {author !== null && (
          <>
            <Text span size="xs" fw={600} c="dark.3">
              {author}
            </Text>{" "}
          </>
        )}
        {text}
      </Text>
      <StoryTime iso={at} />
    </Group>
  );
}

// The comment box under a feed: the writer's avatar, the field (`children`), the hint and the send button.
export function CommentBox({
  children,
  onSend,
  pending,
  empty,
  sendTestId,
}: {
  children: ReactNode;
  onSend(): void;
  pending: boolean;
  empty: boolean;
  sendTestId: string;
}) {
  const { t } = useTranslation();
  const { me } = useWorkspace();
  return (
    <Paper withBorder p="xs" radius="md" mt="xs">
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <UserAvatar user={me} size={30} />
        <Stack gap={6} style={{ flex: 1 }}>
          {children}
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t("feed.hint")}
            </Text>
            <Button size="xs" onClick={onSend} loading={pending} disabled={empty} data-testid={sendTestId}>
              {t("feed.send")}
            </Button>
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}
