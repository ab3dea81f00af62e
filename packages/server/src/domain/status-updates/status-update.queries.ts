import type { Db } from "../../db/index.ts";
import type { StatusUpdatesTable } from "../../db/schema.ts";
import type { StatusUpdateRow } from "./status-update.presenter.ts";

function withNames(db: Db) {
  return db
    .selectFrom("status_updates")
    .innerJoin("projects", "projects.gid", "status_updates.parent_gid")
    .leftJoin("users", "users.gid", "status_updates.created_by_gid")
    .selectAll("status_updates")
    .select(["users.name as author_name", "projects.name as project_name"]);
}

export function findStatusUpdate(db: Db, gid: number): Promise<StatusUpdateRow | undefined> {
  return withNames(db).where("status_updates.gid", "=", gid).executeTakeFirst();
}

// Newest first, as Asana lists a project's status updates.
export function statusUpdatesOf(db: Db, projectGid: number, window: { limit: number; offset: number }) {
  return withNames(db)
    .where("status_updates.parent_gid", "=", projectGid)
    .orderBy("status_updates.gid", "desc")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

// The latest status update of each project, in one query.
export async function latestStatusUpdates(
  db: Db,
  projectGids: number[],
): Promise<Map<number, Pick<StatusUpdatesTable, "gid" | "title" | "status_type" | "text" | "created_at">>> {
  if (projectGids.length === 0) return new Map();
  const rows = await db
    .selectFrom("status_updates")
    .select(["gid", "parent_gid", "title", "status_type", "text", "created_at"])
    .where("parent_gid", "in", projectGids)
    .where("gid", "in", (eb) =>
      eb
        .selectFrom("status_updates as latest")
        .select((inner) => inner.fn.max("latest.gid").as("gid"))
        .groupBy("latest.parent_gid"),
    )
    .execute();
  return new Map(rows.map((row) => [row.parent_gid, row]));
}
