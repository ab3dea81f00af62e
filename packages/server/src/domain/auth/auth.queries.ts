import type { Db } from "../../db/index.ts";
import { presentUser } from "../users/user.presenter.ts";
import { workspacesOfUser } from "../users/user.queries.ts";

// Takt needs setting up until its first user exists.
export async function setupNeeded(db: Db): Promise<boolean> {
  return !(await db.selectFrom("users").select("gid").limit(1).executeTakeFirst());
}

// Who has just signed in, as the answer to a sign-in shows them: the person and their workspaces.
export async function signedInUser(db: Db, userGid: number) {
  const user = await db.selectFrom("users").selectAll().where("gid", "=", userGid).executeTakeFirstOrThrow();
  return presentUser(user, await workspacesOfUser(db, userGid));
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
