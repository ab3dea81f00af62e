import { Button, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconHome, IconLockQuestion } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

// What a person sees for a project or task that does not exist or is not shared with them: the same words for both,
// so a guessed address tells nothing about what is there. One page, a way home, no error notifications.
export function NotFound({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack
      align="center"
      gap="sm"
      py={compact ? 48 : 96}
      px="md"
      ta="center"
      data-testid="not-found"
      style={{ flex: 1 }}
    >
      <ThemeIcon size={compact ? 48 : 64} radius="xl" variant="light" color="gray">
        <IconLockQuestion size={compact ? 24 : 32} stroke={1.6} />
      </ThemeIcon>
      <Title order={compact ? 4 : 1} size={compact ? "h4" : "h2"} fw={650}>
        {t("notFound.title")}
      </Title>
      <Text c="dimmed" maw={440}>
        {t("notFound.text")}
      </Text>
      <Button
        component={Link}
        to="/"
        variant="light"
        leftSection={<IconHome size={16} />}
        mt="xs"
        data-testid="not-found-home"
      >
        {t("notFound.home")}
      </Button>
    </Stack>
  );
}
