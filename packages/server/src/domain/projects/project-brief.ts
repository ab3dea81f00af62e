import type { Db } from "../../db/index.ts";
import type { ProjectBriefsTable } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { plainToRichText, richTextToPlain, sanitizeRichText } from "../rich-text.ts";
import { visibleProject } from "./project.use-cases.ts";

type ActorCtx = Ctx & { actor: Actor };
export interface BriefInput {
  title?: string;
  text?: string;
  html_text?: string;
}

// A project's brief (Asana's project_brief): one per project, read by whoever reads the project, written by its
// editors. Its changes are project events, as the project's own fields are.
export function presentProjectBrief(
  brief: ProjectBriefsTable,
  project: { gid: number; name: string },
  baseUrl: string,
) {
  return {
    gid: String(brief.gid),
    resource_type: "project_brief",
    title: brief.title,
    text: brief.text,
    html_text: brief.html_text,
    project: { gid: String(project.gid), resource_type: "project", name: project.name },
    permalink_url: `${baseUrl}/projects/${project.gid}/brief`,
  };
}

function textOf(input: BriefInput): { text?: string; html_text?: string } {
  if (input.text !== undefined && input.html_text !== undefined) {
    throw badRequest("html_text: pass text or html_text, not both");
  }
  if (input.html_text !== undefined) {
    const html = sanitizeRichText(input.html_text);
    return { html_text: html, text: richTextToPlain(html) };
  }
  if (input.text !== undefined) return { text: input.text, html_text: plainToRichText(input.text) };
  return {};
}

async function briefWithProject(db: Db, actor: Actor, gid: number, action: "read" | "edit") {
  const brief = await db.selectFrom("project_briefs").selectAll().where("gid", "=", gid).executeTakeFirst();
  if (!brief) throw notFound("project_brief");
  const { project } = await visibleProject(db, actor, brief.project_gid, action).catch((error) => {
    if (action === "read") throw notFound("project_brief");
    throw error;
  });
  return { brief, project };
}

export async function readProjectBrief(db: Db, actor: Actor, gid: number) {
  return briefWithProject(db, actor, gid, "read");
}

export function createProjectBriefUseCase(ctx: ActorCtx, projectGid: number, input: BriefInput) {
  return unitOfWork(ctx, async (uow) => {
    const { project } = await visibleProject(uow.db, uow.actor, projectGid, "edit");
    const existing = await uow.db
      .selectFrom("project_briefs")
      .select("gid")
      .where("project_gid", "=", project.gid)
      .executeTakeFirst();
    if (existing)
      throw badRequest(`project: already has a brief (${existing.gid}); change it with PUT /project_briefs/{gid}`);
    const text = textOf(input);
    const brief: ProjectBriefsTable = {
      gid: newGid(),
      project_gid: project.gid,
      title: input.title ?? "",
      text: text.text ?? "",
      html_text: text.html_text ?? "<body></body>",
      created_at: uow.unit.now,
      modified_at: uow.unit.now,
    };
    await uow.db.insertInto("project_briefs").values(brief).execute();
    await uow.unit.emit({
      workspace_gid: project.workspace_gid,
      resource_type: "project",
      resource_gid: project.gid,
      action: "changed",
      change: { field: "project_brief", action: "changed" },
    });
    return { brief, project };
  });
}

export function updateProjectBriefUseCase(ctx: ActorCtx, gid: number, input: BriefInput) {
  return unitOfWork(ctx, async (uow) => {
    const { brief, project } = await briefWithProject(uow.db, uow.actor, gid, "edit");
    const changes = { ...textOf(input), ...(input.title !== undefined ? { title: input.title } : {}) };
    await uow.db
      .updateTable("project_briefs")
      .set({ ...changes, modified_at: uow.unit.now })
      .where("gid", "=", gid)
      .execute();
    await uow.unit.emit({
      workspace_gid: project.workspace_gid,
      resource_type: "project",
      resource_gid: project.gid,
      action: "changed",
      change: { field: "project_brief", action: "changed" },
    });
    return { brief: { ...brief, ...changes }, project };
  });
}

export function deleteProjectBriefUseCase(ctx: ActorCtx, gid: number) {
  return unitOfWork(ctx, async (uow) => {
    const { project } = await briefWithProject(uow.db, uow.actor, gid, "edit");
    await uow.db.deleteFrom("project_briefs").where("gid", "=", gid).execute();
    await uow.unit.emit({
      workspace_gid: project.workspace_gid,
      resource_type: "project",
      resource_gid: project.gid,
      action: "changed",
      change: { field: "project_brief", action: "removed" },
    });
  });
}
