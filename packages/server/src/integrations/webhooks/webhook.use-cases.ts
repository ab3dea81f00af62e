import type { CreateWebhookBody, UpdateWebhookBody } from "@takt/contracts";
import type { Config } from "../../config.ts";
import type { WebhookDeliveriesTable } from "../../db/schema.ts";
import { type Actor, type Ctx, unitOfWork } from "../../domain/context.ts";
import { refGid } from "../../domain/tasks/task.resolve.ts";
import { requireWorkspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { notFound } from "../../errors.ts";
import { resolveScope } from "../../events/event.scope.ts";
import { deleteWebhook, handshakeWebhook, insertWebhook, redeliver, updateWebhookFilters } from "./webhook.commands.ts";
import { authorizeWebhook, webhooksListedFor } from "./webhook.policy.ts";
import { deliveriesOf, findWebhook, webhooksOf } from "./webhook.queries.ts";

type WebhookCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

// The target's handshake is a network call: it happens before the unit, so no transaction waits on a stranger's
// server. The unit checks again that the resource is still the caller's to follow, and stores the webhook.
export async function subscribeWebhook(ctx: WebhookCtx, config: Config, input: CreateWebhookBody) {
  const resourceGid = refGid(input.resource, "resource");
  const scope = await resolveScope(ctx.db, ctx.actor, resourceGid);
  const shook = await handshakeWebhook(config, scope, { target: input.target, filters: input.filters });
  return unitOfWork(ctx, async (uow) => {
    await resolveScope(uow.db, ctx.actor, resourceGid);
    return insertWebhook(uow, shook);
  });
}

// Asana: the caller's own webhooks in a workspace, optionally for one resource.
export async function listOwnWebhooks(
  ctx: WebhookCtx,
  workspaceGid: number,
  resourceRef: string | undefined,
  window: Window,
) {
  await requireWorkspaceRole(ctx.db, ctx.actor, workspaceGid);
  const resourceGid = resourceRef === undefined ? undefined : refGid(resourceRef, "resource");
  return webhooksOf(ctx.db, workspaceGid, { createdBy: ctx.actor.gid, resourceGid }, window);
}

// A workspace's webhooks as its member may see them (see webhooksListedFor).
export async function listWorkspaceWebhooks(ctx: WebhookCtx, workspaceGid: number, window: Window) {
  const role = await requireWorkspaceRole(ctx.db, ctx.actor, workspaceGid);
  return webhooksOf(ctx.db, workspaceGid, webhooksListedFor(ctx.actor, role), window);
}

export async function showWebhook(ctx: WebhookCtx, webhookGid: number) {
  return authorizeWebhook(ctx.db, ctx.actor, await findWebhook(ctx.db, webhookGid));
}

// The body is read once the caller is known to see the webhook: to anyone else it does not exist, whatever they send.
export async function changeWebhookFilters(ctx: WebhookCtx, webhookGid: number, readInput: () => UpdateWebhookBody) {
  return unitOfWork(ctx, async (uow) => {
    const webhook = await authorizeWebhook(uow.db, ctx.actor, await findWebhook(uow.db, webhookGid));
    return updateWebhookFilters(uow, webhook, readInput().filters);
  });
}

export async function removeWebhook(ctx: WebhookCtx, webhookGid: number) {
  await unitOfWork(ctx, async (uow) => {
    const webhook = await authorizeWebhook(uow.db, ctx.actor, await findWebhook(uow.db, webhookGid));
    await deleteWebhook(uow, webhook);
  });
}

export async function listDeliveries(
  ctx: WebhookCtx,
  webhookGid: number,
  state: WebhookDeliveriesTable["state"] | undefined,
  window: Window,
) {
  const webhook = await authorizeWebhook(ctx.db, ctx.actor, await findWebhook(ctx.db, webhookGid));
  return deliveriesOf(ctx.db, webhook, state, window);
}

// The delivery goes back to pending in the unit; the workers are woken once it has committed.
export async function redeliverEvent(ctx: WebhookCtx, webhookGid: number, deliveryGid: number) {
  const delivery = await unitOfWork(ctx, async (uow) => {
    const webhook = await authorizeWebhook(uow.db, ctx.actor, await findWebhook(uow.db, webhookGid));
    const pending = await redeliver(uow, webhook, deliveryGid);
    if (!pending) throw notFound("delivery");
    return pending;
  });
  ctx.bus.notifyJobs();
  return delivery;
}
