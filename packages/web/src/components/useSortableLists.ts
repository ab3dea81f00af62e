import {
  type CollisionDetection,
  closestCenter,
  type DndContextProps,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  PointerSensor,
  pointerWithin,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { useRef, useState } from "react";

// Where an item or a list goes among its neighbours.
export type Placement = { before?: string; after?: string };

export interface SortableList<T> {
  id: string;
  items: readonly T[];
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

type Dragging<T> = { kind: "item"; item: T; from: string } | { kind: "list"; list: string } | null;

export interface SortableListsOptions<T> {
  // The lists in the order they are shown, each with its items in order.
  lists: readonly SortableList<T>[];
  idOf(item: T): string;
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
 */
export function useSortableLists<T>(options: SortableListsOptions<T>) {
  const { idOf, flat = false } = options;
  const [dragging, setDragging] = useState<Dragging<T>>(null);
  const [drop, setDrop] = useState<{ list: string; before: string | null } | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));
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
    const within = (prefix: string) =>
      args.droppableContainers.filter((container) => String(container.id).startsWith(prefix));
    if (String(args.active.id).startsWith("c:")) return closestCenter({ ...args, droppableContainers: within("c:") });
    for (const prefix of ["t:", "d:", "c:"]) {
      const hits = pointerWithin({ ...args, droppableContainers: within(prefix) });
      if (hits.length) return hits;
    }
    return [];
  };

  const onDragStart = (event: DragStartEvent) => {
    const id = String(event.active.id);
    if (id.startsWith("c:")) return setDragging({ kind: "list", list: id.slice(2) });
    const itemId = id.slice(2);
    const from = listOf(itemId);
    const item = from ? itemsOf(from).find((candidate) => idOf(candidate) === itemId) : undefined;
    setDragging(item !== undefined && from ? { kind: "item", item, from } : null);
  };

  const onDragOver = (event: DragOverEvent) => {
    const id = String(event.active.id);
    if (!id.startsWith("t:") || !event.over) return setDrop(null);
    const target = targetOf(id.slice(2), String(event.over.id));
    setDrop(target && target.list !== listOf(id.slice(2)) ? { list: target.list, before: target.before } : null);
  };

  const end = () => {
    setDragging(null);
    setDrop(null);
  };

  const onDragEnd = (event: DragEndEvent) => {
    end();
    const id = String(event.active.id);
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

  const context: Pick<
    DndContextProps,
    "sensors" | "collisionDetection" | "onDragStart" | "onDragOver" | "onDragEnd" | "onDragCancel"
  > = { sensors, collisionDetection, onDragStart, onDragOver, onDragEnd, onDragCancel: end };

  return {
    context,
    dragging,
    // Where the indicator stands while an item is over another list: before `before`, or at the end (null).
    drop,
    dropBefore: (list: string) => (drop?.list === list ? drop.before : null),
    dropAtEnd: (list: string) => drop?.list === list && drop.before === null,
  };
}
