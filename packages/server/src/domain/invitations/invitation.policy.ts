import type { ExpressionBuilder } from "kysely";
import type { Db } from "../../db/index.ts";
import type { AccessLevel, Database, InvitationsTable, ProjectsTable, WorkspaceRole } from "../../db/schema.ts";
import { forbidden, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { projectAccess } from "../projects/project.policy.ts";
import { requireWorkspaceRole, workspaceRole } from "../workspaces/workspace.policy.ts";

type ProjectRef = Pick<ProjectsTable, "gid" | "workspace_gid" | "privacy_setting">;

// A workspace admin invites to the workspace, a team or a project; a project admin (a full member) invites
// guests into their own project. Why the actor may not send such an invitation, or null when they may.
export function inviteRefusal(
  role: WorkspaceRole | null,
  invitedRole: InvitationsTable["role"],
  projectLevel: AccessLevel | null,
  hasProject: boolean,
): string | null {
  if (role === "admin") return null;
  if (role === "guest") return "Guests cannot invite people.";
  if (!hasProject) return "Only workspace admins can invite people to the workspace or a team.";
  if (projectLevel !== "admin") return "Only workspace admins and this project's admins can invite people to it.";
  if (invitedRole !== "guest") return "Only workspace admins can invite members; project admins invite guests.";
  return null;
}

// 404 for people outside the workspace, 403 for members without that right.
export async function authorizeInvite(
  db: Db,
  actor: Actor,
  workspaceGid: number,
  invitedRole: InvitationsTable["role"],
  project: ProjectRef | null,
): Promise<void> {
  const role = await requireWorkspaceRole(db, actor, workspaceGid);
  const level = role === "member" && project ? await projectAccess(db, actor, project) : null;
  const refusal = inviteRefusal(role, invitedRole, level, project !== null);
  if (refusal) throw forbidden(refusal);
}

// Managing (listing, revoking, resending) is for the same people who could have sent the invitation.
export async function authorizeInvitationManage(
  db: Db,
  actor: Actor,
  invitation: InvitationsTable | undefined,
): Promise<InvitationsTable> {
  if (!invitation) throw notFound("invitation");
  const role = await workspaceRole(db, actor, invitation.workspace_gid);
  if (!role || role === "guest") throw notFound("invitation");
  if (role === "admin") return invitation;
  if (invitation.project_gid && (await isProjectAdmin(db, actor.gid, invitation.project_gid))) return invitation;
  throw forbidden("Only workspace admins and the project's admins can manage this invitation.");
}

async function isProjectAdmin(db: Db, actorGid: number, projectGid: number): Promise<boolean> {
  const row = await db
    .selectFrom("project_memberships")
    .select("gid")
    .where("project_gid", "=", projectGid)
    .where("user_gid", "=", actorGid)
    .where("access_level", "=", "admin")
    .executeTakeFirst();
  return Boolean(row);
}

// SQL: invitations the actor may manage — all of a workspace they administer, and those into projects they administer.
export function invitationIsManageable(db: Db, actorGid: number) {
  return (eb: ExpressionBuilder<Database, "invitations">) =>
    eb.or([
      eb(
        "invitations.workspace_gid",
        "in",
        db
          .selectFrom("workspace_memberships")
          .select("workspace_gid")
          .where("user_gid", "=", actorGid)
          .where("role", "=", "admin"),
      ),
      eb(
        "invitations.project_gid",
        "in",
        db
          .selectFrom("project_memberships as ipm")
          .innerJoin("projects as ip", "ip.gid", "ipm.project_gid")
          .innerJoin("workspace_memberships as iwm", (join) =>
            join.onRef("iwm.workspace_gid", "=", "ip.workspace_gid").on("iwm.user_gid", "=", actorGid),
          )
          .select("ipm.project_gid")
          .where("ipm.user_gid", "=", actorGid)
          .where("ipm.access_level", "=", "admin")
          .where("iwm.role", "=", "member"),
      ),
    ]);
}
