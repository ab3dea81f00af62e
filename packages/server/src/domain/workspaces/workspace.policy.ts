import type { ExpressionBuilder } from "kysely";
import type { Db } from "../../db/index.ts";
import { prepared } from "../../db/prepared.ts";
import type { Database, WorkspaceRole } from "../../db/schema.ts";
import { forbidden, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";

// The actor's role in each of the given workspaces (absent: not a member), in one query.
export async function workspaceRoles(
  db: Db,
  actor: Actor,
  workspaceGids: number[],
): Promise<Map<number, WorkspaceRole>> {
  if (workspaceGids.length === 0) return new Map();
  const rows = await db
    .selectFrom("workspace_memberships")
    .select(["workspace_gid", "role"])
    .where("workspace_gid", "in", [...new Set(workspaceGids)])
    .where("user_gid", "=", actor.gid)
    .execute();
  return new Map(rows.map((row) => [row.workspace_gid, row.role]));
}

// Full members (admins and members, not guests) browse teams, people, public projects, templates and reports.
export function isFullMember(role: WorkspaceRole | null): boolean {
  return role === "admin" || role === "member";
}

export function isWorkspaceAdmin(role: WorkspaceRole | null): boolean {
  return role === "admin";
}

// Every workspace-wide request (search, typeahead, the workspace's lists) asks this first: compiled once
// (db/prepared.ts; on PostgreSQL also parsed and planned once per connection).
const roleIn = prepared(["workspaceGid", "userGid"], (db, params: { workspaceGid: number; userGid: number }) =>
  db
    .selectFrom("workspace_memberships")
    .select("role")
    .where("workspace_gid", "=", params.workspaceGid)
    .where("user_gid", "=", params.userGid),
);

export async function workspaceRole(db: Db, actor: Actor, workspaceGid: number): Promise<WorkspaceRole | null> {
  const row = await roleIn.first(db, { workspaceGid, userGid: actor.gid });
  return row?.role ?? null;
}

// Any member, guest included, sees the workspace itself; 404 for anyone else.
export async function requireWorkspaceRole(db: Db, actor: Actor, workspaceGid: number): Promise<WorkspaceRole> {
  const role = await workspaceRole(db, actor, workspaceGid);
  if (!role) throw notFound("workspace");
  return role;
}

// Full members (not guests) browse teams, people and public projects.
export async function requireFullMember(db: Db, actor: Actor, workspaceGid: number): Promise<WorkspaceRole> {
  const role = await requireWorkspaceRole(db, actor, workspaceGid);
  if (!isFullMember(role)) throw forbidden("Guests cannot list this workspace's contents.");
  return role;
}

export async function requireWorkspaceAdmin(db: Db, actor: Actor, workspaceGid: number): Promise<void> {
  const role = await requireWorkspaceRole(db, actor, workspaceGid);
  if (!isWorkspaceAdmin(role)) throw forbidden("Only workspace admins can do this.");
}

// SQL: workspaces the actor belongs to, for lists.
export function memberOfWorkspace(actorGid: number) {
  return (eb: ExpressionBuilder<Database, "workspaces">) =>
    eb.exists(
      eb
        .selectFrom("workspace_memberships as wm")
        .select("wm.gid")
        .whereRef("wm.workspace_gid", "=", "workspaces.gid")
        .where("wm.user_gid", "=", actorGid),
    );
}
