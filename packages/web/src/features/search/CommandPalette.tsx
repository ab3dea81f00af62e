import { Box, Group, Kbd, Loader, Modal, ScrollArea, Text, TextInput, UnstyledButton } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import {
  IconCheckbox,
  IconCircleCheck,
  IconHome,
  IconInbox,
  IconListSearch,
  IconSearch,
  IconUsersGroup,
} from "@tabler/icons-react";
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useShortcuts } from "../../app/shortcuts";
import { useWorkspace } from "../../app/workspace";
import { UserAvatar } from "../../components/UserAvatar";
import { projectColor } from "../projects/colors";
import { Diamond } from "../timeline/TaskMark";
import { taskPath, usePaletteResults } from "./queries";

interface Item {
  key: string;
  group: string;
  label: string;
  detail?: string;
  icon: ReactNode;
  go(): void;
}

// Ctrl/⌘+K: jump to any task, project, team or person; tasks also match words in descriptions and comments.
export function CommandPalette() {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [debounced] = useDebouncedValue(query.trim(), 150);
  const list = useRef<HTMLDivElement>(null);

  useShortcuts([["mod+K", () => setOpened((open) => !open)]]);
  useEffect(() => {
    const open = () => setOpened(true);
    window.addEventListener("takt:palette", open);
    return () => window.removeEventListener("takt:palette", open);
  }, []);

  const results = usePaletteResults(workspace?.gid, debounced, opened);

  const close = () => {
    setOpened(false);
    setQuery("");
    setActive(0);
  };
  const go = (path: string) => {
    close();
    navigate(path);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: go only closes and navigates
  const items = useMemo<Item[]>(() => {
    if (!debounced) {
      return [
        {
          key: "home",
          group: t("palette.jump"),
          label: t("nav.home"),
          icon: <IconHome size={18} />,
          go: () => go("/"),
        },
        {
          key: "my",
          group: t("palette.jump"),
          label: t("nav.myTasks"),
          icon: <IconCheckbox size={18} />,
          go: () => go("/my-tasks"),
        },
        {
          key: "inbox",
          group: t("palette.jump"),
          label: t("nav.inbox"),
          icon: <IconInbox size={18} />,
          go: () => go("/inbox"),
        },
        {
          key: "search",
          group: t("palette.jump"),
          label: t("search.title"),
          icon: <IconListSearch size={18} />,
          go: () => go("/search"),
        },
      ];
    }
    const data = results.data;
    if (!data) return [];
    const out: Item[] = [];
    for (const task of data.tasks) {
      out.push({
        key: `task:${task.gid}`,
        group: t("palette.tasks"),
        label: task.name,
        detail: task.projects?.map((project) => project.name).join(", "),
        icon:
          task.resource_subtype === "milestone" ? (
            <Diamond size={14} />
          ) : (
            <IconCircleCheck
              size={18}
              color={task.completed ? "var(--mantine-color-teal-6)" : "var(--mantine-color-gray-5)"}
            />
          ),
        go: () => go(taskPath(task)),
      });
    }
    for (const project of data.projects) {
      out.push({
        key: `project:${project.gid}`,
        group: t("palette.projects"),
        label: project.name,
        detail: project.team?.name,
        icon: <Box w={14} h={14} style={{ borderRadius: 4, background: projectColor(project.color) }} />,
        go: () => go(`/projects/${project.gid}`),
      });
    }
    for (const team of data.teams) {
      out.push({
        key: `team:${team.gid}`,
        group: t("palette.teams"),
        label: team.name,
        icon: <IconUsersGroup size={18} />,
        go: () => go(`/search?team=${team.gid}&label=${encodeURIComponent(team.name)}`),
      });
    }
    for (const user of data.users) {
      out.push({
        key: `user:${user.gid}`,
        group: t("palette.people"),
        label: user.name,
        detail: user.email,
        icon: <UserAvatar user={user} size={20} />,
        go: () => go(`/search?assignee=${user.gid}&label=${encodeURIComponent(user.name)}`),
      });
    }
    out.push({
      key: "all",
      group: t("palette.more"),
      label: t("palette.searchAll", { text: debounced }),
      icon: <IconSearch size={18} />,
      go: () => go(`/search?q=${encodeURIComponent(debounced)}`),
    });
    return out;
  }, [debounced, results.data, t]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new result list starts at its first item
  useEffect(() => setActive(0), [items]);
  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((index) => Math.min(items.length - 1, index + 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((index) => Math.max(0, index - 1));
    } else if (event.key === "Enter") {
      event.preventDefault();
      items[active]?.go();
    }
  };

  let lastGroup = "";
  return (
    <Modal
      opened={opened}
      onClose={close}
      withCloseButton={false}
      size={600}
      padding={0}
      yOffset="12vh"
      radius="md"
      transitionProps={{ duration: 80 }}
      data-testid="palette"
    >
      <TextInput
        size="lg"
        variant="unstyled"
        px="md"
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        placeholder={t("palette.placeholder")}
        leftSection={results.isFetching ? <Loader size={16} /> : <IconSearch size={18} />}
        data-autofocus
        data-testid="palette-input"
        aria-label={t("palette.placeholder")}
        role="combobox"
        aria-expanded
        aria-controls="takt-palette-list"
        aria-activedescendant={items[active] ? `palette-${items[active].key}` : undefined}
        style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}
      />
      <ScrollArea.Autosize mah="55vh" viewportRef={list}>
        <Box p={6} id="takt-palette-list" role="listbox" aria-label={t("palette.results")}>
          {debounced && !results.data && results.isFetching && (
            <Text size="sm" c="dimmed" p="md">
              {t("palette.searching")}
            </Text>
          )}
          {debounced && results.data && items.length <= 1 && (
            <Text size="sm" c="dimmed" px="md" pt="md" pb="xs" data-testid="palette-empty">
              {t("palette.nothing", { text: debounced })}
            </Text>
          )}
          {items.map((item, index) => {
            const header = item.group !== lastGroup ? item.group : null;
            lastGroup = item.group;
            return (
              <Box key={item.key}>
                {header && (
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="xs" pb={4}>
                    {header}
                  </Text>
                )}
                <UnstyledButton
                  id={`palette-${item.key}`}
                  role="option"
                  aria-selected={index === active}
                  data-index={index}
                  data-testid="palette-item"
                  data-label={item.label}
                  onMouseMove={() => index !== active && setActive(index)}
                  onClick={item.go}
                  w="100%"
                  px="sm"
                  py={8}
                  style={{
                    borderRadius: 8,
                    background: index === active ? "var(--mantine-color-takt-0)" : undefined,
                  }}
                >
                  <Group gap="sm" wrap="nowrap">
                    <Box w={20} style={{ display: "flex", justifyContent: "center", flexShrink: 0 }}>
                      {item.icon}
                    </Box>
                    <Text size="sm" truncate style={{ flex: 1 }}>
                      {item.label}
                    </Text>
                    {item.detail && (
                      <Text size="xs" c="dimmed" truncate maw={200}>
                        {item.detail}
                      </Text>
                    )}
                  </Group>
                </UnstyledButton>
              </Box>
            );
          })}
        </Box>
      </ScrollArea.Autosize>
      <Group gap="md" px="md" py={8} style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> {t("palette.navigate")}
        </Text>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">Enter</Kbd> {t("palette.open")}
        </Text>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">Esc</Kbd> {t("common.close")}
        </Text>
      </Group>
    </Modal>
  );
}

export function openPalette() {
  window.dispatchEvent(new Event("takt:palette"));
}
