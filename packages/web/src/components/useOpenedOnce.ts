import { useState } from "react";

/**
 * Whether to render a dialog that is opened from a button: not before its first opening (its code and queries wait
 * until then), and from then on always, so that closing it runs the dialog's own close, which gives focus back to
 * the button that opened it. Unmounting the dialog instead would drop focus on the page's body.
 */
export function useOpenedOnce(opened: boolean): boolean {
  const [once, setOnce] = useState(opened);
  if (opened && !once) setOnce(true);
  return once || opened;
}
