import type {
  CustomFieldDefinition as CreateProps,
  UpdateCustomFieldBody as UpdateCustomFieldInput,
} from "@takt/contracts";
import type { CustomFieldEnumOptionsTable, CustomFieldsTable } from "../../db/schema.ts";
import { badRequest, invalid, notFound } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { type Ctx, flag, type Tx, transact } from "../context.ts";
import { keyBetween } from "../ordering.ts";
import { authorizeFieldChange } from "./custom-field.policy.ts";
import { checkIdPrefix } from "./custom-id.ts";
import { authorizeRevealSettings } from "./secret-reveal.policy.ts";
import { revealRule, saveRevealers } from "./secret-reveal.settings.ts";

type Trx = Tx["trx"];

function fieldEvent(field: Pick<CustomFieldsTable, "gid" | "workspace_gid" | "resource_subtype">) {
  return {
    workspace_gid: field.workspace_gid,
    resource_type: "custom_field",
    resource_gid: field.gid,
    resource_subtype: field.resource_subtype,
  };
}

// Checks that a number field's format and the other settings agree; the rest are ignored for other types.
function numberSettings(subtype: string, input: Partial<CreateProps>, current?: CustomFieldsTable) {
  const format = input.format ?? current?.format ?? "none";
  if (subtype !== "number" && input.format && input.format !== "none") {
    throw badRequest("format: only number fields have a format");
  }
  const currency = input.currency_code !== undefined ? input.currency_code : (current?.currency_code ?? null);
  if (subtype === "number" && format === "currency" && !currency) {
    throw invalid(
      "currency_code",
      "currency_missing",
      "Missing input. A currency field needs an ISO 4217 code such as EUR.",
    );
  }
  return {
    format: subtype === "number" ? format : "none",
    precision: subtype === "number" ? (input.precision ?? current?.precision ?? 0) : null,
    currency_code: subtype === "number" && format === "currency" ? currency : null,
    custom_label: input.custom_label !== undefined ? input.custom_label : (current?.custom_label ?? null),
    custom_label_position:
      input.custom_label_position !== undefined
        ? input.custom_label_position
        : (current?.custom_label_position ?? null),
  };
}

export async function insertField(
  tx: Tx,
  workspaceGid: number,
  projectGid: number | null,
  input: CreateProps,
): Promise<CustomFieldsTable> {
  const subtype = input.resource_subtype;
  const withOptions = subtype === "enum" || subtype === "multi_enum";
  if (input.enum_options?.length && !withOptions) {
    throw badRequest("enum_options: only enum and multi_enum fields have options");
  }
  const reveal = await revealRule(tx.trx, workspaceGid, subtype, input);
  const idPrefix = await checkIdPrefix(tx.trx, workspaceGid, subtype, input.id_prefix);
  const field: CustomFieldsTable = {
    gid: newGid(),
    workspace_gid: workspaceGid,
    project_gid: projectGid,
    name: input.name,
    description: input.description ?? "",
    resource_subtype: subtype,
    ...numberSettings(subtype, input),
    created_by_gid: tx.actor?.gid ?? null,
    created_at: tx.now,
    reveal_access: reveal.access,
    id_prefix: idPrefix,
    custom_id_counter: 0,
    ...(idPrefix ? { precision: 0, format: "none" } : {}),
  };
  await tx.trx.insertInto("custom_fields").values(field).execute();
  if (reveal.people) await saveRevealers(tx.trx, field.gid, reveal.people);
  let key: string | null = null;
  for (const option of input.enum_options ?? []) {
    key = keyBetween(key, null);
    await tx.trx
      .insertInto("custom_field_enum_options")
      .values({
        gid: newGid(),
        custom_field_gid: field.gid,
        name: option.name,
        color: option.color ?? "none",
        enabled: flag(option.enabled ?? true),
        order_key: key,
      })
      .execute();
  }
  await tx.emit({
    ...fieldEvent(field),
    action: "added",
    parent_type: projectGid ? "project" : "workspace",
    parent_gid: projectGid ?? workspaceGid,
  });
  return field;
}

export function createField(ctx: Ctx, workspaceGid: number, projectGid: number | null, input: CreateProps) {
  return transact(ctx, (tx) => insertField(tx, workspaceGid, projectGid, input));
}

export async function updateField(
  ctx: Ctx,
  field: CustomFieldsTable,
  input: UpdateCustomFieldInput,
): Promise<CustomFieldsTable> {
  if (input.resource_subtype && input.resource_subtype !== field.resource_subtype) {
    throw badRequest("resource_subtype: a field's type cannot change once created");
  }
  const next: CustomFieldsTable = {
    ...field,
    name: input.name ?? field.name,
    description: input.description ?? field.description,
    ...numberSettings(field.resource_subtype, input, field),
  };
  return transact(ctx, async (tx) => {
    if (tx.actor && next.name !== field.name) await authorizeFieldChange(tx.trx, tx.actor, field, "rename");
    const revealAsked = input.reveal_access !== undefined || input.reveal_people !== undefined;
    if (revealAsked && tx.actor && field.resource_subtype === "secret") {
      await authorizeRevealSettings(tx.trx, tx.actor, field);
    }
    const reveal = await revealRule(tx.trx, field.workspace_gid, field.resource_subtype, input, field.reveal_access);
    next.reveal_access = reveal.access;
    if (reveal.people) await saveRevealers(tx.trx, field.gid, reveal.people);
    if (next.reveal_access !== field.reveal_access) {
      await tx.emit({
        ...fieldEvent(field),
        action: "changed",
        change: { field: "reveal_access", action: "changed", new_value: next.reveal_access },
      });
    }
    if (reveal.people) {
      await tx.emit({
        ...fieldEvent(field),
        action: "changed",
        change: { field: "reveal_people", action: "changed", new_value: reveal.people.map(String) },
      });
    }
    await tx.trx.updateTable("custom_fields").set(next).where("gid", "=", field.gid).execute();
    const changedFields = (["name", "description", "format", "precision", "currency_code"] as const).filter(
      (key) => next[key] !== field[key],
    );
    for (const key of changedFields) {
      await tx.emit({
        ...fieldEvent(field),
        action: "changed",
        change: { field: key, action: "changed", new_value: next[key] },
      });
    }
    return next;
  });
}

// Deleting a field removes its settings and every task's value of it (Asana does the same).
export async function deleteField(ctx: Ctx, field: CustomFieldsTable): Promise<void> {
  await transact(ctx, async (tx) => {
    if (tx.actor) await authorizeFieldChange(tx.trx, tx.actor, field, "delete");
    await tx.emit({ ...fieldEvent(field), action: "deleted" });
    await tx.trx.deleteFrom("custom_fields").where("gid", "=", field.gid).execute();
  });
}

type OptionRow = CustomFieldEnumOptionsTable;

async function optionsInOrder(trx: Trx, fieldGid: number) {
  return trx
    .selectFrom("custom_field_enum_options")
    .select(["gid", "order_key"])
    .where("custom_field_gid", "=", fieldGid)
    .orderBy("order_key")
    .orderBy("gid")
    .execute();
}

// An order key before or after the anchor option (or last), as Asana's insert_before / insert_after.
async function keyNear(
  trx: Trx,
  fieldGid: number,
  anchor: { before?: number | null; after?: number | null },
  moving?: number,
): Promise<string> {
  if (anchor.before && anchor.after) throw badRequest("insert_before: give insert_before or insert_after, not both");
  const list = (await optionsInOrder(trx, fieldGid)).filter((option) => option.gid !== moving);
  const target = anchor.before ?? anchor.after;
  if (!target) return keyBetween(list.at(-1)?.order_key ?? null, null);
  const index = list.findIndex((option) => option.gid === target);
  if (index === -1) {
    throw badRequest(`${anchor.before ? "insert_before" : "insert_after"}: is not an option of this field`);
  }
  return anchor.before
    ? keyBetween(list[index - 1]?.order_key ?? null, list[index].order_key)
    : keyBetween(list[index].order_key, list[index + 1]?.order_key ?? null);
}

export async function addEnumOption(
  ctx: Ctx,
  field: CustomFieldsTable,
  input: { name: string; color?: string; enabled?: boolean; before?: number | null; after?: number | null },
): Promise<OptionRow> {
  if (field.resource_subtype !== "enum" && field.resource_subtype !== "multi_enum") {
    throw badRequest("custom_field: only enum and multi_enum fields have options");
  }
  return transact(ctx, async (tx) => {
    const count = await tx.trx
      .selectFrom("custom_field_enum_options")
      .select((eb) => eb.fn.countAll().as("count"))
      .where("custom_field_gid", "=", field.gid)
      .executeTakeFirstOrThrow();
    if (Number(count.count) >= 500)
      throw invalid("enum_options", "too_many_items", "a field holds at most 500 options", { max: 500 });
    const option: OptionRow = {
      gid: newGid(),
      custom_field_gid: field.gid,
      name: input.name,
      color: input.color ?? "none",
      enabled: flag(input.enabled ?? true),
      order_key: await keyNear(tx.trx, field.gid, { before: input.before, after: input.after }),
    };
    await tx.trx.insertInto("custom_field_enum_options").values(option).execute();
    await tx.emit({
      ...fieldEvent(field),
      action: "changed",
      change: { field: "enum_options", action: "added", added_value: { gid: String(option.gid), name: option.name } },
    });
    return option;
  });
}

export async function updateEnumOption(
  ctx: Ctx,
  field: CustomFieldsTable,
  option: OptionRow,
  input: { name?: string; color?: string; enabled?: boolean },
): Promise<OptionRow> {
  const next: OptionRow = {
    ...option,
    name: input.name ?? option.name,
    color: input.color ?? option.color,
    enabled: input.enabled === undefined ? option.enabled : flag(input.enabled),
  };
  return transact(ctx, async (tx) => {
    await tx.trx.updateTable("custom_field_enum_options").set(next).where("gid", "=", option.gid).execute();
    await tx.emit({
      ...fieldEvent(field),
      action: "changed",
      change: { field: "enum_options", action: "changed", new_value: { gid: String(option.gid), name: next.name } },
    });
    return next;
  });
}

export async function moveEnumOption(
  ctx: Ctx,
  field: CustomFieldsTable,
  optionGid: number,
  anchor: { before?: number | null; after?: number | null },
): Promise<void> {
  await transact(ctx, async (tx) => {
    const exists = await tx.trx
      .selectFrom("custom_field_enum_options")
      .select("gid")
      .where("gid", "=", optionGid)
      .where("custom_field_gid", "=", field.gid)
      .executeTakeFirst();
    if (!exists) throw notFound("enum_option");
    const key = await keyNear(tx.trx, field.gid, anchor, optionGid);
    await tx.trx
      .updateTable("custom_field_enum_options")
      .set({ order_key: key })
      .where("gid", "=", optionGid)
      .execute();
  });
}
