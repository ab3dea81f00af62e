import { useEffect, useRef, useState } from "react";

/**
 * A dialog opened from a button: rendered from its first opening on (its code and queries wait until then), and
 * when it closes, focus goes back to the button that opened it. Mantine's dialogs give focus back only when they
 * were mounted closed before they opened; one that first renders open (or that loads its code on the first click)
 * would leave focus on the page's body. Returns whether to render the dialog.
 */
export function useDialogFromButton(opened: boolean): boolean {
  const [once, setOnce] = useState(opened);
  if (opened && !once) setOnce(true);
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (opened) return;
    const back = opener.current;
    opener.current = null;
    if (!back) return;
    // After the dialog's own return of focus (10 ms in Mantine), unless focus has gone somewhere on purpose.
    const timer = window.setTimeout(() => {
      const active = document.activeElement;
      const lost = !active || active === document.body || !!active.closest('[role="dialog"]');
      if (lost && back.isConnected) back.focus({ preventScroll: true });
    }, 50);
    return () => window.clearTimeout(timer);
  }, [opened]);
  // The element that had focus when the dialog was asked for (read while rendering the opening, before the dialog
  // takes focus); for an item of a menu, which closes with it, the button that opened the menu.
  if (opened && !opener.current && document.activeElement instanceof HTMLElement) {
    const menu = document.activeElement.closest('[role="menu"]');
    const trigger = menu?.id ? document.querySelector<HTMLElement>(`[aria-controls="${menu.id}"]`) : null;
    opener.current = trigger ?? document.activeElement;
  }
  return once || opened;
}
