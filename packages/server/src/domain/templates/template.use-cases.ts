import type {
  CreateTaskTemplateBody,
  InstantiateProjectBody,
  InstantiateTaskBody,
  SaveAsTemplateBody,
  SectionDefaultTemplateBody,
  TaskTemplateNode,
} from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { ProjectTemplatesTable } from "../../db/schema.ts";
import { badRequest, invalid, notFound } from "../../errors.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { authorizeProjectCreate } from "../projects/project.policy.ts";
import { plainToRichText } from "../rich-text.ts";
import { projectFor, refGid, sectionFor, taskFor, usersFor } from "../tasks/task.resolve.ts";
import { authorizeTeam } from "../teams/team.policy.ts";
import { findTeam } from "../teams/team.queries.ts";
import { requireFullMember } from "../workspaces/workspace.policy.ts";
import { startApiJob } from "./api-job.ts";
import { deleteProjectTemplate } from "./project-template.commands.ts";
import { parseContent } from "./project-template.content.ts";
import {
  createTaskTemplate,
  deleteTaskTemplate,
  setSectionDefaultTemplate,
  treeOfTask,
} from "./task-template.commands.ts";
import {
  authorizeApiJob,
  authorizeProjectTemplate,
  authorizeTaskTemplate,
  projectTemplatesListedFor,
} from "./template.policy.ts";
import {
  findApiJob,
  findProjectTemplate,
  findTaskTemplate,
  projectTemplatesOf,
  taskTemplatesOf,
} from "./template.queries.ts";
import type { TaskTree } from "./template.tree.ts";

type TemplateCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

// Project templates of a workspace, or of one team (of the team's workspace), for its full members.
export async function listProjectTemplates(
  ctx: TemplateCtx,
  filter: { workspace?: string; team?: string },
  window: Window,
) {
  let workspaceGid = filter.workspace === undefined ? undefined : refGid(filter.workspace, "workspace");
  let teamGid: number | undefined;
  if (filter.team !== undefined) {
    const team = await findTeam(ctx.db, refGid(filter.team, "team"));
    await authorizeTeam(ctx.db, ctx.actor, team, "read");
    workspaceGid = team!.workspace_gid;
    teamGid = team!.gid;
  }
  if (workspaceGid === undefined) throw badRequest("workspace: Missing input. Pass the workspace or the team.");
  const role = await requireFullMember(ctx.db, ctx.actor, workspaceGid);
  const listed = projectTemplatesListedFor(ctx.actor, role);
  return projectTemplatesOf(ctx.db, { workspaceGid, teamGid, ...listed }, window);
}

export async function showProjectTemplate(ctx: TemplateCtx, templateGid: number) {
  return authorizeProjectTemplate(ctx.db, ctx.actor, await findProjectTemplate(ctx.db, templateGid), "read");
}

export async function removeProjectTemplate(ctx: TemplateCtx, templateGid: number) {
  await unitOfWork(ctx, async (uow) => {
    const found = await findProjectTemplate(uow.db, templateGid);
    await deleteProjectTemplate(uow, await authorizeProjectTemplate(uow.db, ctx.actor, found, "manage"));
  });
}

// The team (optional) and workspace a new project or template goes to: the template's (or project's) workspace,
// where the actor must be able to create projects.
async function destination(db: Db, actor: Actor, input: { team?: string; workspace?: string }, fixedWorkspace: number) {
  let teamGid: number | null = null;
  let workspaceGid = input.workspace ? refGid(input.workspace, "workspace") : fixedWorkspace;
  if (input.team) {
    const team = await findTeam(db, refGid(input.team, "team"));
    await authorizeTeam(db, actor, team, "read");
    if (team!.workspace_gid !== workspaceGid) throw badRequest("team: must be a team of the template's workspace");
    workspaceGid = team!.workspace_gid;
    teamGid = team!.gid;
  }
  if (workspaceGid !== fixedWorkspace) throw badRequest("workspace: must be the template's workspace");
  await authorizeProjectCreate(db, actor, workspaceGid);
  return { workspaceGid, teamGid };
}

// POST /projects/{gid}/duplicate: a job (as Asana's) that copies the project's sections, tasks, subtasks,
// custom fields and rules through a template snapshot; the copy keeps the original's privacy.
export async function duplicateProjectUseCase(
  ctx: TemplateCtx,
  projectRef: string,
  input: { name: string; team?: string; schedule_dates?: { start_on?: string; due_on?: string } },
) {
  const job = await unitOfWork(ctx, async (uow) => {
    const project = await projectFor(uow.db, ctx.actor, projectRef, "edit");
    const where = await destination(uow.db, ctx.actor, { team: input.team }, project.workspace_gid);
    const start = input.schedule_dates?.start_on ?? project.start_on ?? new Date().toISOString().slice(0, 10);
    return startApiJob(uow.db, {
      workspaceGid: where.workspaceGid,
      subtype: "duplicate_project",
      actorGid: ctx.actor.gid,
      payload: {
        project: project.gid,
        name: input.name,
        team: where.teamGid ?? project.team_gid,
        public: project.privacy_setting === "public_to_workspace",
        start_date: /^\d{4}-\d{2}-\d{2}$/.test(start) ? start : new Date().toISOString().slice(0, 10),
      },
    });
  });
  ctx.bus.notifyJobs();
  return job;
}

// Saving runs as a job (Asana's): the request records the job and queues it, in one unit; workers wake after it.
export async function saveProjectAsTemplate(ctx: TemplateCtx, projectRef: string, input: SaveAsTemplateBody) {
  const job = await unitOfWork(ctx, async (uow) => {
    const project = await projectFor(uow.db, ctx.actor, projectRef, "edit");
    const where = await destination(uow.db, ctx.actor, input, project.workspace_gid);
    return startApiJob(uow.db, {
      workspaceGid: where.workspaceGid,
      subtype: "export_project_template",
      actorGid: ctx.actor.gid,
      payload: { project: project.gid, name: input.name, team: where.teamGid, public: input.public },
    });
  });
  ctx.bus.notifyJobs();
  return job;
}

// The start date and the people for the template's roles, as the request gives them.
async function instantiation(db: Db, actor: Actor, template: ProjectTemplatesTable, input: InstantiateProjectBody) {
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
    if (missing) {
      throw invalid("requested_roles", "missing_role", `missing the role "${missing.name}" (${missing.gid})`, {
        role: missing.name,
      });
    }
    if (!input.requested_dates?.length)
      throw invalid("requested_dates", "missing_start_date", "missing the start date");
  }
  return { startDate, roles };
}

// The project is made by a job; the request that queues it is one unit.
export async function instantiateProjectTemplate(ctx: TemplateCtx, templateGid: number, input: InstantiateProjectBody) {
  const job = await unitOfWork(ctx, async (uow) => {
    const found = await findProjectTemplate(uow.db, templateGid);
    const template = await authorizeProjectTemplate(uow.db, ctx.actor, found, "read");
    const where = await destination(uow.db, ctx.actor, input, template.workspace_gid);
    const { startDate, roles } = await instantiation(uow.db, ctx.actor, template, input);
    return startApiJob(uow.db, {
      workspaceGid: where.workspaceGid,
      subtype: "instantiate_project_template",
      actorGid: ctx.actor.gid,
      payload: {
        template: template.gid,
        name: input.name,
        team: where.teamGid,
        public: input.public ?? true,
        start_date: startDate,
        roles,
      },
    });
  });
  ctx.bus.notifyJobs();
  return job;
}

export async function showApiJob(ctx: TemplateCtx, jobGid: number) {
  return authorizeApiJob(ctx.db, ctx.actor, await findApiJob(ctx.db, jobGid));
}

export async function listTaskTemplates(ctx: TemplateCtx, projectRef: string, window: Window) {
  const project = await projectFor(ctx.db, ctx.actor, projectRef, "read");
  return taskTemplatesOf(ctx.db, project.gid, window);
}

export async function showTaskTemplate(ctx: TemplateCtx, templateGid: number) {
  return authorizeTaskTemplate(ctx.db, ctx.actor, await findTaskTemplate(ctx.db, templateGid), "read");
}

export async function removeTaskTemplate(ctx: TemplateCtx, templateGid: number) {
  await unitOfWork(ctx, async (uow) => {
    const found = await findTaskTemplate(uow.db, templateGid);
    await deleteTaskTemplate(uow, await authorizeTaskTemplate(uow.db, ctx.actor, found, "edit"));
  });
}

// A template's tree as written in the request: assignees are people of the workspace the actor may see.
async function treeOf(db: Db, actor: Actor, workspaceGid: number, node: TaskTemplateNode, path: string) {
  const assignee = node.assignee
    ? (await usersFor(db, actor, workspaceGid, [node.assignee], `${path}.assignee`))[0].gid
    : null;
  const subtasks: TaskTree[] = [];
  for (const [index, child] of (node.subtasks ?? []).entries()) {
    subtasks.push(await treeOf(db, actor, workspaceGid, child, `${path}.subtasks.${index}`));
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
}

// A task template written out in the request, or copied from a task (with its subtasks) the actor reads.
export async function addTaskTemplate(ctx: TemplateCtx, input: CreateTaskTemplateBody) {
  if (!input.template === !input.task) throw badRequest("template: pass either template or task");
  return unitOfWork(ctx, async (uow) => {
    const project = await projectFor(uow.db, ctx.actor, input.project, "edit");
    let tree: TaskTree;
    if (input.task) {
      const task = await taskFor(uow.db, ctx.actor, input.task, "read");
      if (task.workspace_gid !== project.workspace_gid) throw badRequest("task: must be in the project's workspace");
      tree = await treeOfTask(uow, task);
    } else {
      tree = await treeOf(uow.db, ctx.actor, project.workspace_gid, input.template as TaskTemplateNode, "template");
    }
    return createTaskTemplate(uow, {
      workspaceGid: project.workspace_gid,
      projectGid: project.gid,
      name: input.name ?? tree.name,
      tree,
    });
  });
}

// The task is made by a job; the request that queues it is one unit.
export async function instantiateTaskTemplate(ctx: TemplateCtx, templateGid: number, input: InstantiateTaskBody) {
  const job = await unitOfWork(ctx, async (uow) => {
    const found = await findTaskTemplate(uow.db, templateGid);
    const template = await authorizeTaskTemplate(uow.db, ctx.actor, found, "edit");
    return startApiJob(uow.db, {
      workspaceGid: template.workspace_gid,
      subtype: "instantiate_task_template",
      actorGid: ctx.actor.gid,
      payload: { template: template.gid, name: input.name },
    });
  });
  ctx.bus.notifyJobs();
  return job;
}

// Takt: a section's default task template; every task placed there gets the template's subtasks.
export async function setSectionTemplate(ctx: TemplateCtx, sectionRef: string, input: SectionDefaultTemplateBody) {
  return unitOfWork(ctx, async (uow) => {
    const { section, project } = await sectionFor(uow.db, ctx.actor, sectionRef, "edit");
    let template = null;
    if (input.task_template) {
      const found = await findTaskTemplate(uow.db, refGid(input.task_template, "task_template"));
      template = await authorizeTaskTemplate(uow.db, ctx.actor, found, "read").catch(() => {
        throw notFound("task_template");
      });
      if (template.workspace_gid !== project.workspace_gid) throw notFound("task_template");
    }
    await setSectionDefaultTemplate(uow, section.gid, template?.gid ?? null);
    return { section, template };
  });
}
