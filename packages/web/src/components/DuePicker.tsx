import { Box, Button, Group, Popover, Text, UnstyledButton } from "@mantine/core";
import { IconCalendar } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { lazyNamed } from "../app/lazy";
import { DueDate } from "./DueDate";

// The month grid loads on the first open (@mantine/dates is not needed to draw a list or a board).
const DueCalendar = lazyNamed(() => import("./DueCalendar"), "DueCalendar", <Box w={252} h={258} />);

export function DuePicker({
  value,
  onChange,
  completed,
  placeholder,
  testId,
  readOnly = false,
}: {
  value: string | null | undefined;
  onChange(date: string | null): void;
  completed?: boolean;
  placeholder?: string;
  testId?: string;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [armed, setArmed] = useState(false);
  // The first open swaps the plain button for the popover's target (a new element): focus is handed back by hand.
  const buttonRef = useRef<HTMLButtonElement>(null);
  const refocus = () => requestAnimationFrame(() => buttonRef.current?.focus());
  const pick = (date: string | null) => {
    setOpened(false);
    refocus();
    if (date !== (value ?? null)) onChange(date);
  };
  const face = value ? (
    <DueDate due={value} completed={completed} size="sm" />
  ) : (
    <Group gap={6} wrap="nowrap">
      <IconCalendar size={16} color="var(--mantine-color-gray-5)" />
      <Text size="sm" c="dimmed">
        {placeholder ?? t("tasks.noDueDate")}
      </Text>
    </Group>
  );
  // Not the caller's to change: the date, without a calendar.
  if (readOnly) {
    return (
      <Box px={4} data-testid={testId}>
        {value ? <DueDate due={value} completed={completed} size="sm" /> : null}
      </Box>
    );
  }
  const button = (
    <UnstyledButton
      ref={buttonRef}
      onClick={(event) => {
        event.stopPropagation();
        setArmed(true);
        setOpened((open) => !open);
      }}
      style={{ borderRadius: 6, padding: "2px 4px" }}
      // A row's empty picker shows no words: its name says what it does.
      aria-label={!value && !placeholder?.trim() ? t("tasks.noDueDate") : undefined}
      aria-haspopup="dialog"
      data-testid={testId}
    >
      {face}
    </UnstyledButton>
  );
  // Rows show many pickers: the popover (and its positioning) is set up on the first click, not for every row.
  if (!armed) return button;
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-start"
      shadow="md"
      withinPortal
      trapFocus
      returnFocus
    >
      <Popover.Target>{button}</Popover.Target>
      <Popover.Dropdown
        onKeyDown={(event) => {
          if (event.key === "Escape") refocus();
        }}
        onClick={(event) => event.stopPropagation()}
      >
        <DueCalendar value={value ?? null} onPick={pick} />
        <Group justify="space-between" mt="xs">
          <Group gap={4}>
            <Button size="compact-xs" variant="light" onClick={() => pick(dayjs().format("YYYY-MM-DD"))}>
              {t("dates.today")}
            </Button>
            <Button size="compact-xs" variant="light" onClick={() => pick(dayjs().add(1, "day").format("YYYY-MM-DD"))}>
              {t("dates.tomorrow")}
            </Button>
          </Group>
          {value && (
            <Button size="compact-xs" variant="subtle" color="gray" onClick={() => pick(null)}>
              {t("common.clear")}
            </Button>
          )}
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
