import type { Db } from "../../db/index.ts";
import type { WorkspaceRole } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { findVisibleUser } from "../users/user.queries.ts";
import { requireWorkspaceRole } from "./workspace.policy.ts";

type Window = { limit: number; offset: number };

export interface WorkspaceMembershipRow {
  gid: number;
  workspace_gid: number;
  workspace_name: string;
  user_gid: number;
  user_name: string;
  role: WorkspaceRole;
  created_at: string;
  list_gid: number | null;
}

// Asana's workspace_membership: who belongs to a workspace, and as what.
export function presentWorkspaceMembership(row: WorkspaceMembershipRow) {
  return {
    gid: String(row.gid),
    resource_type: "workspace_membership",
    user: { gid: String(row.user_gid), resource_type: "user", name: row.user_name },
    workspace: { gid: String(row.workspace_gid), resource_type: "workspace", name: row.workspace_name },
    user_task_list: row.list_gid
      ? { gid: String(row.list_gid), resource_type: "user_task_list", name: "My Tasks" }
      : null,
    is_active: true,
    is_admin: row.role === "admin",
    is_guest: row.role === "guest",
    is_view_only: false,
    vacation_dates: null,
    created_at: row.created_at,
  };
}

function rows(db: Db) {
  return db
    .selectFrom("workspace_memberships as wm")
    .innerJoin("workspaces as w", "w.gid", "wm.workspace_gid")
    .innerJoin("users as u", "u.gid", "wm.user_gid")
    .leftJoin("user_task_lists as utl", (join) =>
      join.onRef("utl.user_gid", "=", "wm.user_gid").onRef("utl.workspace_gid", "=", "wm.workspace_gid"),
    )
    .select([
      "wm.gid",
      "wm.workspace_gid",
      "w.name as workspace_name",
      "wm.user_gid",
      "u.name as user_name",
      "wm.role",
      "wm.created_at",
      "utl.gid as list_gid",
    ]);
}

// SQL: the memberships the actor may see — all of a workspace where they are a full member, and their own.
function visibleTo(db: Db, actorGid: number) {
  const full = db
    .selectFrom("workspace_memberships")
    .select("workspace_gid")
    .where("user_gid", "=", actorGid)
    .where("role", "in", ["admin", "member"]);
  return rows(db).where((eb) => eb.or([eb("wm.workspace_gid", "in", full), eb("wm.user_gid", "=", actorGid)]));
}

export async function readWorkspaceMembership(db: Db, actor: Actor, gid: number): Promise<WorkspaceMembershipRow> {
  const row = await visibleTo(db, actor.gid).where("wm.gid", "=", gid).executeTakeFirst();
  if (!row) throw notFound("workspace_membership");
  return row;
}

// A workspace's memberships (full members see all; a guest only their own), by member name.
export async function listWorkspaceMemberships(
  db: Db,
  actor: Actor,
  workspaceGid: number,
  userRef: string | undefined,
  window: Window,
): Promise<WorkspaceMembershipRow[]> {
  await requireWorkspaceRole(db, actor, workspaceGid);
  let query = visibleTo(db, actor.gid).where("wm.workspace_gid", "=", workspaceGid);
  if (userRef) {
    const user = await findVisibleUser(db, actor.gid, userRef);
    query = query.where("wm.user_gid", "=", user?.gid ?? 0);
  }
  return query.orderBy("u.name").orderBy("wm.gid").limit(window.limit).offset(window.offset).execute();
}

// A person's memberships in the workspaces the actor shares with them.
export async function listUserWorkspaceMemberships(
  db: Db,
  actor: Actor,
  userRef: string,
  window: Window,
): Promise<WorkspaceMembershipRow[]> {
  const user = await findVisibleUser(db, actor.gid, userRef);
  if (!user) throw notFound("user");
  return visibleTo(db, actor.gid)
    .where("wm.user_gid", "=", user.gid)
    .orderBy("wm.workspace_gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

// GET /workspaces/{gid}/users/{gid}: a member of the workspace, for those who may see them.
export async function readWorkspaceUser(db: Db, actor: Actor, workspaceGid: number, userRef: string) {
  await requireWorkspaceRole(db, actor, workspaceGid);
  const user = await findVisibleUser(db, actor.gid, userRef);
  if (!user) throw notFound("user");
  const member = await db
    .selectFrom("workspace_memberships")
    .select("gid")
    .where("workspace_gid", "=", workspaceGid)
    .where("user_gid", "=", user.gid)
    .executeTakeFirst();
  // A guest finds only the people on their shared projects (findVisibleUser); nobody finds a non-member.
  if (!member) throw notFound("user");
  return user;
}
