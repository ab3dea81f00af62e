import {
  CreateSectionBody,
  Empty,
  InsertSectionBody,
  ProjectPathParams,
  Section,
  SectionCompact,
  SectionPathParams,
  UpdateSectionBody,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ProjectsTable, SectionsTable } from "../../db/schema.ts";
import { shape } from "../../domain/opt-fields.ts";
import { presentSection, SECTION_COMPACT } from "../../domain/sections/section.presenter.ts";
import {
  createSectionUseCase,
  deleteSectionUseCase,
  insertSectionUseCase,
  listSections,
  readSection,
  updateSectionUseCase,
} from "../../domain/sections/section.use-cases.ts";
import { contract } from "../contract.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parseData } from "../validation.ts";

type ProjectParams = { Params: { project_gid: string } };
type SectionParams = { Params: { section_gid: string } };

export async function sectionsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  function present(
    request: FastifyRequest,
    section: SectionsTable,
    project: ProjectsTable,
    compact?: readonly string[],
  ) {
    return shape(presentSection(section, project), optFieldsOf(request), compact);
  }

  const projectGid = (request: FastifyRequest<ProjectParams>) => gidParam(request.params.project_gid, "project");
  const sectionGid = (request: FastifyRequest<SectionParams>) => gidParam(request.params.section_gid, "section");

  app.get<ProjectParams>(
    "/projects/:project_gid/sections",
    contract({ summary: "Get sections in a project", params: ProjectPathParams, response: SectionCompact, list: true }),
    async (request) => {
      const actor = actorOf(request);
      const page = pageOf(request);
      const { project, sections } = await listSections(db, actor, projectGid(request), page.window);
      return listed(
        request,
        page,
        sections.map((section) => present(request, section, project, SECTION_COMPACT)),
      );
    },
  );

  app.post<ProjectParams>(
    "/projects/:project_gid/sections",
    contract({
      summary: "Create a section in a project",
      params: ProjectPathParams,
      body: CreateSectionBody,
      response: Section,
      status: 201,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(CreateSectionBody, request.body);
      const { section, project } = await createSectionUseCase(ctx, projectGid(request), input);
      return created(reply, "/sections", present(request, section, project) as { gid: string });
    },
  );

  app.get<SectionParams>(
    "/sections/:section_gid",
    contract({ summary: "Get a section", params: SectionPathParams, response: Section }),
    async (request) => {
      const { section, project } = await readSection(db, actorOf(request), sectionGid(request));
      return { data: present(request, section, project) };
    },
  );

  app.put<SectionParams>(
    "/sections/:section_gid",
    contract({ summary: "Update a section", params: SectionPathParams, body: UpdateSectionBody, response: Section }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(UpdateSectionBody, request.body);
      const { section, project } = await updateSectionUseCase(ctx, sectionGid(request), input);
      return { data: present(request, section, project) };
    },
  );

  app.delete<SectionParams>(
    "/sections/:section_gid",
    contract({ summary: "Delete a section", params: SectionPathParams, response: Empty }),
    async (request) => {
      await deleteSectionUseCase(ctxOf(request), sectionGid(request));
      return { data: {} };
    },
  );

  app.post<ProjectParams>(
    "/projects/:project_gid/sections/insert",
    contract({
      summary: "Move or insert sections",
      params: ProjectPathParams,
      body: InsertSectionBody,
      response: Empty,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(InsertSectionBody, request.body);
      await insertSectionUseCase(ctx, projectGid(request), input);
      return { data: {} };
    },
  );
}
