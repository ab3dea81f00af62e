import type { SectionsTable } from "../../db/schema.ts";
import { projectRef } from "../projects/project.presenter.ts";

export const SECTION_COMPACT = ["name"] as const;

export function sectionRef(section: Pick<SectionsTable, "gid" | "name">) {
  return { gid: String(section.gid), resource_type: "section", name: section.name };
}

export function presentSection(section: SectionsTable, project: { gid: number; name: string }) {
  const parent = projectRef(project);
  return {
    gid: String(section.gid),
    resource_type: "section",
    name: section.name,
    marks_complete: section.marks_complete === 1,
    created_at: section.created_at,
    project: parent,
    projects: [parent],
  };
}
