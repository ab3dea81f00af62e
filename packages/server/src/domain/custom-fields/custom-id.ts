import type { Db } from "../../db/index.ts";
import { prepared, preparedVariants } from "../../db/prepared.ts";
import type { CustomFieldsTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import type { Tx } from "../context.ts";

type Trx = Tx["trx"];

// Custom ID fields (Asana's id_prefix): a number field whose tasks are numbered in turn — "BUG-1", "BUG-2" — by a
// counter on the field. A task gets its number when it first carries the field (created in or added to a project
// that has it, or when the field is added to its project); the number never changes or repeats afterwards.

export function isCustomIdField(field: Pick<CustomFieldsTable, "id_prefix">): boolean {
  return Boolean(field.id_prefix);
}

export function customIdText(field: Pick<CustomFieldsTable, "id_prefix">, number: number | null): string | null {
  return number === null || !field.id_prefix ? null : `${field.id_prefix}-${number}`;
}

// A new field's prefix: upper-cased, only on number fields, and unique in the workspace (it names tasks there).
export async function checkIdPrefix(
  trx: Trx,
  workspaceGid: number,
  subtype: string,
  prefix: string | null | undefined,
): Promise<string | null> {
  if (!prefix) return null;
  if (subtype !== "number") throw badRequest("id_prefix: only number fields can give tasks custom IDs");
  const upper = prefix.toUpperCase();
  const taken = await trx
    .selectFrom("custom_fields")
    .select("name")
    .where("workspace_gid", "=", workspaceGid)
    .where("id_prefix", "=", upper)
    .executeTakeFirst();
  if (taken) throw badRequest(`id_prefix: ${upper} is already the prefix of the field "${taken.name}"`);
  return upper;
}

// The tasks of a project (or one task of it, or for one field) that carry a custom ID field without a number yet,
// oldest first. Every task created in or moved into a project asks it, nearly always for nothing: compiled once
// per variant (db/prepared.ts).
const unnumbered = preparedVariants((variant: `${boolean}|${boolean}`) => {
  const [byTask, byField] = variant.split("|").map((flag) => flag === "true");
  return prepared(
    ["projectGid", "taskGid", "fieldGid"],
    (db, params: { projectGid: number; taskGid: number; fieldGid: number }) =>
      db
        .selectFrom("task_memberships as m")
        .innerJoin("custom_field_settings as s", "s.project_gid", "m.project_gid")
        .innerJoin("custom_fields as f", "f.gid", "s.custom_field_gid")
        .innerJoin("tasks as t", "t.gid", "m.task_gid")
        .leftJoin("task_custom_field_values as v", (join) =>
          join.onRef("v.task_gid", "=", "m.task_gid").onRef("v.custom_field_gid", "=", "f.gid"),
        )
        .select(["m.task_gid as task_gid", "f.gid as field_gid"])
        .where("m.project_gid", "=", params.projectGid)
        .where("f.id_prefix", "is not", null)
        .where("v.task_gid", "is", null)
        .$if(byTask, (query) => query.where("m.task_gid", "=", params.taskGid))
        .$if(byField, (query) => query.where("f.gid", "=", params.fieldGid))
        .orderBy("t.created_at")
        .orderBy("t.gid"),
  );
});

// Numbers the tasks of a project (or one task of it) that carry one of its custom ID fields without a number yet,
// oldest task first.
export async function assignCustomIds(
  trx: Trx,
  now: string,
  scope: { projectGid: number; taskGid?: number; fieldGid?: number },
): Promise<void> {
  const rows = await unnumbered(`${scope.taskGid !== undefined}|${scope.fieldGid !== undefined}`).all(trx, {
    projectGid: scope.projectGid,
    taskGid: scope.taskGid ?? 0,
    fieldGid: scope.fieldGid ?? 0,
  });
  for (const row of rows) {
    // One UPDATE … RETURNING: the row lock makes concurrent numbering on PostgreSQL hand out distinct numbers.
    const { custom_id_counter: number } = await trx
      .updateTable("custom_fields")
      .set((eb) => ({ custom_id_counter: eb("custom_id_counter", "+", 1) }))
      .where("gid", "=", row.field_gid)
      .returning("custom_id_counter")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("task_custom_field_values")
      .values({
        task_gid: row.task_gid,
        custom_field_gid: row.field_gid,
        text_value: null,
        number_value: Number(number),
        enum_option_gid: null,
        date_value: null,
        date_time_value: null,
        multi_value: null,
        secret_value: null,
        updated_at: now,
      })
      .execute();
  }
}

// The task a custom ID ("BUG-12") names in a workspace, or null; the caller checks the reader may see it.
export async function taskGidForCustomId(trx: Db, workspaceGid: number, customId: string): Promise<number | null> {
  const match = /^([A-Za-z][A-Za-z0-9]{0,9})-(\d{1,15})$/.exec(customId.trim());
  if (!match) return null;
  const row = await trx
    .selectFrom("custom_fields as f")
    .innerJoin("task_custom_field_values as v", "v.custom_field_gid", "f.gid")
    .innerJoin("tasks as t", "t.gid", "v.task_gid")
    .select("t.gid")
    .where("f.workspace_gid", "=", workspaceGid)
    .where("f.id_prefix", "=", match[1].toUpperCase())
    .where("v.number_value", "=", Number(match[2]))
    .where("t.workspace_gid", "=", workspaceGid)
    .executeTakeFirst();
  return row ? row.gid : null;
}
