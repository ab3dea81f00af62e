import type { Db } from "../../db/index.ts";
import type { StatusUpdatesTable } from "../../db/schema.ts";
import { forbidden, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { authorizeProject } from "../projects/project.policy.ts";

export type StatusUpdateAction = "read" | "create" | "delete";

// Whoever sees the project (guests included) reads its status updates; writing one is the project
// editors' job, and a guest who may only comment cannot; the author (still an editor) or a project admin
// deletes one.
export async function authorizeStatusUpdate(
  db: Db,
  actor: Actor,
  projectGid: number,
  action: StatusUpdateAction,
  update?: Pick<StatusUpdatesTable, "created_by_gid">,
): Promise<void> {
  const project = await db
    .selectFrom("projects")
    .select(["gid", "workspace_gid", "privacy_setting"])
    .where("gid", "=", projectGid)
    .executeTakeFirst();
  if (action === "read") {
    await authorizeProject(db, actor, project, "read").catch((error) => {
      throw update && error.status === 404 ? notFound("status_update") : error;
    });
    return;
  }
  if (action === "create") {
    await authorizeProject(db, actor, project, "edit");
    return;
  }
  const level = await authorizeProject(db, actor, project, "read").catch(() => {
    throw notFound("status_update");
  });
  const isAuthor = update?.created_by_gid === actor.gid && (level === "editor" || level === "admin");
  if (!isAuthor && level !== "admin") throw forbidden("Only the author or a project admin can delete a status update.");
}
