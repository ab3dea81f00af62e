import { DateOnly } from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Actor } from "../../domain/context.ts";
import { shape } from "../../domain/opt-fields.ts";
import { authorizeProjectCreate } from "../../domain/projects/project.policy.ts";
import { plainToRichText } from "../../domain/rich-text.ts";
import { projectFor, sectionFor, taskFor, usersFor } from "../../domain/tasks/task.resolve.ts";
import { authorizeTeam } from "../../domain/teams/team.policy.ts";
import { findTeam } from "../../domain/teams/team.queries.ts";
import { presentApiJob, startApiJob } from "../../domain/templates/api-job.ts";
import { deleteProjectTemplate } from "../../domain/templates/project-template.commands.ts";
import { parseContent } from "../../domain/templates/project-template.content.ts";
import {
  createTaskTemplate,
  deleteTaskTemplate,
  setSectionDefaultTemplate,
  treeOfTask,
} from "../../domain/templates/task-template.commands.ts";
import { authorizeProjectTemplate } from "../../domain/templates/template.policy.ts";
import { presentProjectTemplates, presentTaskTemplates } from "../../domain/templates/template.presenter.ts";
import type { TaskTree } from "../../domain/templates/template.tree.ts";
import { requireFullMember, workspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { badRequest, notFound } from "../../errors.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const Gid = z.string().regex(/^[0-9]{1,16}$/, "must be a gid string");
const Name = z.string().trim().min(1, "must not be empty").max(1024);

const SaveAsTemplateBody = z.strictObject({
  name: Name,
  team: Gid.optional(),
  workspace: Gid.optional(),
  public: z.boolean(),
});

const InstantiateProjectBody = z.strictObject({
  name: Name,
  team: Gid.optional(),
  workspace: Gid.optional(),
  public: z.boolean().optional(),
  is_strict: z.boolean().optional(),
  requested_dates: z
    .array(z.strictObject({ gid: z.string().max(40), value: DateOnly }))
    .max(20)
    .optional(),
  requested_roles: z
    .array(z.strictObject({ gid: z.string().max(40), value: z.string().min(1).max(320).nullable() }))
    .max(100)
    .optional(),
});

interface TreeInput {
  name: string;
  notes?: string;
  html_notes?: string;
  assignee?: string | null;
  subtasks?: TreeInput[];
}
const TreeBody: z.ZodType<TreeInput> = z.lazy(() =>
  z.strictObject({
    name: Name,
    notes: z.string().max(65_535).optional(),
    html_notes: z.string().max(262_144).optional(),
    assignee: z.string().min(1).max(320).nullable().optional(),
    subtasks: z.array(TreeBody).max(100).optional(),
    custom_fields: z.record(z.string(), z.unknown()).optional(),
  }),
);

const CreateTaskTemplateBody = z.strictObject({
  project: Gid,
  name: Name.optional(),
  template: TreeBody.optional(),
  task: Gid.optional(),
});

const InstantiateTaskBody = z.strictObject({ name: Name.optional() });
const DefaultTemplateBody = z.strictObject({ task_template: Gid.nullable() });
const ListQuery = z.object({ workspace: Gid.optional(), team: Gid.optional(), project: Gid.optional() }).loose();

export async function templatesRoutes(app: FastifyInstance) {
  const { db, bus } = app.takt;

  async function loadProjectTemplate(actor: Actor, raw: string, action: "read" | "manage") {
    const template = await db
      .selectFrom("project_templates")
      .selectAll()
      .where("gid", "=", gidParam(raw, "project_template"))
      .executeTakeFirst();
    return authorizeProjectTemplate(db, actor, template, action);
  }

  // The team (optional) and workspace a new project or template goes to; the actor must be able to create projects there.
  async function destination(actor: Actor, input: { team?: string; workspace?: string }, fixedWorkspace?: number) {
    let teamGid: number | null = null;
    let workspaceGid = input.workspace ? gidParam(input.workspace, "workspace") : fixedWorkspace;
    if (input.team) {
      const team = await findTeam(db, gidParam(input.team, "team"));
      await authorizeTeam(db, actor, team, "read");
      if (workspaceGid !== undefined && team!.workspace_gid !== workspaceGid) {
        throw badRequest("team: must be a team of the template's workspace");
      }
      workspaceGid = team!.workspace_gid;
      teamGid = team!.gid;
    }
    if (workspaceGid === undefined) throw badRequest("team: Missing input. Pass the team or the workspace.");
    if (fixedWorkspace !== undefined && workspaceGid !== fixedWorkspace) {
      throw badRequest("workspace: must be the template's workspace");
    }
    await authorizeProjectCreate(db, actor, workspaceGid);
    return { workspaceGid, teamGid };
  }

  async function listProjectTemplates(request: FastifyRequest, filter: { workspace?: number; team?: number }) {
    const actor = actorOf(request);
    let workspaceGid = filter.workspace;
    if (filter.team !== undefined) {
      const team = await findTeam(db, filter.team);
      await authorizeTeam(db, actor, team, "read");
      workspaceGid = team!.workspace_gid;
    }
    if (workspaceGid === undefined) throw badRequest("workspace: Missing input. Pass the workspace or the team.");
    const role = await requireFullMember(db, actor, workspaceGid);
    const page = pageOf(request);
    const rows = await db
      .selectFrom("project_templates")
      .selectAll()
      .where("workspace_gid", "=", workspaceGid)
      .$if(filter.team !== undefined, (query) => query.where("team_gid", "=", filter.team ?? 0))
      .$if(role !== "admin", (query) =>
        query.where((eb) => eb.or([eb("public", "=", 1), eb("owner_gid", "=", actor.gid)])),
      )
      .orderBy("name")
      .orderBy("gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    const presented = await presentProjectTemplates(db, rows);
    return listed(
      request,
      page,
      presented.map((item) => shape(item, optFieldsOf(request), ["name"])),
    );
  }

  app.get("/project_templates", async (request) => {
    const query = parse(ListQuery, request.query ?? {});
    return listProjectTemplates(request, {
      workspace: query.workspace ? Number(query.workspace) : undefined,
      team: query.team ? Number(query.team) : undefined,
    });
  });

  app.get<{ Params: { team_gid: string } }>("/teams/:team_gid/project_templates", async (request) =>
    listProjectTemplates(request, { team: gidParam(request.params.team_gid, "team") }),
  );

  app.get<{ Params: { gid: string } }>("/project_templates/:gid", async (request) => {
    const template = await loadProjectTemplate(actorOf(request), request.params.gid, "read");
    const [presented] = await presentProjectTemplates(db, [template]);
    return { data: shape(presented, optFieldsOf(request)) };
  });

  app.delete<{ Params: { gid: string } }>("/project_templates/:gid", async (request) => {
    const ctx = ctxOf(request);
    const template = await loadProjectTemplate(ctx.actor, request.params.gid, "manage");
    await deleteProjectTemplate(ctx, template);
    return { data: {} };
  });

  app.post<{ Params: { project_gid: string } }>("/projects/:project_gid/saveAsTemplate", async (request, reply) => {
    const actor = actorOf(request);
    const input = parseData(SaveAsTemplateBody, request.body);
    const project = await projectFor(db, actor, request.params.project_gid, "edit");
    const where = await destination(actor, input, project.workspace_gid);
    const job = await startApiJob(db, bus, {
      workspaceGid: where.workspaceGid,
      subtype: "export_project_template",
      actorGid: actor.gid,
      payload: { project: project.gid, name: input.name, team: where.teamGid, public: input.public },
    });
    return created(reply, "/jobs", await presentApiJob(db, job));
  });

  app.post<{ Params: { gid: string } }>("/project_templates/:gid/instantiateProject", async (request, reply) => {
    const actor = actorOf(request);
    const input = parseData(InstantiateProjectBody, request.body);
    const template = await loadProjectTemplate(actor, request.params.gid, "read");
    const where = await destination(actor, input, template.workspace_gid);
    const content = parseContent(template.content);
    let startDate = new Date().toISOString().slice(0, 10);
    for (const [index, date] of (input.requested_dates ?? []).entries()) {
      if (date.gid !== content.start_date_gid) {
        throw badRequest(`requested_dates.${index}.gid: not a date this template asks for (${content.start_date_gid})`);
      }
      startDate = date.value;
    }
    const roles: Record<string, number> = {};
    for (const [index, role] of (input.requested_roles ?? []).entries()) {
      if (!content.roles.some((known) => known.gid === role.gid)) {
        throw badRequest(`requested_roles.${index}.gid: not a role of this template`);
      }
      if (role.value === null) continue;
      const [user] = await usersFor(db, actor, template.workspace_gid, [role.value], `requested_roles.${index}.value`);
      roles[role.gid] = user.gid;
    }
    if (input.is_strict) {
      const missing = content.roles.find((role) => !(role.gid in roles));
      if (missing) throw badRequest(`requested_roles: missing the role "${missing.name}" (${missing.gid})`);
      if (!input.requested_dates?.length) throw badRequest("requested_dates: missing the start date");
    }
    const job = await startApiJob(db, bus, {
      workspaceGid: where.workspaceGid,
      subtype: "instantiate_project_template",
      actorGid: actor.gid,
      payload: {
        template: template.gid,
        name: input.name,
        team: where.teamGid,
        public: input.public ?? true,
        start_date: startDate,
        roles,
      },
    });
    return created(reply, "/jobs", await presentApiJob(db, job));
  });

  // A job is its starter's to read (and a workspace admin's).
  app.get<{ Params: { gid: string } }>("/jobs/:gid", async (request) => {
    const actor = actorOf(request);
    const job = await db
      .selectFrom("api_jobs")
      .selectAll()
      .where("gid", "=", gidParam(request.params.gid, "job"))
      .executeTakeFirst();
    if (!job) throw notFound("job");
    if (job.created_by_gid !== actor.gid && (await workspaceRole(db, actor, job.workspace_gid)) !== "admin") {
      throw notFound("job");
    }
    return { data: shape(await presentApiJob(db, job), optFieldsOf(request)) };
  });

  // Task templates belong to a project: readers of the project read them, editors create, use and delete them.
  async function loadTaskTemplate(actor: Actor, raw: string, action: "read" | "edit") {
    const template = await db
      .selectFrom("task_templates")
      .selectAll()
      .where("gid", "=", gidParam(raw, "task_template"))
      .executeTakeFirst();
    if (!template) throw notFound("task_template");
    await projectFor(db, actor, String(template.project_gid), action, "task_template");
    return template;
  }

  app.get("/task_templates", async (request) => {
    const actor = actorOf(request);
    const query = parse(ListQuery, request.query ?? {});
    if (!query.project) throw badRequest("project: Missing input");
    const project = await projectFor(db, actor, query.project, "read");
    const page = pageOf(request);
    const rows = await db
      .selectFrom("task_templates")
      .selectAll()
      .where("project_gid", "=", project.gid)
      .orderBy("name")
      .orderBy("gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    const presented = await presentTaskTemplates(db, rows);
    return listed(
      request,
      page,
      presented.map((item) => shape(item, optFieldsOf(request), ["name"])),
    );
  });

  app.get<{ Params: { gid: string } }>("/task_templates/:gid", async (request) => {
    const template = await loadTaskTemplate(actorOf(request), request.params.gid, "read");
    const [presented] = await presentTaskTemplates(db, [template]);
    return { data: shape(presented, optFieldsOf(request)) };
  });

  app.delete<{ Params: { gid: string } }>("/task_templates/:gid", async (request) => {
    const ctx = ctxOf(request);
    const template = await loadTaskTemplate(ctx.actor, request.params.gid, "edit");
    await deleteTaskTemplate(ctx, template);
    return { data: {} };
  });

  app.post("/task_templates", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(CreateTaskTemplateBody, request.body);
    if (!input.template === !input.task) throw badRequest("template: pass either template or task");
    const project = await projectFor(db, ctx.actor, input.project, "edit");
    let tree: TaskTree;
    if (input.task) {
      const task = await taskFor(db, ctx.actor, input.task, "read");
      if (task.workspace_gid !== project.workspace_gid) throw badRequest("task: must be in the project's workspace");
      tree = await treeOfTask(ctx, task);
    } else {
      const toTree = async (node: TreeInput, path: string): Promise<TaskTree> => {
        const assignee = node.assignee
          ? (await usersFor(db, ctx.actor, project.workspace_gid, [node.assignee], `${path}.assignee`))[0].gid
          : null;
        const subtasks: TaskTree[] = [];
        for (const [index, child] of (node.subtasks ?? []).entries()) {
          subtasks.push(await toTree(child, `${path}.subtasks.${index}`));
        }
        const notes = node.notes ?? "";
        return {
          name: node.name,
          notes,
          html_notes: node.html_notes ?? plainToRichText(notes),
          resource_subtype: "default_task",
          assignee_gid: assignee,
          subtasks,
        };
      };
      tree = await toTree(input.template as TreeInput, "template");
    }
    const template = await createTaskTemplate(ctx, {
      workspaceGid: project.workspace_gid,
      projectGid: project.gid,
      name: input.name ?? tree.name,
      tree,
    });
    const [presented] = await presentTaskTemplates(db, [template]);
    return created(reply, "/task_templates", presented);
  });

  app.post<{ Params: { gid: string } }>("/task_templates/:gid/instantiateTask", async (request, reply) => {
    const actor = actorOf(request);
    const input = parseData(InstantiateTaskBody, request.body ?? { data: {} });
    const template = await loadTaskTemplate(actor, request.params.gid, "edit");
    const job = await startApiJob(db, bus, {
      workspaceGid: template.workspace_gid,
      subtype: "instantiate_task_template",
      actorGid: actor.gid,
      payload: { template: template.gid, name: input.name },
    });
    return created(reply, "/jobs", await presentApiJob(db, job));
  });

  // Takt: a section's default task template; every task placed there gets the template's subtasks.
  app.post<{ Params: { section_gid: string } }>("/sections/:section_gid/setDefaultTemplate", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(DefaultTemplateBody, request.body);
    const { section, project } = await sectionFor(db, ctx.actor, request.params.section_gid, "edit");
    let template = null;
    if (input.task_template) {
      template = await loadTaskTemplate(ctx.actor, input.task_template, "read").catch(() => {
        throw notFound("task_template");
      });
      if (template.workspace_gid !== project.workspace_gid) throw notFound("task_template");
    }
    await setSectionDefaultTemplate(ctx, section.gid, template?.gid ?? null);
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
  });
}
