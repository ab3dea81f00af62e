import { Group, Paper, Popover, Stack, Text, Textarea, UnstyledButton } from "@mantine/core";
import { type KeyboardEvent, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Ref, TaskDetail } from "../../api/types";
import { UserAvatar } from "../../components/UserAvatar";
import { type Mention, mentionQuery } from "./mentions";
import { useMembersOf } from "./queries";

// The people who can see a task: members of its projects, its followers and assignee.
export function useMentionCandidates(task: TaskDetail | undefined): Ref[] {
  const projects = (task?.memberships ?? []).map((membership) => membership.project.gid);
  const lists = useMembersOf(projects);
  const signature = lists.map((list) => list.dataUpdatedAt).join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: the lists change when their fetch times do
  return useMemo(() => {
    const people = new Map<string, Ref>();
    for (const list of lists) for (const member of list.data ?? []) people.set(member.user.gid, member.user);
    for (const follower of task?.followers ?? []) people.set(follower.gid, follower);
    if (task?.assignee) people.set(task.assignee.gid, task.assignee);
    return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [signature, task?.followers, task?.assignee]);
}

export function MentionTextarea({
  value,
  onChange,
  mentions,
  onMentionsChange,
  candidates,
  onSubmit,
  onCancel,
  placeholder,
  testId,
  autoFocus,
}: {
  value: string;
  onChange(value: string): void;
  mentions: Mention[];
  onMentionsChange(mentions: Mention[]): void;
  candidates: Ref[];
  onSubmit(): void;
  onCancel?(): void;
  placeholder?: string;
  testId?: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const area = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  // Where the caret goes once the picked name is in the textarea. It is placed in the same commit as the
  // new text: a later frame would move it back under keys typed in between, splitting the next word.
  const caretAfterPick = useRef<number | null>(null);
  useLayoutEffect(() => {
    const position = caretAfterPick.current;
    const element = area.current;
    if (position === null || !element || element.value !== value) return;
    caretAfterPick.current = null;
    element.focus();
    element.setSelectionRange(position, position);
  });

  const matches = useMemo(() => {
    if (!query) return [];
    const needle = query.query.toLowerCase();
    return candidates
      .filter(
        (person) =>
          person.name
            .toLowerCase()
            .split(/\s+/)
            .some((part) => part.startsWith(needle)) || person.name.toLowerCase().startsWith(needle),
      )
      .slice(0, 6);
  }, [query, candidates]);

  const track = (text: string, caret: number) => {
    const next = mentionQuery(text, caret);
    setQuery(next);
    setActive(0);
  };

  const pick = (person: Ref) => {
    if (!query) return;
    const caret = area.current?.selectionStart ?? value.length;
    const insert = `@${person.name} `;
    const next = value.slice(0, query.start) + insert + value.slice(caret);
    onChange(next);
    if (!mentions.some((mention) => mention.gid === person.gid)) {
      onMentionsChange([...mentions, { gid: person.gid, name: person.name }]);
    }
    setQuery(null);
    caretAfterPick.current = query.start + insert.length;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (query && matches.length > 0) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        setActive((index) => (index + 1) % matches.length);
        return;
      }
      if (event.key === "ArrowUp") {
        event.preventDefault();
        setActive((index) => (index - 1 + matches.length) % matches.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        pick(matches[active]);
        return;
      }
    }
    if (event.key === "Escape") {
      if (query) {
        event.stopPropagation();
        setQuery(null);
        return;
      }
      if (onCancel) {
        event.stopPropagation();
        onCancel();
        return;
      }
      event.currentTarget.blur();
    }
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      onSubmit();
    }
  };

  return (
    <Popover
      // A textarea is no popup button: the suggestions are announced by their own list, not by aria-expanded.
      withRoles={false}
      opened={!!query && matches.length > 0}
      position="top-start"
      offset={4}
      width={260}
      shadow="md"
      withinPortal
    >
      <Popover.Target>
        <Textarea
          ref={area}
          variant="unstyled"
          placeholder={placeholder}
          autosize
          minRows={2}
          maxRows={10}
          value={value}
          autoFocus={autoFocus}
          onChange={(event) => {
            onChange(event.currentTarget.value);
            track(event.currentTarget.value, event.currentTarget.selectionStart);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setQuery(null), 150)}
          data-testid={testId}
        />
      </Popover.Target>
      <Popover.Dropdown p={4}>
        <Paper>
          <Text size="xs" c="dimmed" px={8} py={4}>
            {t("portal.comments.mentionHint")}
          </Text>
          <Stack gap={0} data-testid="mention-options">
            {matches.map((person, index) => (
              <UnstyledButton
                key={person.gid}
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(person);
                }}
                px={8}
                py={5}
                style={{
                  borderRadius: 6,
                  background: index === active ? "var(--mantine-color-takt-0)" : undefined,
                }}
                data-testid="mention-option"
              >
                <Group gap={8} wrap="nowrap">
                  <UserAvatar user={person} size={22} />
                  <Text size="sm">{person.name}</Text>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        </Paper>
      </Popover.Dropdown>
    </Popover>
  );
}
