import { Badge, Button, Group, NumberInput, Popover, SimpleGrid, Stack, Text, UnstyledButton } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FIBONACCI, pointsOf } from "./queries";

// Quick estimate: one click on a Fibonacci value, or any number typed in. Empty clears the estimate.
export function EstimateInput({
  value,
  onChange,
  testId = "estimate",
  size = "sm",
  disabled,
}: {
  value: number | null | undefined;
  onChange(points: number | null): void;
  testId?: string;
  size?: "xs" | "sm";
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [custom, setCustom] = useState<string | number>("");
  const choose = (points: number | null) => {
    setOpened(false);
    if (points !== (value ?? null)) onChange(points);
  };
  const has = value !== null && value !== undefined;
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      shadow="md"
      withinPortal
      trapFocus
      onOpen={() => setCustom(has ? value : "")}
    >
      <Popover.Target>
        <UnstyledButton
          onClick={(event) => {
            event.stopPropagation();
            if (!disabled) setOpened((open) => !open);
          }}
          onPointerDown={(event) => event.stopPropagation()}
          data-testid={testId}
          data-points={has ? value : ""}
          // The name starts with what the badge shows (voice control users say what they see).
          aria-label={has ? `${t("sprints.pointsShort", pointsOf(value))}, ${t("sprints.estimate")}` : undefined}
        >
          {has ? (
            <Badge
              variant="light"
              color="takt"
              size={size === "xs" ? "sm" : "md"}
              radius="sm"
              tt="none"
              style={{ cursor: "pointer" }}
            >
              {t("sprints.pointsShort", pointsOf(value))}
            </Badge>
          ) : (
            <Badge
              variant="outline"
              color="gray"
              size={size === "xs" ? "sm" : "md"}
              radius="sm"
              tt="none"
              style={{ cursor: "pointer", borderStyle: "dashed", fontWeight: 500 }}
            >
              {t("sprints.estimateShort")}
            </Badge>
          )}
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown onClick={(event) => event.stopPropagation()} onPointerDown={(event) => event.stopPropagation()}>
        <Stack gap={8} w={212}>
          <Text size="xs" c="dimmed" fw={600}>
            {t("sprints.storyPoints")}
          </Text>
          <SimpleGrid cols={4} spacing={6}>
            {FIBONACCI.map((points) => (
              <Button
                key={points}
                size="xs"
                px={0}
                variant={value === points ? "filled" : "default"}
                onClick={() => choose(points)}
                data-testid="estimate-option"
              >
                {points}
              </Button>
            ))}
            <Button size="xs" px={0} variant="subtle" color="gray" onClick={() => choose(null)} disabled={!has}>
              {t("common.clear")}
            </Button>
          </SimpleGrid>
          <Group gap={6} wrap="nowrap">
            <NumberInput
              size="xs"
              min={0}
              max={999}
              decimalScale={1}
              value={custom}
              onChange={setCustom}
              placeholder={t("sprints.customPoints")}
              onKeyDown={(event) => {
                if (event.key === "Enter" && custom !== "") choose(Number(custom));
              }}
              style={{ flex: 1 }}
              data-testid="estimate-custom"
            />
            <Button size="xs" disabled={custom === "" || Number(custom) < 0} onClick={() => choose(Number(custom))}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
