import { ActionIcon, Group, Paper, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { IconPlayerStopFilled } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { notifyError } from "../../components/notify";
import { useStopTimer } from "./mutations";
import { taskRoute, useTimer } from "./queries";
import { TimerClock } from "./TimerClock";
import "./time.css";

// Top bar: the running timer, linking to its task, with a stop button. Nothing when no timer runs.
export function TimerChip() {
  const { t } = useTranslation();
  const timer = useTimer();
  const stopTimer = useStopTimer();
  const navigate = useNavigate();
  const running = timer.data;
  if (!running) return null;

  const open = async () => {
    try {
      navigate(await taskRoute(running.task.gid));
    } catch (error) {
      notifyError(error);
    }
  };
  const stop = () => stopTimer.mutate();

  return (
    <Paper withBorder radius="xl" px={4} py={2} data-testid="timer-chip" visibleFrom="sm">
      <Group gap={4} wrap="nowrap">
        <Tooltip label={t("time.openTask")}>
          <UnstyledButton onClick={open} px={6} data-testid="timer-chip-open">
            <Group gap={6} wrap="nowrap">
              <span className="takt-timer-dot" aria-hidden />
              <Text size="sm" fw={600} c="red.7">
                <TimerClock since={running.since} />
              </Text>
              <Text size="sm" maw={160} truncate>
                {running.task.name}
              </Text>
            </Group>
          </UnstyledButton>
        </Tooltip>
        <Tooltip label={t("time.stop")}>
          <ActionIcon
            variant="light"
            color="red"
            radius="xl"
            size="sm"
            onClick={stop}
            aria-label={t("time.stop")}
            data-testid="timer-chip-stop"
          >
            <IconPlayerStopFilled size={12} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Paper>
  );
}
