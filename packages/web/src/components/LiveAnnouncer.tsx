import { VisuallyHidden } from "@mantine/core";
import { LIVE_REGION_ID } from "../features/tasks/live-announcer";

// The polite live region for live updates to the task the reader is on (features/tasks/live-announcer.ts).
export function LiveAnnouncer() {
  return <VisuallyHidden id={LIVE_REGION_ID} aria-live="polite" aria-atomic="true" data-testid="live-updates" />;
}
