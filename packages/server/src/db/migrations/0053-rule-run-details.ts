import type { Kysely } from "kysely";

// A rule's run keeps what it did (its steps, the condition that did not hold, the problem that paused the rule) by
// reference beside its English message, and a paused rule its problem beside its reason, so each reader reads
// them in their language and without the names of projects they cannot see. Nullable columns only: the previous
// release reads runs and rules as they were; runs logged before keep their messages.
export const kind = "expand";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("rule_runs").addColumn("details", "text").execute();
  await db.schema.alterTable("rules").addColumn("paused_problem", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("rules").dropColumn("paused_problem").execute();
  await db.schema.alterTable("rule_runs").dropColumn("details").execute();
}
