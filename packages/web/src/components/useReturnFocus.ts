import { type RefObject, useEffect } from "react";
import { type FocusPlace, placeOf } from "./focusBack";

// Who opened the pane now showing: kept across panes that replace one another (a subtask opened from its parent).
let opener: FocusPlace | null = null;

/**
 * A side pane that a person opens from a row or a card: focus moves into it when it opens, and back to what opened it
 * (the card, the row; the next one if the task was deleted) when it closes, so a keyboard user carries on where they
 * were.
 */
export function useReturnFocus(pane: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (active && active !== document.body && !active.closest("[data-pane]")) opener = placeOf(active);
    // Opened by a person (not a page loaded on a task's address): they continue in the pane.
    if (opener) pane.current?.focus({ preventScroll: true });
    return () => {
      const back = opener;
      // Replaced by another pane: that one returns focus when it closes.
      requestAnimationFrame(() => {
        if (document.querySelector("[data-pane]")) return;
        opener = null;
        // The row or card itself, or (deleted from the pane) the one that took its place.
        back?.()?.focus({ preventScroll: true });
      });
    };
  }, [pane]);
}
