import { Alert, Button, Group, Radio, Stack, Text } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Modal } from "../../components/Dialog";
import { useSprintActions } from "./mutations";
import { pointsOf, type Sprint, sumPoints, useSprintTasks } from "./queries";

// Ends a sprint: says what is done and asks where the unfinished tasks go (the backlog or a planned sprint).
export function CompleteSprintModal({
  projectGid,
  sprint,
  sprints,
  onClose,
  onCompleted,
}: {
  projectGid: string;
  sprint: Sprint | null;
  sprints: Sprint[];
  onClose(): void;
  onCompleted(sprint: Sprint): void;
}) {
  const { t } = useTranslation();
  const tasks = useSprintTasks(sprint?.gid);
  const { complete } = useSprintActions(projectGid);
  const [target, setTarget] = useState("backlog");
  const planned = sprints.filter((item) => item.state === "planned" && item.gid !== sprint?.gid);
  useEffect(() => {
    if (sprint) setTarget("backlog");
  }, [sprint]);

  const rows = tasks.data ?? [];
  const done = rows.filter((task) => task.completed);
  const open = rows.filter((task) => !task.completed);

  const submit = () => {
    if (!sprint) return;
    complete.mutate(
      { sprint: sprint.gid, moveIncompleteTo: target },
      {
        onSuccess: () => {
          onClose();
          onCompleted(sprint);
        },
      },
    );
  };

  return (
    <Modal
      opened={!!sprint}
      onClose={onClose}
      title={t("sprints.completeTitle", { name: sprint?.name ?? "" })}
      centered
    >
      <Stack gap="md" data-testid="complete-dialog">
        <Group grow>
          <Stack gap={0} align="center" className="takt-stat">
            <Text fz={26} fw={700} c="teal.7" data-testid="complete-done">
              {done.length}
            </Text>
            <Text size="xs" c="dimmed">
              {t("sprints.doneTasks", pointsOf(sumPoints(done)))}
            </Text>
          </Stack>
          <Stack gap={0} align="center" className="takt-stat">
            <Text fz={26} fw={700} c={open.length ? "orange.7" : "dimmed"} data-testid="complete-open">
              {open.length}
            </Text>
            <Text size="xs" c="dimmed">
              {t("sprints.openTasks", pointsOf(sumPoints(open)))}
            </Text>
          </Stack>
        </Group>
        {open.length > 0 ? (
          <Radio.Group value={target} onChange={setTarget} label={t("sprints.moveOpenTo", { count: open.length })}>
            <Stack gap={8} mt={8}>
              <Radio value="backlog" label={t("sprints.backlog")} data-testid="move-to-backlog" />
              {planned.map((item) => (
                <Radio key={item.gid} value={item.gid} label={item.name} data-testid="move-to-sprint" />
              ))}
            </Stack>
          </Radio.Group>
        ) : (
          <Alert color="teal" variant="light" icon={<IconInfoCircle size={18} />}>
            {t("sprints.allDone")}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            onClick={submit}
            loading={complete.isPending}
            disabled={tasks.isPending}
            data-testid="confirm-complete"
          >
            {t("sprints.complete")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
