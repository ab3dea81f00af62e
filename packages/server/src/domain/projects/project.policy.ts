import { type Expression, type ExpressionBuilder, sql } from "kysely";
import type { Db } from "../../db/index.ts";
import { prepared } from "../../db/prepared.ts";
import type { AccessLevel, Database, ProjectsTable, WorkspaceRole } from "../../db/schema.ts";
import type { PortfolioAccessLevel } from "../../db/schema-resources.ts";
import { ApiError, forbidden, notFound } from "../../errors.ts";
import { atLeast, strongest } from "../access-level.ts";
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

type GidRef = number | Expression<number>;

// What a portfolio member's access to a portfolio gives them on a project the portfolio lists with inherited access
// (Asana's is_access_control_inherited): viewers read, editors and admins edit. Never admin on the project:
// sharing and ownership stay with the project's own admins.
const PORTFOLIO_LEVELS: readonly PortfolioAccessLevel[] = ["viewer", "editor", "admin"];
export const INHERITED_PROJECT_ACCESS: Record<PortfolioAccessLevel, AccessLevel> = {
  viewer: "viewer",
  editor: "editor",
  admin: "editor",
};

// SQL: the portfolio memberships through which the actor inherits access to the project — portfolios that list the
// project with is_access_control_inherited, and of which the actor is a member (by name, as for a project: a public
// portfolio's default access grants nothing here).
function inheritingMemberships(db: Db) {
  return db
    .selectFrom("portfolio_items as gpi")
    .innerJoin("portfolio_memberships as gpfm", "gpfm.portfolio_gid", "gpi.portfolio_gid")
    .where("gpi.item_type", "=", "project")
    .where("gpi.is_access_control_inherited", "=", 1);
}

function inheritedGrants(db: Db, actorGid: GidRef) {
  return inheritingMemberships(db).where("gpfm.user_gid", "=", actorGid);
}

// The projects the given people inherit access to, with the access it gives (for lists of people and what is
// shared with them).
export async function inheritedGrantsOf(db: Db, userGids: number[]) {
  if (userGids.length === 0) return [];
  const rows = await inheritingMemberships(db)
    .select(["gpfm.user_gid", "gpi.item_gid", "gpfm.access_level"])
    .where("gpfm.user_gid", "in", userGids)
    .execute();
  return rows.map((row) => ({
    user_gid: row.user_gid,
    project_gid: row.item_gid,
    access_level: INHERITED_PROJECT_ACCESS[row.access_level],
  }));
}

// SQL: whether the project is shared with the actor by name — a project membership, or an inherited grant through a
// portfolio. Either is explicit sharing: it opens a private project, and it is all a guest ever sees.
function projectGranted(db: Db, actorGid: GidRef, projectGid: Expression<number>) {
  return <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) =>
    eb.or([
      eb.exists(
        db
          .selectFrom("project_memberships as gpm")
          .select("gpm.gid")
          .where("gpm.project_gid", "=", projectGid)
          .where("gpm.user_gid", "=", actorGid),
      ),
      eb.exists(inheritedGrants(db, actorGid).select("gpi.item_gid").where("gpi.item_gid", "=", projectGid)),
    ]);
}

// SQL: gids of the projects shared with the actor by name (a membership or an inherited grant): a guest's projects.
export function grantedProjectGids(db: Db, actorGid: number) {
  return db
    .selectFrom("project_memberships as spm")
    .select("spm.project_gid")
    .where("spm.user_gid", "=", actorGid)
    .union(inheritedGrants(db, actorGid).select("gpi.item_gid as project_gid"));
}

// SQL: gids of the projects the actor may see. A project shared with them (see projectGranted); for a full
// workspace member (not a guest) also projects that are public to the workspace. Private projects stay with those
// they are shared with.
export function visibleProjectGids(db: Db, actorGid: number) {
  return db
    .selectFrom("projects as vp")
    .select("vp.gid")
    .where((eb) =>
      eb.or([
        projectGranted(db, actorGid, eb.ref("vp.gid"))(eb),
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
export function projectVisible(db: Db, actorGid: GidRef, projectGid: GidRef) {
  return <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) =>
    eb.exists(
      db
        .selectFrom("projects as vp1")
        .select("vp1.gid")
        .where("vp1.gid", "=", projectGid)
        .where((inner) =>
          inner.or([
            projectGranted(db, actorGid, inner.ref("vp1.gid"))(inner),
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

// One statement: the project membership, the workspace role and the strongest portfolio grant side by side
// (its rank in PORTFOLIO_LEVELS; what it gives on the project: INHERITED_PROJECT_ACCESS). Every request about a
// project or a task asks it: compiled once (db/prepared.ts).
const accessRows = prepared(
  ["actorGid", "projectGids"],
  (db, params: { actorGid: number; projectGids: number[] }) =>
    db
      .selectFrom("projects")
      .leftJoin("project_memberships as apm", (join) =>
        join.onRef("apm.project_gid", "=", "projects.gid").on("apm.user_gid", "=", params.actorGid),
      )
      .leftJoin("workspace_memberships as awm", (join) =>
        join.onRef("awm.workspace_gid", "=", "projects.workspace_gid").on("awm.user_gid", "=", params.actorGid),
      )
      .select(["projects.gid", "apm.access_level", "awm.role"])
      .select(
        inheritedGrants(db, params.actorGid)
          .select(
            sql<number | null>`max(case gpfm.access_level when 'viewer' then 0 when 'editor' then 1 else 2 end)`.as(
              "rank",
            ),
          )
          .where("gpi.item_gid", "=", sql.ref<number>("projects.gid"))
          .as("inherited_rank"),
      )
      .where("projects.gid", "in", params.projectGids),
  { lists: ["projectGids"] },
);

// The actor's access level on each of the given projects (absent: no access), in two queries whatever the projects:
// what is shared with them by name decides (the stronger of a membership and an inherited grant, see
// INHERITED_PROJECT_ACCESS); without a membership, a public project gives a workspace admin admin access and a
// member editor (or the inherited level, when stronger).
export async function projectAccessLevels(
  db: Db,
  actor: Actor,
  projects: Pick<ProjectsTable, "gid" | "workspace_gid" | "privacy_setting">[],
): Promise<Map<number, AccessLevel>> {
  const levels = new Map<number, AccessLevel>();
  if (projects.length === 0) return levels;
  const gids = [...new Set(projects.map((project) => project.gid))];
  const rows = await accessRows.all(db, { actorGid: actor.gid, projectGids: gids });
  const given = new Map(projects.map((project) => [project.gid, project]));
  for (const row of rows) {
    const granted = row.inherited_rank === null ? undefined : PORTFOLIO_LEVELS[Number(row.inherited_rank)];
    const shared = granted ? INHERITED_PROJECT_ACCESS[granted] : null;
    const byRole =
      row.access_level || given.get(row.gid)?.privacy_setting === "private"
        ? null
        : row.role === "admin"
          ? "admin"
          : row.role === "member"
            ? "editor"
            : null;
    const level = strongest([row.access_level, shared, byRole]);
    if (level) levels.set(row.gid, level);
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
