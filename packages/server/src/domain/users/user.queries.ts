import type { Db } from "../../db/index.ts";

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
// only the people on the projects shared with them.
export function visibleUserGids(db: Db, actorGid: number) {
  const fullMemberWorkspaces = db
    .selectFrom("workspace_memberships")
    .select("workspace_gid")
    .where("user_gid", "=", actorGid)
    .where("role", "in", ["admin", "member"]);
  const sharedProjects = db.selectFrom("project_memberships").select("project_gid").where("user_gid", "=", actorGid);
  return db
    .selectFrom("workspace_memberships")
    .select("user_gid")
    .where("workspace_gid", "in", fullMemberWorkspaces)
    .union(db.selectFrom("project_memberships").select("user_gid").where("project_gid", "in", sharedProjects))
    .union(db.selectFrom("users").select("gid as user_gid").where("gid", "=", actorGid));
}
