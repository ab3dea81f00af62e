import type { Db } from "../../db/index.ts";
import type { EventsTable, WebhookDeliveriesTable, WebhooksTable } from "../../db/schema.ts";

type Window = { limit: number; offset: number };

export function findWebhook(db: Db, gid: number): Promise<WebhooksTable | undefined> {
  return db.selectFrom("webhooks").selectAll().where("gid", "=", gid).executeTakeFirst();
}

// A workspace's webhooks, optionally only those one person made, or those on one resource.
export function webhooksOf(
  db: Db,
  workspaceGid: number,
  filter: { createdBy?: number; resourceGid?: number },
  window: Window,
) {
  return db
    .selectFrom("webhooks")
    .selectAll()
    .where("workspace_gid", "=", workspaceGid)
    .$if(filter.createdBy !== undefined, (query) => query.where("created_by_gid", "=", filter.createdBy ?? 0))
    .$if(filter.resourceGid !== undefined, (query) => query.where("resource_gid", "=", filter.resourceGid ?? 0))
    .orderBy("gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

// The delivery log of a webhook, newest event first, each with its event (null once the event was purged).
export async function deliveriesOf(
  db: Db,
  webhook: WebhooksTable,
  state: WebhookDeliveriesTable["state"] | undefined,
  window: Window,
): Promise<{ delivery: WebhookDeliveriesTable; event: EventsTable | null }[]> {
  const rows = await db
    .selectFrom("webhook_deliveries")
    .leftJoin("events", "events.id", "webhook_deliveries.event_id")
    .selectAll("webhook_deliveries")
    .select([
      "events.id as e_id",
      "events.workspace_gid as e_workspace_gid",
      "events.actor_gid as e_actor_gid",
      "events.resource_type as e_resource_type",
      "events.resource_gid as e_resource_gid",
      "events.resource_subtype as e_resource_subtype",
      "events.parent_type as e_parent_type",
      "events.parent_gid as e_parent_gid",
      "events.action as e_action",
      "events.change as e_change",
      "events.created_at as e_created_at",
    ])
    .where("webhook_deliveries.webhook_gid", "=", webhook.gid)
    .$if(state !== undefined, (query) => query.where("webhook_deliveries.state", "=", state ?? "pending"))
    .orderBy("webhook_deliveries.event_id", "desc")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
  return rows.map(
    ({
      e_id,
      e_workspace_gid,
      e_actor_gid,
      e_resource_type,
      e_resource_gid,
      e_resource_subtype,
      e_parent_type,
      e_parent_gid,
      e_action,
      e_change,
      e_created_at,
      ...delivery
    }) => ({
      delivery,
      event:
        e_id === null
          ? null
          : {
              id: e_id,
              workspace_gid: e_workspace_gid ?? webhook.workspace_gid,
              actor_gid: e_actor_gid,
              resource_type: e_resource_type ?? "",
              resource_gid: e_resource_gid ?? 0,
              resource_subtype: e_resource_subtype,
              parent_type: e_parent_type,
              parent_gid: e_parent_gid,
              action: e_action ?? "changed",
              change: e_change,
              created_at: e_created_at ?? delivery.created_at,
            },
    }),
  );
}

// Events waiting for their webhook across all webhooks, and when the oldest of them was recorded, for /metrics.
export async function webhookBacklog(db: Db): Promise<{ pending: number; oldestAt: string | null }> {
  const row = await db
    .selectFrom("webhook_deliveries")
    .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.min("created_at").as("oldest_at")])
    .where("state", "=", "pending")
    .executeTakeFirst();
  return { pending: Number(row?.count ?? 0), oldestAt: (row?.oldest_at as string | null | undefined) ?? null };
}
