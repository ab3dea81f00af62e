import {
  type Announcements,
  type CollisionDetection,
  closestCenter,
  type DndContextProps,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  KeyboardCode,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { useSortable } from "@dnd-kit/sortable";
import { useReducedMotion } from "@mantine/hooks";
import type { KeyboardEvent, PointerEvent } from "react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

// Where an item or a list goes among its neighbours.
export type Placement = { before?: string; after?: string };

export interface SortableList<T> {
  id: string;
  items: readonly T[];
  // What a screen reader calls the list (a section's name) while something moves through it.
  name?: string;
}

/**
 * The ids dnd-kit sees: an item (a card, a row), a list's own drag shell (a column, a section header) and a list's
 * drop area (the body of a column, a backlog zone, the "add task" row closing a List section).
 */
export const sortableIds = {
  item: (id: string) => `t:${id}`,
  list: (id: string) => `c:${id}`,
  zone: (id: string) => `d:${id}`,
};

// The item just dropped by keyboard: it re-renders in its new list (a new element), and focus follows it there.
let refocus: { id: string; until: number } | null = null;

/** Keeps keyboard focus on an item that a keyboard move just re-rendered somewhere else. Call on every render. */
export function useFocusAfterMove(id: string, node: { current: HTMLElement | null }) {
  useEffect(() => {
    if (refocus?.id !== id || Date.now() > refocus.until) return;
    if (node.current && node.current !== document.activeElement) node.current.focus();
  });
}

type Dragging<T> = { kind: "item"; item: T; from: string } | { kind: "list"; list: string } | null;

// Where a keyboard move would land: an item at `index` of `list` (counted without the item itself), or a list at
// `index` among the lists.
type KeyboardSlot = { kind: "item"; list: string; index: number } | { kind: "list"; index: number };

// Space picks up and drops, Escape cancels; Enter is left to open what has focus.
const KEYBOARD_CODES = {
  start: [KeyboardCode.Space],
  cancel: [KeyboardCode.Esc],
  end: [KeyboardCode.Space, KeyboardCode.Enter, KeyboardCode.Tab],
};
// A pointer drag starts after 5 px (a click stays a click).
const POINTER_OPTIONS = { activationConstraint: { distance: 5 } };
const MOVES: string[] = [KeyboardCode.Up, KeyboardCode.Down, KeyboardCode.Left, KeyboardCode.Right];

export interface SortableListsOptions<T> {
  // The lists in the order they are shown, each with its items in order.
  lists: readonly SortableList<T>[];
  idOf(item: T): string;
  // What a screen reader calls an item (a task's name).
  nameOf?(item: T): string;
  // An item dropped somewhere new (never called for a drop that changes nothing).
  onMoveItem?(item: T, from: string, to: string, placement: Placement): void;
  // A list dragged to a new place among the lists.
  onMoveList?(list: string, placement: Placement): void;
  // All lists are one run of rows on screen (the List view), so a drag's direction reads over list boundaries.
  flat?: boolean;
}

/**
 * Drag and drop between ordered lists: the columns of a board, the sections of a list, the backlog and its sprints.
 * It reads where a dragged item would land (before the item under the pointer, or after it when moving down; the end
 * of a list dropped on its empty area; the start of a list dropped on its header), shows where that is while a card
 * leaves its own list, and tells the view the one move to make. Spread `context` on a DndContext.
 *
 * By keyboard: Space on an item (or a list's grip) picks it up; Up and Down move it within its list and on into the
 * next or previous one, Left and Right to the neighbouring list; Space or Enter drops it, Escape puts it back. Each
 * step is announced to screen readers in the person's language.
 */
export function useSortableLists<T>(options: SortableListsOptions<T>) {
  const { idOf, flat = false } = options;
  const { t } = useTranslation();
  const reducedMotion = useReducedMotion();
  const [dragging, setDragging] = useState<Dragging<T>>(null);
  const [drop, setDrop] = useState<{ list: string; before: string | null } | null>(null);
  const keyboard = useRef<KeyboardSlot | null>(null);
  const landing = useRef<{ list?: string; position: number; total: number } | null>(null);
  // The handlers read the latest lists through a ref: dnd-kit keeps the ones it was given at drag start.
  const latest = useRef(options);
  latest.current = options;

  const listOf = (itemId: string) =>
    latest.current.lists.find((list) => list.items.some((item) => idOf(item) === itemId))?.id ?? null;
  const itemsOf = (listId: string) => latest.current.lists.find((list) => list.id === listId)?.items ?? [];
  // An item's position in the whole run (flat) or in its own list.
  const positionOf = (itemId: string, listId: string) => {
    if (!flat) return itemsOf(listId).findIndex((item) => idOf(item) === itemId);
    let offset = 0;
    for (const list of latest.current.lists) {
      const index = list.items.findIndex((item) => idOf(item) === itemId);
      if (index >= 0) return offset + index;
      offset += list.items.length + 1;
    }
    return -1;
  };
  const headerPosition = (listId: string) => {
    let offset = 0;
    for (const list of latest.current.lists) {
      if (list.id === listId) return offset - 0.5;
      offset += list.items.length + 1;
    }
    return -1;
  };

  const positionIn = (listId: string, itemId: string) => itemsOf(listId).findIndex((item) => idOf(item) === itemId);
  const listIndex = (listId: string) => latest.current.lists.findIndex((list) => list.id === listId);
  const listName = (listId: string) => latest.current.lists.find((list) => list.id === listId)?.name ?? listId;
  const restOf = (listId: string, itemId: string) => itemsOf(listId).filter((item) => idOf(item) !== itemId);

  // The next keyboard slot for an arrow key: within the list, then on into the neighbouring one.
  const stepSlot = (slot: KeyboardSlot, itemId: string, code: string): KeyboardSlot => {
    const lists = latest.current.lists;
    if (slot.kind === "list") {
      const forward = code === KeyboardCode.Down || code === KeyboardCode.Right;
      return { kind: "list", index: Math.max(0, Math.min(lists.length - 1, slot.index + (forward ? 1 : -1))) };
    }
    const at = listIndex(slot.list);
    const length = restOf(slot.list, itemId).length;
    if (code === KeyboardCode.Down) {
      if (slot.index < length) return { ...slot, index: slot.index + 1 };
      const next = lists[at + 1];
      return next ? { kind: "item", list: next.id, index: 0 } : slot;
    }
    if (code === KeyboardCode.Up) {
      if (slot.index > 0) return { ...slot, index: slot.index - 1 };
      const previous = lists[at - 1];
      return previous ? { kind: "item", list: previous.id, index: restOf(previous.id, itemId).length } : slot;
    }
    const neighbour = lists[at + (code === KeyboardCode.Right ? 1 : -1)];
    if (!neighbour) return slot;
    return { kind: "item", list: neighbour.id, index: Math.min(slot.index, restOf(neighbour.id, itemId).length) };
  };

  // The droppable a keyboard slot shows as "over": the item whose place it takes (in its own list, the item now at
  // that index, so the sortable preview matches the drop), or the list's end.
  const overOfSlot = (slot: KeyboardSlot, activeId: string): string => {
    if (slot.kind === "list") return sortableIds.list(latest.current.lists[slot.index]?.id ?? "");
    const itemId = activeId.slice(2);
    const own = listOf(itemId) === slot.list;
    const candidates = own ? itemsOf(slot.list) : restOf(slot.list, itemId);
    const item = candidates[slot.index];
    if (item !== undefined) return sortableIds.item(idOf(item));
    if (own) return activeId;
    const last = candidates[candidates.length - 1];
    return last !== undefined ? sortableIds.item(idOf(last)) : sortableIds.zone(slot.list);
  };

  const coordinateGetter: KeyboardCoordinateGetter = (event, { active, context, currentCoordinates }) => {
    const slot = keyboard.current;
    if (!slot || !MOVES.includes(event.code)) return undefined;
    event.preventDefault();
    const activeId = String(active);
    const next = stepSlot(slot, activeId.slice(2), event.code);
    keyboard.current = next;
    const overId = overOfSlot(next, activeId);
    const rect =
      context.droppableRects.get(overId) ??
      context.droppableRects.get(sortableIds.list(next.kind === "item" ? next.list : ""));
    // A target not on screen (a virtualized row): nudge, so the move still registers and the slot decides the drop.
    if (!rect) return { x: currentCoordinates.x, y: currentCoordinates.y + (event.code === KeyboardCode.Up ? -1 : 1) };
    return { x: rect.left, y: rect.top };
  };

  // The sensors keep their identity across renders: new ones would give dnd-kit new activators, and every card and
  // column that uses its hooks would render again with each render of the view (a live change, a page of rows).
  const getter = useRef(coordinateGetter);
  getter.current = coordinateGetter;
  const keyboardOptions = useMemo(
    () => ({
      coordinateGetter: ((event, args) => getter.current(event, args)) as KeyboardCoordinateGetter,
      keyboardCodes: KEYBOARD_CODES,
      scrollBehavior: "auto" as const,
    }),
    [],
  );
  const sensors = useSensors(useSensor(PointerSensor, POINTER_OPTIONS), useSensor(KeyboardSensor, keyboardOptions));

  // The placement a keyboard slot stands for.
  const placementOfSlot = (slot: Extract<KeyboardSlot, { kind: "item" }>, itemId: string): Placement => {
    const rest = restOf(slot.list, itemId);
    const before = rest[slot.index];
    if (before !== undefined) return { before: idOf(before) };
    const last = rest[rest.length - 1];
    return last !== undefined ? { after: idOf(last) } : {};
  };

  // Where the dragged item would land: the list, the placement to send, and the item an indicator stands before
  // (null: at the end), shown only when the item comes from another list.
  const targetOf = (
    itemId: string,
    overId: string,
  ): { list: string; placement: Placement; before: string | null } | null => {
    const from = listOf(itemId);
    if (overId.startsWith("d:")) {
      const list = overId.slice(2);
      const rest = itemsOf(list).filter((item) => idOf(item) !== itemId);
      return { list, placement: rest.length ? { after: idOf(rest[rest.length - 1]) } : {}, before: null };
    }
    if (overId.startsWith("c:")) {
      const list = overId.slice(2);
      const lists = latest.current.lists;
      const index = lists.findIndex((item) => item.id === list);
      // In one run of rows, a header passed on the way up closes the list above it.
      if (flat && from && index > 0 && positionOf(itemId, from) > headerPosition(list)) {
        const above = lists[index - 1];
        const rest = above.items.filter((item) => idOf(item) !== itemId);
        return { list: above.id, placement: rest.length ? { after: idOf(rest[rest.length - 1]) } : {}, before: null };
      }
      const rest = itemsOf(list).filter((item) => idOf(item) !== itemId);
      return {
        list,
        placement: rest.length ? { before: idOf(rest[0]) } : {},
        before: rest.length ? idOf(rest[0]) : null,
      };
    }
    if (!overId.startsWith("t:")) return null;
    const overItem = overId.slice(2);
    const list = listOf(overItem);
    if (!list) return null;
    const moving = from !== null && (flat || from === list);
    if (moving && from && positionOf(itemId, from) < positionOf(overItem, list)) {
      return { list, placement: { after: overItem }, before: null };
    }
    return { list, placement: { before: overItem }, before: from === list ? null : overItem };
  };

  // Whether a move leaves everything where it was (dropped on its own place).
  const changesNothing = (itemId: string, from: string, to: string, placement: Placement) => {
    if (from !== to) return false;
    const ids = itemsOf(from).map(idOf);
    const rest = ids.filter((id) => id !== itemId);
    const anchor = placement.before ?? placement.after;
    const at = anchor ? rest.indexOf(anchor) + (placement.after ? 1 : 0) : rest.length;
    rest.splice(at, 0, itemId);
    return rest.every((id, index) => id === ids[index]);
  };

  const collisionDetection: CollisionDetection = (args) => {
    // A keyboard move: the slot chosen by the arrow keys is what the item is over.
    if (keyboard.current && !args.pointerCoordinates)
      return [{ id: overOfSlot(keyboard.current, String(args.active.id)) }];
    const within = (prefix: string) =>
      args.droppableContainers.filter((container) => String(container.id).startsWith(prefix));
    if (String(args.active.id).startsWith("c:")) return closestCenter({ ...args, droppableContainers: within("c:") });
    for (const prefix of ["t:", "d:", "c:"]) {
      const hits = pointerWithin({ ...args, droppableContainers: within(prefix) });
      if (hits.length) return hits;
    }
    return [];
  };

  const byKeyboard = (event: DragStartEvent) =>
    typeof KeyboardEvent !== "undefined" && event.activatorEvent instanceof KeyboardEvent;

  const onDragStart = (event: DragStartEvent) => {
    const id = String(event.active.id);
    if (id.startsWith("c:")) {
      keyboard.current = byKeyboard(event) ? { kind: "list", index: listIndex(id.slice(2)) } : null;
      return setDragging({ kind: "list", list: id.slice(2) });
    }
    const itemId = id.slice(2);
    const from = listOf(itemId);
    keyboard.current = byKeyboard(event) && from ? { kind: "item", list: from, index: positionIn(from, itemId) } : null;
    const item = from ? itemsOf(from).find((candidate) => idOf(candidate) === itemId) : undefined;
    setDragging(item !== undefined && from ? { kind: "item", item, from } : null);
  };

  const onDragOver = (event: DragOverEvent) => {
    const id = String(event.active.id);
    const slot = keyboard.current;
    if (slot?.kind === "item") {
      const rest = restOf(slot.list, id.slice(2));
      const before = rest[slot.index];
      return setDrop(
        slot.list !== listOf(id.slice(2))
          ? { list: slot.list, before: before === undefined ? null : idOf(before) }
          : null,
      );
    }
    if (!id.startsWith("t:") || !event.over) return setDrop(null);
    const target = targetOf(id.slice(2), String(event.over.id));
    setDrop(target && target.list !== listOf(id.slice(2)) ? { list: target.list, before: target.before } : null);
  };

  const end = () => {
    keyboard.current = null;
    setDragging(null);
    setDrop(null);
  };

  const onDragEnd = (event: DragEndEvent) => {
    const slot = keyboard.current;
    // Where it landed, read before the move reorders the lists (announced right after this handler).
    landing.current = whereNow(String(event.active.id), event.over ? String(event.over.id) : null);
    end();
    const id = String(event.active.id);
    if (slot) return endKeyboardMove(id, slot);
    const over = event.over ? String(event.over.id) : null;
    if (!over || over === id) return;
    if (id.startsWith("c:")) {
      if (!over.startsWith("c:")) return;
      const order = latest.current.lists.map((list) => list.id);
      const from = order.indexOf(id.slice(2));
      const to = order.indexOf(over.slice(2));
      if (from < 0 || to < 0) return;
      latest.current.onMoveList?.(id.slice(2), from < to ? { after: over.slice(2) } : { before: over.slice(2) });
      return;
    }
    const itemId = id.slice(2);
    const from = listOf(itemId);
    const target = targetOf(itemId, over);
    const item = from ? itemsOf(from).find((candidate) => idOf(candidate) === itemId) : undefined;
    if (!from || !target || item === undefined) return;
    if (changesNothing(itemId, from, target.list, target.placement)) return;
    latest.current.onMoveItem?.(item, from, target.list, target.placement);
  };

  const endKeyboardMove = (id: string, slot: KeyboardSlot) => {
    const lists = latest.current.lists;
    if (slot.kind === "list") {
      const from = listIndex(id.slice(2));
      const target = lists[slot.index];
      if (from < 0 || !target || slot.index === from) return;
      latest.current.onMoveList?.(id.slice(2), from < slot.index ? { after: target.id } : { before: target.id });
      return;
    }
    const itemId = id.slice(2);
    const from = listOf(itemId);
    const item = from ? itemsOf(from).find((candidate) => idOf(candidate) === itemId) : undefined;
    if (!from || item === undefined) return;
    const placement = placementOfSlot(slot, itemId);
    if (changesNothing(itemId, from, slot.list, placement)) return;
    refocus = { id, until: Date.now() + 1500 };
    latest.current.onMoveItem?.(item, from, slot.list, placement);
  };

  // Screen reader announcements, in the person's language: what was picked up, where it is, where it landed.
  const itemName = (activeId: string) => {
    const itemId = activeId.slice(2);
    const from = listOf(itemId);
    const item = from ? itemsOf(from).find((candidate) => idOf(candidate) === itemId) : undefined;
    return item !== undefined ? (latest.current.nameOf?.(item) ?? itemId) : itemId;
  };
  const whereNow = (activeId: string, overId: string | null) => {
    if (activeId.startsWith("c:")) {
      const slot = keyboard.current;
      const index =
        slot?.kind === "list" ? slot.index : overId ? listIndex(overId.slice(2)) : listIndex(activeId.slice(2));
      return { position: index + 1, total: latest.current.lists.length };
    }
    const itemId = activeId.slice(2);
    const slot = keyboard.current;
    if (slot?.kind === "item") {
      return { list: listName(slot.list), position: slot.index + 1, total: restOf(slot.list, itemId).length + 1 };
    }
    const target = overId ? targetOf(itemId, overId) : null;
    const list = target?.list ?? listOf(itemId) ?? "";
    const rest = restOf(list, itemId).map(idOf);
    const anchor = target?.placement.before ?? target?.placement.after;
    const index = anchor
      ? rest.indexOf(anchor) + (target?.placement.after ? 1 : 0)
      : target
        ? rest.length
        : positionIn(list, itemId);
    return { list: listName(list), position: index + 1, total: rest.length + 1 };
  };
  const announce = (key: string, activeId: string, overId: string | null) => {
    const where = key === "dropped" && landing.current ? landing.current : whereNow(activeId, overId);
    if (activeId.startsWith("c:")) {
      return t(`a11y.dnd.list.${key}`, { name: listName(activeId.slice(2)), ...where });
    }
    return t(`a11y.dnd.item.${key}`, { name: itemName(activeId), ...where });
  };
  // The first "over" (the item over its own place, right after pickup) would drown out the pickup itself.
  const moved = useRef(false);
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      moved.current = false;
      return announce("picked", String(active.id), null);
    },
    onDragOver: ({ active, over }) => {
      if (!moved.current && over?.id === active.id) return undefined;
      moved.current = true;
      return announce("over", String(active.id), over ? String(over.id) : null);
    },
    onDragEnd: ({ active, over }) => announce("dropped", String(active.id), over ? String(over.id) : null),
    onDragCancel: ({ active }) => announce("cancelled", String(active.id), null),
  };

  const context: Pick<
    DndContextProps,
    "sensors" | "collisionDetection" | "onDragStart" | "onDragOver" | "onDragEnd" | "onDragCancel" | "accessibility"
  > = {
    sensors,
    collisionDetection,
    onDragStart,
    onDragOver,
    onDragEnd,
    onDragCancel: end,
    accessibility: { announcements, screenReaderInstructions: { draggable: t("a11y.dnd.instructions") } },
  };

  return {
    context,
    // Spread on the DragOverlay: the card glides into place when dropped, unless the person asks for less motion
    // (dnd-kit animates it from script, which the stylesheet's reduced-motion rule cannot reach).
    overlay: reducedMotion ? { dropAnimation: null } : {},
    dragging,
    // Where the indicator stands while an item is over another list: before `before`, or at the end (null).
    drop,
    dropBefore: (list: string) => (drop?.list === list ? drop.before : null),
    dropAtEnd: (list: string) => drop?.list === list && drop.before === null,
  };
}

/**
 * An item of a sortable list (a card, a backlog row): a list item a person can focus, open with Enter or a click, and
 * (when `movable`) pick up with Space or drag. Spread `props` on the item's element, under a `role="list"`.
 */
export function useSortableItem(id: string, { movable, onOpen }: { movable: boolean; onOpen(): void }) {
  const { t } = useTranslation();
  const sortable = useSortable({
    id,
    disabled: !movable,
    attributes: { role: "listitem", roleDescription: t("a11y.dnd.movableItem") },
  });
  const { listeners } = sortable;
  useFocusAfterMove(id, sortable.node);
  const props = {
    ...(movable ? sortable.attributes : {}),
    role: "listitem",
    tabIndex: 0,
    onClick: onOpen,
    onPointerDown: (event: PointerEvent<HTMLElement>) => {
      if (movable) listeners?.onPointerDown?.(event);
    },
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      if (event.target !== event.currentTarget) return;
      // Enter opens the task, unless it is the key that drops one being moved.
      if (event.key === "Enter" && !sortable.active) return onOpen();
      if (movable) listeners?.onKeyDown?.(event);
    },
  };
  return { sortable, props };
}
