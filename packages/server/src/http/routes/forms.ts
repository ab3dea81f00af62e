import multipart, { type MultipartFile } from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { FileTooLargeError } from "../../domain/attachments/attachment.storage.ts";
import { fileStoreOf } from "../../domain/attachments/file-store.ts";
import type { Ctx } from "../../domain/context.ts";
import { secretKeyOf } from "../../domain/custom-fields/secret-box.ts";
import {
  createForm,
  deleteForm,
  type SubmittedFiles,
  submitForm,
  updateForm,
} from "../../domain/forms/form.commands.ts";
import { authorizeForm } from "../../domain/forms/form.policy.ts";
import { FORM_COMPACT, presentForm, presentPublicForm } from "../../domain/forms/form.presenter.ts";
import { findForm, formsOfProject } from "../../domain/forms/form.queries.ts";
import { CreateFormBody, SubmitBody, type SubmitInput, UpdateFormBody } from "../../domain/forms/form.schemas.ts";
import { checkFillToken, fillTokenKey, issueFillToken, takeSubmissionSlot } from "../../domain/forms/form.spam.ts";
import { shape } from "../../domain/opt-fields.ts";
import { authorizeProject } from "../../domain/projects/project.policy.ts";
import { ApiError, badRequest, formatBytes, notFound } from "../../errors.ts";
import { actorOf, baseUrl, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type ProjectParams = { Params: { project_gid: string } };
type FormParams = { Params: { form_gid: string } };

// A submission with files is multipart/form-data: these text parts, and up to MAX_FILES parts named file.
const MAX_FILES = 5;
const TEXT_PARTS = ["values", "fill_token", "name", "email", "website"];

// A file name is shown and offered back on download: no path, no control characters, a sane length.
function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? "").split(/[\\/]/).pop() ?? "";
  const printable = [...base].filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f).join("");
  return printable.trim().slice(0, 255) || "file";
}

// Request forms (Takt extension): a project's editors publish them; guests of the project, or anyone with
// the link, fill them in; each submission becomes a task.
export async function formsRoutes(app: FastifyInstance) {
  const { db, bus, config } = app.takt;
  const store = fileStoreOf(config);
  const fillKey = async () => fillTokenKey(await secretKeyOf(app.takt));
  // Registered here, not globally: only submissions (and the attachments area) accept multipart bodies.
  await app.register(multipart, {
    limits: {
      files: MAX_FILES,
      fields: TEXT_PARTS.length,
      fieldSize: 512 * 1024,
      // One spare part, so a sixth file meets the files limit (and its message) first.
      parts: MAX_FILES + TEXT_PARTS.length + 1,
    },
  });

  const tooLarge = () =>
    new ApiError(413, `file: A file is larger than the upload limit of ${formatBytes(config.maxUploadBytes)}.`);

  // Reads every part, streaming each file to a staging file (hashed, size-checked) as it arrives; the text parts
  // are checked as a JSON submission would be (values is a JSON object).
  async function readSubmission(request: FastifyRequest): Promise<{ input: SubmitInput; upload: SubmittedFiles }> {
    const text: Record<string, string> = {};
    const upload: SubmittedFiles = { store, files: [] };
    try {
      for await (const part of request.parts({ limits: { fileSize: config.maxUploadBytes } })) {
        if (part.type === "field") {
          if (typeof part.value !== "string") throw badRequest(`${part.fieldname}: must be text`);
          text[part.fieldname] = part.value;
          continue;
        }
        const file = part as MultipartFile;
        if (file.fieldname !== "file") {
          file.file.resume();
          throw badRequest(`${file.fieldname}: send files in parts named file`);
        }
        const staged = await store.stage(file.file, config.maxUploadBytes);
        upload.files.push({ name: cleanFileName(file.filename), staged });
        if (file.file.truncated) throw tooLarge();
      }
      const { values, ...rest } = text;
      let parsedValues: unknown = {};
      if (values !== undefined) {
        try {
          parsedValues = JSON.parse(values);
        } catch {
          throw badRequest("values: must be a JSON object of answers");
        }
      }
      // Empty parts are what browsers send for fields left blank.
      const present = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== ""));
      return { input: parse(SubmitBody, { ...present, values: parsedValues }), upload };
    } catch (error) {
      await discard(upload);
      if (error instanceof FileTooLargeError) throw tooLarge();
      const code = (error as { code?: string }).code;
      if (code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
      if (code === "FST_FILES_LIMIT") throw badRequest(`file: send at most ${MAX_FILES} files`);
      if (code === "FST_PARTS_LIMIT" || code === "FST_FIELDS_LIMIT") {
        throw badRequest(`data: send the parts ${TEXT_PARTS.join(", ")} and up to ${MAX_FILES} parts named file`);
      }
      throw error;
    }
  }

  async function discard(upload: SubmittedFiles) {
    for (const file of upload.files) await store.discard(file.staged);
  }

  async function load(raw: string) {
    const form = await findForm(db, gidParam(raw, "form"));
    if (!form) throw notFound("form");
    return form;
  }

  const sectionGid = (raw: string | null | undefined) =>
    raw === undefined ? undefined : raw === null ? null : gidParam(raw, "section");

  app.get<ProjectParams>("/projects/:project_gid/forms", async (request) => {
    const actor = actorOf(request);
    const projectGid = gidParam(request.params.project_gid, "project");
    const project = await db.selectFrom("projects").selectAll().where("gid", "=", projectGid).executeTakeFirst();
    await authorizeProject(db, actor, project, "read");
    const page = pageOf(request);
    const rows = await formsOfProject(db, projectGid, page.window);
    const base = baseUrl(request);
    const optFields = optFieldsOf(request);
    return listed(
      request,
      page,
      rows.map((row) => shape(presentForm(row, base), optFields, FORM_COMPACT)),
    );
  });

  app.post<ProjectParams>("/projects/:project_gid/forms", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(CreateFormBody, request.body);
    const projectGid = gidParam(request.params.project_gid, "project");
    const project = await db.selectFrom("projects").selectAll().where("gid", "=", projectGid).executeTakeFirst();
    await authorizeProject(db, ctx.actor, project, "edit");
    if (!project) throw notFound("project");
    const { target_section, ...rest } = input;
    const gid = await createForm(ctx, project, { ...rest, target_section_gid: sectionGid(target_section) ?? null });
    const form = await load(String(gid));
    return created(
      reply,
      "/forms",
      shape(presentForm(form, baseUrl(request)), optFieldsOf(request)) as { gid: string },
    );
  });

  app.get<FormParams>("/forms/:form_gid", async (request) => {
    const actor = actorOf(request);
    const form = await load(request.params.form_gid);
    await authorizeForm(db, actor, form, "read");
    return { data: shape(presentForm(form, baseUrl(request)), optFieldsOf(request)) };
  });

  app.put<FormParams>("/forms/:form_gid", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(UpdateFormBody, request.body);
    const form = await load(request.params.form_gid);
    await authorizeForm(db, ctx.actor, form, "manage");
    const { target_section, ...rest } = input;
    await updateForm(ctx, form, { ...rest, target_section_gid: sectionGid(target_section) });
    const updated = await load(request.params.form_gid);
    return { data: shape(presentForm(updated, baseUrl(request)), optFieldsOf(request)) };
  });

  app.delete<FormParams>("/forms/:form_gid", async (request) => {
    const ctx = ctxOf(request);
    const form = await load(request.params.form_gid);
    await authorizeForm(db, ctx.actor, form, "manage");
    await deleteForm(ctx, form);
    return { data: {} };
  });

  // The form as the person filling it sees it; no sign-in needed for a public-link form.
  app.get<FormParams>("/forms/:form_gid/public", async (request) => {
    const form = await load(request.params.form_gid);
    await authorizeForm(db, request.actor, form, "fill");
    return { data: presentPublicForm(form, issueFillToken(await fillKey(), form.gid)) };
  });

  // JSON, or multipart/form-data with files when the form allows attachments.
  app.post<FormParams>("/forms/:form_gid/submit", async (request, reply) => {
    const withFiles = request.isMultipart();
    const json = withFiles ? null : parseData(SubmitBody, request.body);
    const form = await load(request.params.form_gid);
    await authorizeForm(db, request.actor, form, "fill");
    if (withFiles && form.allow_attachments !== 1) {
      throw badRequest("file: this form takes no attachments; send the answers as JSON");
    }
    await takeSubmissionSlot(db, request.ip, config.formSubmissionsPerMinute);
    const { input, upload } = json ? { input: json, upload: undefined } : await readSubmission(request);
    const receipt = { resource_type: "form_submission", status: "received" };
    let taskGid: number;
    try {
      checkFillToken(await fillKey(), input.fill_token, form.gid);
      // A filled honeypot is a bot: it is told the same as a person, and nothing is filed.
      if (input.website?.trim()) {
        if (upload) await discard(upload);
        return reply.status(201).send({ data: receipt });
      }
      const ctx: Ctx = { db, bus, actor: request.actor };
      ({ taskGid } = await submitForm(ctx, form, input, upload));
    } catch (error) {
      if (upload) await discard(upload);
      throw error;
    }
    // A signed-in submitter (a guest) sees the task they filed; an anonymous one gets a receipt only.
    const task = request.actor ? { task: { gid: String(taskGid), resource_type: "task" } } : {};
    return reply.status(201).send({ data: { ...receipt, ...task } });
  });
}
