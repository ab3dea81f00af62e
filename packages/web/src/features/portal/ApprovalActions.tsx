import { Button, Group, Paper, Stack, Text, Textarea } from "@mantine/core";
import { IconCheck, IconPencil, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TaskDetail } from "../../api/types";
import { Modal } from "../../components/Dialog";
import { notifySuccess } from "../../components/notify";
import { type Decision, useDecideApproval } from "./mutations";

// For approval tasks: the approver (usually the client) decides; a change request or rejection says why.
export function ApprovalActions({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const decision = useDecideApproval(task);
  const [asking, setAsking] = useState<Decision | null>(null);
  const [note, setNote] = useState("");
  if (task.resource_subtype !== "approval" || !task.permissions?.approve) return null;
  const busy = decision.isPending ? decision.variables?.decision : null;

  const decide = (choice: Decision, text?: string) =>
    decision.mutate(
      { decision: choice, text },
      {
        onSuccess: () => {
          notifySuccess(t(`portal.approval.done.${choice}`));
          setAsking(null);
          setNote("");
        },
      },
    );

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
