import {
  ApiJobParams,
  CreateTaskTemplateBody,
  Empty,
  InstantiateProjectBody,
  InstantiateTaskBody,
  Job,
  ProjectTemplate,
  ProjectTemplateCompact,
  ProjectTemplateParams,
  SaveAsTemplateBody,
  SectionDefaultTemplate,
  SectionDefaultTemplateBody,
  TaskTemplate,
  TaskTemplateCompact,
  TaskTemplateParams,
  TemplateProjectParams,
  TemplateSectionParams,
  TemplatesQuery,
  TemplateTeamParams,
} from "@takt/contracts";
import type { FastifyInstance } from "fastify";
import { shape } from "../../domain/opt-fields.ts";
import { presentApiJob } from "../../domain/templates/api-job.ts";
import { presentProjectTemplates, presentTaskTemplates } from "../../domain/templates/template.presenter.ts";
import {
  addTaskTemplate,
  instantiateProjectTemplate,
  instantiateTaskTemplate,
  listProjectTemplates,
  listTaskTemplates,
  removeProjectTemplate,
  removeTaskTemplate,
  saveProjectAsTemplate,
  setSectionTemplate,
  showApiJob,
  showProjectTemplate,
  showTaskTemplate,
} from "../../domain/templates/template.use-cases.ts";
import { badRequest } from "../../errors.ts";
import { contract } from "../contract.ts";
import { baseUrl, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type GidRoute = { Params: { gid: string } };

export async function templatesRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  app.get(
    "/project_templates",
    contract({
      summary: "Get project templates of a workspace or team",
      query: TemplatesQuery,
      response: ProjectTemplateCompact,
      list: true,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const query = parse(TemplatesQuery, request.query ?? {});
      const page = pageOf(request);
      const rows = await listProjectTemplates(ctx, query, page.window);
      const presented = await presentProjectTemplates(db, rows);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        presented.map((item) => shape(item, optFields, ["name"])),
      );
    },
  );

  app.get<{ Params: { team_gid: string } }>(
    "/teams/:team_gid/project_templates",
    contract({
      summary: "Get a team's project templates",
      params: TemplateTeamParams,
      response: ProjectTemplateCompact,
      list: true,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const page = pageOf(request);
      const rows = await listProjectTemplates(ctx, { team: request.params.team_gid }, page.window);
      const presented = await presentProjectTemplates(db, rows);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        presented.map((item) => shape(item, optFields, ["name"])),
      );
    },
  );

  app.get<GidRoute>(
    "/project_templates/:gid",
    contract({ summary: "Get a project template", params: ProjectTemplateParams, response: ProjectTemplate }),
    async (request) => {
      const ctx = ctxOf(request);
      const template = await showProjectTemplate(ctx, gidParam(request.params.gid, "project_template"));
      const [presented] = await presentProjectTemplates(db, [template]);
      return { data: shape(presented, optFieldsOf(request)) };
    },
  );

  app.delete<GidRoute>(
    "/project_templates/:gid",
    contract({ summary: "Delete a project template", params: ProjectTemplateParams, response: Empty }),
    async (request) => {
      const ctx = ctxOf(request);
      await removeProjectTemplate(ctx, gidParam(request.params.gid, "project_template"));
      return { data: {} };
    },
  );

  app.post<{ Params: { project_gid: string } }>(
    "/projects/:project_gid/saveAsTemplate",
    contract({
      summary: "Save a project as a template (a job)",
      params: TemplateProjectParams,
      body: SaveAsTemplateBody,
      response: Job,
      status: 201,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(SaveAsTemplateBody, request.body);
      const job = await saveProjectAsTemplate(ctx, request.params.project_gid, input);
      return created(reply, "/jobs", await presentApiJob(db, job));
    },
  );

  app.post<GidRoute>(
    "/project_templates/:gid/instantiateProject",
    contract({
      summary: "Make a project from a template (a job)",
      params: ProjectTemplateParams,
      body: InstantiateProjectBody,
      response: Job,
      status: 201,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(InstantiateProjectBody, request.body);
      const job = await instantiateProjectTemplate(ctx, gidParam(request.params.gid, "project_template"), input);
      return created(reply, "/jobs", await presentApiJob(db, job));
    },
  );

  app.get<GidRoute>(
    "/jobs/:gid",
    contract({ summary: "Get a job", params: ApiJobParams, response: Job }),
    async (request) => {
      const ctx = ctxOf(request);
      const job = await showApiJob(ctx, gidParam(request.params.gid, "job"));
      return { data: shape(await presentApiJob(db, job, baseUrl(request)), optFieldsOf(request)) };
    },
  );

  app.get(
    "/task_templates",
    contract({
      summary: "Get a project's task templates",
      query: TemplatesQuery,
      response: TaskTemplateCompact,
      list: true,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const query = parse(TemplatesQuery, request.query ?? {});
      if (!query.project) throw badRequest("project: Missing input");
      const page = pageOf(request);
      const rows = await listTaskTemplates(ctx, query.project, page.window);
      const presented = await presentTaskTemplates(db, rows);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        presented.map((item) => shape(item, optFields, ["name"])),
      );
    },
  );

  app.get<GidRoute>(
    "/task_templates/:gid",
    contract({ summary: "Get a task template", params: TaskTemplateParams, response: TaskTemplate }),
    async (request) => {
      const ctx = ctxOf(request);
      const template = await showTaskTemplate(ctx, gidParam(request.params.gid, "task_template"));
      const [presented] = await presentTaskTemplates(db, [template]);
      return { data: shape(presented, optFieldsOf(request)) };
    },
  );

  app.delete<GidRoute>(
    "/task_templates/:gid",
    contract({ summary: "Delete a task template", params: TaskTemplateParams, response: Empty }),
    async (request) => {
      const ctx = ctxOf(request);
      await removeTaskTemplate(ctx, gidParam(request.params.gid, "task_template"));
      return { data: {} };
    },
  );

  app.post(
    "/task_templates",
    contract({ summary: "Create a task template", body: CreateTaskTemplateBody, response: TaskTemplate, status: 201 }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(CreateTaskTemplateBody, request.body);
      const template = await addTaskTemplate(ctx, input);
      const [presented] = await presentTaskTemplates(db, [template]);
      return created(reply, "/task_templates", presented);
    },
  );

  app.post<GidRoute>(
    "/task_templates/:gid/instantiateTask",
    contract({
      summary: "Make a task from a template (a job)",
      params: TaskTemplateParams,
      body: InstantiateTaskBody,
      response: Job,
      status: 201,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(InstantiateTaskBody, request.body ?? { data: {} });
      const job = await instantiateTaskTemplate(ctx, gidParam(request.params.gid, "task_template"), input);
      return created(reply, "/jobs", await presentApiJob(db, job));
    },
  );

  // Takt: a section's default task template; every task placed there gets the template's subtasks.
  app.post<{ Params: { section_gid: string } }>(
    "/sections/:section_gid/setDefaultTemplate",
    contract({
      summary: "Set a section's default task template",
      params: TemplateSectionParams,
      body: SectionDefaultTemplateBody,
      response: SectionDefaultTemplate,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(SectionDefaultTemplateBody, request.body);
      const { section, template } = await setSectionTemplate(ctx, request.params.section_gid, input);
      return {
        data: {
          gid: String(section.gid),
          resource_type: "section",
          name: section.name,
          default_task_template: template
            ? { gid: String(template.gid), resource_type: "task_template", name: template.name }
            : null,
        },
      };
    },
  );
}
