import type { Expression, ExpressionBuilder } from "kysely";
import type { Db } from "../../db/index.ts";
import type { AccessLevel, Database, ProjectsTable, WorkspaceRole } from "../../db/schema.ts";
import { ApiError, forbidden, notFound } from "../../errors.ts";
import { atLeast } from "../access-level.ts";
import type { Actor } from "../context.ts";
import { leveledPolicy } from "../leveled-policy.ts";
import { requireWorkspaceRole } from "../workspaces/workspace.policy.ts";

export type ProjectAction = "read" | "comment" | "edit" | "manage";

const policy = leveledPolicy<AccessLevel, ProjectAction>({
  resource: "project",
  rank: { viewer: 1, commenter: 2, editor: 3, admin: 4 },
  needed: { read: "viewer", comment: "commenter", edit: "editor", manage: "admin" },
});

// Whether an access level allows an action on the project: the rule authorizeProject enforces, and the one the
// caller's abilities report (project.abilities.ts).
export function projectAllows(level: AccessLevel | null, action: ProjectAction): boolean {
  return policy.allows(level, action);
}

// SQL: gids of the projects the actor may see. A project member sees it; a full workspace member (not a
// guest) also sees projects that are public to the workspace. Private projects stay with their members.
export function visibleProjectGids(db: Db, actorGid: number) {
  return db
    .selectFrom("projects as vp")
    .select("vp.gid")
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("project_memberships as vpm")
            .select("vpm.gid")
            .whereRef("vpm.project_gid", "=", "vp.gid")
            .where("vpm.user_gid", "=", actorGid),
        ),
        eb.and([
          eb("vp.privacy_setting", "=", "public_to_workspace"),
          eb.exists(
            eb
              .selectFrom("workspace_memberships as vwm")
              .select("vwm.gid")
              .whereRef("vwm.workspace_gid", "=", "vp.workspace_gid")
              .where("vwm.user_gid", "=", actorGid)
              .where("vwm.role", "in", ["admin", "member"]),
          ),
        ]),
      ]),
    );
}

// SQL: whether the actor sees one given project (a gid, or a column of the outer query), probing that project's
// row only. Cheaper than `in visibleProjectGids`, which lists every project of the workspace first.
export function projectVisible(db: Db, actorGid: number | Expression<number>, projectGid: number | Expression<number>) {
  return <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) =>
    eb.exists(
      db
        .selectFrom("projects as vp1")
        .select("vp1.gid")
        .where("vp1.gid", "=", projectGid)
        .where((inner) =>
          inner.or([
            inner.exists(
              inner
                .selectFrom("project_memberships as vpm1")
                .select("vpm1.gid")
                .whereRef("vpm1.project_gid", "=", "vp1.gid")
                .where("vpm1.user_gid", "=", actorGid),
            ),
            inner.and([
              inner("vp1.privacy_setting", "=", "public_to_workspace"),
              inner.exists(
                inner
                  .selectFrom("workspace_memberships as vwm1")
                  .select("vwm1.gid")
                  .whereRef("vwm1.workspace_gid", "=", "vp1.workspace_gid")
                  .where("vwm1.user_gid", "=", actorGid)
                  .where("vwm1.role", "in", ["admin", "member"]),
              ),
            ]),
          ]),
        ),
    );
}

export function projectIsVisible(db: Db, actorGid: number) {
  return (eb: ExpressionBuilder<Database, "projects">) => eb("projects.gid", "in", visibleProjectGids(db, actorGid));
}

// The actor's access level on each of the given projects (absent: no access), in one query whatever the projects:
// a membership decides; without one, a public project gives a workspace admin admin access and a member editor.
export async function projectAccessLevels(
  db: Db,
  actor: Actor,
  projects: Pick<ProjectsTable, "gid" | "workspace_gid" | "privacy_setting">[],
): Promise<Map<number, AccessLevel>> {
  const levels = new Map<number, AccessLevel>();
  if (projects.length === 0) return levels;
  const rows = await db
    .selectFrom("projects")
    .leftJoin("project_memberships as apm", (join) =>
      join.onRef("apm.project_gid", "=", "projects.gid").on("apm.user_gid", "=", actor.gid),
    )
    .leftJoin("workspace_memberships as awm", (join) =>
      join.onRef("awm.workspace_gid", "=", "projects.workspace_gid").on("awm.user_gid", "=", actor.gid),
    )
    .select(["projects.gid", "apm.access_level", "awm.role"])
    .where("projects.gid", "in", [...new Set(projects.map((project) => project.gid))])
    .execute();
  const given = new Map(projects.map((project) => [project.gid, project]));
  for (const row of rows) {
    if (row.access_level) {
      levels.set(row.gid, row.access_level);
      continue;
    }
    if (given.get(row.gid)?.privacy_setting === "private") continue;
    if (row.role === "admin") levels.set(row.gid, "admin");
    else if (row.role === "member") levels.set(row.gid, "editor");
  }
  return levels;
}

export async function projectAccess(
  db: Db,
  actor: Actor,
  project: Pick<ProjectsTable, "gid" | "workspace_gid" | "privacy_setting">,
): Promise<AccessLevel | null> {
  return (await projectAccessLevels(db, actor, [project])).get(project.gid) ?? null;
}

// 404 when the actor cannot see the project at all (its existence is private), 403 when they see it but may not act.
export async function authorizeProject(
  db: Db,
  actor: Actor,
  project: Pick<ProjectsTable, "gid" | "workspace_gid" | "privacy_setting"> | undefined,
  action: ProjectAction,
): Promise<AccessLevel> {
  if (!project) throw notFound("project");
  return policy.check(await projectAccess(db, actor, project), action);
}

// Any member of the workspace but a guest may create a project in it.
export function mayCreateProject(role: WorkspaceRole | null): boolean {
  return role === "admin" || role === "member";
}

export async function authorizeProjectCreate(db: Db, actor: Actor, workspaceGid: number): Promise<void> {
  const role = await requireWorkspaceRole(db, actor, workspaceGid);
  if (!mayCreateProject(role)) throw forbidden("Guests cannot create projects.");
}

// Which access a change to a project field needs: sharing and ownership are for project admins.
export function actionForProjectField(field: string): ProjectAction {
  return ["privacy_setting", "owner", "team"].includes(field) ? "manage" : "edit";
}

// Sharing a project needs edit access, and nobody grants more access than they hold.
export function authorizeGrant(level: AccessLevel, granted: AccessLevel): void {
  if (!atLeast(level, granted)) throw forbidden(`You cannot grant ${granted} access: you have ${level} access.`);
}

// A person may always leave a project they see; removing others or changing their access needs admin access.
export function actionForMemberChange(actor: Actor, memberGids: number[]): ProjectAction {
  return memberGids.every((gid) => gid === actor.gid) ? "read" : "manage";
}

// Changing a project's fields needs edit access; changing who sees or owns it needs admin access.
export async function authorizeProjectChange(
  db: Db,
  actor: Actor,
  project: ProjectsTable | undefined,
  fields: string[],
): Promise<AccessLevel> {
  const level = await authorizeProject(db, actor, project, "edit");
  const needsManage = fields.some(
    (field) => actionForProjectField(field === "public" ? "privacy_setting" : field) === "manage",
  );
  if (needsManage && !atLeast(level, "admin")) await authorizeProject(db, actor, project, "manage");
  return level;
}

// A membership is as visible as its project; its id reveals nothing more than the project's would.
export async function authorizeProjectMembership(
  db: Db,
  actor: Actor,
  project: ProjectsTable | undefined,
  action: "read" | "manage",
): Promise<void> {
  try {
    await authorizeProject(db, actor, project, action);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw notFound("project_membership");
    throw error;
  }
}
