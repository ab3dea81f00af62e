import { Button, Chip, Group, NumberInput, Popover, Radio, Select, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconRepeat } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TaskDetail } from "../../api/types";
import { useWorkspace } from "../../app/workspace";
import { useSetRecurrence } from "./mutations";
import { useRecurrence } from "./queries";
import { fromRule, type RecurrenceRule, type RecurrenceSpec, toRule, WEEKDAYS, type Weekday } from "./rrule";

// dayjs counts Sunday as 0; our list starts on Monday.
const dayIndex = (day: Weekday) => (WEEKDAYS.indexOf(day) + 1) % 7;

// "Repeats" in the task pane: the server's words for the rule, and a picker to change it.
export function RecurrencePicker({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const { me } = useWorkspace();
  const query = useRecurrence(task.gid, me.language);
  const setRecurrence = useSetRecurrence(task.gid, me.language);
  const current = query.data?.recurrence ?? null;
  const [opened, setOpened] = useState(false);
  const [spec, setSpec] = useState<RecurrenceSpec>(() => fromRule(null, task.due_on));
  const patch = (change: Partial<RecurrenceSpec>) => setSpec((value) => ({ ...value, ...change }));

  const open = () => {
    const next = fromRule(current?.rule, task.due_on);
    if (!current) next.frequency = "weekly";
    setSpec(next);
    setOpened(true);
  };

  const save = (rule: RecurrenceRule | null) => setRecurrence.mutate(rule, { onSuccess: () => setOpened(false) });
  const busy = setRecurrence.isPending;

  const weekdayName = (day: Weekday, format: "dd" | "dddd") => dayjs().day(dayIndex(day)).format(format);
  const unit = {
    daily: "recurrence.days",
    weekly: "recurrence.weeks",
    monthly: "recurrence.months",
    yearly: "recurrence.years",
  }[spec.frequency as "daily"];
  const invalid = spec.frequency === "weekly" && spec.weekdays.length === 0;

  const face = (
    <Group gap={6} wrap="nowrap">
      <IconRepeat size={16} color={current ? "var(--mantine-color-takt-6)" : "var(--mantine-color-gray-5)"} />
      <Text size="sm" c={current ? undefined : "dimmed"} data-testid="recurrence-text">
        {current ? current.text : t("recurrence.none")}
      </Text>
    </Group>
  );
  // Who may not edit the task reads the rule; the picker is for who may.
  if (!task.permissions?.edit) {
    return (
      <Group px={4} py={2} data-testid="pane-recurrence">
        {face}
      </Group>
    );
  }

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-start"
      shadow="md"
      width={340}
      withinPortal
      trapFocus
    >
      <Popover.Target>
        <UnstyledButton
          onClick={() => (opened ? setOpened(false) : open())}
          data-testid="pane-recurrence"
          px={4}
          py={2}
        >
          {face}
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown p="md" data-testid="recurrence-picker">
        <Stack gap="sm">
          <Select
            label={t("recurrence.repeat")}
            value={spec.frequency === "none" ? "weekly" : spec.frequency}
            onChange={(value) => value && patch({ frequency: value as RecurrenceSpec["frequency"] })}
            allowDeselect={false}
            comboboxProps={{ withinPortal: false }}
            data={[
              { value: "daily", label: t("recurrence.daily") },
              { value: "weekly", label: t("recurrence.weekly") },
              { value: "monthly", label: t("recurrence.monthly") },
              { value: "yearly", label: t("recurrence.yearly") },
              { value: "after_completion", label: t("recurrence.afterCompletion") },
            ]}
            data-testid="recurrence-frequency"
          />
          {spec.frequency === "after_completion" ? (
            <Group gap="xs" wrap="nowrap">
              <NumberInput
                w={90}
                min={1}
                max={3650}
                value={spec.afterDays}
                onChange={(value) => patch({ afterDays: Number(value) || 1 })}
                data-testid="recurrence-after-days"
              />
              <Text size="sm">{t("recurrence.daysAfterCompletion", { count: spec.afterDays })}</Text>
            </Group>
          ) : (
            <Group gap="xs" wrap="nowrap">
              <Text size="sm">{t("recurrence.every")}</Text>
              <NumberInput
                w={80}
                min={1}
                max={99}
                value={spec.interval}
                onChange={(value) => patch({ interval: Number(value) || 1 })}
                data-testid="recurrence-interval"
              />
              <Text size="sm">{t(unit, { count: spec.interval })}</Text>
            </Group>
          )}
          {spec.frequency === "weekly" && (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t("recurrence.onDays")}
              </Text>
              <Chip.Group multiple value={spec.weekdays} onChange={(value) => patch({ weekdays: value as Weekday[] })}>
                <Group gap={4}>
                  {WEEKDAYS.map((day) => (
                    <Chip
                      key={day}
                      value={day}
                      size="xs"
                      radius="sm"
                      icon={null}
                      styles={{ label: { paddingInline: 8 } }}
                      data-testid={`recurrence-day-${day}`}
                      title={weekdayName(day, "dddd")}
                    >
                      {weekdayName(day, "dd")}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </Stack>
          )}
          {spec.frequency === "monthly" && (
            <Radio.Group value={spec.monthlyMode} onChange={(value) => patch({ monthlyMode: value as "day" | "nth" })}>
              <Stack gap={8}>
                <Group gap="xs" wrap="nowrap">
                  <Radio value="day" label={t("recurrence.onDay")} data-testid="recurrence-mode-day" />
                  <NumberInput
                    w={72}
                    size="xs"
                    min={1}
                    max={31}
                    value={spec.monthDay}
                    onChange={(value) => patch({ monthDay: Number(value) || 1, monthlyMode: "day" })}
                  />
                </Group>
                <Group gap="xs" wrap="nowrap">
                  <Radio value="nth" label={t("recurrence.onThe")} data-testid="recurrence-mode-nth" />
                  <Select
                    w={100}
                    size="xs"
                    value={String(spec.nth)}
                    onChange={(value) => value && patch({ nth: Number(value), monthlyMode: "nth" })}
                    allowDeselect={false}
                    comboboxProps={{ withinPortal: false }}
                    data={["1", "2", "3", "4", "-1"].map((n) => ({ value: n, label: t(`recurrence.nth.${n}`) }))}
                    data-testid="recurrence-nth"
                  />
                  <Select
                    w={130}
                    size="xs"
                    value={spec.nthWeekday}
                    onChange={(value) => value && patch({ nthWeekday: value as Weekday, monthlyMode: "nth" })}
                    allowDeselect={false}
                    comboboxProps={{ withinPortal: false }}
                    data={WEEKDAYS.map((day) => ({ value: day, label: weekdayName(day, "dddd") }))}
                    data-testid="recurrence-nth-weekday"
                  />
                </Group>
              </Stack>
            </Radio.Group>
          )}
          {spec.frequency === "yearly" && (
            <Group gap="xs" wrap="nowrap">
              <Text size="sm">{t("recurrence.onDate")}</Text>
              <NumberInput
                w={72}
                size="xs"
                min={1}
                max={31}
                value={spec.monthDay}
                onChange={(value) => patch({ monthDay: Number(value) || 1 })}
              />
              <Select
                size="xs"
                style={{ flex: 1 }}
                value={String(spec.month)}
                onChange={(value) => value && patch({ month: Number(value) })}
                allowDeselect={false}
                comboboxProps={{ withinPortal: false }}
                data={Array.from({ length: 12 }, (_, index) => ({
                  value: String(index + 1),
                  label: dayjs().month(index).format("MMMM"),
                }))}
              />
            </Group>
          )}
          <Text size="xs" c="dimmed">
            {spec.frequency === "after_completion" ? t("recurrence.afterHint") : t("recurrence.hint")}
          </Text>
          <Group justify="space-between" mt={4}>
            {current ? (
              <Button variant="subtle" color="red" size="xs" onClick={() => save(null)} disabled={busy}>
                {t("recurrence.remove")}
              </Button>
            ) : (
              <span />
            )}
            <Group gap="xs">
              <Button variant="default" size="xs" onClick={() => setOpened(false)}>
                {t("common.cancel")}
              </Button>
              <Button
                size="xs"
                loading={busy}
                disabled={invalid}
                onClick={() =>
                  save(toRule({ ...spec, frequency: spec.frequency === "none" ? "weekly" : spec.frequency }))
                }
                data-testid="recurrence-save"
              >
                {t("common.save")}
              </Button>
            </Group>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
