import type { Kysely } from "kysely";
import type { Db } from "../../db/index.ts";
import type { Database, ProjectsTable, SectionsTable } from "../../db/schema.ts";

export interface SectionWithProject {
  section: SectionsTable;
  project: ProjectsTable;
}

export async function findSection(db: Db, sectionGid: number): Promise<SectionWithProject | undefined> {
  const section = await db.selectFrom("sections").selectAll().where("gid", "=", sectionGid).executeTakeFirst();
  if (!section) return undefined;
  const project = await db.selectFrom("projects").selectAll().where("gid", "=", section.project_gid).executeTakeFirst();
  return project ? { section, project } : undefined;
}

export function sectionsOf(db: Db, projectGid: number) {
  return db
    .selectFrom("sections")
    .selectAll()
    .where("project_gid", "=", projectGid)
    .orderBy("order_key")
    .orderBy("gid");
}

// Where a task added to a project without a section goes: the project's first section (every project has one).
export async function firstSectionOf(db: Kysely<Database>, projectGid: number): Promise<SectionsTable | undefined> {
  return db
    .selectFrom("sections")
    .selectAll()
    .where("project_gid", "=", projectGid)
    .orderBy("order_key")
    .orderBy("gid")
    .limit(1)
    .executeTakeFirst();
}

// A section of the given project, or undefined (unknown, or in another project).
export async function sectionInProject(
  db: Db,
  projectGid: number,
  sectionGid: number,
): Promise<SectionsTable | undefined> {
  return db
    .selectFrom("sections")
    .selectAll()
    .where("gid", "=", sectionGid)
    .where("project_gid", "=", projectGid)
    .executeTakeFirst();
}
