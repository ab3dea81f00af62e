import type { Db } from "../../db/index.ts";

// Marking read or archived is the owner's bookkeeping, not news: no event is written.
export async function markNotification(db: Db, gid: number, change: "read" | "archive" | "unarchive"): Promise<void> {
  const now = new Date().toISOString();
  const set =
    change === "read"
      ? { read_at: now }
      : change === "archive"
        ? { archived_at: now, read_at: now }
        : { archived_at: null };
  await db
    .updateTable("inbox_notifications")
    .set(set)
    .where("gid", "=", gid)
    .$if(change === "read", (query) => query.where("read_at", "is", null))
    .execute();
}

export async function markAllRead(db: Db, userGid: number, workspaceGid: number): Promise<void> {
  await db
    .updateTable("inbox_notifications")
    .set({ read_at: new Date().toISOString() })
    .where("user_gid", "=", userGid)
    .where("workspace_gid", "=", workspaceGid)
    .where("read_at", "is", null)
    .execute();
}
