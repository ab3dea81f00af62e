import { SqliteAdapter } from "kysely";
import { flushSearchIndex } from "../../db/search-index.ts";
import type { EventConsumer } from "../../events/consumer.ts";
import { registerEventConsumer } from "../../jobs/registry.ts";

// SQLite's search index trails the writes by one consumer pass (db/search-index.ts): every batch of committed
// events re-indexes the tasks their writes queued, in the consumer's own transaction. Nothing to do on PostgreSQL,
// whose triggers index each write as it commits.
export const searchIndexConsumer: EventConsumer = {
  name: "search_index",
  async handle(trx) {
    if (trx.getExecutor().adapter instanceof SqliteAdapter) await flushSearchIndex(trx, "sqlite");
    return false;
  },
};

registerEventConsumer(searchIndexConsumer);
