import type { Db } from "../../db/index.ts";
import type { AccessLevel, CustomFieldsTable, WorkspaceRole } from "../../db/schema.ts";
import { forbidden, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { authorizeProject, projectAllows, visibleProjectGids } from "../projects/project.policy.ts";
import { taskIsVisible } from "../tasks/task.policy.ts";
import { isFullMember, workspaceRole } from "../workspaces/workspace.policy.ts";

type FieldRef = Pick<CustomFieldsTable, "gid" | "workspace_gid" | "project_gid">;

// SQL: fields the actor may see. Full members see the workspace library and the local fields of projects they
// see; a guest sees only fields set on (or local to) the projects shared with them.
export function visibleFieldGids(db: Db, actorGid: number) {
  return db
    .selectFrom("custom_fields as vcf")
    .select("vcf.gid")
    .where((eb) =>
      eb.or([
        eb.and([
          eb("vcf.project_gid", "is", null),
          eb.exists(
            eb
              .selectFrom("workspace_memberships as vwm")
              .select("vwm.gid")
              .whereRef("vwm.workspace_gid", "=", "vcf.workspace_gid")
              .where("vwm.user_gid", "=", actorGid)
              .where("vwm.role", "in", ["admin", "member"]),
          ),
        ]),
        eb("vcf.project_gid", "in", visibleProjectGids(db, actorGid)),
        eb.exists(
          eb
            .selectFrom("custom_field_settings as vcs")
            .select("vcs.gid")
            .whereRef("vcs.custom_field_gid", "=", "vcf.gid")
            .where("vcs.project_gid", "in", visibleProjectGids(db, actorGid)),
        ),
      ]),
    );
}

// Which of the given fields the actor sees, in one query.
export async function visibleFieldsAmong(db: Db, actor: Actor, fieldGids: number[]): Promise<Set<number>> {
  if (fieldGids.length === 0) return new Set();
  const rows = await db
    .selectFrom("custom_fields")
    .select("gid")
    .where("gid", "in", fieldGids)
    .where("gid", "in", visibleFieldGids(db, actor.gid))
    .execute();
  return new Set(rows.map((row) => row.gid));
}

async function isVisible(db: Db, actor: Actor, field: FieldRef): Promise<boolean> {
  return (await visibleFieldsAmong(db, actor, [field.gid])).has(field.gid);
}

// Changing a field (its definition, options, deletion): a local field needs edit access to its project, a library
// field a full member of the workspace. The rule authorizeField enforces and the caller's abilities report.
export function mayEditField(
  field: Pick<FieldRef, "project_gid">,
  role: WorkspaceRole | null,
  projectLevel: AccessLevel | null,
): boolean {
  return field.project_gid !== null ? projectAllows(projectLevel, "edit") : isFullMember(role);
}

// 404 when the field is unknown or invisible; editing a library field needs a full member, a local field edit
// access on its project.
export async function authorizeField(
  db: Db,
  actor: Actor,
  field: FieldRef | undefined,
  action: "read" | "edit",
): Promise<void> {
  if (!field || !(await isVisible(db, actor, field))) throw notFound("custom_field");
  if (action === "read") return;
  if (field.project_gid !== null) {
    const project = await db.selectFrom("projects").selectAll().where("gid", "=", field.project_gid).executeTakeFirst();
    await authorizeProject(db, actor, project, "edit");
    return;
  }
  const role = await workspaceRole(db, actor, field.workspace_gid);
  if (!mayEditField(field, role, null)) throw forbidden("Guests cannot change the workspace's custom fields.");
}

// Renaming or deleting a field changes (or wipes) its values on every task that has one, private ones too. A
// workspace admin may; anyone else only if they see every project the field is set on and every task holding
// a value of it, otherwise 403 saying why (a member outside a private project must not erase what is inside).
export async function authorizeFieldChange(
  db: Db,
  actor: Actor,
  field: FieldRef,
  change: "rename" | "delete",
): Promise<void> {
  if ((await workspaceRole(db, actor, field.workspace_gid)) === "admin") return;
  const hiddenProject = await db
    .selectFrom("custom_field_settings")
    .select("gid")
    .where("custom_field_gid", "=", field.gid)
    .where("project_gid", "not in", visibleProjectGids(db, actor.gid))
    .limit(1)
    .executeTakeFirst();
  const valued = db.selectFrom("task_custom_field_values").select("task_gid").where("custom_field_gid", "=", field.gid);
  // NOT IN the visible ones (not NOT(visible): the predicate is NULL, not false, for a task without assignee).
  const hiddenTask =
    hiddenProject ??
    (await valued
      .where(
        "task_gid",
        "not in",
        db.selectFrom("tasks").select("tasks.gid").where("tasks.gid", "in", valued).where(taskIsVisible(db, actor.gid)),
      )
      .limit(1)
      .executeTakeFirst());
  if (hiddenTask) {
    throw forbidden(
      `custom_field: it is used in projects or on tasks you cannot see; only a workspace admin can ${change} it`,
    );
  }
}
