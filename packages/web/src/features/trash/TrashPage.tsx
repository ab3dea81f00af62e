import { Badge, Button, Group, Paper, ScrollArea, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import type { TrashItem } from "@takt/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { notifyError, notifySuccess } from "../../components/notify";

// What the caller deleted in the last 30 days, each with Restore.
export function TrashPage() {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const client = useQueryClient();
  const items = useQuery({
    queryKey: ["trash", workspace?.gid ?? ""],
    enabled: !!workspace,
    queryFn: () => api.all<TrashItem>(`/workspaces/${workspace?.gid}/trash`),
  });
  const restore = useMutation({
    mutationFn: (item: TrashItem) => api.post(`/trash/${item.resource.gid}/restore`),
    onSuccess: (_data, item) => {
      notifySuccess(
        t(item.resource.resource_type === "project" ? "admin.project.restored" : "admin.trash.restored", {
          name: item.resource.name,
        }),
      );
      client.invalidateQueries();
    },
    onError: (error) => notifyError(error),
  });
  return (
    <ScrollArea style={{ flex: 1 }}>
      <Stack p="lg" gap="md" maw={900}>
        <div>
          <Title order={1} size="h2">
            {t("admin.trash.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("admin.trash.subtitle")}
          </Text>
        </div>
        <Paper withBorder radius="md">
          {items.isPending ? (
            <Skeleton h={80} m="md" />
          ) : (items.data ?? []).length === 0 ? (
            <EmptyState icon={IconTrash} title={t("admin.trash.empty")} />
          ) : (
            <Stack gap={0}>
              {(items.data ?? []).map((item) => (
                <Group
                  key={item.gid}
                  justify="space-between"
                  px="md"
                  py="sm"
                  wrap="nowrap"
                  style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
                  data-testid="trash-item"
                  data-task-name={item.resource.name}
                >
                  <div style={{ minWidth: 0 }}>
                    <Group gap={6} wrap="nowrap">
                      {item.resource.resource_type === "project" && (
                        <Badge size="xs" variant="light" color="gray">
                          {t("admin.trash.project")}
                        </Badge>
                      )}
                      <Text size="sm" fw={500} truncate>
                        {item.resource.name}
                      </Text>
                    </Group>
                    <Text size="xs" c="dimmed">
                      {item.project && (
                        <>
                          <Link to={`/projects/${item.project.gid}`}>{item.project.name}</Link>
                          {" · "}
                        </>
                      )}
                      {t("admin.trash.deletedOn", { date: dayjs(item.deleted_at).format("D MMM, HH:mm") })}
                      {" · "}
                      {t("admin.trash.expires", { date: dayjs(item.expires_at).format("D MMM") })}
                    </Text>
                  </div>
                  <Button
                    size="xs"
                    variant="default"
                    loading={restore.isPending && restore.variables?.gid === item.gid}
                    onClick={() => restore.mutate(item)}
                    data-testid="trash-restore"
                  >
                    {t("admin.trash.restore")}
                  </Button>
                </Group>
              ))}
            </Stack>
          )}
        </Paper>
      </Stack>
    </ScrollArea>
  );
}
