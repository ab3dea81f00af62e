import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Container,
  Group,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { IconArchive, IconArchiveOff, IconChecks, IconInbox } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { UserAvatar } from "../../components/UserAvatar";
import { TaskPane } from "../tasks/LazyTaskPane";
import { useMarkNotification, useReadAllNotifications } from "./mutations";
import { type Notification, useInbox } from "./queries";

const KIND_COLOR: Record<string, string> = {
  assigned: "blue",
  comment: "gray",
  mention: "grape",
  completed: "teal",
  approval: "orange",
  due_date_changed: "yellow",
  form_submission: "cyan",
  team_join_request: "indigo",
  team_join_decided: "indigo",
};

// The server writes one English sentence; the app says the same in the reader's language, keeping the quote.
function excerptOf(notification: Notification): string | null {
  // A request to join a team quotes its message after the team's name (the sentence is in the reader's language).
  if (notification.kind === "team_join_request" && notification.team) {
    for (const marker of [`«${notification.team.name}»: `, `"${notification.team.name}": `]) {
      const at = notification.text.indexOf(marker);
      if (at >= 0) return notification.text.slice(at + marker.length);
    }
    return null;
  }
  if (!["comment", "mention", "approval"].includes(notification.kind)) return null;
  const marker = notification.task ? `"${notification.task.name}": ` : ": ";
  const at = notification.text.indexOf(marker);
  return at >= 0 ? notification.text.slice(at + marker.length) : null;
}

// Which decision an approval notification reports, read from the server's sentence.
function approvalVerb(text: string): string | null {
  if (/ requested changes on /.test(text)) return "changes_requested";
  if (/ approved /.test(text)) return "approved";
  if (/ rejected /.test(text)) return "rejected";
  return null;
}

function InboxItem({ item, onOpen, onArchive }: { item: Notification; onOpen(): void; onArchive(): void }) {
  const { t } = useTranslation();
  const excerpt = excerptOf(item);
  const known = KIND_COLOR[item.kind] !== undefined;
  const verb = item.kind === "approval" ? approvalVerb(item.text) : null;
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      data-testid="inbox-item"
      data-kind={item.kind}
      data-read={item.read ? "true" : "false"}
      style={{
        background: item.read ? undefined : "var(--mantine-color-takt-0)",
        borderColor: item.read ? undefined : "var(--mantine-color-takt-2)",
      }}
    >
      <Group align="flex-start" wrap="nowrap" gap="sm">
        <Box w={8} pt={12} style={{ flexShrink: 0 }}>
          {!item.read && (
            <Box w={8} h={8} style={{ borderRadius: 4, background: "var(--mantine-color-takt-6)" }} aria-hidden />
          )}
        </Box>
        <UserAvatar user={item.actor} size={32} />
        <UnstyledButton onClick={onOpen} style={{ flex: 1, minWidth: 0 }} data-testid="inbox-open">
          <Group gap={6} wrap="nowrap">
            {item.kind === "team_join_decided" ? (
              // The answer to one's own request: the server's sentence, written in the reader's language.
              <Text size="sm" style={{ minWidth: 0 }} lineClamp={2}>
                {item.text}
              </Text>
            ) : (
              <Text size="sm" style={{ minWidth: 0 }} lineClamp={2}>
                <Text span fw={600}>
                  {item.actor?.name ?? t("feed.someone")}
                </Text>{" "}
                {verb ? t(`portal.inbox.approvalVerb.${verb}`) : known ? t(`portal.inbox.kind.${item.kind}`) : ""}{" "}
                {item.task && (
                  <Text span fw={600}>
                    {item.task.name}
                  </Text>
                )}
                {item.team && (
                  <Text span fw={600}>
                    {item.team.name}
                  </Text>
                )}
                {!known && ` ${item.text}`}
              </Text>
            )}
          </Group>
          {excerpt && (
            <Text
              size="sm"
              c="dark.4"
              mt={4}
              lineClamp={3}
              style={{ borderLeft: "3px solid var(--mantine-color-gray-3)", paddingLeft: 8 }}
            >
              {excerpt}
            </Text>
          )}
          <Group gap={8} mt={6}>
            {known && (
              <Badge size="xs" variant="light" color={KIND_COLOR[item.kind]} radius="sm">
                {t(`portal.inbox.label.${item.kind}`)}
              </Badge>
            )}
            {item.project && (
              <Text size="xs" c="dimmed">
                {item.project.name}
              </Text>
            )}
            <Tooltip label={dayjs(item.created_at).format("LLL")}>
              <Text size="xs" c="dimmed">
                {dayjs(item.created_at).fromNow()}
              </Text>
            </Tooltip>
          </Group>
        </UnstyledButton>
        <Tooltip label={item.archived ? t("portal.inbox.unarchive") : t("portal.inbox.archive")}>
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={onArchive}
            aria-label={item.archived ? t("portal.inbox.unarchive") : t("portal.inbox.archive")}
            data-testid="inbox-archive"
          >
            {item.archived ? <IconArchiveOff size={16} /> : <IconArchive size={16} />}
          </ActionIcon>
        </Tooltip>
      </Group>
    </Paper>
  );
}

export function InboxPage() {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const navigate = useNavigate();
  const { taskGid } = useParams();
  const [archived, setArchived] = useState(false);
  const inbox = useInbox(workspace?.gid, archived);
  const rows = inbox.data ?? [];
  const unread = rows.filter((row) => !row.read).length;

  const markNotification = useMarkNotification(workspace?.gid ?? "", archived).mutate;
  const readAllNotifications = useReadAllNotifications(workspace?.gid ?? "").mutate;
  const mark = (item: Notification, change: "read" | "archive" | "unarchive") => markNotification({ item, change });

  const open = (item: Notification) => {
    if (!item.read) mark(item, "read");
    if (item.team) navigate(`/teams/${item.team.gid}`);
    if (!item.task) return;
    navigate(`/inbox/tasks/${item.task.gid}`);
  };

  const readAll = () => {
    if (workspace) readAllNotifications();
  };

  return (
    <Box style={{ display: "flex", flex: 1, minHeight: 0 }}>
      <Box style={{ flex: 1, minWidth: 0, overflow: "auto" }}>
        <Container size="md" py="xl" w="100%">
          <Group justify="space-between" mb="lg">
            <Group gap="sm">
              <Title order={1} size="h2">
                {t("nav.inbox")}
              </Title>
              {unread > 0 && !archived && (
                <Badge variant="filled" radius="xl" data-testid="inbox-unread">
                  {unread}
                </Badge>
              )}
            </Group>
            <Group gap="sm">
              <SegmentedControl
                size="xs"
                value={archived ? "archived" : "active"}
                onChange={(value) => setArchived(value === "archived")}
                data={[
                  { value: "active", label: t("portal.inbox.active") },
                  { value: "archived", label: t("portal.inbox.archived") },
                ]}
                data-testid="inbox-filter"
              />
              <Button
                size="xs"
                variant="default"
                leftSection={<IconChecks size={14} />}
                onClick={readAll}
                disabled={unread === 0}
                data-testid="inbox-read-all"
              >
                {t("portal.inbox.readAll")}
              </Button>
            </Group>
          </Group>
          {inbox.isPending ? (
            <Stack gap="sm">
              {[0, 1, 2].map((index) => (
                <Skeleton key={index} h={72} radius="md" />
              ))}
            </Stack>
          ) : rows.length === 0 ? (
            <EmptyState
              icon={IconInbox}
              title={archived ? t("portal.inbox.noArchived") : t("inbox.emptyTitle")}
              text={archived ? undefined : t("inbox.emptyText")}
            />
          ) : (
            <Stack gap="xs" data-testid="inbox-list">
              {rows.map((item) => (
                <InboxItem
                  key={item.gid}
                  item={item}
                  onOpen={() => open(item)}
                  onArchive={() => mark(item, item.archived ? "unarchive" : "archive")}
                />
              ))}
            </Stack>
          )}
        </Container>
      </Box>
      {taskGid && <TaskPane key={taskGid} taskGid={taskGid} onClose={() => navigate("/inbox")} basePath="/inbox" />}
    </Box>
  );
}
