import { type RefObject, useLayoutEffect, useRef } from "react";

/**
 * A board's horizontal scroll while the task pane takes part of its width: the person scrolls the narrower board to
 * reach a card, and when the pane closes the board goes back to where it was before the pane opened (otherwise it
 * stays scrolled and hides its first columns).
 */
export function usePaneScrollMemory(scroller: RefObject<HTMLElement | null>, paneOpen: boolean) {
  const beforePane = useRef(0);
  const wasOpen = useRef(paneOpen);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const remember = () => {
      if (!wasOpen.current) beforePane.current = element.scrollLeft;
    };
    element.addEventListener("scroll", remember, { passive: true });
    return () => element.removeEventListener("scroll", remember);
  });
  useLayoutEffect(() => {
    const element = scroller.current;
    if (wasOpen.current && !paneOpen && element) element.scrollLeft = beforePane.current;
    wasOpen.current = paneOpen;
  }, [paneOpen, scroller]);
}
