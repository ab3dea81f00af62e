import { Skeleton, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Story } from "../../api/types";
import { useWorkspace } from "../../app/workspace";
import { CommentBox, SystemLine } from "../../components/FeedParts";
import i18n from "../../i18n";
import { CommentCard } from "../portal/CommentCard";
import { MentionTextarea, useMentionCandidates } from "../portal/MentionTextarea";
import { commentHtml, type Mention } from "../portal/mentions";
import { isRuleStory, systemText } from "./feed-text";
import { useAddComment } from "./mutations";
import { useStories, useTask } from "./queries";

function SystemStory({ story }: { story: Story }) {
  return (
    <SystemLine
      author={isRuleStory(story) ? null : (story.created_by?.name ?? i18n.t("feed.someone"))}
      text={systemText(story)}
      at={story.created_at}
      testId="system-story"
    />
  );
}

export function Feed({ taskGid }: { taskGid: string }) {
  const { t } = useTranslation();
  const { me } = useWorkspace();
  const stories = useStories(taskGid);
  const task = useTask(taskGid).data;
  const comment = useAddComment(taskGid);
  const [text, setText] = useState("");
  const [mentions, setMentions] = useState<Mention[]>([]);
  const candidates = useMentionCandidates(task);

  const send = () => {
    const body = text.trim();
    if (!body) return;
    const used = mentions.filter((mention) => body.includes(`@${mention.name}`));
    setText("");
    setMentions([]);
    const payload = used.length ? { html_text: commentHtml(body, used) } : { text: body };
    comment.mutate(
      { payload, author: { gid: me.gid, name: me.name }, text: body },
      {
        // Refused: the words come back to be sent again.
        onError: () => {
          setText(body);
          setMentions(used);
        },
      },
    );
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
              <CommentCard
                key={story.gid}
                story={story}
                taskGid={taskGid}
                candidates={candidates}
                canReact={!!task?.permissions?.comment}
              />
            ) : (
              <SystemStory key={story.gid} story={story} />
            ),
          )}
        </Stack>
      )}
      {task?.permissions?.comment && (
        <CommentBox onSend={send} pending={comment.isPending} empty={!text.trim()} sendTestId="comment-send">
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
        </CommentBox>
      )}
    </Stack>
  );
}
