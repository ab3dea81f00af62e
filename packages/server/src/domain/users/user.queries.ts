import type { ExpressionBuilder } from "kysely";
import type { Db } from "../../db/index.ts";
import { prepared } from "../../db/prepared.ts";
import type { Database, UsersTable } from "../../db/schema.ts";
import { parseGid } from "../../ids.ts";
import { grantedProjectGids } from "../projects/project.policy.ts";

// People's names by gid (a page's assignees and people fields, a change event's assignee): compiled once
// (db/prepared.ts).
export const usersNamed = prepared(
  ["gids"],
  (db, params: { gids: number[] }) => db.selectFrom("users").select(["gid", "name"]).where("gid", "in", params.gids),
  { lists: ["gids"] },
);

export async function workspacesOfUser(db: Db, userGid: number) {
  return db
    .selectFrom("workspaces")
    .innerJoin("workspace_memberships", "workspace_memberships.workspace_gid", "workspaces.gid")
    .select(["workspaces.gid", "workspaces.name", "workspace_memberships.role"])
    .where("workspace_memberships.user_gid", "=", userGid)
    .orderBy("workspaces.gid")
    .execute();
}

// Users the actor may see: people who share a workspace with them as full members, and, for guests,
// only the people on the projects shared with them (by membership or through a portfolio).
export function userIsVisible(db: Db, actorGid: number) {
  return (eb: ExpressionBuilder<Database, "users">) =>
    eb.or([
      eb("users.gid", "=", actorGid),
      // Asked per person (a probe of two indexes), not as the set of everyone the actor sees: a request naming
      // one assignee does not read every membership of every project the actor is on.
      eb.exists(
        eb
          .selectFrom("workspace_memberships as vwm")
          .select("vwm.gid")
          .whereRef("vwm.user_gid", "=", "users.gid")
          .where("vwm.workspace_gid", "in", (inner) =>
            inner
              .selectFrom("workspace_memberships as own")
              .select("own.workspace_gid")
              .where("own.user_gid", "=", actorGid)
              .where("own.role", "in", ["admin", "member"]),
          ),
      ),
      eb.exists(
        eb
          .selectFrom("project_memberships as vpm")
          .select("vpm.gid")
          .whereRef("vpm.user_gid", "=", "users.gid")
          .where("vpm.project_gid", "in", grantedProjectGids(db, actorGid)),
      ),
    ]);
}

// A person the actor may see, named by gid, email or "me"; undefined when there is none (or the gid is malformed).
export async function findVisibleUser(db: Db, actorGid: number, ref: string): Promise<UsersTable | undefined> {
  const byEmail = ref.includes("@");
  const gid = ref === "me" ? actorGid : byEmail ? null : parseGid(ref);
  if (!byEmail && gid === null) return undefined;
  return db
    .selectFrom("users")
    .selectAll()
    .where((eb) => (byEmail ? eb("email", "=", ref.toLowerCase()) : eb("gid", "=", gid as number)))
    .where(userIsVisible(db, actorGid))
    .executeTakeFirst();
}

// Anyone with an account, by gid or email (a workspace admin adding people); undefined when there is none.
export async function findUserByRef(db: Db, ref: string): Promise<UsersTable | undefined> {
  const byEmail = ref.includes("@");
  const gid = byEmail ? null : parseGid(ref);
  if (!byEmail && gid === null) return undefined;
  return db
    .selectFrom("users")
    .selectAll()
    .where((eb) => (byEmail ? eb("email", "=", ref.toLowerCase()) : eb("gid", "=", gid as number)))
    .executeTakeFirst();
}

// A page of a workspace's members, by name.
export function workspaceUsers(db: Db, workspaceGid: number, window: { limit: number; offset: number }) {
  return db
    .selectFrom("users")
    .innerJoin("workspace_memberships", "workspace_memberships.user_gid", "users.gid")
    .select(["users.gid", "users.name", "users.email", "users.language"])
    .where("workspace_memberships.workspace_gid", "=", workspaceGid)
    .orderBy("users.name")
    .orderBy("users.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}
