import type { ProjectPermissions } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import { budgetAllows } from "../billing/billing.policy.ts";
import type { Actor } from "../context.ts";
import { FORM_NEEDS } from "../forms/form.policy.ts";
import { inviteRefusal } from "../invitations/invitation.policy.ts";
import { workspaceRoles } from "../workspaces/workspace.policy.ts";
import { projectAccessLevels, projectAllows } from "./project.policy.ts";

// What the actor may do with each of the given projects (absent: they cannot see it), from the access level the
// routes check: tasks, sections, fields, rules, sprints and adding members take edit; forms as form.policy.ts says;
// deleting and changing others' access take manage; inviting guests as invitation.policy.ts says. Four queries.
export async function projectPermissions(
  db: Db,
  actor: Actor,
  projectGids: number[],
): Promise<Map<number, ProjectPermissions>> {
  const result = new Map<number, ProjectPermissions>();
  if (projectGids.length === 0) return result;
  const projects = await db
    .selectFrom("projects")
    .select(["gid", "workspace_gid", "privacy_setting"])
    .where("gid", "in", projectGids)
    .execute();
  const levels = await projectAccessLevels(db, actor, projects);
  const roles = await workspaceRoles(
    db,
    actor,
    projects.filter((project) => levels.has(project.gid)).map((project) => project.workspace_gid),
  );
  for (const project of projects) {
    const level = levels.get(project.gid);
    if (!level) continue;
    const edit = projectAllows(level, "edit");
    result.set(project.gid, {
      edit,
      add_tasks: edit,
      move_tasks: edit,
      add_sections: edit,
      manage_fields: edit,
      manage_rules: edit,
      manage_forms: projectAllows(level, FORM_NEEDS.manage),
      manage_sprints: edit,
      comment: projectAllows(level, "comment"),
      submit_forms: projectAllows(level, FORM_NEEDS.fill),
      share: inviteRefusal(roles.get(project.workspace_gid) ?? null, "guest", level, true) === null,
      add_members: edit,
      manage_members: projectAllows(level, "manage"),
      delete: projectAllows(level, "manage"),
      view_billing: budgetAllows(roles.get(project.workspace_gid) ?? null, level, "read"),
      manage_billing: budgetAllows(roles.get(project.workspace_gid) ?? null, level, "manage"),
    });
  }
  return result;
}
