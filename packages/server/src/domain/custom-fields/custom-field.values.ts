import type { Db } from "../../db/index.ts";
import type { CustomFieldsTable, TaskCustomFieldValuesTable, TasksTable } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { newGid, parseGid } from "../../ids.ts";
import type { Actor, Ctx, Tx } from "../context.ts";
import { transact } from "../context.ts";
import { usersFor } from "../tasks/task.resolve.ts";
import { presentValue } from "./custom-field.presenter.ts";
import { open, seal } from "./secret-box.ts";
import { authorizeReveal } from "./secret-reveal.policy.ts";

export const MAX_TEXT_VALUE = 1024;

type ValueColumns = Omit<TaskCustomFieldValuesTable, "task_gid" | "custom_field_gid" | "updated_at">;
export interface PreparedValue {
  field: CustomFieldsTable;
  // null clears the task's value.
  columns: ValueColumns | null;
}

const EMPTY: ValueColumns = {
  text_value: null,
  number_value: null,
  enum_option_gid: null,
  date_value: null,
  date_time_value: null,
  multi_value: null,
  secret_value: null,
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// The projects whose fields a task may carry: its own and, for a subtask, its top-level task's.
export async function taskProjectGids(db: Db, task: Pick<TasksTable, "gid" | "root_gid">): Promise<number[]> {
  const rows = await db
    .selectFrom("task_memberships")
    .select("project_gid")
    .where("task_gid", "in", [...new Set([task.gid, task.root_gid])])
    .execute();
  return [...new Set(rows.map((row) => row.project_gid))];
}

// Every value is checked against its field and every referenced gid resolved before anything is written.
export async function prepareValues(
  db: Db,
  actor: Actor,
  input: {
    workspaceGid: number;
    projectGids: number[];
    raw: Record<string, unknown>;
    secretKey: () => Promise<Buffer>;
  },
): Promise<PreparedValue[]> {
  const entries = Object.entries(input.raw);
  if (entries.length === 0) return [];
  const gids = entries.map(([raw]) => {
    const gid = parseGid(raw);
    if (gid === null) throw notFound(`custom_fields.${raw}`);
    return gid;
  });
  const fields = new Map(
    (
      await db
        .selectFrom("custom_fields")
        .selectAll()
        .where("gid", "in", gids)
        .where("workspace_gid", "=", input.workspaceGid)
        .execute()
    ).map((field) => [field.gid, field] as const),
  );
  const onProjects = new Set(
    input.projectGids.length
      ? (
          await db
            .selectFrom("custom_field_settings")
            .select("custom_field_gid")
            .where("project_gid", "in", input.projectGids)
            .where("custom_field_gid", "in", gids)
            .execute()
        ).map((row) => row.custom_field_gid)
      : [],
  );
  const prepared: PreparedValue[] = [];
  for (const [index, [raw, value]] of entries.entries()) {
    const name = `custom_fields.${raw}`;
    const field = fields.get(gids[index]);
    if (!field) throw notFound(name);
    if (!onProjects.has(field.gid)) {
      throw badRequest(`${name}: the field "${field.name}" is not on any of this task's projects`);
    }
    prepared.push({ field, columns: await columnsOf(db, actor, input, field, value, name) });
  }
  return prepared;
}

async function columnsOf(
  db: Db,
  actor: Actor,
  input: { workspaceGid: number; secretKey: () => Promise<Buffer> },
  field: CustomFieldsTable,
  value: unknown,
  name: string,
): Promise<ValueColumns | null> {
  const label = `the field "${field.name}"`;
  if (field.id_prefix) throw badRequest(`${name}: ${label} holds custom IDs, which Takt gives tasks itself`);
  if (value === null) return null;
  switch (field.resource_subtype) {
    case "text":
    case "secret": {
      if (typeof value !== "string") throw badRequest(`${name}: ${label} takes a string`);
      if (value.length > MAX_TEXT_VALUE) {
        throw badRequest(`${name}: must be at most ${MAX_TEXT_VALUE} characters`);
      }
      if (value === "") return null;
      return field.resource_subtype === "text"
        ? { ...EMPTY, text_value: value }
        : { ...EMPTY, secret_value: seal(await input.secretKey(), value) };
    }
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw badRequest(`${name}: ${label} takes a finite number`);
      }
      return { ...EMPTY, number_value: value };
    case "enum": {
      if (typeof value !== "string") throw badRequest(`${name}: ${label} takes the gid of one of its enum options`);
      return { ...EMPTY, enum_option_gid: (await optionGids(db, field, [value], name))[0] };
    }
    case "multi_enum": {
      if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
        throw badRequest(`${name}: ${label} takes an array of gids of its enum options`);
      }
      if (value.length === 0) return null;
      const chosen = await optionGids(db, field, [...new Set(value as string[])], name);
      return { ...EMPTY, multi_value: JSON.stringify(chosen.map(String)) };
    }
    case "date": {
      const shapeError = badRequest(`${name}: ${label} takes {"date": "YYYY-MM-DD"} or {"date_time": ISO 8601}`);
      if (typeof value !== "object" || Array.isArray(value)) throw shapeError;
      const { date, date_time: dateTime, ...rest } = value as Record<string, unknown>;
      if (Object.keys(rest).length) throw shapeError;
      if (dateTime !== undefined && dateTime !== null) {
        if (
          typeof dateTime !== "string" ||
          Number.isNaN(Date.parse(dateTime)) ||
          !/^\d{4}-\d{2}-\d{2}T/.test(dateTime)
        ) {
          throw badRequest(`${name}.date_time: must be an ISO 8601 date-time`);
        }
        const iso = new Date(dateTime).toISOString();
        return { ...EMPTY, date_value: iso.slice(0, 10), date_time_value: iso };
      }
      if (date === null || date === undefined) return null;
      if (typeof date !== "string" || !DATE.test(date) || Number.isNaN(Date.parse(date))) {
        throw badRequest(`${name}.date: must be a date as YYYY-MM-DD`);
      }
      return { ...EMPTY, date_value: date };
    }
    case "people": {
      if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
        throw badRequest(`${name}: ${label} takes an array of user gids`);
      }
      if (value.length === 0) return null;
      const users = await usersFor(db, actor, input.workspaceGid, [...new Set(value as string[])], name);
      return { ...EMPTY, multi_value: JSON.stringify([...new Set(users.map((user) => String(user.gid)))]) };
    }
  }
}

async function optionGids(db: Db, field: CustomFieldsTable, raws: string[], name: string): Promise<number[]> {
  const gids = raws.map((raw) => parseGid(raw));
  const options = await db
    .selectFrom("custom_field_enum_options")
    .select(["gid", "custom_field_gid", "enabled"])
    .where(
      "gid",
      "in",
      gids.filter((gid): gid is number => gid !== null),
    )
    .execute();
  return raws.map((raw, index) => {
    const option = options.find((candidate) => candidate.gid === gids[index]);
    if (!option || option.custom_field_gid !== field.gid) {
      throw badRequest(`${name}: ${raw} is not an enum option of the field "${field.name}"`);
    }
    if (option.enabled !== 1) throw badRequest(`${name}: the enum option ${raw} is disabled`);
    return option.gid;
  });
}

// A secret is sealed with a fresh IV on every write, so writing one always counts as a change.
function sameColumns(next: ValueColumns | null, current: ValueColumns | null): boolean {
  if (next === null || current === null) return next === current;
  if (next.secret_value !== null) return false;
  return JSON.stringify(pick(next)) === JSON.stringify(pick(current));
}

function pick(row: ValueColumns): ValueColumns {
  return {
    text_value: row.text_value,
    number_value: row.number_value,
    enum_option_gid: row.enum_option_gid,
    date_value: row.date_value,
    date_time_value: row.date_time_value,
    multi_value: row.multi_value,
    secret_value: row.secret_value,
  };
}

// Writes the values in the caller's transaction, with one "changed custom_fields" event per field that changed.
// A secret's event carries no value, only is_secret: true.
export async function writeValues(
  tx: Tx,
  task: Pick<TasksTable, "gid" | "workspace_gid" | "resource_subtype">,
  prepared: PreparedValue[],
): Promise<void> {
  for (const { field, columns } of prepared) {
    const current = await tx.trx
      .selectFrom("task_custom_field_values")
      .selectAll()
      .where("task_gid", "=", task.gid)
      .where("custom_field_gid", "=", field.gid)
      .executeTakeFirst();
    if (sameColumns(columns, current ? pick(current) : null)) continue;
    await tx.trx
      .deleteFrom("task_custom_field_values")
      .where("task_gid", "=", task.gid)
      .where("custom_field_gid", "=", field.gid)
      .execute();
    const row = columns
      ? { ...columns, task_gid: task.gid, custom_field_gid: field.gid, updated_at: tx.now }
      : undefined;
    if (row) await tx.trx.insertInto("task_custom_field_values").values(row).execute();
    const secret = field.resource_subtype === "secret";
    let newValue: Record<string, unknown> | null = null;
    if (!secret) {
      const options = await tx.trx
        .selectFrom("custom_field_enum_options")
        .select(["gid", "name", "color", "enabled", "custom_field_gid"])
        .where("custom_field_gid", "=", field.gid)
        .execute();
      const people = new Map<number, string>();
      if (field.resource_subtype === "people" && row?.multi_value) {
        const users = await tx.trx
          .selectFrom("users")
          .select(["gid", "name"])
          .where("gid", "in", (JSON.parse(row.multi_value) as string[]).map(Number))
          .execute();
        for (const user of users) people.set(user.gid, user.name);
      }
      const { enum_options: _options, ...presented } = presentValue(field, options, row, people);
      newValue = presented;
    }
    await tx.emit({
      workspace_gid: task.workspace_gid,
      resource_type: "task",
      resource_gid: task.gid,
      resource_subtype: task.resource_subtype,
      action: "changed",
      change: {
        field: "custom_fields",
        action: "changed",
        new_value: newValue,
        ...(secret
          ? {
              is_secret: true,
              custom_field: { gid: String(field.gid), resource_type: "custom_field", name: field.name },
            }
          : {}),
      },
    });
  }
}

// The plain value of a secret, for someone the route has checked holds edit access. The reveal is recorded as a
// system story on the task ("revealed the secret field X") with its story event, in the same transaction.
export async function revealSecret(
  ctx: Ctx & { actor: Actor },
  task: Pick<TasksTable, "gid" | "root_gid" | "assignee_gid" | "created_by_gid" | "workspace_gid">,
  field: CustomFieldsTable,
  key: Buffer,
): Promise<string | null> {
  return transact(ctx, async (tx) => {
    // The field says who may (editors of the task, workspace admins, or named people): see secret-reveal.policy.ts.
    await authorizeReveal(tx.trx, ctx.actor, task, field);
    if (field.resource_subtype !== "secret") throw badRequest("custom_field: is not a secret field");
    const row = await tx.trx
      .selectFrom("task_custom_field_values")
      .select("secret_value")
      .where("task_gid", "=", task.gid)
      .where("custom_field_gid", "=", field.gid)
      .executeTakeFirst();
    const plain = row?.secret_value ? open(key, row.secret_value) : null;
    const text = `revealed the secret field ${field.name}`;
    // The story, and the audit entry, are derived from this event in this transaction.
    await tx.emit({
      workspace_gid: task.workspace_gid,
      resource_type: "story",
      resource_gid: newGid(),
      resource_subtype: "secret_revealed",
      parent_type: "task",
      parent_gid: task.gid,
      action: "added",
      change: {
        story: {
          type: "system",
          resource_subtype: "secret_revealed",
          text,
          details: { custom_field: { gid: String(field.gid), resource_type: "custom_field", name: field.name } },
        },
      },
    });
    return plain;
  });
}
