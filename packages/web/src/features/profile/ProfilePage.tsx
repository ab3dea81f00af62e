import { Button, Card, Container, Group, SegmentedControl, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconKey } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { EmailNotifications } from "../../api/types";
import { useWorkspace } from "../../app/workspace";
import { notifySuccess } from "../../components/notify";
import { UserAvatar } from "../../components/UserAvatar";
import { LANGUAGES, type Language } from "../../i18n";
import { ChangePasswordCard } from "../auth/ChangePasswordCard";
import { useChangeLanguage, useRename, useSetEmailNotifications } from "./mutations";

export function ProfilePage() {
  const { t, i18n } = useTranslation();
  const { me } = useWorkspace();
  const [name, setName] = useState(me.name);
  const rename = useRename();
  const save = {
    isPending: rename.isPending,
    mutate: () => rename.mutate(name.trim(), { onSuccess: () => notifySuccess(t("profile.saved")) }),
  };
  const setEmailNotifications = useSetEmailNotifications().mutate;
  const changeLanguage = useChangeLanguage().mutate;
  return (
    <Container size="sm" py="xl" w="100%">
      <Title order={1} size="h2" mb="lg">
        {t("profile.title")}
      </Title>
      <Stack>
        <Card withBorder padding="lg">
          <Group align="flex-start" wrap="nowrap">
            <UserAvatar user={{ gid: me.gid, name }} size={56} />
            <form
              style={{ flex: 1 }}
              onSubmit={(event) => {
                event.preventDefault();
                if (name.trim()) save.mutate();
              }}
            >
              <Stack gap="sm">
                <TextInput label={t("profile.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} />
                <TextInput label={t("auth.email")} value={me.email} readOnly variant="filled" />
                <Group justify="flex-end">
                  <Button type="submit" loading={save.isPending} disabled={!name.trim() || name.trim() === me.name}>
                    {t("common.save")}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Group>
        </Card>
        <Card withBorder padding="lg">
          <Text fw={600}>{t("profile.language")}</Text>
          <Text size="sm" c="dimmed" mb="sm">
            {t("profile.languageHint")}
          </Text>
          <SegmentedControl
            value={i18n.language}
            onChange={(value) => changeLanguage(value as Language)}
            data={LANGUAGES.map((language) => ({ value: language.value, label: language.label }))}
            data-testid="profile-language"
          />
        </Card>
        <Card withBorder padding="lg">
          <Text fw={600}>{t("profile.emailNotifications")}</Text>
          <Text size="sm" c="dimmed" mb="sm">
            {t("profile.emailNotificationsHint")}
          </Text>
          <SegmentedControl
            value={me.email_notifications ?? "instant"}
            onChange={(value) =>
              setEmailNotifications(value as EmailNotifications, { onSuccess: () => notifySuccess(t("profile.saved")) })
            }
            data={[
              { value: "instant", label: t("profile.emailInstant") },
              { value: "daily_digest", label: t("profile.emailDigest") },
              { value: "off", label: t("profile.emailOff") },
            ]}
            data-testid="profile-email-notifications"
          />
        </Card>
        <ChangePasswordCard />
        <Card withBorder padding="lg">
          <Group justify="space-between">
            <div>
              <Text fw={600}>{t("tokens.title")}</Text>
              <Text size="sm" c="dimmed">
                {t("tokens.hint")}
              </Text>
            </div>
            <Button component={Link} to="/profile/tokens" variant="default" leftSection={<IconKey size={16} />}>
              {t("tokens.manage")}
            </Button>
          </Group>
        </Card>
      </Stack>
    </Container>
  );
}
