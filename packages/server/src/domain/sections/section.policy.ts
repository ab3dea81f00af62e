import type { Db } from "../../db/index.ts";
import type { AccessLevel } from "../../db/schema.ts";
import { ApiError, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { authorizeProject, type ProjectAction } from "../projects/project.policy.ts";
import type { SectionWithProject } from "./section.queries.ts";

// A section is as visible as its project: reading needs read access, changing the project's layout needs edit.
export type SectionAction = "read" | "edit";

export async function authorizeSection(
  db: Db,
  actor: Actor,
  found: SectionWithProject | undefined,
  action: SectionAction,
): Promise<AccessLevel> {
  if (!found) throw notFound("section");
  try {
    return await authorizeProject(db, actor, found.project, action satisfies ProjectAction);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw notFound("section");
    throw error;
  }
}
