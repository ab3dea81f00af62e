import { Progress, type ProgressRootProps } from "@mantine/core";

// A progress bar with a name: Mantine's one-line Progress cannot label its bar (role="progressbar"), and an unnamed
// progress bar is read as nothing.
export function Meter({
  value,
  label,
  color,
  striped,
  animated,
  ...root
}: { value: number; label: string; color?: string; striped?: boolean; animated?: boolean } & ProgressRootProps) {
  return (
    <Progress.Root {...root}>
      <Progress.Section value={value} color={color} striped={striped} animated={animated} aria-label={label} />
    </Progress.Root>
  );
}
