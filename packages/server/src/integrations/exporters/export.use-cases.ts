import fs from "node:fs";
import path from "node:path";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/index.ts";
import { recordAudit } from "../../domain/audit/audit.record.ts";
import { type Actor, type Ctx, unitOfWork } from "../../domain/context.ts";
import { authorizeProject } from "../../domain/projects/project.policy.ts";
import { findProject } from "../../domain/projects/project.queries.ts";
import { notFound } from "../../errors.ts";
import { authorizeWorkspaceExport, authorizeWorkspaceExportRead } from "./export.policy.ts";
import { loadProjectContent, projectAsanaJson, projectCsv } from "./project-export.ts";
import { queueWorkspaceExport } from "./workspace-export.commands.ts";
import { exportsDir } from "./workspace-export.ts";

type ExportCtx = Ctx & { actor: Actor };

// A project as CSV or as Asana's JSON, for whoever reads the project; the audit log records who took it. The
// project is read outside any transaction (a big project must not hold the database); the audit row is the unit.
export async function exportProject(ctx: ExportCtx, projectGid: number, format: "csv" | "json") {
  const project = await findProject(ctx.db, projectGid);
  await authorizeProject(ctx.db, ctx.actor, project, "read");
  if (!project) throw notFound("project");
  const content = await loadProjectContent(ctx.db, project, ctx.actor.gid);
  const body = format === "csv" ? projectCsv(project, content) : await projectAsanaJson(ctx.db, project, content);
  await unitOfWork(ctx, (uow) =>
    recordAudit(uow.db, ctx.origin, ctx.actor, {
      workspaceGid: project.workspace_gid,
      eventType: "project_exported",
      category: "content_export",
      resource: { type: "project", gid: project.gid, name: project.name },
      details: { format },
    }),
  );
  return { project, body };
}

// The export's record, its job and the audit row are one unit; the job writes the file.
export async function startWorkspaceExport(ctx: ExportCtx, workspaceGid: number) {
  return unitOfWork(ctx, async (uow) => {
    await authorizeWorkspaceExport(uow.db, ctx.actor, workspaceGid);
    return queueWorkspaceExport(uow.db, workspaceGid, ctx.actor.gid, uow);
  });
}

const findExport = (db: Db, gid: number) =>
  db.selectFrom("workspace_exports").selectAll().where("gid", "=", gid).executeTakeFirst();

export async function showWorkspaceExport(ctx: ExportCtx, exportGid: number) {
  return authorizeWorkspaceExportRead(ctx.db, ctx.actor, await findExport(ctx.db, exportGid));
}

// Where a finished export's file is; 404 while it is being written, after it failed or once it was purged.
export async function workspaceExportFile(ctx: ExportCtx, config: Config, exportGid: number) {
  const row = await showWorkspaceExport(ctx, exportGid);
  if (row.status !== "succeeded" || !row.file) throw notFound("workspace_export file");
  const file = path.join(exportsDir(config.dataDir), path.basename(row.file));
  if (!fs.existsSync(file)) throw notFound("workspace_export file");
  return { row, file };
}
