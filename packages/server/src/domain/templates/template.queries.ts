import type { Db } from "../../db/index.ts";
import type { ApiJobsTable, ProjectTemplatesTable, TaskTemplatesTable } from "../../db/schema.ts";

type Window = { limit: number; offset: number };

export function findProjectTemplate(db: Db, gid: number): Promise<ProjectTemplatesTable | undefined> {
  return db.selectFrom("project_templates").selectAll().where("gid", "=", gid).executeTakeFirst();
}

// A workspace's (or one team's) project templates, by name; `visibleTo`: only public ones and this person's own.
export function projectTemplatesOf(
  db: Db,
  filter: { workspaceGid: number; teamGid?: number; visibleTo?: number },
  window: Window,
) {
  return db
    .selectFrom("project_templates")
    .selectAll()
    .where("workspace_gid", "=", filter.workspaceGid)
    .$if(filter.teamGid !== undefined, (query) => query.where("team_gid", "=", filter.teamGid ?? 0))
    .$if(filter.visibleTo !== undefined, (query) =>
      query.where((eb) => eb.or([eb("public", "=", 1), eb("owner_gid", "=", filter.visibleTo ?? 0)])),
    )
    .orderBy("name")
    .orderBy("gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

export function findTaskTemplate(db: Db, gid: number): Promise<TaskTemplatesTable | undefined> {
  return db.selectFrom("task_templates").selectAll().where("gid", "=", gid).executeTakeFirst();
}

export function taskTemplatesOf(db: Db, projectGid: number, window: Window) {
  return db
    .selectFrom("task_templates")
    .selectAll()
    .where("project_gid", "=", projectGid)
    .orderBy("name")
    .orderBy("gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

export function findApiJob(db: Db, gid: number): Promise<ApiJobsTable | undefined> {
  return db.selectFrom("api_jobs").selectAll().where("gid", "=", gid).executeTakeFirst();
}
