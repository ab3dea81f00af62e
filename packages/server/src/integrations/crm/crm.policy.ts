import type { Db } from "../../db/index.ts";
import type { CrmIntakesTable } from "../../db/schema.ts";
import type { Actor } from "../../domain/context.ts";
import { requireWorkspaceAdmin, workspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { notFound } from "../../errors.ts";

// Intakes hold a secret URL: only workspace admins see or change them; anyone outside the workspace gets 404.
export async function authorizeIntake(db: Db, actor: Actor, intake: CrmIntakesTable | undefined) {
  if (!intake || !(await workspaceRole(db, actor, intake.workspace_gid))) throw notFound("crm_intake");
  await requireWorkspaceAdmin(db, actor, intake.workspace_gid);
  return intake;
}

// Listing and making intakes of a workspace is for its admins.
export async function authorizeIntakeAdmin(db: Db, actor: Actor, workspaceGid: number): Promise<void> {
  await requireWorkspaceAdmin(db, actor, workspaceGid);
}
