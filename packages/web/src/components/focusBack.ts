import { type RefObject, useEffect, useRef } from "react";

/**
 * Where focus should come back to: the element that had it, or, when that was an item of a menu (which closes with
 * it), the button that opened the menu. If that element is gone by then (a section deleted from its own menu, a
 * button swapped for an editor and back), the element of the same kind that took its place, the one before it, or
 * the page's main region: never the page's body.
 */
export type FocusPlace = () => HTMLElement | null;

export function placeOf(element: Element | null): FocusPlace | null {
  if (!(element instanceof HTMLElement) || element === document.body) return null;
  const menu = element.closest('[role="menu"]');
  const labelledBy = menu?.getAttribute("aria-labelledby");
  const trigger =
    (labelledBy ? document.getElementById(labelledBy) : null) ??
    (menu?.id ? document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(menu.id)}"]`) : null);
  const target = trigger ?? element;
  const kind = target.getAttribute("data-testid");
  const selector = kind ? `[data-testid="${CSS.escape(kind)}"]` : null;
  const index = selector ? [...document.querySelectorAll(selector)].indexOf(target) : -1;
  // The page, with or without a task open in its pane.
  const pageOf = () => window.location.pathname.replace(/\/tasks\/[^/]+\/?$/, "");
  const page = pageOf();
  return () => {
    if (target.isConnected) return target;
    // On the same page, the neighbour; after a move to another page, that page's main region.
    if (selector && index >= 0 && pageOf() === page) {
      const peers = document.querySelectorAll<HTMLElement>(selector);
      const near = peers[index] ?? peers[index - 1];
      if (near) return near;
    }
    return document.querySelector<HTMLElement>("#main");
  };
}

// Focus is lost: on nothing, on the body, on an element taken out of the page, or inside what just closed.
function lost(inside: Element | null) {
  const active = document.activeElement;
  return !active || active === document.body || !active.isConnected || !!inside?.contains(active);
}

/**
 * Gives focus back to its place after something that held it has closed (after Mantine's own return of focus, 10 ms),
 * unless focus has since gone somewhere on purpose. For a short while after, if focus falls to the body because what
 * had it was taken out of the page (the section whose menu it was, deleted once the server's answer lands; the item
 * of a menu that Mantine focused again on its way out), focus moves to the place, or its neighbour.
 */
export function giveFocusBack(place: FocusPlace, closed: Element | null = null) {
  stopWatching?.();
  let mine: HTMLElement | null = null;
  const focus = () => {
    mine = place();
    mine?.focus({ preventScroll: true });
  };
  const watch = new MutationObserver(() => {
    if (lost(null)) focus();
  });
  // Focus moved on by the person (or by the page, on purpose): the watch ends.
  const moved = (event: FocusEvent) => {
    if (event.target !== mine) stop();
  };
  const timers = [
    window.setTimeout(() => {
      if (lost(closed)) focus();
      watch.observe(document.body, { childList: true, subtree: true });
      document.addEventListener("focusin", moved);
    }, 50),
    window.setTimeout(() => stop(), 1500),
  ];
  const stop = () => {
    for (const timer of timers) window.clearTimeout(timer);
    watch.disconnect();
    document.removeEventListener("focusin", moved);
    if (stopWatching === stop) stopWatching = null;
  };
  stopWatching = stop;
}

// The one place focus is being given back to: a newer one replaces it.
let stopWatching: (() => void) | null = null;

/**
 * A dialog or drawer that gives focus back where it came from when it closes, or when it is taken off the page while
 * open. Mantine's dialogs remember the element focused as they open and give focus back to it only if it is still
 * there: an item of a menu has gone with its menu, and a dialog first rendered open remembers nothing. `root`: the
 * dialog's own element, inside which focus counts as lost once it closes.
 */
export function useFocusBack(opened: boolean, root?: RefObject<HTMLElement | null>) {
  const place = useRef<FocusPlace | null>(null);
  const mounted = useRef(false);
  // Read while rendering the opening, before the dialog takes focus.
  if (opened && !place.current) place.current = placeOf(document.activeElement);
  useEffect(() => {
    if (opened) return;
    const back = place.current;
    place.current = null;
    if (back) giveFocusBack(back, root?.current ?? null);
  }, [opened, root]);
  // Taken off the page while open (a dialog rendered only while open), unless it is mounted again at once.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      window.setTimeout(() => {
        const back = place.current;
        if (mounted.current || !back) return;
        place.current = null;
        giveFocusBack(back);
      });
    };
  }, []);
}

// For every menu (the theme's default): when it closes, focus goes back to its button or, gone, its neighbour.
export function focusBackFromMenu() {
  const place = placeOf(document.activeElement);
  if (place) giveFocusBack(place);
}
