import type { Db } from "../../db/index.ts";
import type { FormRow } from "./form.presenter.ts";

function withNames(db: Db) {
  return db
    .selectFrom("forms")
    .innerJoin("projects", "projects.gid", "forms.project_gid")
    .leftJoin("sections", "sections.gid", "forms.target_section_gid")
    .leftJoin("users", "users.gid", "forms.owner_gid")
    .selectAll("forms")
    .select(["projects.name as project_name", "sections.name as section_name", "users.name as owner_name"]);
}

export function findForm(db: Db, gid: number): Promise<FormRow | undefined> {
  return withNames(db).where("forms.gid", "=", gid).executeTakeFirst();
}

export function formsOfProject(db: Db, projectGid: number, window: { limit: number; offset: number }) {
  return withNames(db)
    .where("forms.project_gid", "=", projectGid)
    .orderBy("forms.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}
