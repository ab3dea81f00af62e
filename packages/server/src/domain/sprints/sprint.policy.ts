import type { Db } from "../../db/index.ts";
import type { ProjectsTable, SprintsTable } from "../../db/schema.ts";
import { ApiError, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { authorizeProject, type ProjectAction } from "../projects/project.policy.ts";

// A sprint is seen and planned as its project is: read to view, edit to plan, start and complete.
export async function authorizeSprint(
  db: Db,
  actor: Actor,
  sprint: SprintsTable | undefined,
  action: ProjectAction,
): Promise<{ sprint: SprintsTable; project: ProjectsTable }> {
  if (!sprint) throw notFound("sprint");
  const project = await db.selectFrom("projects").selectAll().where("gid", "=", sprint.project_gid).executeTakeFirst();
  try {
    await authorizeProject(db, actor, project, action);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw notFound("sprint");
    throw error;
  }
  return { sprint, project: project as ProjectsTable };
}
