import type { Db } from "../../db/index.ts";
import type { FormsTable } from "../../db/schema.ts";
import { notFound, unauthorized } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { authorizeProject, type ProjectAction } from "../projects/project.policy.ts";

export type FormAction = "read" | "manage" | "fill";

// The access to the form's project each action needs (for signed-in people; a public-link form takes anyone).
export const FORM_NEEDS: Record<FormAction, ProjectAction> = { read: "read", manage: "edit", fill: "read" };

async function projectOf(db: Db, projectGid: number) {
  return db
    .selectFrom("projects")
    .select(["gid", "workspace_gid", "privacy_setting"])
    .where("gid", "=", projectGid)
    .executeTakeFirst();
}

// Everyone who sees the project reads its forms; its editors create and change them. Filling one in: a
// public-link form takes anyone (no sign-in); a project_guests form takes whoever sees the project. An
// inactive form takes nobody, and looks unknown to strangers.
export async function authorizeForm(
  db: Db,
  actor: Actor | null,
  form: Pick<FormsTable, "project_gid" | "access" | "active"> | undefined,
  action: FormAction,
): Promise<void> {
  if (!form) throw notFound("form");
  if (action === "fill" && form.access === "public_link") {
    if (form.active !== 1) throw notFound("form");
    return;
  }
  if (!actor) throw unauthorized();
  const project = await projectOf(db, form.project_gid);
  await authorizeProject(db, actor, project, FORM_NEEDS[action]).catch((error) => {
    throw error.status === 404 ? notFound("form") : error;
  });
  if (action === "fill" && form.active !== 1) throw notFound("form");
}
