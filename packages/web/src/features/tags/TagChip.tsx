import { Badge, CloseButton } from "@mantine/core";
import { projectColor } from "../projects/colors";
import type { Tag } from "./queries";

export function TagChip({ tag, onRemove, size = "sm" }: { tag: Tag; onRemove?(): void; size?: "xs" | "sm" }) {
  // A tag's colour is one of the project colours.
  const color = projectColor(tag.color);
  return (
    <Badge
      size={size}
      radius="xl"
      variant="light"
      data-testid="tag-chip"
      styles={{
        root: {
          textTransform: "none",
          fontWeight: 600,
          background: `color-mix(in srgb, ${color} 16%, white)`,
          color: `color-mix(in srgb, ${color} 70%, black)`,
          paddingRight: onRemove ? 2 : undefined,
        },
      }}
      rightSection={
        onRemove ? (
          <CloseButton
            size={14}
            iconSize={10}
            onClick={(event) => {
              event.stopPropagation();
              onRemove();
            }}
            aria-label="×"
          />
        ) : undefined
      }
    >
      {tag.name}
    </Badge>
  );
}
