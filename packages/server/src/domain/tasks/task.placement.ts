import type { Transaction } from "kysely";
import { lockOrderedLists } from "../../db/locks.ts";
import { prepared, preparedVariants } from "../../db/prepared.ts";
import type { Database } from "../../db/schema.ts";
import { newGid } from "../../ids.ts";
import { keyAfter, keyBetween } from "../ordering.ts";

// Where a task goes in an ordered list: an end, or next to an anchor (given by the anchor's own key).
export type Slot = { at: "start" } | { at: "end" } | { before: string } | { after: string };

// The nearest key on one side of `from` (or the first/last key of the list when `from` is null).
type Neighbour = (from: { op: "<" | ">"; key: string } | null, direction: "asc" | "desc") => Promise<string | null>;

async function keyForSlot(neighbour: Neighbour, slot: Slot): Promise<string> {
  if ("at" in slot) {
    return slot.at === "end" ? keyAfter(await neighbour(null, "desc")) : keyBetween(null, await neighbour(null, "asc"));
  }
  if ("before" in slot) return keyBetween(await neighbour({ op: "<", key: slot.before }, "desc"), slot.before);
  return keyBetween(slot.after, await neighbour({ op: ">", key: slot.after }, "asc"));
}

// The nearest key in a section on one side of a key ("<desc", ">asc") or at an end ("asc", "desc"): every task
// placed in a section asks it, so it is compiled once per variant (db/prepared.ts).
const sectionNeighbour = preparedVariants((variant: string) => {
  const op = variant[0] === "<" || variant[0] === ">" ? variant[0] : null;
  const direction = (op ? variant.slice(1) : variant) as "asc" | "desc";
  return prepared(
    ["sectionGid", "taskGid", "key"],
    (db, params: { sectionGid: number; taskGid: number; key: string }) =>
      db
        .selectFrom("task_memberships")
        .select("order_key")
        .where("section_gid", "=", params.sectionGid)
        .where("task_gid", "!=", params.taskGid)
        .$if(op !== null, (query) => query.where("order_key", op ?? "<", params.key))
        .orderBy("order_key", direction)
        .limit(1),
  );
});

// A key for a task in a section; the task itself is left out so a move never compares against its old place.
export async function sectionKey(trx: Transaction<Database>, sectionGid: number, taskGid: number, slot: Slot) {
  await lockOrderedLists(trx, "sections", [sectionGid]);
  return keyForSlot(async (from, direction) => {
    const row = await sectionNeighbour(`${from?.op ?? ""}${direction}`).first(trx, {
      sectionGid,
      taskGid,
      key: from?.key ?? "",
    });
    return row?.order_key ?? null;
  }, slot);
}

// A key for a task among its parent's subtasks.
export async function subtaskKey(trx: Transaction<Database>, parentGid: number, taskGid: number, slot: Slot) {
  await lockOrderedLists(trx, "tasks", [parentGid]);
  return keyForSlot(async (from, direction) => {
    const row = await trx
      .selectFrom("tasks")
      .select("subtask_order_key")
      .where("parent_gid", "=", parentGid)
      .where("gid", "!=", taskGid)
      .where("subtask_order_key", "is not", null)
      .$if(from !== null, (query) => query.where("subtask_order_key", from!.op, from!.key))
      .orderBy("subtask_order_key", direction)
      .limit(1)
      .executeTakeFirst();
    return row?.subtask_order_key ?? null;
  }, slot);
}

// The first or last section of a project by order; a project without sections gets its default one.
export async function edgeSection(
  trx: Transaction<Database>,
  projectGid: number,
  edge: "first" | "last",
  now: string,
): Promise<number> {
  const direction = edge === "first" ? "asc" : "desc";
  const section = await trx
    .selectFrom("sections")
    .select("gid")
    .where("project_gid", "=", projectGid)
    .orderBy("order_key", direction)
    .orderBy("gid", direction)
    .limit(1)
    .executeTakeFirst();
  if (section) return section.gid;
  const gid = newGid();
  await trx
    .insertInto("sections")
    .values({ gid, project_gid: projectGid, name: "Untitled section", order_key: keyAfter(null), created_at: now })
    .execute();
  return gid;
}
