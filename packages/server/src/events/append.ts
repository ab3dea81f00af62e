import type { Transaction } from "kysely";
import { prepared } from "../db/prepared.ts";
import type { Database, EventsTable } from "../db/schema.ts";
import { newGid } from "../ids.ts";

export interface NewEvent {
  workspace_gid: number;
  resource_type: string;
  resource_gid: number;
  resource_subtype?: string | null;
  parent_type?: string | null;
  parent_gid?: number | null;
  action: EventsTable["action"];
  change?: Record<string, unknown> | null;
}

const COLUMNS = [
  "id",
  "workspace_gid",
  "actor_gid",
  "resource_type",
  "resource_gid",
  "resource_subtype",
  "parent_type",
  "parent_gid",
  "action",
  "change",
  "created_at",
] as const satisfies readonly (keyof EventsTable)[];

// Every write appends events: the statement is compiled once (db/prepared.ts).
const insertEvent = prepared(COLUMNS, (db, row: EventsTable) => db.insertInto("events").values(row));

export async function appendEvent(
  trx: Transaction<Database>,
  actorGid: number | null,
  event: NewEvent,
  now: string,
): Promise<EventsTable> {
  const row: EventsTable = {
    id: newGid(),
    workspace_gid: event.workspace_gid,
    actor_gid: actorGid,
    resource_type: event.resource_type,
    resource_gid: event.resource_gid,
    resource_subtype: event.resource_subtype ?? null,
    parent_type: event.parent_type ?? null,
    parent_gid: event.parent_gid ?? null,
    action: event.action,
    change: event.change ? JSON.stringify(event.change) : null,
    created_at: now,
  };
  await insertEvent.run(trx, row);
  return row;
}
