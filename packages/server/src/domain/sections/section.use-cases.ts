import type { CreateSectionBody, InsertSectionBody, UpdateSectionBody } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { ProjectsTable, SectionsTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { visibleProject } from "../projects/project.use-cases.ts";
import { createSection, deleteSection, type Placement, updateSection } from "./section.commands.ts";
import { authorizeSection } from "./section.policy.ts";
import { findSection, sectionInProject, sectionsOf } from "./section.queries.ts";

type ActorCtx = Ctx & { actor: Actor };

// A sibling named in a body must be a section of the same project, and not the section being moved.
async function sibling(db: Db, project: ProjectsTable, field: string, raw: string, moving: SectionsTable | null) {
  const section = await sectionInProject(db, project.gid, Number(raw));
  if (!section) throw badRequest(`${field}: no section ${raw} in this project`);
  if (moving && section.gid === moving.gid) throw badRequest(`${field}: a section cannot be placed next to itself`);
  return section;
}

async function placementOf(
  db: Db,
  project: ProjectsTable,
  input: Record<string, string | undefined>,
  [beforeField, afterField]: [string, string],
  moving: SectionsTable | null,
): Promise<Placement | undefined> {
  const before = input[beforeField];
  const after = input[afterField];
  if (before !== undefined && after !== undefined) {
    throw badRequest(`${afterField}: pass ${beforeField} or ${afterField}, not both`);
  }
  if (before !== undefined) return { before: await sibling(db, project, beforeField, before, moving) };
  if (after !== undefined) return { after: await sibling(db, project, afterField, after, moving) };
  return undefined;
}

async function visibleSection(db: Db, actor: Actor, sectionGid: number, action: "read" | "edit") {
  const found = await findSection(db, sectionGid);
  await authorizeSection(db, actor, found, action);
  return found as NonNullable<typeof found>;
}

export async function listSections(
  db: Db,
  actor: Actor,
  projectGid: number,
  window: { limit: number; offset: number },
) {
  const { project } = await visibleProject(db, actor, projectGid, "read");
  const sections = await sectionsOf(db, project.gid).limit(window.limit).offset(window.offset).execute();
  return { project, sections };
}

export function readSection(db: Db, actor: Actor, sectionGid: number) {
  return visibleSection(db, actor, sectionGid, "read");
}

export function createSectionUseCase(ctx: ActorCtx, projectGid: number, input: CreateSectionBody) {
  return unitOfWork(ctx, async (uow) => {
    const { project } = await visibleProject(uow.db, uow.actor, projectGid, "edit");
    const anchors = { insert_before: input.insert_before, insert_after: input.insert_after };
    const placement = await placementOf(uow.db, project, anchors, ["insert_before", "insert_after"], null);
    const section = await createSection(uow, project, input.name, placement ?? null, input.marks_complete);
    return { section, project };
  });
}

export function updateSectionUseCase(ctx: ActorCtx, sectionGid: number, input: UpdateSectionBody) {
  return unitOfWork(ctx, async (uow) => {
    const { section, project } = await visibleSection(uow.db, uow.actor, sectionGid, "edit");
    const anchors = { insert_before: input.insert_before, insert_after: input.insert_after };
    const placement = await placementOf(uow.db, project, anchors, ["insert_before", "insert_after"], section);
    const updated = await updateSection(uow, project, section, {
      name: input.name,
      placement,
      marksComplete: input.marks_complete,
    });
    return { section: updated, project };
  });
}

export function deleteSectionUseCase(ctx: ActorCtx, sectionGid: number) {
  return unitOfWork(ctx, async (uow) => {
    const { section, project } = await visibleSection(uow.db, uow.actor, sectionGid, "edit");
    await deleteSection(uow, project, section);
  });
}

// Sections move within their project only.
export function insertSectionUseCase(ctx: ActorCtx, projectGid: number, input: InsertSectionBody) {
  return unitOfWork(ctx, async (uow) => {
    const { project } = await visibleProject(uow.db, uow.actor, projectGid, "edit");
    const moving = await sectionInProject(uow.db, project.gid, Number(input.section));
    if (!moving) {
      throw badRequest(`section: no section ${input.section} in this project; sections cannot move between projects`);
    }
    const placement = await placementOf(uow.db, project, input, ["before_section", "after_section"], moving);
    if (!placement) throw badRequest("before_section: Missing input. Pass before_section or after_section.");
    await updateSection(uow, project, moving, { placement });
  });
}
