import type { Db } from "../../db/index.ts";
import type { CrmIntakesTable } from "../../db/schema.ts";

type Window = { limit: number; offset: number };

export function findIntake(db: Db, gid: number): Promise<CrmIntakesTable | undefined> {
  return db.selectFrom("crm_intakes").selectAll().where("gid", "=", gid).executeTakeFirst();
}

export function intakesOf(db: Db, workspaceGid: number, window: Window) {
  return db
    .selectFrom("crm_intakes")
    .selectAll()
    .where("workspace_gid", "=", workspaceGid)
    .orderBy("gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

// What an intake received, newest first.
export function intakeLogOf(db: Db, intakeGid: number, window: Window) {
  return db
    .selectFrom("crm_intake_log")
    .selectAll()
    .where("intake_gid", "=", intakeGid)
    .orderBy("gid", "desc")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}
