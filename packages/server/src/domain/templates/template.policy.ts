import type { Db } from "../../db/index.ts";
import type { ProjectTemplatesTable } from "../../db/schema.ts";
import { forbidden, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { workspaceRole } from "../workspaces/workspace.policy.ts";

// Full workspace members read public templates; a private one is its owner's (and workspace admins').
// 404 for guests and outsiders; deleting needs the owner or a workspace admin.
export async function authorizeProjectTemplate(
  db: Db,
  actor: Actor,
  template: ProjectTemplatesTable | undefined,
  action: "read" | "manage",
): Promise<ProjectTemplatesTable> {
  if (!template) throw notFound("project_template");
  const role = await workspaceRole(db, actor, template.workspace_gid);
  if (!role || role === "guest") throw notFound("project_template");
  const owns = template.owner_gid === actor.gid;
  if (template.public !== 1 && !owns && role !== "admin") throw notFound("project_template");
  if (action === "manage" && !owns && role !== "admin") {
    throw forbidden("Only the template's owner or a workspace admin can delete it.");
  }
  return template;
}
