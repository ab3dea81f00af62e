import { Button, Group, Modal, Paper, Stack, Text, Textarea } from "@mantine/core";
import { IconCheck, IconPencil, IconX } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { keys, patchTaskEverywhere, TASK_DETAIL_FIELDS } from "../../api/queries";
import type { TaskDetail } from "../../api/types";
import { notifyError, notifySuccess } from "../../components/notify";

type Decision = "approve" | "requestChanges" | "reject";
const STATUS: Record<Decision, TaskDetail["approval_status"]> = {
  approve: "approved",
  requestChanges: "changes_requested",
  reject: "rejected",
};

// For approval tasks: the approver (usually the client) decides; a change request or rejection says why.
export function ApprovalActions({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [asking, setAsking] = useState<Decision | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState<Decision | null>(null);
  if (task.resource_subtype !== "approval") return null;

  const decide = async (decision: Decision, text?: string) => {
    setBusy(decision);
    try {
      const updated = await api.post<TaskDetail>(`/tasks/${task.gid}/${decision}`, text ? { text } : {}, {
        opt_fields: TASK_DETAIL_FIELDS,
      });
      patchTaskEverywhere(client, task.gid, { approval_status: updated?.approval_status ?? STATUS[decision] });
      client.invalidateQueries({ queryKey: keys.stories(task.gid) });
      notifySuccess(t(`portal.approval.done.${decision}`));
      setAsking(null);
      setNote("");
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  const status = task.approval_status ?? "pending";
  return (
    <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-gray-0)" data-testid="approval-actions">
      <Stack gap={8}>
        <Text size="sm" c="dimmed">
          {status === "pending" ? t("portal.approval.prompt") : t("portal.approval.decided")}
        </Text>
        <Group gap="xs">
          <Button
            size="xs"
            color="teal"
            variant={status === "approved" ? "filled" : "light"}
            leftSection={<IconCheck size={14} />}
            loading={busy === "approve"}
            onClick={() => decide("approve")}
            data-testid="approve"
          >
            {t("portal.approval.approve")}
          </Button>
          <Button
            size="xs"
            color="yellow"
            variant={status === "changes_requested" ? "filled" : "light"}
            leftSection={<IconPencil size={14} />}
            onClick={() => setAsking("requestChanges")}
            data-testid="request-changes"
          >
            {t("portal.approval.requestChanges")}
          </Button>
          <Button
            size="xs"
            color="red"
            variant={status === "rejected" ? "filled" : "light"}
            leftSection={<IconX size={14} />}
            onClick={() => setAsking("reject")}
            data-testid="reject"
          >
            {t("portal.approval.reject")}
          </Button>
        </Group>
      </Stack>
      <Modal
        opened={asking !== null}
        onClose={() => setAsking(null)}
        title={asking ? t(`portal.approval.${asking}`) : ""}
        centered
      >
        <Stack>
          <Textarea
            label={asking === "requestChanges" ? t("portal.approval.whatToChange") : t("portal.approval.why")}
            autosize
            minRows={3}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            data-autofocus
            data-testid="approval-note"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(null)}>
              {t("common.cancel")}
            </Button>
            <Button
              color={asking === "reject" ? "red" : "yellow"}
              disabled={asking === "requestChanges" && !note.trim()}
              loading={busy === asking}
              onClick={() => asking && decide(asking, note.trim() || undefined)}
              data-testid="approval-confirm"
            >
              {asking ? t(`portal.approval.${asking}`) : ""}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
