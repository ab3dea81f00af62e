import type { Transaction } from "kysely";
import { isPostgres } from "./dialect.ts";
import type { Database } from "./schema.ts";

// A new order key is computed from its neighbours' keys: two PostgreSQL transactions placing into the same list
// at once read the same neighbour and write the same key. Locking the row that owns the list (a section for its
// tasks, a project for its sections, a task for its subtasks) makes them take turns. Rows are locked in gid
// order, sections before tasks, so two transactions never wait on each other in a circle. FOR NO KEY UPDATE
// does not block the foreign-key checks of rows inserted into the list. SQLite writes one transaction at a time.
// A row stays locked until its transaction ends, so a second request for it in the same transaction (a task
// inserted, then placed in its section) asks the database nothing.
const held = new WeakMap<Transaction<Database>, Set<string>>();

export async function lockOrderedLists(
  trx: Transaction<Database>,
  owner: "sections" | "projects" | "tasks",
  gids: (number | null | undefined)[],
): Promise<void> {
  if (!isPostgres(trx)) return;
  let locked = held.get(trx);
  if (!locked) {
    locked = new Set();
    held.set(trx, locked);
  }
  const wanted = [...new Set(gids.filter((gid): gid is number => typeof gid === "number"))]
    .filter((gid) => !locked.has(`${owner}:${gid}`))
    .sort((a, b) => a - b);
  if (wanted.length === 0) return;
  await trx.selectFrom(owner).select("gid").where("gid", "in", wanted).orderBy("gid").forNoKeyUpdate().execute();
  for (const gid of wanted) locked.add(`${owner}:${gid}`);
}
