import { Button, Group, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconTrash } from "@tabler/icons-react";
import type { QueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { notifyError, notifySuccess } from "../../components/notify";
import i18n from "../../i18n";

// After a delete: "Task deleted · Undo" (or a project, with its own messages). Undo restores it from the trash (for 30 days the trash can too).
export function notifyDeletedWithUndo(
  client: QueryClient,
  taskGid: string,
  name: string,
  onRestored?: () => void,
  messages: { deleted: string; restored: string } = {
    deleted: "admin.trash.deleted",
    restored: "admin.trash.restored",
  },
) {
  const id = `deleted-${taskGid}`;
  const undo = async () => {
    notifications.hide(id);
    try {
      await api.post(`/trash/${taskGid}/restore`);
      // Every list that showed the task reads again.
      await client.invalidateQueries();
      notifySuccess(i18n.t(messages.restored, { name }));
      onRestored?.();
    } catch (error) {
      notifyError(error);
    }
  };
  notifications.show({
    id,
    color: "gray",
    icon: <IconTrash size={16} />,
    autoClose: 8000,
    message: (
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm">{i18n.t(messages.deleted, { name })}</Text>
        <Button size="compact-sm" variant="light" onClick={undo} data-testid="undo-delete">
          {i18n.t("admin.trash.undo")}
        </Button>
      </Group>
    ),
  });
}
