import { Avatar, Group, Menu, Text, TextInput, Tooltip, UnstyledButton } from "@mantine/core";
import {
  IconCheck,
  IconChevronDown,
  IconFileImport,
  IconKey,
  IconLanguage,
  IconLogout,
  IconMail,
  IconPlug,
  IconSearch,
  IconShieldLock,
  IconUser,
  IconWebhook,
} from "@tabler/icons-react";
import { type ReactNode, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { UserAvatar } from "../components/UserAvatar";
import { useSignOut } from "../features/auth/mutations";
import { InboxBell } from "../features/inbox/InboxBell";
import { useChangeLanguage } from "../features/profile/mutations";
import { CommandPalette, openPalette } from "../features/search/CommandPalette";
import { TimerChip } from "../features/time/TimerChip";
import { LANGUAGES } from "../i18n";
import { useShortcuts } from "./shortcuts";
import { useWorkspace } from "./workspace";

export function Logo() {
  return (
    <Group gap={8} wrap="nowrap">
      <Avatar size={28} radius="md" color="takt" variant="filled">
        <Text fw={800} size="sm">
          T
        </Text>
      </Avatar>
      <Text fw={700} size="lg" style={{ letterSpacing: -0.3 }}>
        Takt
      </Text>
    </Group>
  );
}

export function TopBar({ burger }: { burger: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { me, workspace, abilities } = useWorkspace();
  const navigate = useNavigate();
  const signOutMutation = useSignOut();
  const changeLanguage = useChangeLanguage().mutate;
  const search = useRef<HTMLInputElement>(null);
  useShortcuts([["/", () => search.current?.focus()]]);
  const keys = /Mac|iPhone/.test(navigator.platform) ? "⌘K" : "Ctrl K";

  const signOut = () => signOutMutation.mutate(undefined, { onSettled: () => navigate("/login") });

  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap" w={240}>
        {burger}
        <Logo />
        {workspace && (
          <Text size="sm" c="dimmed" truncate visibleFrom="md">
            {workspace.name}
          </Text>
        )}
      </Group>
      <TextInput
        ref={search}
        data-testid="search"
        placeholder={t("shell.searchPlaceholder")}
        leftSection={<IconSearch size={16} />}
        rightSection={
          <Tooltip label={t("palette.hint")}>
            <UnstyledButton
              onClick={openPalette}
              aria-label={`${t("palette.hint")}, ${keys}`}
              data-testid="open-palette"
            >
              <kbd className="takt-kbd">{keys}</kbd>
            </UnstyledButton>
          </Tooltip>
        }
        rightSectionWidth={64}
        radius="xl"
        w={{ base: 180, sm: 420 }}
        onKeyDown={(event) => {
          if (event.key === "Escape") event.currentTarget.blur();
          if (event.key === "Enter") {
            const text = event.currentTarget.value.trim();
            navigate(`/search${text ? `?q=${encodeURIComponent(text)}` : ""}`);
            event.currentTarget.value = "";
            event.currentTarget.blur();
          }
        }}
      />
      <CommandPalette />
      <Group gap="xs" wrap="nowrap">
        <TimerChip />
        <InboxBell />
        <Menu position="bottom-end" width={220} shadow="md">
          <Menu.Target>
            <UnstyledButton data-testid="user-menu" aria-label={t("shell.userMenu")}>
              <Group gap={6} wrap="nowrap">
                <UserAvatar user={me} size={30} />
                <IconChevronDown size={14} />
              </Group>
            </UnstyledButton>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>
              <Text size="sm" fw={600} c="dark">
                {me.name}
              </Text>
              <Text size="xs" c="dimmed">
                {me.email}
              </Text>
            </Menu.Label>
            <Menu.Divider />
            <Menu.Item leftSection={<IconUser size={16} />} onClick={() => navigate("/profile")}>
              {t("shell.profile")}
            </Menu.Item>
            <Menu.Item leftSection={<IconKey size={16} />} onClick={() => navigate("/profile/tokens")}>
              {t("shell.tokens")}
            </Menu.Item>
            {abilities?.manage_webhooks && (
              <Menu.Item
                leftSection={<IconWebhook size={16} />}
                onClick={() => navigate("/settings/webhooks")}
                data-testid="nav-webhooks"
              >
                {t("webhooks.nav")}
              </Menu.Item>
            )}
            {abilities?.import_data && (
              <Menu.Item
                leftSection={<IconFileImport size={16} />}
                onClick={() => navigate("/settings/import")}
                data-testid="nav-import"
              >
                {t("imports.nav")}
              </Menu.Item>
            )}
            {abilities?.use_crm && (
              <Menu.Item
                leftSection={<IconPlug size={16} />}
                onClick={() => navigate("/settings/crm")}
                data-testid="nav-crm"
              >
                {t("crm.nav")}
              </Menu.Item>
            )}
            {abilities?.view_audit_log && (
              <Menu.Item
                leftSection={<IconShieldLock size={16} />}
                onClick={() => navigate("/settings/audit-log")}
                data-testid="nav-audit-log"
              >
                {t("audit.nav")}
              </Menu.Item>
            )}
            {abilities?.manage_server && (
              <Menu.Item
                leftSection={<IconMail size={16} />}
                onClick={() => navigate("/settings/email")}
                data-testid="nav-server-email"
              >
                {t("serverEmail.nav")}
              </Menu.Item>
            )}
            <Menu.Divider />
            <Menu.Label>
              <Group gap={6}>
                <IconLanguage size={14} />
                {t("profile.language")}
              </Group>
            </Menu.Label>
            {LANGUAGES.map((language) => (
              <Menu.Item
                key={language.value}
                data-testid={`language-${language.value}`}
                rightSection={i18n.language === language.value ? <IconCheck size={14} /> : null}
                onClick={() => changeLanguage(language.value)}
              >
                {language.label}
              </Menu.Item>
            ))}
            <Menu.Divider />
            <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={signOut} data-testid="sign-out">
              {t("shell.signOut")}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Group>
  );
}
