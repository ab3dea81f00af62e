import type { CustomFieldSettingsTable, ProjectsTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { type Ctx, flag, type Tx, transact } from "../context.ts";
import { keyBetween } from "../ordering.ts";
import { assignCustomIds } from "./custom-id.ts";

// Well above Asana's 20: agencies track many fields per client project.
export const MAX_FIELDS_PER_PROJECT = 100;

type Trx = Tx["trx"];

export function settingsOf(trx: Trx | Ctx["db"], projectGid: number) {
  return trx
    .selectFrom("custom_field_settings as cfs")
    .innerJoin("projects as p", "p.gid", "cfs.project_gid")
    .selectAll("cfs")
    .select("p.name as project_name")
    .where("cfs.project_gid", "=", projectGid)
    .orderBy("cfs.order_key")
    .orderBy("cfs.gid");
}

export async function addSetting(
  ctx: Ctx,
  project: ProjectsTable,
  input: {
    fieldGid?: number;
    createField?: (tx: Tx) => Promise<{ gid: number }>;
    isImportant: boolean;
    before?: number | null;
    after?: number | null;
  },
): Promise<CustomFieldSettingsTable> {
  if (input.before && input.after) throw badRequest("insert_before: give insert_before or insert_after, not both");
  return transact(ctx, async (tx) => {
    const current = await settingsOf(tx.trx, project.gid).execute();
    if (current.length >= MAX_FIELDS_PER_PROJECT) {
      throw badRequest(`custom_field: a project holds at most ${MAX_FIELDS_PER_PROJECT} fields`);
    }
    if (input.fieldGid && current.some((setting) => setting.custom_field_gid === input.fieldGid)) {
      throw badRequest("custom_field: this field is already on the project");
    }
    const anchor = input.before ?? input.after;
    let key: string;
    if (!anchor) key = keyBetween(current.at(-1)?.order_key ?? null, null);
    else {
      const index = current.findIndex((setting) => setting.gid === anchor);
      if (index === -1) {
        throw badRequest(
          `${input.before ? "insert_before" : "insert_after"}: is not a custom field setting of this project`,
        );
      }
      key = input.before
        ? keyBetween(current[index - 1]?.order_key ?? null, current[index].order_key)
        : keyBetween(current[index].order_key, current[index + 1]?.order_key ?? null);
    }
    const fieldGid = input.fieldGid ?? (await input.createField?.(tx))?.gid;
    if (!fieldGid) throw badRequest("custom_field: Missing input");
    const setting: CustomFieldSettingsTable = {
      gid: newGid(),
      project_gid: project.gid,
      custom_field_gid: fieldGid,
      is_important: flag(input.isImportant),
      order_key: key,
      created_at: tx.now,
    };
    await tx.trx.insertInto("custom_field_settings").values(setting).execute();
    await assignCustomIds(tx.trx, tx.now, { projectGid: project.gid, fieldGid });
    await tx.emit({
      workspace_gid: project.workspace_gid,
      resource_type: "custom_field",
      resource_gid: fieldGid,
      parent_type: "project",
      parent_gid: project.gid,
      action: "added",
    });
    return setting;
  });
}

// Values already on tasks stay (Asana keeps them); a project-local field goes with its last setting.
export async function removeSetting(ctx: Ctx, project: ProjectsTable, fieldGid: number): Promise<void> {
  await transact(ctx, async (tx) => {
    const removed = await tx.trx
      .deleteFrom("custom_field_settings")
      .where("project_gid", "=", project.gid)
      .where("custom_field_gid", "=", fieldGid)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw badRequest("custom_field: is not on this project");
    await tx.emit({
      workspace_gid: project.workspace_gid,
      resource_type: "custom_field",
      resource_gid: fieldGid,
      parent_type: "project",
      parent_gid: project.gid,
      action: "removed",
    });
  });
}
