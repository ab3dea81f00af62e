import fs from "node:fs";
import path from "node:path";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { ImportsTable } from "../../db/schema.ts";
import { recordAudit } from "../../domain/audit/audit.record.ts";
import { authorizeProject, authorizeProjectCreate } from "../../domain/projects/project.policy.ts";
import { authorizeTeam } from "../../domain/teams/team.policy.ts";
import { findTeam } from "../../domain/teams/team.queries.ts";
import { requireWorkspaceAdmin, requireWorkspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { badRequest, notFound } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { loadProjectContent, projectAsanaJson, projectCsv } from "../../integrations/exporters/project-export.ts";
import { queueWorkspaceExport } from "../../integrations/exporters/workspace-export.commands.ts";
import { exportsDir } from "../../integrations/exporters/workspace-export.ts";
import { MAPPING_FIELDS } from "../../integrations/importers/csv.ts";
import { queueImport } from "../../integrations/importers/import.commands.ts";
import { ImportInputError } from "../../integrations/importers/import.plan.ts";
import { presentImport } from "../../integrations/importers/import.presenter.ts";
import { initialCounts, planImport } from "../../integrations/importers/import.run.ts";
import { originOf } from "../origin.ts";
import { actorOf, created, ctxOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const ImportFields = z.strictObject({
  source: z.enum(["trello", "asana", "csv"], "must be trello, asana or csv"),
  team: z
    .string()
    .regex(/^\d{1,19}$/, "must be a team gid")
    .nullable()
    .optional(),
  project_name: z.string().trim().min(1).max(200).optional(),
  mapping: z
    .partialRecord(z.enum(MAPPING_FIELDS), z.string().trim().min(1).max(200))
    .refine((value) => Object.keys(value).length > 0, "name at least the column of the task names")
    .optional(),
  encoding: z.enum(["auto", "utf-8", "windows-1251"], "must be auto, utf-8 or windows-1251").optional(),
  file_name: z.string().trim().max(255).optional(),
  // JSON bodies carry the file as text (content) or as bytes (content_base64, for a CSV not in UTF-8).
  content: z.string().optional(),
  content_base64: z.string().optional(),
});

// Multipart fields are text: mapping arrives as a JSON string.
function multipartField(name: string, value: string): unknown {
  if (name !== "mapping") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw badRequest('mapping: must be a JSON object such as {"name": "Task"}');
  }
}

async function readImportBody(
  request: FastifyRequest,
): Promise<{ fields: Record<string, unknown>; file: Buffer | null }> {
  if (!request.isMultipart()) {
    return { fields: parseData(z.record(z.string(), z.unknown()), request.body), file: null };
  }
  const fields: Record<string, unknown> = {};
  let file: Buffer | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_IMPORT_BYTES } })) {
      if (part.type === "field") {
        fields[part.fieldname] = multipartField(part.fieldname, String(part.value));
        continue;
      }
      if (part.fieldname !== "file" || file)
        throw badRequest(`${part.fieldname}: send one file, in the field named file`);
      file = await part.toBuffer();
      fields.file_name ??= part.filename;
    }
  } catch (error) {
    if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw badRequest("file: larger than 50 MB");
    throw error;
  }
  return { fields, file };
}

export async function importsRoutes(app: FastifyInstance) {
  const { db, config } = app.takt;
  await app.register(multipart, { limits: { files: 1, fields: 10, fieldSize: 65_536, parts: 12 } });

  async function loadImport(request: FastifyRequest<{ Params: { import_gid: string } }>): Promise<ImportsTable> {
    const actor = actorOf(request);
    const row = await db
      .selectFrom("imports")
      .selectAll()
      .where("gid", "=", gidParam(request.params.import_gid, "import"))
      .executeTakeFirst();
    if (!row) throw notFound("import");
    // An import is seen by whoever started it and by the workspace's admins.
    if (row.created_by_gid !== actor.gid) {
      await requireWorkspaceAdmin(db, actor, row.workspace_gid).catch(() => {
        throw notFound("import");
      });
    }
    return row;
  }

  app.post<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/imports",
    { bodyLimit: MAX_IMPORT_BYTES },
    async (request, reply) => {
      const actor = actorOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      await authorizeProjectCreate(db, actor, workspaceGid);
      const body = await readImportBody(request);
      const input = parse(ImportFields, body.fields);
      if (input.mapping && input.source !== "csv")
        throw badRequest("mapping: only a CSV import takes a column mapping");
      const bytes =
        body.file ??
        (input.content_base64 !== undefined
          ? Buffer.from(input.content_base64, "base64")
          : input.content !== undefined
            ? Buffer.from(input.content, "utf8")
            : null);
      if (!bytes || bytes.length === 0) {
        throw badRequest(
          "file: Missing input. Upload the file as multipart/form-data or send content in the JSON body.",
        );
      }
      let teamGid: number | null = null;
      if (input.team) {
        const team = await findTeam(db, Number(input.team));
        if (!team || team.workspace_gid !== workspaceGid) throw badRequest(`team: Unknown object ${input.team}`);
        await authorizeTeam(db, actor, team, "read");
        teamGid = team.gid;
      }
      const options = { project_name: input.project_name, mapping: input.mapping, encoding: input.encoding };
      const fileName = input.file_name ?? "";
      // The file is read now so that an unreadable one is a 400 naming the field; row problems (a ragged CSV line)
      // make a failed import whose problems list every line, and nothing is written.
      let problems: string[];
      try {
        problems = planImport(input.source, bytes, fileName, options).problems;
      } catch (error) {
        if (error instanceof ImportInputError) throw badRequest(error.message);
        throw error;
      }
      const now = new Date().toISOString();
      const row: ImportsTable = {
        gid: newGid(),
        workspace_gid: workspaceGid,
        team_gid: teamGid,
        project_gid: null,
        source: input.source,
        file_name: fileName,
        content: problems.length ? "" : bytes.toString("base64"),
        options: JSON.stringify(options),
        status: problems.length ? "failed" : "queued",
        counts: initialCounts(),
        problems: JSON.stringify(problems),
        created_by_gid: actor.gid,
        created_at: now,
        started_at: null,
        finished_at: problems.length ? now : null,
      };
      await queueImport(db, row);
      return created(reply, "/imports", await presentImport(db, row));
    },
  );

  app.get<{ Params: { import_gid: string } }>("/imports/:import_gid", async (request) => {
    return { data: await presentImport(db, await loadImport(request)) };
  });

  async function loadProject(request: FastifyRequest<{ Params: { project_gid: string } }>) {
    const actor = actorOf(request);
    const project = await db
      .selectFrom("projects")
      .selectAll()
      .where("gid", "=", gidParam(request.params.project_gid, "project"))
      .executeTakeFirst();
    await authorizeProject(db, actor, project, "read");
    if (!project) throw notFound("project");
    return project;
  }

  const attachmentName = (name: string, extension: string) => {
    const safe = name.replace(/[^\p{L}\p{N} _-]+/gu, "_").slice(0, 100) || "project";
    return `attachment; filename="${safe.replace(/[^\x20-\x7e]/g, "_")}.${extension}"; filename*=UTF-8''${encodeURIComponent(safe)}.${extension}`;
  };

  const auditExport = (
    request: FastifyRequest,
    project: { gid: number; workspace_gid: number; name: string },
    format: string,
  ) =>
    recordAudit(db, originOf(request), actorOf(request), {
      workspaceGid: project.workspace_gid,
      eventType: "project_exported",
      category: "content_export",
      resource: { type: "project", gid: project.gid, name: project.name },
      details: { format },
    });

  app.get<{ Params: { project_gid: string } }>("/projects/:project_gid/export.csv", async (request, reply) => {
    const project = await loadProject(request);
    const content = await loadProjectContent(db, project, actorOf(request).gid);
    await auditExport(request, project, "csv");
    reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", attachmentName(project.name, "csv"));
    return projectCsv(project, content);
  });

  app.get<{ Params: { project_gid: string } }>("/projects/:project_gid/export.json", async (request, reply) => {
    const project = await loadProject(request);
    const content = await loadProjectContent(db, project, actorOf(request).gid);
    await auditExport(request, project, "json");
    reply.header("content-disposition", attachmentName(project.name, "json"));
    return projectAsanaJson(db, project, content);
  });

  const presentExport = (row: {
    gid: number;
    workspace_gid: number;
    status: string;
    size: number | null;
    error: string | null;
    created_at: string;
    finished_at: string | null;
  }) => ({
    gid: String(row.gid),
    resource_type: "workspace_export",
    workspace: { gid: String(row.workspace_gid), resource_type: "workspace" },
    status: row.status,
    size: row.size,
    error: row.error,
    download_url: row.status === "succeeded" ? `/api/1.0/workspace_exports/${row.gid}/download` : null,
    created_at: row.created_at,
    finished_at: row.finished_at,
  });

  app.post<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/export", async (request, reply) => {
    const ctx = ctxOf(request);
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    await requireWorkspaceAdmin(db, ctx.actor, workspaceGid);
    const row = await queueWorkspaceExport(db, workspaceGid, ctx.actor.gid, ctx);
    return created(reply, "/workspace_exports", presentExport(row));
  });

  async function loadExport(request: FastifyRequest<{ Params: { export_gid: string } }>) {
    const actor = actorOf(request);
    const row = await db
      .selectFrom("workspace_exports")
      .selectAll()
      .where("gid", "=", gidParam(request.params.export_gid, "workspace_export"))
      .executeTakeFirst();
    if (!row) throw notFound("workspace_export");
    const role = await requireWorkspaceRole(db, actor, row.workspace_gid).catch(() => null);
    if (role !== "admin") throw notFound("workspace_export");
    return row;
  }

  app.get<{ Params: { export_gid: string } }>("/workspace_exports/:export_gid", async (request) => {
    return { data: presentExport(await loadExport(request)) };
  });

  app.get<{ Params: { export_gid: string } }>("/workspace_exports/:export_gid/download", async (request, reply) => {
    const row = await loadExport(request);
    if (row.status !== "succeeded" || !row.file) throw notFound("workspace_export file");
    const file = path.join(exportsDir(config.dataDir), path.basename(row.file));
    if (!fs.existsSync(file)) throw notFound("workspace_export file");
    reply
      .header("content-type", "application/zip")
      .header("content-disposition", `attachment; filename="workspace-export-${row.gid}.zip"`);
    return reply.send(fs.createReadStream(file));
  });
}
