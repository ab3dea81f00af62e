import type { Db } from "../../db/index.ts";

// Takt needs setting up until its first user exists.
export async function setupNeeded(db: Db): Promise<boolean> {
  return !(await db.selectFrom("users").select("gid").limit(1).executeTakeFirst());
}

// A person's live personal access tokens, newest first.
export function accessTokensOf(db: Db, userGid: number) {
  return db
    .selectFrom("personal_access_tokens")
    .selectAll()
    .where("user_gid", "=", userGid)
    .where("revoked_at", "is", null)
    .orderBy("gid", "desc")
    .execute();
}
