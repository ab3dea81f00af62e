import { Button, Group, Paper, Text, ThemeIcon } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useNewVersion } from "./version";

// Shown once the server has a newer build than this tab: the person reloads when it suits them (nothing they were
// typing is thrown away without their say).
export function NewVersionBanner() {
  const { t } = useTranslation();
  const newer = useNewVersion();
  if (!newer) return null;
  return (
    <Paper
      shadow="md"
      radius="md"
      withBorder
      p="sm"
      role="status"
      data-testid="new-version"
      style={{ position: "fixed", left: 16, bottom: 16, zIndex: 400, maxWidth: 420 }}
    >
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon variant="light" radius="xl" size="lg">
          <IconRefresh size={18} />
        </ThemeIcon>
        <Text size="sm" style={{ flex: 1 }}>
          {t("newVersion.text")}
        </Text>
        <Button size="xs" onClick={() => window.location.reload()} data-testid="new-version-reload">
          {t("newVersion.reload")}
        </Button>
      </Group>
    </Paper>
  );
}
