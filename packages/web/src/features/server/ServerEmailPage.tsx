import { Alert, Badge, Box, Button, Group, Paper, Skeleton, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { IconMail } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspace } from "../../app/workspace";
import { errorMessage } from "../../components/notify";
import { useSendTestEmail, useServerEmail } from "./queries";

// Admin settings: whether this server sends email (invitations, password resets, notifications), and a test
// message that proves it. The settings themselves live in the server's environment (TAKT_SMTP_URL, TAKT_MAIL_FROM).
export function ServerEmailPage() {
  const { t } = useTranslation();
  const { abilities } = useWorkspace();
  const forbidden = !!abilities && !abilities.manage_server;
  const email = useServerEmail(!!abilities && !forbidden);
  const send = useSendTestEmail();
  const [to, setTo] = useState("");

  return (
    <Box p="lg" maw={760} w="100%" mx="auto">
      <Group gap="sm" mb={4}>
        <IconMail size={22} />
        <Title order={1} size="h2">
          {t("serverEmail.title")}
        </Title>
      </Group>
      <Text c="dimmed" size="sm" mb="lg">
        {t("serverEmail.subtitle")}
      </Text>
      {forbidden ? (
        <Alert color="orange" variant="light" data-testid="server-email-forbidden">
          {t("serverEmail.forbidden")}
        </Alert>
      ) : !email.data ? (
        email.error ? (
          <Alert color="red" variant="light">
            {errorMessage(email.error)}
          </Alert>
        ) : (
          <Skeleton h={160} />
        )
      ) : (
        <Stack>
          <Paper withBorder p="md" radius="md">
            <Group justify="space-between" mb="sm">
              <Text fw={600}>{t("serverEmail.status")}</Text>
              <Badge color={email.data.configured ? "green" : "orange"} data-testid="server-email-status">
                {email.data.configured ? t("serverEmail.configured") : t("serverEmail.notConfigured")}
              </Badge>
            </Group>
            {!email.data.configured && (
              <Alert color="orange" variant="light" mb="sm" data-testid="server-email-off">
                {t("serverEmail.offHint")}
              </Alert>
            )}
            <Table withRowBorders={false} verticalSpacing={4}>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Td c="dimmed" w={180}>
                    {t("serverEmail.server")}
                  </Table.Td>
                  <Table.Td>{email.data.smtp_host ?? "—"}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td c="dimmed">{t("serverEmail.from")}</Table.Td>
                  <Table.Td>
                    {email.data.from}
                    {!email.data.from_configured && (
                      <Text size="xs" c="orange">
                        {t("serverEmail.fromDefault")}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Paper>
          <Paper withBorder p="md" radius="md">
            <Text fw={600} mb={4}>
              {t("serverEmail.testTitle")}
            </Text>
            <Text size="sm" c="dimmed" mb="sm">
              {t("serverEmail.testHint")}
            </Text>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                send.mutate(to.trim() || undefined);
              }}
            >
              <Group align="flex-end">
                <TextInput
                  label={t("serverEmail.to")}
                  placeholder={t("serverEmail.toPlaceholder")}
                  type="email"
                  value={to}
                  onChange={(event) => setTo(event.currentTarget.value)}
                  w={320}
                  data-testid="server-email-to"
                />
                <Button
                  type="submit"
                  loading={send.isPending}
                  disabled={!email.data.configured}
                  data-testid="server-email-send"
                >
                  {t("serverEmail.send")}
                </Button>
              </Group>
            </form>
            {send.error && (
              <Alert color="red" variant="light" mt="sm" data-testid="server-email-result">
                {errorMessage(send.error)}
              </Alert>
            )}
            {send.data && (
              <Alert
                color={send.data.status === "sent" ? "green" : "red"}
                variant="light"
                mt="sm"
                data-testid="server-email-result"
              >
                {send.data.status === "sent"
                  ? t("serverEmail.sent", { to: send.data.to })
                  : t("serverEmail.failed", { to: send.data.to, error: send.data.error ?? "" })}
              </Alert>
            )}
          </Paper>
        </Stack>
      )}
    </Box>
  );
}
