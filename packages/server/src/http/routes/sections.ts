import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { ProjectsTable, SectionsTable } from "../../db/schema.ts";
import type { Actor } from "../../domain/context.ts";
import { shape } from "../../domain/opt-fields.ts";
import { authorizeProject } from "../../domain/projects/project.policy.ts";
import { findProject } from "../../domain/projects/project.queries.ts";
import { createSection, deleteSection, type Placement, updateSection } from "../../domain/sections/section.commands.ts";
import { authorizeSection } from "../../domain/sections/section.policy.ts";
import { presentSection, SECTION_COMPACT } from "../../domain/sections/section.presenter.ts";
import { findSection, sectionsOf } from "../../domain/sections/section.queries.ts";
import { badRequest } from "../../errors.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parseData } from "../validation.ts";

const Name = z.string().trim().min(1, "must not be empty").max(1024);
const GidString = z.string().regex(/^[0-9]{1,16}$/, "must be a gid string");

const CreateSection = z.strictObject({
  name: Name,
  insert_before: GidString.optional(),
  insert_after: GidString.optional(),
});
const UpdateSection = z.strictObject({
  name: Name.optional(),
  insert_before: GidString.optional(),
  insert_after: GidString.optional(),
});
const InsertSection = z.strictObject({
  section: GidString,
  before_section: GidString.optional(),
  after_section: GidString.optional(),
});

export async function sectionsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function loadProject(actor: Actor, raw: string, action: "read" | "edit") {
    const project = await findProject(db, gidParam(raw, "project"));
    await authorizeProject(db, actor, project, action);
    return project as ProjectsTable;
  }

  async function loadSection(actor: Actor, raw: string, action: "read" | "edit") {
    const found = await findSection(db, gidParam(raw, "section"));
    await authorizeSection(db, actor, found, action);
    return found as NonNullable<typeof found>;
  }

  // A sibling named in a body must be a section of the same project.
  async function sibling(project: ProjectsTable, field: string, raw: string, moving: SectionsTable | null) {
    const section = await db
      .selectFrom("sections")
      .selectAll()
      .where("gid", "=", Number(raw))
      .where("project_gid", "=", project.gid)
      .executeTakeFirst();
    if (!section) throw badRequest(`${field}: no section ${raw} in this project`);
    if (moving && section.gid === moving.gid) throw badRequest(`${field}: a section cannot be placed next to itself`);
    return section;
  }

  async function placementOf(
    project: ProjectsTable,
    input: Record<string, string | undefined>,
    [beforeField, afterField]: [string, string],
    moving: SectionsTable | null,
  ): Promise<Placement | undefined> {
    const before = input[beforeField];
    const after = input[afterField];
    if (before !== undefined && after !== undefined) {
      throw badRequest(`${afterField}: pass ${beforeField} or ${afterField}, not both`);
    }
    if (before !== undefined) return { before: await sibling(project, beforeField, before, moving) };
    if (after !== undefined) return { after: await sibling(project, afterField, after, moving) };
    return undefined;
  }

  function present(
    request: FastifyRequest,
    section: SectionsTable,
    project: ProjectsTable,
    compact?: readonly string[],
  ) {
    return shape(presentSection(section, project), optFieldsOf(request), compact);
  }

  app.get<{ Params: { project_gid: string } }>("/projects/:project_gid/sections", async (request) => {
    const project = await loadProject(actorOf(request), request.params.project_gid, "read");
    const page = pageOf(request);
    const sections = await sectionsOf(db, project.gid).limit(page.window.limit).offset(page.window.offset).execute();
    return listed(
      request,
      page,
      sections.map((section) => present(request, section, project, SECTION_COMPACT)),
    );
  });

  app.post<{ Params: { project_gid: string } }>("/projects/:project_gid/sections", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(CreateSection, request.body);
    const project = await loadProject(ctx.actor, request.params.project_gid, "edit");
    const placement = await placementOf(project, input, ["insert_before", "insert_after"], null);
    const section = await createSection(ctx, project, input.name, placement ?? null);
    return created(reply, "/sections", present(request, section, project) as { gid: string });
  });

  app.get<{ Params: { section_gid: string } }>("/sections/:section_gid", async (request) => {
    const { section, project } = await loadSection(actorOf(request), request.params.section_gid, "read");
    return { data: present(request, section, project) };
  });

  app.put<{ Params: { section_gid: string } }>("/sections/:section_gid", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(UpdateSection, request.body);
    const { section, project } = await loadSection(ctx.actor, request.params.section_gid, "edit");
    const placement = await placementOf(project, input, ["insert_before", "insert_after"], section);
    const updated = await updateSection(ctx, project, section, { name: input.name, placement });
    return { data: present(request, updated, project) };
  });

  app.delete<{ Params: { section_gid: string } }>("/sections/:section_gid", async (request) => {
    const ctx = ctxOf(request);
    const { section, project } = await loadSection(ctx.actor, request.params.section_gid, "edit");
    await deleteSection(ctx, project, section);
    return { data: {} };
  });

  app.post<{ Params: { project_gid: string } }>("/projects/:project_gid/sections/insert", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(InsertSection, request.body);
    const project = await loadProject(ctx.actor, request.params.project_gid, "edit");
    const moving = await db
      .selectFrom("sections")
      .selectAll()
      .where("gid", "=", Number(input.section))
      .executeTakeFirst();
    if (!moving || moving.project_gid !== project.gid) {
      throw badRequest(`section: no section ${input.section} in this project; sections cannot move between projects`);
    }
    const placement = await placementOf(project, input, ["before_section", "after_section"], moving);
    if (!placement) throw badRequest("before_section: Missing input. Pass before_section or after_section.");
    await updateSection(ctx, project, moving, { placement });
    return { data: {} };
  });
}
