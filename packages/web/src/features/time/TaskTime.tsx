import { ActionIcon, Button, Group, Stack, Text, TextInput, Tooltip, UnstyledButton } from "@mantine/core";
import { IconClockPlus, IconPencil, IconPlayerPlayFilled, IconPlayerStopFilled, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useWorkspace } from "../../app/workspace";
import { notifyError } from "../../components/notify";
import {
  invalidateTime,
  startTimer,
  stopTimer,
  type TimeEntry,
  timeKeys,
  useEntries,
  useTaskTime,
  useTimer,
} from "./api";
import { formatMinutes, parseDuration } from "./duration";
import { TimerClock } from "./TimerClock";

interface Draft {
  duration: string;
  date: string;
  note: string;
}

function EntryForm({
  initial,
  onSave,
  onCancel,
}: {
  initial: Draft;
  onSave(input: { duration_minutes: number; entered_on: string; description: string }): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const minutes = parseDuration(draft.duration);
    if (!minutes) {
      setError(t("time.badDuration"));
      return;
    }
    setBusy(true);
    try {
      await onSave({ duration_minutes: minutes, entered_on: draft.date, description: draft.note.trim() });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={6} data-testid="time-entry-form">
      <Group gap={6} wrap="nowrap" align="flex-start">
        <TextInput
          size="xs"
          w={110}
          autoFocus
          placeholder={t("time.durationPlaceholder")}
          aria-label={t("time.duration")}
          value={draft.duration}
          error={error}
          onChange={(event) => {
            setDraft({ ...draft, duration: event.currentTarget.value });
            setError(null);
          }}
          onKeyDown={(event) => event.key === "Enter" && submit()}
          data-testid="time-duration"
        />
        <TextInput
          size="xs"
          w={140}
          type="date"
          aria-label={t("time.date")}
          value={draft.date}
          onChange={(event) => setDraft({ ...draft, date: event.currentTarget.value })}
          data-testid="time-date"
        />
      </Group>
      <TextInput
        size="xs"
        placeholder={t("time.notePlaceholder")}
        aria-label={t("time.note")}
        value={draft.note}
        onChange={(event) => setDraft({ ...draft, note: event.currentTarget.value })}
        onKeyDown={(event) => event.key === "Enter" && submit()}
        data-testid="time-note"
      />
      <Group gap={6}>
        <Button size="compact-xs" onClick={submit} loading={busy} disabled={!draft.date} data-testid="time-save">
          {t("common.save")}
        </Button>
        <Button size="compact-xs" variant="subtle" color="gray" onClick={onCancel}>
          {t("common.cancel")}
        </Button>
      </Group>
    </Stack>
  );
}

function Estimate({ taskGid, minutes }: { taskGid: string; minutes: number | null }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState("");
  const [error, setError] = useState(false);
  const save = async () => {
    const text = value.trim();
    const next = text ? parseDuration(text) : null;
    if (text && !next) {
      setError(true);
      return;
    }
    setEditing(false);
    try {
      await api.put(`/tasks/${taskGid}`, { estimated_minutes: next });
      client.setQueryData(timeKeys.taskTime(taskGid), (current: object | undefined) =>
        current ? { ...current, estimated_minutes: next } : current,
      );
    } catch (failure) {
      notifyError(failure);
    }
    client.invalidateQueries({ queryKey: timeKeys.taskTime(taskGid) });
  };
  if (editing) {
    return (
      <TextInput
        size="xs"
        w={110}
        autoFocus
        value={value}
        error={error}
        placeholder={t("time.durationPlaceholder")}
        aria-label={t("time.estimate")}
        onChange={(event) => {
          setValue(event.currentTarget.value);
          setError(false);
        }}
        onBlur={save}
        onKeyDown={(event) => {
          if (event.key === "Enter") save();
          if (event.key === "Escape") setEditing(false);
        }}
        data-testid="time-estimate-input"
      />
    );
  }
  return (
    <Tooltip label={t("time.editEstimate")}>
      <UnstyledButton
        onClick={() => {
          setValue(minutes ? formatMinutes(minutes) : "");
          setEditing(true);
        }}
        data-testid="time-estimate"
      >
        <Text size="sm" c={minutes ? undefined : "dimmed"} td="underline dotted">
          {minutes ? formatMinutes(minutes) : t("time.noEstimate")}
        </Text>
      </UnstyledButton>
    </Tooltip>
  );
}

// The task pane's "Time" row: timer, logged vs estimate, entries with add/edit/delete of one's own.
export function TaskTime({ taskGid }: { taskGid: string }) {
  const { t } = useTranslation();
  const { me } = useWorkspace();
  const client = useQueryClient();
  const timer = useTimer();
  const entries = useEntries(taskGid);
  const totals = useTaskTime(taskGid);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const running = timer.data?.task.gid === taskGid ? timer.data : null;

  const toggle = async () => {
    setBusy(true);
    try {
      if (running) await stopTimer(client);
      else await startTimer(client, taskGid);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  const add = async (input: { duration_minutes: number; entered_on: string; description: string }) => {
    try {
      await api.post(`/tasks/${taskGid}/time_tracking_entries`, input);
      setAdding(false);
      invalidateTime(client, taskGid);
    } catch (error) {
      notifyError(error);
    }
  };

  const update = async (
    entry: TimeEntry,
    input: { duration_minutes: number; entered_on: string; description: string },
  ) => {
    try {
      await api.put(`/time_tracking_entries/${entry.gid}`, input);
      setEditing(null);
      invalidateTime(client, taskGid);
    } catch (error) {
      notifyError(error);
    }
  };

  const remove = async (entry: TimeEntry) => {
    const key = timeKeys.entries(taskGid);
    const previous = client.getQueryData<TimeEntry[]>(key);
    client.setQueryData<TimeEntry[]>(key, (list) => (list ?? []).filter((item) => item.gid !== entry.gid));
    try {
      await api.delete(`/time_tracking_entries/${entry.gid}`);
      invalidateTime(client, taskGid);
    } catch (error) {
      client.setQueryData(key, previous);
      notifyError(error);
    }
  };

  const logged = totals.data?.actual_time_minutes ?? 0;
  const estimate = totals.data?.estimated_minutes ?? null;
  const list = entries.data ?? [];
  const today = dayjs().format("YYYY-MM-DD");

  return (
    <Stack gap={6} data-testid="task-time">
      <Group gap="sm" wrap="wrap">
        <Button
          size="compact-sm"
          variant={running ? "filled" : "light"}
          color={running ? "red" : "takt"}
          leftSection={running ? <IconPlayerStopFilled size={12} /> : <IconPlayerPlayFilled size={12} />}
          onClick={toggle}
          loading={busy}
          data-testid="timer-toggle"
          data-running={running ? "true" : "false"}
        >
          {running ? <TimerClock since={running.since} /> : t("time.start")}
        </Button>
        <Group gap={4} wrap="nowrap">
          <Text size="sm" data-testid="time-logged">
            {t("time.logged", { time: formatMinutes(logged) })}
          </Text>
          <Text size="sm" c="dimmed">
            /
          </Text>
          <Estimate taskGid={taskGid} minutes={estimate} />
        </Group>
        {!adding && (
          <Tooltip label={t("time.add")}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              onClick={() => setAdding(true)}
              aria-label={t("time.add")}
              data-testid="time-add"
            >
              <IconClockPlus size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      {estimate !== null && logged > estimate && (
        <Text size="xs" c="red">
          {t("time.over", { time: formatMinutes(logged - estimate) })}
        </Text>
      )}
      {adding && (
        <EntryForm initial={{ duration: "", date: today, note: "" }} onSave={add} onCancel={() => setAdding(false)} />
      )}
      {list.length > 0 && (
        <Stack gap={2} data-testid="time-entries">
          {list.map((entry) =>
            editing === entry.gid ? (
              <EntryForm
                key={entry.gid}
                initial={{
                  duration: formatMinutes(entry.duration_minutes),
                  date: entry.entered_on,
                  note: entry.description ?? "",
                }}
                onSave={(input) => update(entry, input)}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <Group key={entry.gid} gap={8} wrap="nowrap" className="takt-time-entry" data-testid="time-entry">
                <Text size="xs" c="dimmed" w={52} style={{ flexShrink: 0 }}>
                  {dayjs(entry.entered_on).format(t("feed.dayFormat"))}
                </Text>
                <Text size="xs" fw={600} w={64} style={{ flexShrink: 0 }}>
                  {formatMinutes(entry.duration_minutes)}
                </Text>
                <Text size="xs" c="dimmed" truncate style={{ flex: 1, minWidth: 0 }}>
                  {entry.created_by.name}
                  {entry.description ? ` · ${entry.description}` : ""}
                </Text>
                {entry.created_by.gid === me.gid && (
                  <Group gap={0} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="xs"
                      onClick={() => setEditing(entry.gid)}
                      aria-label={t("time.edit")}
                      data-testid="time-entry-edit"
                    >
                      <IconPencil size={12} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="xs"
                      onClick={() => remove(entry)}
                      aria-label={t("time.delete")}
                      data-testid="time-entry-delete"
                    >
                      <IconTrash size={12} />
                    </ActionIcon>
                  </Group>
                )}
              </Group>
            ),
          )}
        </Stack>
      )}
      {list.length === 0 && !adding && entries.isSuccess && (
        <Text size="xs" c="dimmed">
          {t("time.noEntries")}
        </Text>
      )}
    </Stack>
  );
}
