import { ActionIcon, Box, Button, Group, Menu, Paper, Popover, Stack, Text, Tooltip } from "@mantine/core";
import { IconDots, IconPencil, IconThumbUp, IconThumbUpFilled, IconTrash } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Ref, Story } from "../../api/types";
import { UserAvatar } from "../../components/UserAvatar";
import { useCommentActions } from "../tasks/mutations";
import { useStoryEdits } from "../tasks/queries";
import { MentionTextarea } from "./MentionTextarea";
import { commentHtml, editableOf, type Mention } from "./mentions";

export type CommentStory = Story;

function stripBody(html: string): string {
  return html.replace(/^<body>/, "").replace(/<\/body>$/, "");
}

function EditHistory({ story }: { story: CommentStory }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const edits = useStoryEdits(story.gid, opened);
  return (
    <Popover opened={opened} onChange={setOpened} width={300} shadow="md" withinPortal>
      <Popover.Target>
        <Text
          span
          size="xs"
          c="dimmed"
          style={{ cursor: "pointer", textDecoration: "underline dotted" }}
          onClick={() => setOpened((value) => !value)}
          data-testid="comment-edited"
        >
          {t("portal.comments.edited")}
        </Text>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="xs" fw={600} mb={6}>
          {t("portal.comments.history")}
        </Text>
        <Stack gap={8}>
          {(edits.data ?? []).map((edit) => (
            <Box key={edit.gid}>
              <Text size="xs" c="dimmed">
                {dayjs(edit.created_at).format("LLL")}
              </Text>
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {edit.previous_text}
              </Text>
            </Box>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

// One comment: author, time, "edited" with its history, likes, and edit/delete for its author.
export function CommentCard({
  story,
  taskGid,
  candidates,
  canReact,
}: {
  story: CommentStory;
  taskGid: string;
  candidates: Ref[];
  // The task's "comment" ability: who may comment may like.
  canReact: boolean;
}) {
  const { t } = useTranslation();
  const { like, edit, remove: removing } = useCommentActions(taskGid, story);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState("");
  const [mentions, setMentions] = useState<Mention[]>([]);

  const toggleLike = () => like.mutate(!story.liked);

  const startEdit = () => {
    const editable = editableOf(story.html_text, story.text);
    setDraft(editable.text);
    setMentions(editable.mentions);
    setEditing(true);
  };

  const save = () => {
    const text = draft.trim();
    if (!text) return;
    const body = mentions.length ? { html_text: commentHtml(text, mentions) } : { text };
    edit.mutate(body, { onSuccess: () => setEditing(false) });
  };

  const remove = () => removing.mutate();

  const likers = (story.likes ?? []).map((like) => like.user.name).join(", ");
  const temp = story.gid.startsWith("temp-");
  return (
    <Group align="flex-start" gap="sm" wrap="nowrap" data-testid="comment" className="takt-comment">
      <UserAvatar user={story.created_by} size={30} />
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Group gap={8} wrap="nowrap">
          <Text size="sm" fw={600}>
            {story.created_by?.name ?? "—"}
          </Text>
          <Tooltip label={dayjs(story.created_at).format("LLL")}>
            <Text span size="xs" c="dimmed">
              {dayjs(story.created_at).fromNow()}
            </Text>
          </Tooltip>
          {story.is_edited && <EditHistory story={story} />}
          <Box style={{ flex: 1 }} />
          {!temp && canReact && (
            <Tooltip label={likers || t("portal.comments.like")} disabled={editing}>
              <Button
                size="compact-xs"
                variant={story.liked ? "light" : "subtle"}
                color={story.liked ? "takt" : "gray"}
                leftSection={story.liked ? <IconThumbUpFilled size={13} /> : <IconThumbUp size={13} />}
                onClick={toggleLike}
                aria-pressed={!!story.liked}
                aria-label={t("portal.comments.like")}
                data-testid="comment-like"
              >
                {story.num_likes ? story.num_likes : ""}
              </Button>
            </Tooltip>
          )}
          {story.is_editable && !temp && (
            // Closed by "Edit", the menu must not hand the focus back to its button: the editor has just taken it.
            <Menu position="bottom-end" withinPortal shadow="md" returnFocus={!editing}>
              <Menu.Target>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={t("tasks.more")}
                  data-testid="comment-menu"
                >
                  <IconDots size={14} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPencil size={14} />} onClick={startEdit} data-testid="comment-edit">
                  {t("portal.comments.edit")}
                </Menu.Item>
                <Menu.Item
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={remove}
                  data-testid="comment-delete"
                >
                  {t("portal.comments.delete")}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
        {editing ? (
          <Paper withBorder p={6} radius="md" mt={4}>
            <MentionTextarea
              value={draft}
              onChange={setDraft}
              mentions={mentions}
              onMentionsChange={setMentions}
              candidates={candidates}
              onSubmit={save}
              onCancel={() => setEditing(false)}
              testId="comment-edit-input"
              autoFocus
            />
            <Group justify="flex-end" gap="xs">
              <Button size="compact-xs" variant="default" onClick={() => setEditing(false)}>
                {t("common.cancel")}
              </Button>
              <Button size="compact-xs" onClick={save} loading={edit.isPending} data-testid="comment-save">
                {t("common.save")}
              </Button>
            </Group>
          </Paper>
        ) : story.html_text ? (
          <Text
            size="sm"
            className="takt-comment-body"
            style={{ wordBreak: "break-word", whiteSpace: "pre-wrap" }}
            // biome-ignore lint/security/noDangerouslySetInnerHtml: the server sanitises rich text to an allow-list of tags
            dangerouslySetInnerHTML={{ __html: stripBody(story.html_text) }}
          />
        ) : (
          <Text size="sm" style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
            {story.text}
          </Text>
        )}
      </Box>
    </Group>
  );
}
