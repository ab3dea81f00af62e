import { Box, Center, Group, Paper, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Logo } from "../../app/TopBar";
import { LANGUAGES, type Language, setLanguage } from "../../i18n";

export function LanguageSwitch() {
  const { i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      value={i18n.language}
      onChange={(value) => setLanguage(value as Language)}
      data={LANGUAGES.map((language) => ({ value: language.value, label: language.label }))}
      data-testid="auth-language"
    />
  );
}

export function AuthLayout({
  title,
  subtitle,
  children,
  width = 420,
}: {
  title: string;
  subtitle?: string;
  children: ReactNode;
  width?: number;
}) {
  return (
    <Box
      mih="100vh"
      style={{
        background:
          "radial-gradient(1200px 600px at 10% -10%, var(--mantine-color-takt-1), transparent 60%), radial-gradient(900px 500px at 110% 110%, var(--mantine-color-teal-0), transparent 60%), var(--mantine-color-gray-0)",
      }}
    >
      <Group component="header" justify="space-between" p="lg">
        <Logo />
        <LanguageSwitch />
      </Group>
      <Center component="main" id="main" pb={80} pt={20}>
        <Paper w={width} maw="calc(100vw - 32px)" p="xl" radius="lg" shadow="sm" withBorder>
          <Stack gap={4} mb="lg">
            <Title order={1} size="h2" fz={24}>
              {title}
            </Title>
            {subtitle && (
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            )}
          </Stack>
          {children}
        </Paper>
      </Center>
    </Box>
  );
}
