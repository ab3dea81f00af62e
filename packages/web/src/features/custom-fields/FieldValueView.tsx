import { Badge, Group, Text, Tooltip } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { UserAvatar } from "../../components/UserAvatar";
import { optionColor, textOn } from "./colors";
import { displayOf } from "./format";
import type { EnumOption, FieldValue } from "./types";
import { subtypeOf } from "./types";

export function OptionChip({ option, size = "sm" }: { option: EnumOption; size?: "xs" | "sm" }) {
  return (
    <Badge
      size={size}
      radius="sm"
      variant="filled"
      styles={{
        root: {
          background: optionColor(option.color),
          color: textOn(option.color),
          textTransform: "none",
          fontWeight: 600,
        },
      }}
      data-testid="option-chip"
    >
      {option.name}
    </Badge>
  );
}

// A read-only value: coloured chips for options, avatars for people, formatted numbers, a mask for secrets.
export function FieldValueView({ value, withName = false }: { value: FieldValue | undefined; withName?: boolean }) {
  const { i18n } = useTranslation();
  if (!value) return null;
  const type = subtypeOf(value);
  const prefix = withName ? (
    <Text size="xs" c="dimmed" span>
      {value.name}:{" "}
    </Text>
  ) : null;
  if (type === "enum") return value.enum_value ? <OptionChip option={value.enum_value} size="xs" /> : null;
  if (type === "multi_enum")
    return value.multi_enum_values?.length ? (
      <Group gap={3} wrap="nowrap">
        {value.multi_enum_values.map((option) => (
          <OptionChip key={option.gid} option={option} size="xs" />
        ))}
      </Group>
    ) : null;
  if (type === "people")
    return value.people_value?.length ? (
      <Group gap={2} wrap="nowrap">
        {value.people_value.slice(0, 3).map((person) => (
          <UserAvatar key={person.gid} user={person} size={20} tooltip />
        ))}
      </Group>
    ) : null;
  if (type === "secret") {
    const text = displayOf(value);
    return text ? (
      <Group gap={3} wrap="nowrap" c="dimmed">
        <IconLock size={12} />
        <Text size="xs">{text}</Text>
      </Group>
    ) : null;
  }
  const text =
    type === "date" && value.date_value?.date
      ? dayjs(value.date_value.date).format("D MMM")
      : displayOf(value, i18n.language);
  if (!text) return null;
  return (
    <Tooltip label={`${value.name}: ${text}`} openDelay={400}>
      <Text size="xs" truncate data-testid="field-text">
        {prefix}
        {text}
      </Text>
    </Tooltip>
  );
}
