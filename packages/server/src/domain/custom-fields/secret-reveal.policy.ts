import type { Db } from "../../db/index.ts";
import type { CustomFieldsTable, TasksTable } from "../../db/schema.ts";
import { ApiError, forbidden } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { authorizeTask } from "../tasks/task.policy.ts";
import { workspaceRole } from "../workspaces/workspace.policy.ts";

type SecretField = Pick<CustomFieldsTable, "gid" | "workspace_gid" | "reveal_access">;
type TaskRef = Pick<TasksTable, "gid" | "root_gid" | "assignee_gid" | "created_by_gid" | "workspace_gid">;

async function isNamed(db: Db, field: SecretField, actor: Actor): Promise<boolean> {
  const row = await db
    .selectFrom("custom_field_revealers")
    .select("user_gid")
    .where("custom_field_gid", "=", field.gid)
    .where("user_gid", "=", actor.gid)
    .executeTakeFirst();
  return Boolean(row);
}

// Who may see a secret value in plain text, as the field says: "editors" — anyone who may edit the task;
// "admins" — workspace admins; "people" — the people named on the field. Always among those who see the task
// (the caller checked that: 404 otherwise). Each reveal is recorded by revealSecret.
export async function authorizeReveal(db: Db, actor: Actor, task: TaskRef, field: SecretField): Promise<void> {
  if (field.reveal_access === "admins") {
    if ((await workspaceRole(db, actor, field.workspace_gid)) === "admin") return;
    throw forbidden("custom_field: only workspace admins may reveal this field's values");
  }
  if (field.reveal_access === "people") {
    if (await isNamed(db, field, actor)) return;
    throw forbidden("custom_field: only the people named on this field may reveal its values");
  }
  try {
    await authorizeTask(db, actor, task, "edit");
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      throw forbidden("custom_field: only people who may edit the task may reveal this field's values");
    }
    throw error;
  }
}

// Changing who may reveal: a workspace admin; while every editor may reveal, anyone who may edit the field (to
// narrow it); otherwise only someone the current rule lets reveal. Nobody widens a rule they are outside of.
export async function authorizeRevealSettings(db: Db, actor: Actor, field: SecretField): Promise<void> {
  if ((await workspaceRole(db, actor, field.workspace_gid)) === "admin") return;
  if (field.reveal_access === "editors") return;
  if (field.reveal_access === "people" && (await isNamed(db, field, actor))) return;
  throw forbidden("reveal_access: only a workspace admin or someone who may reveal this field's values may change it");
}
