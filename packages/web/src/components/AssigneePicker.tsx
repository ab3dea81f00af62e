import { Group, Popover, ScrollArea, Stack, Text, TextInput, UnstyledButton } from "@mantine/core";
import { IconUserOff, IconUserPlus } from "@tabler/icons-react";
import { type ReactNode, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Ref } from "../api/types";
import { useWorkspace } from "../app/workspace";
import { useWorkspaceUsers } from "../features/users/queries";
import { UserAvatar } from "./UserAvatar";

// A searchable list of the workspace's people; the current user first, so "assign to me" is one click.
export function AssigneePicker({
  value,
  onChange,
  target,
  label,
  testId,
  readOnly = false,
}: {
  value: Ref | null | undefined;
  onChange(user: Ref | null): void;
  target?: ReactNode;
  // The button's name when `target` shows no words (an empty circle, an avatar).
  label?: string;
  testId?: string;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const { me, workspace } = useWorkspace();
  const users = useWorkspaceUsers(readOnly ? undefined : workspace?.gid);
  const [opened, setOpened] = useState(false);
  const [armed, setArmed] = useState(false);
  // The first open swaps the plain button for the popover's target (a new element): focus is handed back by hand.
  const buttonRef = useRef<HTMLButtonElement>(null);
  const refocus = () => requestAnimationFrame(() => buttonRef.current?.focus());
  const [search, setSearch] = useState("");
  const list = (users.data ?? [])
    .filter((user) => user.name.toLowerCase().includes(search.toLowerCase()))
    .sort((a, b) => (a.gid === me.gid ? -1 : b.gid === me.gid ? 1 : a.name.localeCompare(b.name)));
  const pick = (user: Ref | null) => {
    setOpened(false);
    refocus();
    setSearch("");
    if ((user?.gid ?? null) !== (value?.gid ?? null)) onChange(user);
  };
  const face = target ?? (
    <Group gap={6} wrap="nowrap">
      {value ? <UserAvatar user={value} size={22} /> : <IconUserPlus size={18} color="var(--mantine-color-gray-5)" />}
      <Text size="sm" c={value ? undefined : "dimmed"} truncate>
        {value ? value.name : t("tasks.noAssignee")}
      </Text>
    </Group>
  );
  // Not the caller's to change: the person, without a picker.
  if (readOnly) {
    return value ? (
      <Group gap={6} wrap="nowrap" px={4} data-testid={testId}>
        <UserAvatar user={value} size={22} />
        <Text size="sm" truncate>
          {value.name}
        </Text>
      </Group>
    ) : (
      <Text size="sm" c="dimmed" px={4} data-testid={testId}>
        {t("tasks.noAssignee")}
      </Text>
    );
  }
  const button = (
    <UnstyledButton
      ref={buttonRef}
      onClick={(event) => {
        event.stopPropagation();
        setArmed(true);
        setOpened((open) => !open);
      }}
      data-testid={testId}
      aria-label={label}
      aria-haspopup="dialog"
      style={{ borderRadius: 6, padding: "2px 4px", maxWidth: "100%" }}
    >
      {face}
    </UnstyledButton>
  );
  // Rows show many pickers: the popover (and its positioning) is set up on the first click, not for every row.
  if (!armed) return button;
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-start"
      shadow="md"
      width={260}
      withinPortal
      trapFocus
      returnFocus
    >
      <Popover.Target>{button}</Popover.Target>
      <Popover.Dropdown
        onKeyDown={(event) => {
          if (event.key === "Escape") refocus();
        }}
        p={6}
        onClick={(event) => event.stopPropagation()}
      >
        <TextInput
          size="xs"
          placeholder={t("tasks.searchPeople")}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          data-autofocus
          mb={6}
          onKeyDown={(event) => {
            if (event.key === "Enter" && list[0]) pick(list[0]);
          }}
        />
        <ScrollArea.Autosize mah={260}>
          <Stack gap={0}>
            {value && (
              <UnstyledButton onClick={() => pick(null)} p={6} style={{ borderRadius: 6 }} className="takt-menu-item">
                <Group gap={8}>
                  <IconUserOff size={18} color="var(--mantine-color-gray-6)" />
                  <Text size="sm">{t("tasks.unassign")}</Text>
                </Group>
              </UnstyledButton>
            )}
            {list.map((user) => (
              <UnstyledButton
                key={user.gid}
                onClick={() => pick({ gid: user.gid, name: user.name })}
                p={6}
                style={{ borderRadius: 6 }}
                className="takt-menu-item"
                data-testid="assignee-option"
              >
                <Group gap={8} wrap="nowrap">
                  <UserAvatar user={user} size={22} />
                  <Text size="sm" truncate>
                    {user.name}
                    {user.gid === me.gid ? ` (${t("tasks.me")})` : ""}
                  </Text>
                </Group>
              </UnstyledButton>
            ))}
            {list.length === 0 && (
              <Text size="xs" c="dimmed" p={6}>
                {t("common.nothingFound")}
              </Text>
            )}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
