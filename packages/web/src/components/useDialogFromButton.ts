import { useState } from "react";
import { useFocusBack } from "./focusBack";

/**
 * A dialog opened from a button: rendered from its first opening on (its code and queries wait until then), and
 * when it closes, focus goes back to the button that opened it (for an item of a menu, the menu's button). Mantine's
 * dialogs give focus back only when they were mounted closed before they opened; one that first renders open (or
 * that loads its code on the first click) would leave focus on the page's body. Returns whether to render the dialog.
 */
export function useDialogFromButton(opened: boolean): boolean {
  const [once, setOnce] = useState(opened);
  if (opened && !once) setOnce(true);
  useFocusBack(opened);
  return once || opened;
}
