import { Button, Group, Paper, Skeleton, Stack, Text, Tooltip } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { keys, STORY_FIELDS, useStories, useTask } from "../../api/queries";
import type { Story } from "../../api/types";
import { useWorkspace } from "../../app/workspace";
import { notifyError } from "../../components/notify";
import { UserAvatar } from "../../components/UserAvatar";
import i18n from "../../i18n";
import { CommentCard } from "../portal/CommentCard";
import { MentionTextarea, useMentionCandidates } from "../portal/MentionTextarea";
import { commentHtml, type Mention } from "../portal/mentions";
import { isRuleStory, systemText } from "./feed-text";

function when(iso: string) {
  return (
    <Tooltip label={dayjs(iso).format("LLL")}>
      <Text span size="xs" c="dimmed">
        {dayjs(iso).fromNow()}
      </Text>
    </Tooltip>
  );
}

function SystemStory({ story }: { story: Story }) {
  return (
    <Group gap={6} wrap="nowrap" pl={38} data-testid="system-story">
      <Text size="xs" c="dimmed" style={{ flex: 1 }}>
        {isRuleStory(story) ? null : (
          <>
            <Text span size="xs" fw={600} c="dark.3">
              {story.created_by?.name ?? i18n.t("feed.someone")}
            </Text>{" "}
          </>
        )}
        {systemText(story)}
      </Text>
      {when(story.created_at)}
    </Group>
  );
}

export function Feed({ taskGid }: { taskGid: string }) {
  const { t } = useTranslation();
  const { me } = useWorkspace();
  const stories = useStories(taskGid);
  const client = useQueryClient();
  const [text, setText] = useState("");
  const [mentions, setMentions] = useState<Mention[]>([]);
  const candidates = useMentionCandidates(useTask(taskGid).data);
  const [busy, setBusy] = useState(false);

  const send = async () => {
    const body = text.trim();
    if (!body) return;
    setBusy(true);
    const temp: Story = {
      gid: `temp-${Date.now()}`,
      created_at: new Date().toISOString(),
      created_by: { gid: me.gid, name: me.name },
      type: "comment",
      resource_subtype: "comment_added",
      text: body,
    };
    client.setQueryData<Story[]>(keys.stories(taskGid), (list) => [...(list ?? []), temp]);
    setText("");
    const used = mentions.filter((mention) => body.includes(`@${mention.name}`));
    setMentions([]);
    try {
      const payload = used.length ? { html_text: commentHtml(body, used) } : { text: body };
      await api.post(`/tasks/${taskGid}/stories`, payload, { opt_fields: STORY_FIELDS });
      client.invalidateQueries({ queryKey: keys.stories(taskGid) });
      client.invalidateQueries({ queryKey: ["board"] });
    } catch (error) {
      client.setQueryData<Story[]>(keys.stories(taskGid), (list) =>
        (list ?? []).filter((item) => item.gid !== temp.gid),
      );
      setText(body);
      setMentions(used);
      notifyError(error, i18n.t("errors.undone"));
    } finally {
      setBusy(false);
    }
  };

  const list = [...(stories.data ?? [])].sort((a, b) => a.created_at.localeCompare(b.created_at));

  return (
    <Stack gap="sm">
      <Text fw={600} size="sm">
        {t("feed.title")}
      </Text>
      {stories.isPending ? (
        <Stack gap="xs">
          <Skeleton h={16} w="60%" />
          <Skeleton h={40} />
        </Stack>
      ) : list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("feed.empty")}
        </Text>
      ) : (
        <Stack gap={10}>
          {list.map((story) =>
            story.type === "comment" ? (
              <CommentCard key={story.gid} story={story} taskGid={taskGid} candidates={candidates} />
            ) : (
              <SystemStory key={story.gid} story={story} />
            ),
          )}
        </Stack>
      )}
      <Paper withBorder p="xs" radius="md" mt="xs">
        <Group align="flex-start" gap="sm" wrap="nowrap">
          <UserAvatar user={me} size={30} />
          <Stack gap={6} style={{ flex: 1 }}>
            <MentionTextarea
              placeholder={t("feed.placeholder")}
              value={text}
              onChange={setText}
              mentions={mentions}
              onMentionsChange={setMentions}
              candidates={candidates}
              onSubmit={send}
              testId="comment-input"
            />
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                {t("feed.hint")}
              </Text>
              <Button size="xs" onClick={send} loading={busy} disabled={!text.trim()} data-testid="comment-send">
                {t("feed.send")}
              </Button>
            </Group>
          </Stack>
        </Group>
      </Paper>
    </Stack>
  );
}
