import type { Kysely } from "kysely";
import type { Database, EventsTable } from "../db/schema.ts";
import { taskIsVisibleTo } from "../domain/tasks/task.policy.ts";

type Reader = Kysely<Database>;

// Where a task placed in a section now sits: its neighbours in the section's order (null: none, it is first or
// last). A board on screen puts the card between them from the realtime message alone, without asking again.
export interface Placement {
  section: number;
  task: number;
  after: number | null;
  before: number | null;
}

// What one reader is told of a placement: a neighbour the reader cannot see is left out (undefined: unknown), so
// the message names no task the reader may not read. null still means "no task there at all".
export interface PlacementMessage {
  section: string;
  after?: string | null;
  before?: string | null;
}

// A task placed in a section (created there, moved there, reordered in it): "added" with a section as parent.
const isPlacement = (event: EventsTable) =>
  event.resource_type === "task" && event.action === "added" && event.parent_type === "section" && !!event.parent_gid;

/**
 * The placements of a batch's "added to section" events, read at delivery: the task's order key in that section and
 * the tasks just before and after it (the section lists tasks by order key, then gid; each a range read of the
 * section's order index). A task that has left the
 * section again since gets none (a later event of the batch, or the next batch, tells where it went). Three small
 * indexed queries per placement; batches hold one or a few.
 */
export async function placementsOf(db: Reader, events: EventsTable[]): Promise<Map<number, Placement>> {
  const placements = new Map<number, Placement>();
  for (const event of events) {
    if (!isPlacement(event)) continue;
    const section = event.parent_gid as number;
    const task = event.resource_gid;
    const here = await db
      .selectFrom("task_memberships")
      .select("order_key")
      .where("task_gid", "=", task)
      .where("section_gid", "=", section)
      .executeTakeFirst();
    if (!here) continue;
    const key = here.order_key;
    const [after, before] = await Promise.all([
      db
        .selectFrom("task_memberships")
        .select("task_gid")
        .where("section_gid", "=", section)
        .where("order_key", "<=", key)
        .where((eb) => eb.or([eb("order_key", "<", key), eb("task_gid", "<", task)]))
        .orderBy("order_key", "desc")
        .orderBy("task_gid", "desc")
        .limit(1)
        .executeTakeFirst(),
      db
        .selectFrom("task_memberships")
        .select("task_gid")
        .where("section_gid", "=", section)
        .where("order_key", ">=", key)
        .where((eb) => eb.or([eb("order_key", ">", key), eb("task_gid", ">", task)]))
        .orderBy("order_key")
        .orderBy("task_gid")
        .limit(1)
        .executeTakeFirst(),
    ]);
    placements.set(event.id, {
      section,
      task,
      after: after ? Number(after.task_gid) : null,
      before: before ? Number(before.task_gid) : null,
    });
  }
  return placements;
}

// Which of the neighbours each listener sees: "task gid:user gid" pairs, one query for the whole batch.
export async function neighboursSeen(
  db: Reader,
  placements: Iterable<Placement>,
  userGids: number[],
): Promise<Set<string>> {
  const gids = new Set<number>();
  for (const placement of placements) {
    if (placement.after !== null) gids.add(placement.after);
    if (placement.before !== null) gids.add(placement.before);
  }
  const users = [...new Set(userGids)];
  if (gids.size === 0 || users.length === 0) return new Set();
  const rows = await db
    .selectFrom(["tasks", "users"])
    .select(["tasks.gid", "users.gid as user_gid"])
    .where("tasks.gid", "in", [...gids])
    .where("users.gid", "in", users)
    .where((eb) => taskIsVisibleTo(db, eb.ref("users.gid"))(eb))
    .execute();
  return new Set(rows.map((row) => `${row.gid}:${row.user_gid}`));
}

// The placement as one reader is told it.
export function placementFor(placement: Placement, userGid: number, seen: Set<string>): PlacementMessage {
  const message: PlacementMessage = { section: String(placement.section) };
  for (const side of ["after", "before"] as const) {
    const gid = placement[side];
    if (gid === null) message[side] = null;
    else if (seen.has(`${gid}:${userGid}`)) message[side] = String(gid);
  }
  return message;
}
