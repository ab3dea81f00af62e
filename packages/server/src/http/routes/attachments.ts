import multipart, { type MultipartFile } from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { TasksTable } from "../../db/schema.ts";
import {
  addFileAttachment,
  addLinkAttachment,
  deleteAttachment,
} from "../../domain/attachments/attachment.commands.ts";
import { authorizeAttachment } from "../../domain/attachments/attachment.policy.ts";
import { ATTACHMENT_COMPACT, presentAttachment } from "../../domain/attachments/attachment.presenter.ts";
import { attachmentByGid, attachmentsOfTask } from "../../domain/attachments/attachment.queries.ts";
import { FileTooLargeError, type StagedFile } from "../../domain/attachments/attachment.storage.ts";
import { fileStoreOf } from "../../domain/attachments/file-store.ts";
import { INLINE_TYPES } from "../../domain/attachments/mime-sniff.ts";
import { shape } from "../../domain/opt-fields.ts";
import { authorizeTask } from "../../domain/tasks/task.policy.ts";
import { ApiError, badRequest, formatBytes, notFound } from "../../errors.ts";
import { baseUrl, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const Gid = z.string().regex(/^\d{1,19}$/, "must be a task gid (a string of digits)");
const WebUrl = z
  .string()
  .trim()
  .max(2048)
  .url("must be a URL")
  .refine((value) => /^https?:\/\//i.test(value), "must be an http or https URL");

// Multipart fields and JSON bodies both end up here.
const AttachmentFields = z.strictObject({
  parent: Gid,
  resource_subtype: z.enum(["asana", "external"], "must be asana or external").default("asana"),
  url: WebUrl.optional(),
  name: z.string().trim().min(1).max(255).optional(),
  connect_to_app: z.unknown().optional(),
});
const ListQuery = z.object({ parent: Gid });

// A file name is shown and offered back on download: no path, no control characters, a sane length.
function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? "").split(/[\\/]/).pop() ?? "";
  const printable = [...base].filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f).join("");
  const cleaned = printable.trim().slice(0, 255);
  return cleaned || "file";
}

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

  async function loadTask(gid: number): Promise<TasksTable | undefined> {
    return db.selectFrom("tasks").selectAll().where("gid", "=", gid).executeTakeFirst();
  }

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

  app.post("/attachments", async (request, reply) => {
    const ctx = ctxOf(request);
    const upload = request.isMultipart()
      ? await readMultipart(request)
      : { fields: parseData(z.record(z.string(), z.unknown()), request.body), staged: null, fileName: "" };
    const { staged } = upload;
    try {
      const input = parse(AttachmentFields, upload.fields);
      if (input.resource_subtype === "external") {
        if (staged) throw badRequest("file: an external attachment is a link; send url and name, not a file");
        if (!input.url) throw badRequest("url: Missing input");
        if (!input.name) throw badRequest("name: Missing input");
      } else if (!staged) {
        throw badRequest(
          request.isMultipart() ? "file: Missing input" : "file: Missing input. Upload files as multipart/form-data.",
        );
      }
      const task = await loadTask(Number(input.parent));
      if (!task) throw notFound("parent");
      await authorizeTask(db, ctx.actor, task, "comment").catch((error) => {
        throw error instanceof ApiError && error.status === 404 ? notFound("parent") : error;
      });
      const row = staged
        ? await addFileAttachment(ctx, store, task, { name: cleanFileName(input.name ?? upload.fileName), staged })
        : await addLinkAttachment(ctx, task, { name: input.name as string, url: input.url as string });
      return created(reply, "/attachments", presentAttachment(row, task, baseUrl(request)));
    } catch (error) {
      if (staged) await store.discard(staged);
      throw error;
    }
  });

  app.get<{ Params: { attachment_gid: string } }>("/attachments/:attachment_gid", async (request) => {
    const ctx = ctxOf(request);
    const found = await attachmentByGid(db, gidParam(request.params.attachment_gid, "attachment"));
    const { attachment, task } = await authorizeAttachment(db, ctx.actor, found, "read");
    return { data: shape(presentAttachment(attachment, task, baseUrl(request)), optFieldsOf(request)) };
  });

  async function listFor(request: FastifyRequest, taskGid: number, what: string) {
    const ctx = ctxOf(request);
    const task = await loadTask(taskGid);
    await authorizeTask(db, ctx.actor, task, "read").catch((error) => {
      throw error instanceof ApiError && error.status === 404 ? notFound(what) : error;
    });
    const page = pageOf(request);
    const rows = await attachmentsOfTask(db, taskGid, page.window);
    const base = baseUrl(request);
    const optFields = optFieldsOf(request);
    const parent = task as TasksTable;
    return listed(
      request,
      page,
      rows.map((row) => shape(presentAttachment(row, parent, base), optFields, ATTACHMENT_COMPACT)),
    );
  }

  app.get("/attachments", async (request) => {
    const query = parse(ListQuery, request.query);
    return listFor(request, Number(query.parent), "parent");
  });

  app.get<{ Params: { task_gid: string } }>("/tasks/:task_gid/attachments", async (request) =>
    listFor(request, gidParam(request.params.task_gid, "task"), "task"),
  );

  app.delete<{ Params: { attachment_gid: string } }>("/attachments/:attachment_gid", async (request) => {
    const ctx = ctxOf(request);
    const found = await attachmentByGid(db, gidParam(request.params.attachment_gid, "attachment"));
    const { attachment } = await authorizeAttachment(db, ctx.actor, found, "delete");
    await deleteAttachment(ctx, store, attachment);
    return { data: {} };
  });

  // Takt extension: the bytes, after the same access check as the record. Only images known to be harmless
  // are shown inline; everything else downloads, and the browser is told not to second-guess the type.
  app.get<{ Params: { attachment_gid: string } }>(
    "/attachments/:attachment_gid/download",
    async (request, reply: FastifyReply) => {
      const ctx = ctxOf(request);
      const found = await attachmentByGid(db, gidParam(request.params.attachment_gid, "attachment"));
      const { attachment } = await authorizeAttachment(db, ctx.actor, found, "read");
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
