import type { Transaction } from "kysely";
import type { Database, EventsTable } from "../../db/schema.ts";

// System stories ("assigned to", "moved to section", …) are derived from task events in the same transaction.
export async function deriveStory(_trx: Transaction<Database>, _event: EventsTable): Promise<void> {}
