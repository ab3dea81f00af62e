import type { Db } from "../../db/index.ts";
import type { CustomFieldEnumOptionsTable, CustomFieldsTable } from "../../db/schema.ts";
import { visibleFieldGids } from "./custom-field.policy.ts";

export function findField(db: Db, gid: number): Promise<CustomFieldsTable | undefined> {
  return db.selectFrom("custom_fields").selectAll().where("gid", "=", gid).executeTakeFirst();
}

export function findEnumOption(db: Db, gid: number): Promise<CustomFieldEnumOptionsTable | undefined> {
  return db.selectFrom("custom_field_enum_options").selectAll().where("gid", "=", gid).executeTakeFirst();
}

// A page of a workspace's fields the actor sees, by name.
export function workspaceFields(
  db: Db,
  actorGid: number,
  workspaceGid: number,
  window: { limit: number; offset: number },
): Promise<CustomFieldsTable[]> {
  return db
    .selectFrom("custom_fields")
    .selectAll()
    .where("workspace_gid", "=", workspaceGid)
    .where("gid", "in", visibleFieldGids(db, actorGid))
    .orderBy("name")
    .orderBy("gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}
