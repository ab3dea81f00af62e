import fs from "node:fs";
import multipart from "@fastify/multipart";
import {
  Import,
  ImportBody,
  ImportParams,
  ImportPreview,
  MergePeopleBody,
  MergePeopleResult,
  ProjectExportParams,
  WorkspaceExport,
  WorkspaceExportParams,
  WorkspaceImportParams,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { fileStoreOf } from "../../domain/attachments/file-store.ts";
import { mergePeople } from "../../domain/users/user.merge.ts";
import { badRequest, formatBytes } from "../../errors.ts";
import {
  exportProject,
  showWorkspaceExport,
  startWorkspaceExport,
  workspaceExportFile,
} from "../../integrations/exporters/export.use-cases.ts";
import { presentWorkspaceExport } from "../../integrations/exporters/workspace-export.presenter.ts";
import { presentImport } from "../../integrations/importers/import.presenter.ts";
import {
  type ImportUpload,
  previewImport,
  showImport,
  startImport,
} from "../../integrations/importers/import.use-cases.ts";
import { contract } from "../contract.ts";
import { baseUrl, created, ctxOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const JSON_FIELDS = new Set(["mapping", "columns", "people"]);

// Multipart fields are text: mapping, columns and people arrive as JSON strings.
function multipartField(name: string, value: string): unknown {
  if (!JSON_FIELDS.has(name)) return value;
  try {
    return JSON.parse(value);
  } catch {
    throw badRequest(`${name}: must be a JSON object such as {"name": "Task"}`);
  }
}

async function readImportBody(
  request: FastifyRequest,
  limit: number,
): Promise<{ fields: Record<string, unknown>; file: Buffer | null }> {
  if (!request.isMultipart()) {
    return { fields: parseData(z.record(z.string(), z.unknown()), request.body), file: null };
  }
  const fields: Record<string, unknown> = {};
  let file: Buffer | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: limit } })) {
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
    if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") {
      throw badRequest(
        `file: larger than the import limit of ${formatBytes(limit)} (the server's TAKT_MAX_IMPORT_MB). A Trello board with many files imports as its JSON with a Trello API key and token: its files are then downloaded one at a time.`,
      );
    }
    throw error;
  }
  return { fields, file };
}

export async function importsRoutes(app: FastifyInstance) {
  const { db, config } = app.takt;
  // A JSON body carries the file in base64: a third larger than the file.
  const bodyLimit = Math.ceil((config.maxImportBytes * 4) / 3) + 1024 * 1024;
  await app.register(multipart, { limits: { files: 1, fields: 16, fieldSize: 1_048_576, parts: 18 } });

  const readUpload = async (request: FastifyRequest): Promise<ImportUpload> => {
    const body = await readImportBody(request, config.maxImportBytes);
    return { input: parse(ImportBody, body.fields), file: body.file };
  };

  app.post<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/imports",
    {
      bodyLimit,
      ...contract({
        summary: "Import a Trello or Asana export, or a CSV file, into a new project",
        params: WorkspaceImportParams,
        body: ImportBody,
        response: Import,
        status: 201,
      }),
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      const mailer = { config, log: request.log, baseUrl: baseUrl(request) };
      const row = await startImport(ctx, workspaceGid, () => readUpload(request), mailer, fileStoreOf(config));
      return created(reply, "/imports", await presentImport(db, row));
    },
  );

  app.post<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/imports/preview",
    {
      bodyLimit,
      ...contract({
        summary: "Preview an import: people and their matches, a CSV's columns and first rows; nothing is written",
        params: WorkspaceImportParams,
        body: ImportBody,
        response: ImportPreview,
      }),
    },
    async (request) => {
      const ctx = ctxOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      return { data: await previewImport(ctx, workspaceGid, () => readUpload(request), config) };
    },
  );

  app.post<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/merge_people",
    contract({
      summary: "Merge two people of a workspace: everything of one moves to the other (admins)",
      params: WorkspaceImportParams,
      body: MergePeopleBody,
      response: MergePeopleResult,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      const input = parseData(MergePeopleBody, request.body);
      const merged = await mergePeople(ctx, workspaceGid, Number(input.from), Number(input.into));
      const person = (user: { gid: number; name: string; email: string }) => ({
        gid: String(user.gid),
        name: user.name,
        email: user.email,
      });
      return {
        data: {
          resource_type: "people_merge" as const,
          from: person(merged.from),
          into: person(merged.into),
          moved: merged.moved,
        },
      };
    },
  );

  app.get<{ Params: { import_gid: string } }>(
    "/imports/:import_gid",
    contract({ summary: "Get an import", params: ImportParams, response: Import }),
    async (request) => {
      const row = await showImport(ctxOf(request), gidParam(request.params.import_gid, "import"));
      return { data: await presentImport(db, row) };
    },
  );

  const attachmentName = (name: string, extension: string) => {
    const safe = name.replace(/[^\p{L}\p{N} _-]+/gu, "_").slice(0, 100) || "project";
    return `attachment; filename="${safe.replace(/[^\x20-\x7e]/g, "_")}.${extension}"; filename*=UTF-8''${encodeURIComponent(safe)}.${extension}`;
  };

  app.get<{ Params: { project_gid: string } }>(
    "/projects/:project_gid/export.csv",
    contract({ summary: "Export a project as CSV", params: ProjectExportParams, content: "text/csv" }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const { project, body } = await exportProject(ctx, gidParam(request.params.project_gid, "project"), "csv");
      reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", attachmentName(project.name, "csv"));
      return body;
    },
  );

  app.get<{ Params: { project_gid: string } }>(
    "/projects/:project_gid/export.json",
    contract({ summary: "Export a project as Asana JSON", params: ProjectExportParams, content: "application/json" }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const { project, body } = await exportProject(ctx, gidParam(request.params.project_gid, "project"), "json");
      reply.header("content-disposition", attachmentName(project.name, "json"));
      return body;
    },
  );

  app.post<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/export",
    contract({
      summary: "Export a whole workspace (a job)",
      params: WorkspaceImportParams,
      response: WorkspaceExport,
      status: 201,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const row = await startWorkspaceExport(ctx, gidParam(request.params.workspace_gid, "workspace"));
      return created(reply, "/workspace_exports", presentWorkspaceExport(row));
    },
  );

  app.get<{ Params: { export_gid: string } }>(
    "/workspace_exports/:export_gid",
    contract({ summary: "Get a workspace export", params: WorkspaceExportParams, response: WorkspaceExport }),
    async (request) => {
      const ctx = ctxOf(request);
      const row = await showWorkspaceExport(ctx, gidParam(request.params.export_gid, "workspace_export"));
      return { data: presentWorkspaceExport(row) };
    },
  );

  app.get<{ Params: { export_gid: string } }>(
    "/workspace_exports/:export_gid/download",
    contract({
      summary: "Download a workspace export's file",
      params: WorkspaceExportParams,
      content: "application/zip",
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const exportGid = gidParam(request.params.export_gid, "workspace_export");
      const { row, file } = await workspaceExportFile(ctx, config, exportGid);
      reply
        .header("content-type", "application/zip")
        .header("content-disposition", `attachment; filename="workspace-export-${row.gid}.zip"`);
      return reply.send(fs.createReadStream(file));
    },
  );
}
