import { TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

// Stays open after Enter so a list of tasks can be typed in one go; Escape or an empty blur closes it.
export function TaskComposer({ onCreate, onClose }: { onCreate(name: string): void; onClose(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  return (
    <TextInput
      size="sm"
      autoFocus
      placeholder={t("tasks.namePlaceholder")}
      value={name}
      onChange={(event) => setName(event.currentTarget.value)}
      onPointerDown={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === "Enter" && name.trim()) {
          onCreate(name.trim());
          setName("");
        }
        if (event.key === "Escape") onClose();
      }}
      onBlur={() => {
        if (name.trim()) onCreate(name.trim());
        onClose();
      }}
      data-testid="task-composer"
      style={{ flex: 1 }}
    />
  );
}
