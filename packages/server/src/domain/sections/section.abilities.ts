import type { SectionPermissions } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { Actor } from "../context.ts";
import { projectAccessLevels, projectAllows } from "../projects/project.policy.ts";
import type { SectionAction } from "./section.policy.ts";

// A section is changed, deleted and filled as its project's layout is (authorizeSection: edit on the project).
// Three queries for any number of sections; absent: the actor cannot see the section.
export async function sectionPermissions(
  db: Db,
  actor: Actor,
  sectionGids: number[],
): Promise<Map<number, SectionPermissions>> {
  const result = new Map<number, SectionPermissions>();
  if (sectionGids.length === 0) return result;
  const rows = await db
    .selectFrom("sections")
    .innerJoin("projects", "projects.gid", "sections.project_gid")
    .select(["sections.gid as section_gid", "projects.gid", "projects.workspace_gid", "projects.privacy_setting"])
    .where("sections.gid", "in", sectionGids)
    .execute();
  const levels = await projectAccessLevels(db, actor, rows);
  const edit: SectionAction = "edit";
  for (const row of rows) {
    const level = levels.get(row.gid);
    if (!level) continue;
    const allowed = projectAllows(level, edit);
    result.set(row.section_gid, { edit: allowed, delete: allowed, add_tasks: allowed });
  }
  return result;
}
