import type { CustomFieldPermissions } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { Actor } from "../context.ts";
import { projectAccessLevels, projectAllows } from "../projects/project.policy.ts";
import { workspaceRoles } from "../workspaces/workspace.policy.ts";
import { mayEditField, visibleFieldsAmong } from "./custom-field.policy.ts";

// What the actor may do with each of the given fields (absent: they cannot see it). Editing and deleting as
// authorizeField decides. A value is written by editing a task whose projects carry the field, so `set_value` says
// whether the actor edits the tasks of at least one such project; on one given task, that task's `edit` decides
// (see abilities.ts). Five queries for any number of fields.
export async function customFieldPermissions(
  db: Db,
  actor: Actor,
  fieldGids: number[],
): Promise<Map<number, CustomFieldPermissions>> {
  const result = new Map<number, CustomFieldPermissions>();
  const visible = await visibleFieldsAmong(db, actor, fieldGids);
  if (visible.size === 0) return result;
  const fields = await db
    .selectFrom("custom_fields")
    .leftJoin("projects", "projects.gid", "custom_fields.project_gid")
    .select([
      "custom_fields.gid",
      "custom_fields.workspace_gid",
      "custom_fields.project_gid",
      "projects.privacy_setting",
    ])
    .where("custom_fields.gid", "in", [...visible])
    .execute();
  const carriers = await db
    .selectFrom("custom_field_settings")
    .innerJoin("projects", "projects.gid", "custom_field_settings.project_gid")
    .select([
      "custom_field_settings.custom_field_gid",
      "projects.gid",
      "projects.workspace_gid",
      "projects.privacy_setting",
    ])
    .where("custom_field_settings.custom_field_gid", "in", [...visible])
    .execute();
  const locals = fields.flatMap((field) =>
    field.project_gid === null || field.privacy_setting === null
      ? []
      : [{ gid: field.project_gid, workspace_gid: field.workspace_gid, privacy_setting: field.privacy_setting }],
  );
  const levels = await projectAccessLevels(db, actor, [...carriers, ...locals]);
  const roles = await workspaceRoles(
    db,
    actor,
    fields.map((field) => field.workspace_gid),
  );
  const carriedBy = new Map<number, number[]>();
  for (const row of carriers) {
    carriedBy.set(row.custom_field_gid, [...(carriedBy.get(row.custom_field_gid) ?? []), row.gid]);
  }
  for (const field of fields) {
    const projectLevel = field.project_gid === null ? null : (levels.get(field.project_gid) ?? null);
    const edit = mayEditField(field, roles.get(field.workspace_gid) ?? null, projectLevel);
    result.set(field.gid, {
      edit,
      delete: edit,
      set_value: (carriedBy.get(field.gid) ?? []).some((project) => projectAllows(levels.get(project) ?? null, "edit")),
    });
  }
  return result;
}
