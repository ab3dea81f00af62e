import multipart, { type MultipartFile } from "@fastify/multipart";
import {
  Attachment,
  AttachmentCompact,
  AttachmentParams,
  CreateAttachmentBody,
  Empty,
  ListAttachmentsQuery,
  TaskParams,
} from "@takt/contracts";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { deleteAttachmentUseCase } from "../../domain/attachments/attachment.delete.ts";
import { ATTACHMENT_COMPACT, presentAttachment } from "../../domain/attachments/attachment.presenter.ts";
import { attachmentsOfTask } from "../../domain/attachments/attachment.queries.ts";
import { attachmentFor, attachmentParentFor } from "../../domain/attachments/attachment.resolve.ts";
import { FileTooLargeError, type StagedFile } from "../../domain/attachments/attachment.storage.ts";
import { attachToTaskUseCase, type NewAttachment } from "../../domain/attachments/attachment.upload.ts";
import { fileStoreOf } from "../../domain/attachments/file-store.ts";
import { INLINE_TYPES } from "../../domain/attachments/mime-sniff.ts";
import { shape } from "../../domain/opt-fields.ts";
import { ApiError, badRequest, formatBytes } from "../../errors.ts";
import { contract } from "../contract.ts";
import { actorOf, baseUrl, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type ByAttachment = { Params: { attachment_gid: string } };

// RFC 6266: an ASCII fallback with quotes and backslashes replaced, and the real name as RFC 5987 filename*
// (percent-encoded down to attr-chars: encodeURIComponent leaves ' ( ) * as they are).
function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export async function attachmentsRoutes(app: FastifyInstance) {
  const { db, config } = app.takt;
  const store = fileStoreOf(config);
  // Registered here, not globally: only this area accepts multipart bodies.
  await app.register(multipart, { limits: { files: 1, fields: 10, fieldSize: 4096, parts: 12 } });

  const tooLarge = () =>
    new ApiError(413, `file: The file is larger than the upload limit of ${formatBytes(config.maxUploadBytes)}.`);

  // Reads every part; the file is streamed to a staging file (hashed, size-checked) as it arrives.
  async function readMultipart(request: FastifyRequest) {
    const fields: Record<string, string> = {};
    let staged: StagedFile | null = null;
    let fileName = "";
    try {
      for await (const part of request.parts({ limits: { fileSize: config.maxUploadBytes } })) {
        if (part.type === "field") {
          if (typeof part.value !== "string") throw badRequest(`${part.fieldname}: must be text`);
          fields[part.fieldname] = part.value;
          continue;
        }
        const file = part as MultipartFile;
        if (file.fieldname !== "file" || staged) {
          file.file.resume();
          throw badRequest(`${file.fieldname}: send one file, in the field named file`);
        }
        staged = await store.stage(file.file, config.maxUploadBytes);
        fileName = file.filename;
        if (file.file.truncated) throw tooLarge();
      }
    } catch (error) {
      if (staged) await store.discard(staged);
      if (error instanceof FileTooLargeError) throw tooLarge();
      const code = (error as { code?: string }).code;
      if (code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
      if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") {
        throw badRequest("file: send one file and the fields parent, name, url and resource_subtype");
      }
      throw error;
    }
    return { fields, staged: staged as StagedFile | null, fileName };
  }

  // What is attached: an uploaded file, or (resource_subtype external) a link with a name.
  function attachmentOf(
    request: FastifyRequest,
    upload: { fields: Record<string, unknown>; staged: StagedFile | null; fileName: string },
  ): { parentGid: number; attachment: NewAttachment } {
    const input = parse(CreateAttachmentBody, upload.fields);
    const parentGid = Number(input.parent);
    if (input.resource_subtype === "external") {
      if (upload.staged) throw badRequest("file: an external attachment is a link; send url and name, not a file");
      if (!input.url) throw badRequest("url: Missing input");
      if (!input.name) throw badRequest("name: Missing input");
      return { parentGid, attachment: { kind: "link", url: input.url, name: input.name } };
    }
    if (!upload.staged) {
      throw badRequest(
        request.isMultipart() ? "file: Missing input" : "file: Missing input. Upload files as multipart/form-data.",
      );
    }
    return { parentGid, attachment: { kind: "file", staged: upload.staged, name: input.name ?? upload.fileName } };
  }

  app.post(
    "/attachments",
    contract({ summary: "Upload an attachment", body: CreateAttachmentBody, status: 201, response: Attachment }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const upload = request.isMultipart()
        ? await readMultipart(request)
        : { fields: parseData(z.record(z.string(), z.unknown()), request.body), staged: null, fileName: "" };
      try {
        const { parentGid, attachment: added } = attachmentOf(request, upload);
        const { attachment, task } = await attachToTaskUseCase(ctx, store, parentGid, added);
        return created(reply, "/attachments", presentAttachment(attachment, task, baseUrl(request)));
      } catch (error) {
        if (upload.staged) await store.discard(upload.staged);
        throw error;
      }
    },
  );

  app.get<ByAttachment>(
    "/attachments/:attachment_gid",
    contract({ summary: "Get an attachment", params: AttachmentParams, response: Attachment }),
    async (request) => {
      const actor = actorOf(request);
      const { attachment, task } = await attachmentFor(db, actor, request.params.attachment_gid, "read");
      return { data: shape(presentAttachment(attachment, task, baseUrl(request)), optFieldsOf(request)) };
    },
  );

  async function listFor(request: FastifyRequest, taskGid: number, field: string) {
    const actor = actorOf(request);
    const task = await attachmentParentFor(db, actor, taskGid, "read", field);
    const page = pageOf(request);
    const rows = await attachmentsOfTask(db, task.gid, page.window);
    const base = baseUrl(request);
    const optFields = optFieldsOf(request);
    return listed(
      request,
      page,
      rows.map((row) => shape(presentAttachment(row, task, base), optFields, ATTACHMENT_COMPACT)),
    );
  }

  app.get(
    "/attachments",
    contract({
      summary: "Get attachments from an object",
      query: ListAttachmentsQuery,
      list: true,
      response: AttachmentCompact,
    }),
    async (request) => {
      const query = parse(ListAttachmentsQuery, request.query);
      return listFor(request, Number(query.parent), "parent");
    },
  );

  app.get<{ Params: { task_gid: string } }>(
    "/tasks/:task_gid/attachments",
    contract({
      summary: "Get attachments from a task",
      tags: ["attachments"],
      params: TaskParams,
      list: true,
      response: AttachmentCompact,
    }),
    async (request) => listFor(request, gidParam(request.params.task_gid, "task"), "task"),
  );

  app.delete<ByAttachment>(
    "/attachments/:attachment_gid",
    contract({ summary: "Delete an attachment", params: AttachmentParams, response: Empty }),
    async (request) => {
      await deleteAttachmentUseCase(ctxOf(request), store, request.params.attachment_gid);
      return { data: {} };
    },
  );

  // Takt extension: the bytes, after the same access check as the record. Only images known to be harmless
  // are shown inline; everything else downloads, and the browser is told not to second-guess the type.
  app.get<ByAttachment>(
    "/attachments/:attachment_gid/download",
    contract({
      summary: "Download an attachment's file",
      params: AttachmentParams,
      content: "application/octet-stream",
    }),
    async (request, reply: FastifyReply) => {
      const actor = actorOf(request);
      const { attachment } = await attachmentFor(db, actor, request.params.attachment_gid, "read");
      if (attachment.resource_subtype === "external" || !attachment.sha256) {
        return reply.redirect(attachment.url ?? "/", 302);
      }
      const etag = `"${attachment.sha256}"`;
      reply
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; sandbox")
        .header("Cache-Control", "private, no-cache")
        .header("ETag", etag);
      if (request.headers["if-none-match"] === etag) return reply.status(304).send();
      const stream = await store.open(attachment.sha256);
      if (!stream) throw new ApiError(404, "attachment: the stored file is missing on this server.");
      const type = attachment.content_type ?? "application/octet-stream";
      const inline = INLINE_TYPES.has(type);
      if (attachment.size !== null) reply.header("Content-Length", String(attachment.size));
      return reply
        .header("Content-Type", type === "text/plain" ? "text/plain; charset=utf-8" : type)
        .header("Content-Disposition", contentDisposition(inline ? "inline" : "attachment", attachment.name))
        .send(stream);
    },
  );
}
