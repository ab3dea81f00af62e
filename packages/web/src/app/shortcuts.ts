import { type HotkeyItem, useHotkeys } from "@mantine/hooks";

// Every keyboard shortcut of the app goes through useShortcuts. A single-key shortcut ("n", "/", "Escape") never
// fires while the person is typing or working somewhere else: in an input, textarea, select or rich-text editor, in
// a picker, menu or dialog, or in the task pane (Escape alone may close the pane from inside it). Shortcuts with a
// modifier (mod+K) are deliberate and fire anywhere.

// Where typing happens.
const TYPING = 'input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"]';
// Where typing or choosing happens.
const EDITING =
  'input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"], [role="listbox"], [role="option"], [role="menu"], [role="menuitem"], [role="menuitemcheckbox"], [role="menuitemradio"], [role="dialog"], [role="alertdialog"]';
// Zones that own the keyboard while focus is inside them.
const ZONES = "[data-shortcut-zone]";

// Layers a key can be pressed in: a popover, a menu, a dialog, a dropdown list.
const LAYERS = '[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"], [aria-modal="true"]';

// Open layers that take the keyboard, wherever focus is: a modal, a menu, a dropdown list.
const OPEN_LAYERS = '[aria-modal="true"], [role="dialog"], [role="menu"], [role="listbox"]';

let pointerInZone = false;
if (typeof document !== "undefined") {
  // A control that disappears when clicked (a "Set" button replaced by its input) leaves focus on the page body;
  // where the click landed still tells whether the person was working in a zone.
  document.addEventListener(
    "pointerdown",
    (event) => {
      const target = event.target instanceof Element ? event.target : null;
      pointerInZone = !!target?.closest(`${EDITING}, ${ZONES}`);
    },
    true,
  );
}

function visible(element: Element) {
  return element instanceof HTMLElement && element.getClientRects().length > 0;
}

export type ShortcutScope = "page" | "pane";

/**
 * Whether a single-key shortcut must stay quiet for this key press. scope "pane": a shortcut of the zone that has
 * focus (the task pane's Escape), quiet only while focus is where a person types or picks.
 */
export function shortcutBlocked(event: KeyboardEvent, scope: ShortcutScope = "page"): boolean {
  const target = event.target instanceof Element ? event.target : null;
  const active = document.activeElement;
  const focused = [target, active].filter((element): element is Element => !!element && element !== document.body);
  // Escape of the pane: quiet while the person types, and when the key was pressed inside a menu, popover or dialog
  // (a date picker, the pane's menu): that layer closes itself on the same key and gives focus back to its button
  // in the pane, which stays open. Only the next Escape closes the pane.
  if (scope === "pane") return focused.some((element) => element.closest(`${TYPING}, ${LAYERS}`));
  if (focused.some((element) => element.closest(EDITING))) return true;
  if ([...document.querySelectorAll(OPEN_LAYERS)].some(visible)) return true;
  if (focused.some((element) => element.closest(ZONES))) return true;
  return focused.length === 0 && pointerInZone;
}

const singleKey = (hotkey: string) => !/\b(mod|ctrl|alt|meta|shift)\+/i.test(hotkey);

/** The app's keyboard shortcuts: Mantine's useHotkeys behind one guard (see shortcutBlocked). */
export function useShortcuts(hotkeys: HotkeyItem[], scope: ShortcutScope = "page") {
  useHotkeys(
    hotkeys.map(([hotkey, handler, options]) => [
      hotkey,
      (event: KeyboardEvent) => {
        if (singleKey(hotkey) && shortcutBlocked(event, scope)) return;
        // The default is prevented only for a shortcut that fires: a blocked "n" still types an n in a field.
        if (options?.preventDefault !== false) event.preventDefault();
        handler(event);
      },
      { ...options, preventDefault: false },
    ]),
    // The guard above decides for single keys; a modifier shortcut works from inside an input as well.
    [],
    true,
  );
}
