import { ActionIcon, Button, Group, Stack, Text, TextInput, Tooltip, UnstyledButton } from "@mantine/core";
import { IconClockPlus, IconPencil, IconPlayerPlayFilled, IconPlayerStopFilled, IconTrash } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspace } from "../../app/workspace";
import { formatMinutes, parseDuration } from "./duration";
import { type EntryInput, useSetEstimate, useStartTimer, useStopTimer, useTimeEntryActions } from "./mutations";
import { type TimeEntry, useEntries, useTaskTime, useTimer } from "./queries";
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

function Estimate({ taskGid, minutes, editable }: { taskGid: string; minutes: number | null; editable: boolean }) {
  const { t } = useTranslation();
  const setEstimate = useSetEstimate(taskGid).mutate;
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState("");
  const [error, setError] = useState(false);
  const save = () => {
    const text = value.trim();
    const next = text ? parseDuration(text) : null;
    if (text && !next) {
      setError(true);
      return;
    }
    setEditing(false);
    setEstimate(next);
  };
  if (!editable) {
    return (
      <Text size="sm" c={minutes ? undefined : "dimmed"} data-testid="time-estimate">
        {minutes ? formatMinutes(minutes) : t("time.noEstimate")}
      </Text>
    );
  }
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

// The task pane's "Time" row: timer, logged vs estimate, entries with add/edit/delete of one's own. Who may not log
// time on the task sees what was logged; who may not edit it sees the estimate without changing it.
export function TaskTime({ taskGid, canLog, canEdit }: { taskGid: string; canLog: boolean; canEdit: boolean }) {
  const { t } = useTranslation();
  const { me } = useWorkspace();
  const timer = useTimer();
  const entries = useEntries(taskGid);
  const totals = useTaskTime(taskGid);
  const start = useStartTimer();
  const stop = useStopTimer();
  const entryActions = useTimeEntryActions(taskGid);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const running = timer.data?.task.gid === taskGid ? timer.data : null;

  const toggle = () => (running ? stop.mutate() : start.mutate(taskGid));
  // The form stays open, with what was typed, when the server refuses (the notification says why).
  const add = (input: EntryInput) =>
    entryActions.add.mutateAsync(input).then(
      () => setAdding(false),
      () => undefined,
    );
  const update = (entry: TimeEntry, input: EntryInput) =>
    entryActions.update.mutateAsync({ entry, input }).then(
      () => setEditing(null),
      () => undefined,
    );
  const remove = (entry: TimeEntry) => entryActions.remove.mutate(entry);

  const logged = totals.data?.actual_time_minutes ?? 0;
  const estimate = totals.data?.estimated_minutes ?? null;
  const list = entries.data ?? [];
  const today = dayjs().format("YYYY-MM-DD");

  return (
    <Stack gap={6} data-testid="task-time">
      <Group gap="sm" wrap="wrap">
        {canLog && (
          <Button
            size="compact-sm"
            variant={running ? "filled" : "light"}
            color={running ? "red" : "takt"}
            leftSection={running ? <IconPlayerStopFilled size={12} /> : <IconPlayerPlayFilled size={12} />}
            onClick={toggle}
            loading={start.isPending || stop.isPending}
            data-testid="timer-toggle"
            data-running={running ? "true" : "false"}
          >
            {running ? <TimerClock since={running.since} /> : t("time.start")}
          </Button>
        )}
        <Group gap={4} wrap="nowrap">
          <Text size="sm" data-testid="time-logged">
            {t("time.logged", { time: formatMinutes(logged) })}
          </Text>
          <Text size="sm" c="dimmed">
            /
          </Text>
          <Estimate taskGid={taskGid} minutes={estimate} editable={canEdit} />
        </Group>
        {canLog && !adding && (
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
                {canLog && entry.created_by.gid === me.gid && (
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
