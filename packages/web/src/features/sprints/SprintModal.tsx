import { Button, Group, NumberInput, Stack, Textarea, TextInput } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Modal } from "../../components/Dialog";
import type { SprintInput } from "./mutations";
import type { Sprint } from "./queries";

// Create or edit a sprint: name, goal, dates (two weeks from the day after the last sprint by default), capacity.
export function SprintModal({
  opened,
  onClose,
  sprint,
  suggestedName,
  suggestedStart,
  onSubmit,
}: {
  opened: boolean;
  onClose(): void;
  sprint?: Sprint | null;
  suggestedName: string;
  suggestedStart?: string | null;
  onSubmit(input: SprintInput): Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [goal, setGoal] = useState("");
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  const [capacity, setCapacity] = useState<string | number>("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    setError(null);
    if (sprint) {
      setName(sprint.name);
      setGoal(sprint.goal ?? "");
      setRange([sprint.start_on, sprint.end_on]);
      setCapacity(sprint.capacity_points ?? "");
    } else {
      const start = suggestedStart ? dayjs(suggestedStart) : dayjs();
      setName(suggestedName);
      setGoal("");
      setRange([start.format("YYYY-MM-DD"), start.add(13, "day").format("YYYY-MM-DD")]);
      setCapacity("");
    }
  }, [opened, sprint, suggestedName, suggestedStart]);

  const submit = async () => {
    if (!name.trim()) return setError(t("sprints.nameRequired"));
    if (range[0] && range[1] && range[1] < range[0]) return setError(t("sprints.endBeforeStart"));
    setBusy(true);
    const ok = await onSubmit({
      name: name.trim(),
      goal: goal.trim(),
      start_on: range[0],
      end_on: range[1],
      capacity_points: capacity === "" ? null : Number(capacity),
    });
    setBusy(false);
    if (ok) onClose();
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={sprint ? t("sprints.editTitle") : t("sprints.createTitle")}
      centered
      size="md"
    >
      <Stack gap="sm">
        <TextInput
          label={t("sprints.name")}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={error === t("sprints.nameRequired") ? error : undefined}
          data-autofocus
          data-testid="sprint-name"
        />
        <Textarea
          label={t("sprints.goal")}
          placeholder={t("sprints.goalPlaceholder")}
          value={goal}
          onChange={(event) => setGoal(event.currentTarget.value)}
          autosize
          minRows={2}
          data-testid="sprint-goal"
        />
        <DatePickerInput
          type="range"
          label={t("sprints.dates")}
          value={range}
          onChange={(value) => setRange(value as [string | null, string | null])}
          valueFormat="D MMM YYYY"
          allowSingleDateInRange
          error={error === t("sprints.endBeforeStart") ? error : undefined}
          data-testid="sprint-dates"
        />
        <NumberInput
          label={t("sprints.capacity")}
          description={t("sprints.capacityHint")}
          min={0}
          value={capacity}
          onChange={setCapacity}
          data-testid="sprint-capacity"
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={submit} loading={busy} data-testid="sprint-submit">
            {sprint ? t("common.save") : t("sprints.create")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
