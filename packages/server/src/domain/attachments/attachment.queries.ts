import type { Db } from "../../db/index.ts";
import type { AttachmentsTable } from "../../db/schema.ts";

export async function attachmentByGid(db: Db, gid: number): Promise<AttachmentsTable | undefined> {
  return db.selectFrom("attachments").selectAll().where("gid", "=", gid).executeTakeFirst();
}

// The caller has already been allowed to read the task.
export async function attachmentsOfTask(db: Db, taskGid: number, window: { limit: number; offset: number }) {
  return db
    .selectFrom("attachments")
    .selectAll()
    .where("parent_gid", "=", taskGid)
    .orderBy("gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}
