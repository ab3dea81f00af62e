import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../domain/context.ts";
import { createForm, deleteForm, submitForm, updateForm } from "../../domain/forms/form.commands.ts";
import { authorizeForm } from "../../domain/forms/form.policy.ts";
import { FORM_COMPACT, presentForm, presentPublicForm } from "../../domain/forms/form.presenter.ts";
import { findForm, formsOfProject } from "../../domain/forms/form.queries.ts";
import { CreateFormBody, SubmitBody, UpdateFormBody } from "../../domain/forms/form.schemas.ts";
import { checkFillToken, issueFillToken, takeSubmissionSlot } from "../../domain/forms/form.spam.ts";
import { authorizeProject } from "../../domain/projects/project.policy.ts";
import { notFound } from "../errors.ts";
import { shape } from "../opt-fields.ts";
import { actorOf, baseUrl, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parseData } from "../validation.ts";

type ProjectParams = { Params: { project_gid: string } };
type FormParams = { Params: { form_gid: string } };

// Request forms (Takt extension): a project's editors publish them; guests of the project, or anyone with
// the link, fill them in; each submission becomes a task.
export async function formsRoutes(app: FastifyInstance) {
  const { db, bus } = app.takt;

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
    return { data: presentPublicForm(form, issueFillToken(form.gid)) };
  });

  app.post<FormParams>("/forms/:form_gid/submit", async (request, reply) => {
    const input = parseData(SubmitBody, request.body);
    const form = await load(request.params.form_gid);
    await authorizeForm(db, request.actor, form, "fill");
    takeSubmissionSlot(request.ip);
    checkFillToken(input.fill_token, form.gid);
    const receipt = { resource_type: "form_submission", status: "received" };
    // A filled honeypot is a bot: it is told the same as a person, and nothing is filed.
    if (input.website?.trim()) return reply.status(201).send({ data: receipt });
    const ctx: Ctx = { db, bus, actor: request.actor };
    const { taskGid } = await submitForm(ctx, form, input);
    // A signed-in submitter (a guest) sees the task they filed; an anonymous one gets a receipt only.
    const task = request.actor ? { task: { gid: String(taskGid), resource_type: "task" } } : {};
    return reply.status(201).send({ data: { ...receipt, ...task } });
  });
}
