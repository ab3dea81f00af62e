import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconChevronRight, IconRefresh, IconWebhook } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { notifySuccess } from "../../components/notify";
import { useRedeliver } from "./mutations";
import { type Delivery, useDeliveries, useWebhooks, type Webhook } from "./queries";

const STATUS_COLORS: Record<string, string> = {
  delivered: "teal",
  succeeded: "teal",
  pending: "blue",
  queued: "blue",
  retrying: "orange",
  failed: "red",
  dead: "red",
};

const when = (value: string | null) => (value ? dayjs(value).format("D MMM, HH:mm:ss") : "—");

function Deliveries({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const deliveries = useDeliveries(webhook.gid);
  const redelivery = useRedeliver(webhook.gid);
  const busy = redelivery.isPending ? (redelivery.variables?.gid ?? null) : null;
  const redeliver = (delivery: Delivery) =>
    redelivery.mutate(delivery, { onSuccess: () => notifySuccess(t("webhooks.redelivered")) });
  if (deliveries.isPending) return <Skeleton h={80} />;
  if (!deliveries.data?.length)
    return (
      <Text size="sm" c="dimmed" py="sm">
        {t("webhooks.noDeliveries")}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={6} fz="sm" data-testid="webhook-deliveries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("webhooks.event")}</Table.Th>
            <Table.Th>{t("webhooks.status")}</Table.Th>
            <Table.Th ta="right">{t("webhooks.attempts")}</Table.Th>
            <Table.Th ta="right">{t("webhooks.responseCode")}</Table.Th>
            <Table.Th>{t("webhooks.lastAttempt")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.data.map((delivery) => (
            <Table.Tr key={delivery.gid} data-testid="webhook-delivery">
              <Table.Td>
                <Text size="sm" truncate maw={220}>
                  {delivery.event
                    ? `${delivery.event.resource?.resource_type ?? ""} ${delivery.event.action ?? ""}${
                        delivery.event.change?.field ? ` · ${delivery.event.change.field}` : ""
                      }`
                    : "—"}
                </Text>
                <Text size="xs" c="dimmed">
                  {when(delivery.created_at)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Tooltip label={delivery.last_error ?? ""} disabled={!delivery.last_error} multiline maw={320}>
                  <Badge variant="light" color={STATUS_COLORS[delivery.status] ?? "gray"}>
                    {t(`webhooks.state.${delivery.status}`, { defaultValue: delivery.status })}
                  </Badge>
                </Tooltip>
              </Table.Td>
              <Table.Td ta="right">{delivery.attempts}</Table.Td>
              <Table.Td ta="right">
                <Text size="sm" c={delivery.response_code && delivery.response_code >= 300 ? "red" : undefined}>
                  {delivery.response_code ?? "—"}
                </Text>
              </Table.Td>
              <Table.Td>{when(delivery.last_attempt_at)}</Table.Td>
              <Table.Td ta="right">
                <Button
                  size="compact-xs"
                  variant="default"
                  leftSection={<IconRefresh size={12} />}
                  loading={busy === delivery.gid}
                  onClick={() => redeliver(delivery)}
                  data-testid="webhook-redeliver"
                >
                  {t("webhooks.redeliver")}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function WebhookRow({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const failing =
    webhook.last_failure_at && (!webhook.last_success_at || webhook.last_failure_at > webhook.last_success_at);
  return (
    <Paper withBorder radius="md" p="sm" data-testid="webhook-row">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={() => setOpen(!open)}
            aria-label={t("webhooks.deliveries")}
            data-testid="webhook-open"
          >
            <IconChevronRight size={16} style={{ transform: open ? "rotate(90deg)" : "none", transition: "120ms" }} />
          </ActionIcon>
          <Box style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} truncate>
              {webhook.target}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {t(`webhooks.resource.${webhook.resource.resource_type}`, {
                defaultValue: webhook.resource.resource_type,
              })}
              {webhook.resource.name ? ` · ${webhook.resource.name}` : ""} · {t("webhooks.lastSuccess")}:{" "}
              {when(webhook.last_success_at)}
            </Text>
          </Box>
        </Group>
        <Badge variant="light" color={!webhook.active ? "gray" : failing ? "red" : "teal"}>
          {!webhook.active ? t("webhooks.inactive") : failing ? t("webhooks.failing") : t("webhooks.active")}
        </Badge>
      </Group>
      {failing && webhook.last_failure_content && (
        <Text size="xs" c="red" mt={4} ml={40} lineClamp={2}>
          {webhook.last_failure_content}
        </Text>
      )}
      {open && (
        <Box mt="sm" ml={40}>
          <Deliveries webhook={webhook} />
        </Box>
      )}
    </Paper>
  );
}

// Workspace settings → Webhooks: every webhook the person may see, each with its delivery log.
export function WebhooksPage() {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const webhooks = useWebhooks(workspace?.gid);
  return (
    <Box p="xl" maw={1000} w="100%" mx="auto" data-testid="webhooks-page">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700} style={{ letterSpacing: 0.5 }}>
        {t("webhooks.settings")}
      </Text>
      <Group gap="sm" mb={4}>
        <IconWebhook size={22} />
        <Title order={1} size="h2">
          {t("webhooks.title")}
        </Title>
      </Group>
      <Text c="dimmed" size="sm" mb="lg">
        {t("webhooks.subtitle")}
      </Text>
      {webhooks.isPending ? (
        <Stack>
          {[0, 1].map((index) => (
            <Skeleton key={index} h={60} radius="md" />
          ))}
        </Stack>
      ) : webhooks.isError ? (
        <EmptyState icon={IconWebhook} title={t("errors.title")} text={t("webhooks.loadFailed")} />
      ) : (webhooks.data ?? []).length === 0 ? (
        <EmptyState icon={IconWebhook} title={t("webhooks.emptyTitle")} text={t("webhooks.emptyText")} />
      ) : (
        <Stack gap="sm">
          {(webhooks.data ?? []).map((webhook) => (
            <WebhookRow key={webhook.gid} webhook={webhook} />
          ))}
        </Stack>
      )}
    </Box>
  );
}
