import multipart, { type MultipartFile } from "@fastify/multipart";
import {
  CreateFormBody,
  Empty,
  Form,
  FormCompact,
  FormParams,
  FormProjectParams,
  FormSubmission,
  FormSubmissionBody,
  PublicForm,
  UpdateFormBody,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { FileTooLargeError } from "../../domain/attachments/attachment.storage.ts";
import { fileStoreOf } from "../../domain/attachments/file-store.ts";
import type { Ctx } from "../../domain/context.ts";
import type { SubmittedFiles } from "../../domain/forms/form.commands.ts";
import { FORM_COMPACT, presentForm, presentPublicForm } from "../../domain/forms/form.presenter.ts";
import {
  addForm,
  editForm,
  listForms,
  openFormToFill,
  removeForm,
  showForm,
  submitToForm,
} from "../../domain/forms/form.use-cases.ts";
import { shape } from "../../domain/opt-fields.ts";
import { ApiError, badRequest, formatBytes } from "../../errors.ts";
import { contract } from "../contract.ts";
import { baseUrl, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type ProjectRoute = { Params: { project_gid: string } };
type FormRoute = { Params: { form_gid: string } };

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
  const { takt } = app;
  const { db, bus, config } = takt;
  const store = fileStoreOf(config);
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
  async function readSubmission(
    request: FastifyRequest,
  ): Promise<{ input: FormSubmissionBody; upload: SubmittedFiles }> {
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
      return { input: parse(FormSubmissionBody, { ...present, values: parsedValues }), upload };
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

  app.get<ProjectRoute>(
    "/projects/:project_gid/forms",
    contract({ summary: "Get a project's forms", params: FormProjectParams, response: FormCompact, list: true }),
    async (request) => {
      const ctx = ctxOf(request);
      const page = pageOf(request);
      const rows = await listForms(ctx, gidParam(request.params.project_gid, "project"), page.window);
      const base = baseUrl(request);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        rows.map((row) => shape(presentForm(row, base), optFields, FORM_COMPACT)),
      );
    },
  );

  app.post<ProjectRoute>(
    "/projects/:project_gid/forms",
    contract({
      summary: "Create a form",
      params: FormProjectParams,
      body: CreateFormBody,
      response: Form,
      status: 201,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(CreateFormBody, request.body);
      const form = await addForm(ctx, gidParam(request.params.project_gid, "project"), input);
      return created(
        reply,
        "/forms",
        shape(presentForm(form, baseUrl(request)), optFieldsOf(request)) as { gid: string },
      );
    },
  );

  app.get<FormRoute>(
    "/forms/:form_gid",
    contract({ summary: "Get a form", params: FormParams, response: Form }),
    async (request) => {
      const form = await showForm(ctxOf(request), gidParam(request.params.form_gid, "form"));
      return { data: shape(presentForm(form, baseUrl(request)), optFieldsOf(request)) };
    },
  );

  app.put<FormRoute>(
    "/forms/:form_gid",
    contract({ summary: "Update a form", params: FormParams, body: UpdateFormBody, response: Form }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(UpdateFormBody, request.body);
      const form = await editForm(ctx, gidParam(request.params.form_gid, "form"), input);
      return { data: shape(presentForm(form, baseUrl(request)), optFieldsOf(request)) };
    },
  );

  app.delete<FormRoute>(
    "/forms/:form_gid",
    contract({ summary: "Delete a form", params: FormParams, response: Empty }),
    async (request) => {
      await removeForm(ctxOf(request), gidParam(request.params.form_gid, "form"));
      return { data: {} };
    },
  );

  // Whoever fills the form in: a signed-in guest, or nobody (a public-link form).
  const fillerCtx = (request: FastifyRequest): Ctx => ({ db, bus, actor: request.actor });

  // The form as the person filling it sees it; no sign-in needed for a public-link form.
  app.get<FormRoute>(
    "/forms/:form_gid/public",
    contract({ summary: "Get a form to fill in", params: FormParams, response: PublicForm, public: true }),
    async (request) => {
      const { form, fillToken } = await openFormToFill(
        fillerCtx(request),
        takt,
        gidParam(request.params.form_gid, "form"),
      );
      return { data: presentPublicForm(form, fillToken) };
    },
  );

  // JSON, or multipart/form-data with files when the form allows attachments.
  app.post<FormRoute>(
    "/forms/:form_gid/submit",
    contract({
      summary: "Submit a form",
      params: FormParams,
      body: FormSubmissionBody,
      response: FormSubmission,
      status: 201,
      public: true,
    }),
    async (request, reply) => {
      const withFiles = request.isMultipart();
      const json = withFiles ? null : parseData(FormSubmissionBody, request.body);
      const { taskGid } = await submitToForm(fillerCtx(request), takt, gidParam(request.params.form_gid, "form"), {
        ip: request.ip,
        withFiles,
        read: async () => (json ? { input: json } : readSubmission(request)),
      });
      // A signed-in submitter (a guest) sees the task they filed; an anonymous one (or a bot) gets a receipt only.
      const receipt = { resource_type: "form_submission", status: "received" };
      const task = request.actor && taskGid ? { task: { gid: String(taskGid), resource_type: "task" } } : {};
      return reply.status(201).send({ data: { ...receipt, ...task } });
    },
  );
}
