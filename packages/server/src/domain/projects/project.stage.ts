import type { SetStageBody } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { ProjectsTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { type Actor, type Ctx, type Tx, transact, unitOfWork } from "../context.ts";
import { visibleProject } from "./project.use-cases.ts";

type ActorCtx = Ctx & { actor: Actor };

export interface StageSection {
  gid: number;
  name: string;
  num_incomplete_tasks: number;
}

// Without a stage set by the team: the furthest section that still has open work (a client's new request in the
// first section does not pull the stage back while the work is in QA); none when nothing is open.
export function derivedStage<S extends { num_incomplete_tasks: number }>(sections: S[]): S | null {
  for (let index = sections.length - 1; index >= 0; index -= 1) {
    if (sections[index].num_incomplete_tasks > 0) return sections[index];
  }
  return null;
}

// The stage history of each project, oldest first.
export async function stageHistories(db: Db, projectGids: number[]) {
  const result = new Map<
    number,
    { gid: number; section_gid: number | null; section_name: string; created_at: string }[]
  >();
  if (projectGids.length === 0) return result;
  const rows = await db
    .selectFrom("project_stage_changes")
    .select(["gid", "project_gid", "section_gid", "section_name", "created_at"])
    .where("project_gid", "in", projectGids)
    .orderBy("created_at")
    .orderBy("gid")
    .execute();
  for (const row of rows) result.set(row.project_gid, [...(result.get(row.project_gid) ?? []), row]);
  return result;
}

export function presentStageChange(
  row: { gid: number; section_gid: number | null; section_name: string; created_at: string },
  liveSections: Set<number>,
) {
  return {
    gid: String(row.gid),
    resource_type: "project_stage_change" as const,
    section:
      row.section_gid !== null && liveSections.has(row.section_gid)
        ? { gid: String(row.section_gid), resource_type: "section" as const, name: row.section_name }
        : null,
    name: row.section_name,
    created_at: row.created_at,
  };
}

async function sectionsWithOpenCounts(db: Db, projectGid: number): Promise<StageSection[]> {
  const sections = await db
    .selectFrom("sections")
    .select(["gid", "name"])
    .where("project_gid", "=", projectGid)
    .orderBy("order_key")
    .orderBy("gid")
    .execute();
  const counts = await db
    .selectFrom("task_memberships")
    .innerJoin("tasks", "tasks.gid", "task_memberships.task_gid")
    .select(["task_memberships.section_gid", (eb) => eb.fn.countAll().as("count")])
    .where("task_memberships.project_gid", "=", projectGid)
    .where("tasks.completed", "=", 0)
    .groupBy("task_memberships.section_gid")
    .execute();
  const open = new Map(counts.map((row) => [row.section_gid, Number(row.count)]));
  return sections.map((section) => ({ ...section, num_incomplete_tasks: open.get(section.gid) ?? 0 }));
}

// GET /projects/{gid}/stage: for anyone who sees the project (the client too).
export async function readStage(db: Db, actor: Actor, projectGid: number) {
  const { project } = await visibleProject(db, actor, projectGid, "read");
  const sections = await sectionsWithOpenCounts(db, project.gid);
  const explicit = project.stage_section_gid
    ? (sections.find((section) => section.gid === project.stage_section_gid) ?? null)
    : null;
  const current = explicit ?? derivedStage(sections);
  const history = (await stageHistories(db, [project.gid])).get(project.gid) ?? [];
  const live = new Set(sections.map((section) => section.gid));
  return {
    section: current ? { gid: String(current.gid), resource_type: "section" as const, name: current.name } : null,
    explicit: explicit !== null,
    history: history.map((row) => presentStageChange(row, live)),
  };
}

// POST /projects/{gid}/setStage: editors of the project choose its stage (or go back to the derived one).
export async function setStageUseCase(ctx: ActorCtx, projectGid: number, body: () => SetStageBody) {
  await unitOfWork(ctx, async (uow) => {
    const { project } = await visibleProject(uow.db, uow.actor, projectGid, "edit");
    const input = body();
    await changeStage(uow, project, input.section === null ? null : Number(input.section));
  });
  return readStage(ctx.db, ctx.actor, projectGid);
}

// Sets the project's stage inside the caller's unit of work (also from a status update that names one); the
// caller has checked the actor may edit the project.
export async function changeStage(
  uow: ActorCtx & { unit: Tx },
  project: ProjectsTable,
  sectionGid: number | null,
  field = "section",
) {
  const section =
    sectionGid === null
      ? null
      : await uow.db
          .selectFrom("sections")
          .select(["gid", "name"])
          .where("gid", "=", sectionGid)
          .where("project_gid", "=", project.gid)
          .executeTakeFirst();
  if (sectionGid !== null && !section) throw badRequest(`${field}: ${sectionGid} is not a section of this project`);
  if ((project.stage_section_gid ?? null) === sectionGid) return;
  await transact(uow, async (tx) => {
    await tx.trx
      .updateTable("projects")
      .set({ stage_section_gid: sectionGid, modified_at: tx.now })
      .where("gid", "=", project.gid)
      .execute();
    if (section) {
      await tx.trx
        .insertInto("project_stage_changes")
        .values({
          gid: newGid(),
          project_gid: project.gid,
          section_gid: section.gid,
          section_name: section.name,
          changed_by_gid: uow.actor.gid,
          created_at: tx.now,
        })
        .execute();
    }
    await tx.emit({
      workspace_gid: project.workspace_gid,
      resource_type: "project",
      resource_gid: project.gid,
      parent_type: project.team_gid ? "team" : "workspace",
      parent_gid: project.team_gid ?? project.workspace_gid,
      action: "changed",
      change: {
        field: "stage",
        action: "changed",
        new_value: section ? { gid: String(section.gid), resource_type: "section", name: section.name } : null,
      },
    });
  });
}
