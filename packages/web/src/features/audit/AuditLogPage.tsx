import { Alert, Badge, Box, Button, Group, Paper, Select, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { IconShieldLock } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { errorMessage } from "../../components/notify";
import { useWorkspaceUsers } from "../users/queries";
import { type AuditLogEvent, useAuditEvents } from "./queries";

// Every event type the server records, in the order the filter lists them.
export const AUDIT_EVENT_TYPES = [
  "user_login_succeeded",
  "user_login_failed",
  "user_logged_out",
  "user_password_changed",
  "user_password_reset_requested",
  "user_password_reset",
  "personal_access_token_created",
  "personal_access_token_revoked",
  "user_workspace_role_changed",
  "user_added_to_workspace",
  "user_removed_from_workspace",
  "user_invited",
  "invitation_revoked",
  "project_member_added",
  "project_member_removed",
  "project_member_access_changed",
  "team_member_added",
  "team_member_removed",
  "team_privacy_changed",
  "team_permissions_changed",
  "workspace_exported",
  "project_exported",
  "secret_revealed",
  "task_deleted",
  "project_deleted",
  "section_deleted",
  "custom_field_deleted",
  "tag_deleted",
  "attachment_deleted",
  "team_deleted",
  "webhook_deleted",
] as const;

const CATEGORY_COLORS: Record<string, string> = {
  logins: "blue",
  account_settings: "indigo",
  apps: "grape",
  permissions: "orange",
  user_management: "cyan",
  content_export: "yellow",
  content_access: "pink",
  deletion: "red",
};

const _PAGE = 50;

const CONTEXT_LABELS: Record<string, string> = { web: "audit.viaWeb", api: "audit.viaApi" };

function detailText(event: AuditLogEvent): string {
  const details = event.details as {
    user?: { name?: string; email?: string };
    old_value?: string;
    new_value?: string;
    format?: string;
    task?: { name?: string } | null;
    role?: string;
  };
  const parts: string[] = [];
  if (details.user) parts.push(details.user.name ?? details.user.email ?? "");
  if (details.old_value || details.new_value) parts.push(`${details.old_value ?? "—"} → ${details.new_value ?? "—"}`);
  if (details.role) parts.push(details.role);
  if (details.format) parts.push(details.format.toUpperCase());
  if (details.task?.name) parts.push(details.task.name);
  return parts.filter(Boolean).join(" · ");
}

// Admin settings: who signed in, changed access, exported, revealed or deleted what.
export function AuditLogPage() {
  const { t } = useTranslation();
  const { workspace, abilities } = useWorkspace();
  // The log is for who the workspace's abilities say may read it.
  const forbidden = !!abilities && !abilities.view_audit_log;
  const users = useWorkspaceUsers(forbidden ? undefined : workspace?.gid);
  const [eventType, setEventType] = useState<string | null>(null);
  const [actor, setActor] = useState<string | null>(null);

  const events = useAuditEvents(workspace?.gid, { event_type: eventType, actor_gid: actor }, !!abilities && !forbidden);
  const rows = events.data?.pages.flatMap((page) => page.data) ?? [];

  const actorName = (event: AuditLogEvent) => {
    if (event.actor.actor_type === "user") return event.actor.name ?? event.actor.email ?? event.actor.gid;
    return event.actor.actor_type === "anonymous" ? t("audit.anonymous") : t("audit.system");
  };

  return (
    <Box p="lg" maw={1200} w="100%" mx="auto">
      <Group gap="sm" mb={4}>
        <IconShieldLock size={22} />
        <Title order={1} size="h2">
          {t("audit.title")}
        </Title>
      </Group>
      <Text c="dimmed" size="sm" mb="lg">
        {t("audit.subtitle")}
      </Text>
      {forbidden ? (
        <Alert color="orange" variant="light" data-testid="audit-forbidden">
          {t("audit.forbidden")}
        </Alert>
      ) : (
        <Stack>
          <Group gap="sm">
            <Select
              label={t("audit.filterType")}
              placeholder={t("audit.allTypes")}
              clearable
              searchable
              w={280}
              value={eventType}
              onChange={setEventType}
              data={AUDIT_EVENT_TYPES.map((type) => ({ value: type, label: t(`audit.types.${type}`) }))}
              data-testid="audit-filter-type"
            />
            <Select
              label={t("audit.filterActor")}
              placeholder={t("audit.anyone")}
              clearable
              searchable
              w={260}
              value={actor}
              onChange={setActor}
              data={(users.data ?? []).map((user) => ({ value: user.gid, label: user.name }))}
              data-testid="audit-filter-actor"
            />
          </Group>
          {events.isPending ? (
            <Stack gap="xs">
              {[0, 1, 2, 3].map((index) => (
                <Skeleton key={index} height={28} />
              ))}
            </Stack>
          ) : events.isError ? (
            <Alert color="red" variant="light">
              {errorMessage(events.error)}
            </Alert>
          ) : rows.length === 0 ? (
            <EmptyState icon={IconShieldLock} title={t("audit.empty")} />
          ) : (
            <Paper withBorder radius="md">
              <Table striped highlightOnHover data-testid="audit-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("audit.when")}</Table.Th>
                    <Table.Th>{t("audit.event")}</Table.Th>
                    <Table.Th>{t("audit.actor")}</Table.Th>
                    <Table.Th>{t("audit.resource")}</Table.Th>
                    <Table.Th>{t("audit.details")}</Table.Th>
                    <Table.Th>{t("audit.context")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((event) => (
                    <Table.Tr key={event.gid} data-testid="audit-row" data-event-type={event.event_type}>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>
                        {dayjs(event.created_at).format("D MMM YYYY, HH:mm:ss")}
                      </Table.Td>
                      <Table.Td>
                        {/* The whole name of the event, on two lines if need be: Russian names are long. */}
                        <Badge
                          variant="light"
                          color={CATEGORY_COLORS[event.event_category] ?? "gray"}
                          radius="sm"
                          tt="none"
                          styles={{
                            root: { height: "auto", paddingBlock: 2, maxWidth: 240 },
                            label: { whiteSpace: "normal", overflow: "visible", textOverflow: "clip", lineHeight: 1.3 },
                          }}
                          data-testid="audit-type"
                        >
                          {t(`audit.types.${event.event_type}`, { defaultValue: event.event_type })}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{actorName(event)}</Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {event.resource.name ?? event.resource.email ?? event.resource.gid ?? "—"}
                        </Text>
                        <Text size="xs" c="dimmed" data-testid="audit-resource-type">
                          {t(`audit.resourceTypes.${event.resource.resource_type}`, {
                            defaultValue: event.resource.resource_type.replace(/_/g, " "),
                          })}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{detailText(event)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed" title={event.context.user_agent}>
                          {[
                            CONTEXT_LABELS[event.context.context_type]
                              ? t(CONTEXT_LABELS[event.context.context_type])
                              : t("audit.system"),
                            event.context.client_ip_address,
                          ]
                            .filter(Boolean)
                            .join(" · ")}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          )}
          {events.hasNextPage && (
            <Group justify="center">
              <Button variant="light" loading={events.isFetchingNextPage} onClick={() => events.fetchNextPage()}>
                {t("audit.loadMore")}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Box>
  );
}
