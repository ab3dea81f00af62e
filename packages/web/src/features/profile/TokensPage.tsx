import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Code,
  Container,
  CopyButton,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconCheck, IconCopy, IconKey, IconTrash } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AccessToken } from "../../api/types";
import { Modal } from "../../components/Dialog";
import { EmptyState } from "../../components/EmptyState";
import { useCreateToken, useRevokeToken } from "./mutations";
import { useTokens } from "./queries";

export function TokensPage() {
  const { t } = useTranslation();
  const tokens = useTokens();
  const [name, setName] = useState("");
  const [fresh, setFresh] = useState<AccessToken | null>(null);
  const [revoking, setRevoking] = useState<AccessToken | null>(null);

  const creating = useCreateToken();
  const create = {
    isPending: creating.isPending,
    mutate: () =>
      creating.mutate(name.trim(), {
        onSuccess: (token) => {
          setFresh(token);
          setName("");
        },
      }),
  };
  const revoking_ = useRevokeToken();
  const revoke = {
    isPending: revoking_.isPending,
    mutate: (gid: string) => revoking_.mutate(gid, { onSuccess: () => setRevoking(null) }),
  };

  return (
    <Container size="md" py="xl" w="100%">
      <Title order={1} size="h2">
        {t("tokens.title")}
      </Title>
      <Text c="dimmed" size="sm" mb="lg">
        {t("tokens.hint")}
      </Text>
      <Stack>
        <Card withBorder padding="lg">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (name.trim()) create.mutate();
            }}
          >
            <Group align="flex-end">
              <TextInput
                style={{ flex: 1 }}
                label={t("tokens.name")}
                placeholder={t("tokens.namePlaceholder")}
                value={name}
                onChange={(event) => setName(event.currentTarget.value)}
                data-testid="token-name"
              />
              <Button type="submit" loading={create.isPending} disabled={!name.trim()} data-testid="token-create">
                {t("tokens.create")}
              </Button>
            </Group>
          </form>
          {fresh?.token && (
            <Alert mt="md" color="teal" variant="light" title={t("tokens.copyNow")} data-testid="token-fresh">
              <Group gap="xs" wrap="nowrap">
                <Code style={{ flex: 1, wordBreak: "break-all" }}>{fresh.token}</Code>
                <CopyButton value={fresh.token}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? t("common.copied") : t("common.copy")}>
                      <ActionIcon variant="light" color={copied ? "teal" : "gray"} onClick={copy}>
                        {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                      </ActionIcon>
                    </Tooltip>
                  )}
                </CopyButton>
              </Group>
            </Alert>
          )}
        </Card>
        <Card withBorder padding={0}>
          {tokens.isPending ? (
            <Stack p="lg">
              <Skeleton h={20} />
              <Skeleton h={20} />
            </Stack>
          ) : tokens.data?.length ? (
            <Table verticalSpacing="sm" horizontalSpacing="lg">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("tokens.name")}</Table.Th>
                  <Table.Th>{t("tokens.token")}</Table.Th>
                  <Table.Th>{t("tokens.createdAt")}</Table.Th>
                  <Table.Th>{t("tokens.lastUsed")}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.map((token) => (
                  <Table.Tr key={token.gid} data-testid="token-row">
                    <Table.Td fw={500}>{token.name}</Table.Td>
                    <Table.Td>
                      <Code>{token.hint}</Code>
                    </Table.Td>
                    <Table.Td>{dayjs(token.created_at).format("ll")}</Table.Td>
                    <Table.Td c={token.last_used_at ? undefined : "dimmed"}>
                      {token.last_used_at ? dayjs(token.last_used_at).fromNow() : t("tokens.never")}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        leftSection={<IconTrash size={14} />}
                        onClick={() => setRevoking(token)}
                      >
                        {t("tokens.revoke")}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <EmptyState icon={IconKey} title={t("tokens.emptyTitle")} text={t("tokens.emptyText")} />
          )}
        </Card>
      </Stack>
      <Modal opened={!!revoking} onClose={() => setRevoking(null)} title={t("tokens.revokeTitle")} centered>
        <Text size="sm">{t("tokens.revokeText", { name: revoking?.name ?? "" })}</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setRevoking(null)}>
            {t("common.cancel")}
          </Button>
          <Button color="red" loading={revoke.isPending} onClick={() => revoking && revoke.mutate(revoking.gid)}>
            {t("tokens.revoke")}
          </Button>
        </Group>
      </Modal>
    </Container>
  );
}
