import { TextInput } from "@mantine/core";
import { useEffect, useState } from "react";
import { giveFocusBack, placeOf } from "./focusBack";

// A text that becomes an input: Enter or blur saves, Escape cancels, empty never saves. Opened from a button or a
// menu's item ("Rename"), Enter and Escape give focus back to that button (or the menu's); blur leaves it where it went.
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
  // What had focus as the input appeared and took it.
  const [opener] = useState(() => (autoFocus ? placeOf(document.activeElement) : null));
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
      // Inside a dialog, its focus trap picks this field too, not the dialog's close button.
      data-autofocus={autoFocus || undefined}
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
        if ((event.key === "Enter" || event.key === "Escape") && opener) giveFocusBack(opener);
      }}
      styles={{ input: { fontWeight: fw } }}
      style={{ flex: 1 }}
      data-testid={testId}
    />
  );
}
