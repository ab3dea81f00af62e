import type { Db } from "../../db/index.ts";
import type { WebhooksTable, WorkspaceRole } from "../../db/schema.ts";
import type { Actor } from "../../domain/context.ts";
import { workspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { notFound } from "../../errors.ts";

// A webhook belongs to the person who created it; workspace admins also see and remove every webhook of their
// workspace. Everyone else gets a 404, as if it did not exist.
export async function authorizeWebhook(
  db: Db,
  actor: Actor,
  webhook: WebhooksTable | undefined,
): Promise<WebhooksTable> {
  if (!webhook) throw notFound("webhook");
  if (webhook.created_by_gid === actor.gid) return webhook;
  if ((await workspaceRole(db, actor, webhook.workspace_gid)) === "admin") return webhook;
  throw notFound("webhook");
}

// Whose webhooks a workspace member sees in the workspace's list: every one for its admins, their own otherwise.
export const webhooksListedFor = (actor: Actor, role: WorkspaceRole): { createdBy?: number } =>
  role === "admin" ? {} : { createdBy: actor.gid };
