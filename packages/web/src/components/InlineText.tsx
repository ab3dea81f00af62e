import { TextInput } from "@mantine/core";
import { useEffect, useState } from "react";

// A text that becomes an input: Enter or blur saves, Escape cancels, empty never saves.
export function InlineEdit({
  value,
  onSave,
  onDone,
  placeholder,
  size = "sm",
  fw,
  testId,
  autoFocus = true,
}: {
  value: string;
  onSave(next: string): void;
  onDone(): void;
  placeholder?: string;
  size?: "xs" | "sm" | "md";
  fw?: number;
  testId?: string;
  autoFocus?: boolean;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    const next = draft.trim();
    if (next && next !== value) onSave(next);
    onDone();
  };
  return (
    <TextInput
      size={size}
      value={draft}
      placeholder={placeholder}
      autoFocus={autoFocus}
      onFocus={(event) => event.currentTarget.select()}
      onChange={(event) => setDraft(event.currentTarget.value)}
      onBlur={commit}
      onClick={(event) => event.stopPropagation()}
      onPointerDown={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === "Enter") commit();
        if (event.key === "Escape") {
          setDraft(value);
          onDone();
        }
      }}
      styles={{ input: { fontWeight: fw } }}
      style={{ flex: 1 }}
      data-testid={testId}
    />
  );
}
