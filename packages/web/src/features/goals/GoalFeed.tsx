import { Group, Paper, Skeleton, Stack, Text, Textarea } from "@mantine/core";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CommentBox, StoryTime, SystemLine } from "../../components/FeedParts";
import { notifyError } from "../../components/notify";
import { UserAvatar } from "../../components/UserAvatar";
import i18n from "../../i18n";
import { type GoalStory, useGoalComment, useGoalStories } from "./queries";

// A goal's change in the reader's language, from the story's fields; a person or team the reader may not see
// comes without a name and stays unnamed.
export function goalStoryText(story: GoalStory): string {
  const t = i18n.t.bind(i18n);
  switch (story.resource_subtype) {
    case "name_changed":
      return t("goals.story.renamed", { name: story.new_name ?? "" });
    case "goal_status_changed":
      return story.new_status
        ? t("goals.story.status", {
            status: t(`goals.statuses.${story.new_status}`, { defaultValue: story.new_status }),
          })
        : t("goals.story.statusCleared");
    case "due_date_changed":
      return story.new_dates?.due_on
        ? t("goals.story.due", { date: dayjs(story.new_dates.due_on).locale(i18n.language).format("ll") })
        : t("goals.story.dueRemoved");
    case "owner_changed":
      if (!story.owner) return t("goals.story.ownerRemoved");
      return story.owner.name ? t("goals.story.owner", { name: story.owner.name }) : t("goals.story.ownerHidden");
    case "team_changed":
      if (!story.team) return t("goals.story.workspaceWide");
      return story.team.name ? t("goals.story.team", { team: story.team.name }) : t("goals.story.teamHidden");
    case "current_value_changed":
      return t("goals.story.value", { value: story.new_display_value ?? story.new_number_value ?? "" });
    default:
      return t("goals.story.changed");
  }
}

// The goal's feed: comments and what changed, oldest first, and a comment box for those who may comment.
export function GoalFeed({ goalGid, canComment }: { goalGid: string; canComment: boolean }) {
  const { t } = useTranslation();
  const stories = useGoalStories(goalGid);
  const comment = useGoalComment(goalGid);
  const [text, setText] = useState("");
  const list = [...(stories.data ?? [])].sort((a, b) => a.created_at.localeCompare(b.created_at));
  const send = async () => {
    const body = text.trim();
    if (!body) return;
    try {
      await comment.mutateAsync(body);
      setText("");
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack gap="sm" data-testid="goal-feed">
      <Text fw={600}>{t("feed.title")}</Text>
      {stories.isPending ? (
        <Skeleton h={40} />
      ) : list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("goals.feedEmpty")}
        </Text>
      ) : (
        <Stack gap={10}>
          {list.map((story) =>
            story.type === "system" ? (
              <SystemLine
                key={story.gid}
                author={story.created_by?.name ?? t("feed.someone")}
                text={goalStoryText(story)}
                at={story.created_at}
                testId="goal-system-story"
              />
            ) : (
              <Group key={story.gid} gap="sm" align="flex-start" wrap="nowrap" data-testid="goal-comment">
                <UserAvatar user={story.created_by} size={30} />
                <Paper withBorder radius="md" p="xs" style={{ flex: 1 }}>
                  <Group gap="xs" mb={2}>
                    <Text size="sm" fw={600}>
                      {story.created_by?.name ?? t("feed.someone")}
                    </Text>
                    <StoryTime iso={story.created_at} />
                  </Group>
                  <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                    {story.text}
                  </Text>
                </Paper>
              </Group>
            ),
          )}
        </Stack>
      )}
      {canComment && (
        <CommentBox onSend={send} pending={comment.isPending} empty={!text.trim()} sendTestId="goal-comment-send">
          <Textarea
            placeholder={t("goals.feedPlaceholder")}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) send();
            }}
            autosize
            minRows={2}
            data-testid="goal-comment-input"
          />
        </CommentBox>
      )}
    </Stack>
  );
}
