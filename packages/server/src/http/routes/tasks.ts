import { Task } from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { TasksTable } from "../../db/schema.ts";
import { decideApproval } from "../../domain/approvals/approval.commands.ts";
import { authorizeApproval } from "../../domain/approvals/approval.policy.ts";
import type { Actor } from "../../domain/context.ts";
import { taskProjectGids } from "../../domain/custom-fields/custom-field.values.ts";
import { prepareTaskExtras } from "../../domain/custom-fields/task-extras.ts";
import { setRecurrence } from "../../domain/recurrence/recurrence.commands.ts";
import { resolveTaskScrum } from "../../domain/sprints/task-scrum.ts";
import { createTask, deleteTask, updateTask } from "../../domain/tasks/task.commands.ts";
import { duplicateTask } from "../../domain/tasks/task.duplicate.ts";
import { checkExclusiveFields, type TaskFieldInput } from "../../domain/tasks/task.fields.ts";
import { changeDependencies, changeFollowers } from "../../domain/tasks/task.links.ts";
import { placeInProject, removeFromProject, setParent } from "../../domain/tasks/task.moves.ts";
import { authorizeTask, editableProjectsOf, followerChangeAction } from "../../domain/tasks/task.policy.ts";
import { presentTask, presentTasks } from "../../domain/tasks/task.presenter.ts";
import {
  listAssignedTasks,
  listLinkedTasks,
  listProjectTasks,
  listSectionTasks,
  listSubtasks,
  loadTask,
  type TaskListFilter,
} from "../../domain/tasks/task.queries.ts";
import { anchorGid, projectFor, refGid, sectionFor, taskFor, usersFor } from "../../domain/tasks/task.resolve.ts";
import {
  AddProjectBody,
  CreateTaskBody,
  type CreateTaskInput,
  DependenciesBody,
  DependentsBody,
  DuplicateBody,
  type DuplicatePart,
  FollowersBody,
  ListTasksQuery,
  RemoveProjectBody,
  SectionAddTaskBody,
  SetParentBody,
  UpdateTaskBody,
  type UpdateTaskInput,
} from "../../domain/tasks/task.schemas.ts";
import { setEstimate } from "../../domain/time/time.commands.ts";
import { requireWorkspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { badRequest, notFound } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { contract } from "../contract.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { parse, parseData } from "../validation.ts";

type TaskParams = { Params: { task_gid: string } };

function fieldsOf(input: CreateTaskInput | UpdateTaskInput, assigneeGid: number | null | undefined): TaskFieldInput {
  return {
    name: input.name,
    notes: input.notes,
    html_notes: input.html_notes,
    resource_subtype: input.resource_subtype,
    assignee_gid: assigneeGid,
    due_on: input.due_on,
    due_at: input.due_at,
    start_on: input.start_on,
    completed: input.completed,
  };
}

function sameWorkspace(field: string, workspaceGid: number, other: { workspace_gid: number }) {
  if (other.workspace_gid !== workspaceGid) {
    throw badRequest(`${field}: must be in the same workspace as the task (${workspaceGid})`);
  }
}

export async function tasksRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  const presentOne = (request: FastifyRequest, actor: Actor, row: TasksTable) =>
    presentTask(db, row, optFieldsOf(request), actor.gid);

  async function listOf(
    request: FastifyRequest,
    actor: Actor,
    load: (window: { limit: number; offset: number }) => Promise<TasksTable[]>,
  ) {
    const page = pageOf(request);
    const rows = await load(page.window);
    return listed(request, page, await presentTasks(db, rows, optFieldsOf(request), "compact", actor.gid));
  }

  function filterOf(request: FastifyRequest): TaskListFilter {
    const query = parse(ListTasksQuery, request.query ?? {});
    return { completedSince: query.completed_since, modifiedSince: query.modified_since };
  }

  // Everything the body names is resolved and checked before anything is written.
  async function createFrom(request: FastifyRequest, input: CreateTaskInput, parentRaw: string | null | undefined) {
    const ctx = ctxOf(request);
    const { actor } = ctx;
    checkExclusiveFields(input);
    const placements = new Map<number, number | null>();
    const projects: { workspace_gid: number; field: string }[] = [];
    for (const raw of input.projects ?? []) {
      const project = await projectFor(db, actor, raw, "edit", "projects");
      if (!placements.has(project.gid)) placements.set(project.gid, null);
      projects.push({ workspace_gid: project.workspace_gid, field: "projects" });
    }
    for (const [index, membership] of (input.memberships ?? []).entries()) {
      const field = `memberships.${index}`;
      const project = await projectFor(db, actor, membership.project, "edit", `${field}.project`);
      let sectionGid: number | null = null;
      if (membership.section) {
        const section = await db
          .selectFrom("sections")
          .select(["gid", "project_gid"])
          .where("gid", "=", refGid(membership.section, `${field}.section`))
          .executeTakeFirst();
        if (!section) throw notFound(`${field}.section`);
        if (section.project_gid !== project.gid) {
          throw badRequest(`${field}.section: is not a section of project ${project.gid}`);
        }
        sectionGid = section.gid;
      }
      placements.set(project.gid, sectionGid);
      projects.push({ workspace_gid: project.workspace_gid, field: `${field}.project` });
    }
    const parent = parentRaw ? await taskFor(db, actor, parentRaw, "edit", "parent") : null;
    let workspaceGid: number;
    if (input.workspace) {
      workspaceGid = refGid(input.workspace, "workspace");
      await requireWorkspaceRole(db, actor, workspaceGid);
    } else {
      const inferred = projects[0]?.workspace_gid ?? parent?.workspace_gid;
      if (inferred === undefined) throw badRequest("workspace: Missing input. Pass workspace, projects or parent.");
      workspaceGid = inferred;
    }
    for (const project of projects) sameWorkspace(project.field, workspaceGid, project);
    if (parent) sameWorkspace("parent", workspaceGid, parent);
    const assignee = input.assignee ? (await usersFor(db, actor, workspaceGid, [input.assignee], "assignee"))[0] : null;
    const followers = await usersFor(db, actor, workspaceGid, input.followers ?? [], "followers");
    const after = await prepareTaskExtras(app.takt, actor, {
      workspaceGid,
      // Which projects' fields apply matters only when custom fields are given.
      projectGids: [...placements.keys(), ...(parent && input.custom_fields ? await taskProjectGids(db, parent) : [])],
      customFields: input.custom_fields,
      tags: input.tags,
    });
    const task = await createTask(ctx, {
      workspaceGid,
      fields: fieldsOf(input, assignee?.gid ?? null),
      parent,
      placements: [...placements].map(([projectGid, sectionGid]) => ({ projectGid, sectionGid })),
      followerGids: followers.map((user) => user.gid),
      after,
    });
    if (input.recurrence !== undefined) await setRecurrence(ctx, task, input.recurrence);
    return (await presentOne(request, actor, task)) as { gid: string };
  }

  app.post("/tasks", async (request, reply) => {
    actorOf(request);
    const input = parseData(CreateTaskBody, request.body);
    return created(reply, "/tasks", await createFrom(request, input, input.parent));
  });

  app.post<TaskParams>("/tasks/:task_gid/subtasks", async (request, reply) => {
    const actor = actorOf(request);
    const input = parseData(CreateTaskBody, request.body);
    if (input.parent !== undefined) throw badRequest("parent: is given by the path; leave it out");
    await taskFor(db, actor, request.params.task_gid, "edit");
    return created(reply, "/tasks", await createFrom(request, input, request.params.task_gid));
  });

  app.get("/tasks", async (request) => {
    const actor = actorOf(request);
    const query = parse(ListTasksQuery, request.query ?? {});
    const filter = filterOf(request);
    if (query.section) {
      if (query.project) throw badRequest("section: pass either project or section, not both");
      const { section } = await sectionFor(db, actor, query.section, "read");
      return listOf(request, actor, (window) => listSectionTasks(db, actor.gid, section.gid, filter, window));
    }
    if (query.project) {
      const project = await projectFor(db, actor, query.project, "read");
      return listOf(request, actor, (window) => listProjectTasks(db, actor.gid, project.gid, filter, window));
    }
    if (query.assignee || query.workspace) {
      if (!query.workspace) throw badRequest("workspace: Missing input. Pass workspace together with assignee.");
      if (!query.assignee) throw badRequest("assignee: Missing input. Pass assignee together with workspace.");
      const workspaceGid = refGid(query.workspace, "workspace");
      await requireWorkspaceRole(db, actor, workspaceGid);
      const [assignee] = await usersFor(db, actor, workspaceGid, [query.assignee], "assignee");
      return listOf(request, actor, (window) =>
        listAssignedTasks(db, actor.gid, assignee.gid, workspaceGid, filter, window),
      );
    }
    throw badRequest("project: Missing input. Pass project, section, or assignee together with workspace.");
  });

  app.get<{ Params: { project_gid: string } }>("/projects/:project_gid/tasks", async (request) => {
    const actor = actorOf(request);
    const filter = filterOf(request);
    const project = await projectFor(db, actor, request.params.project_gid, "read");
    return listOf(request, actor, (window) => listProjectTasks(db, actor.gid, project.gid, filter, window));
  });

  app.get<{ Params: { section_gid: string } }>("/sections/:section_gid/tasks", async (request) => {
    const actor = actorOf(request);
    const filter = filterOf(request);
    const { section } = await sectionFor(db, actor, request.params.section_gid, "read");
    return listOf(request, actor, (window) => listSectionTasks(db, actor.gid, section.gid, filter, window));
  });

  app.get<TaskParams>("/tasks/:task_gid", contract({ summary: "Get a task", response: Task }), async (request) => {
    const actor = actorOf(request);
    const task = await taskFor(db, actor, request.params.task_gid, "read");
    return { data: await presentOne(request, actor, task) };
  });

  app.put<TaskParams>("/tasks/:task_gid", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(UpdateTaskBody, request.body);
    checkExclusiveFields(input);
    const task = await taskFor(db, ctx.actor, request.params.task_gid, "edit");
    const assigneeGid =
      input.assignee === undefined || input.assignee === null
        ? input.assignee
        : (await usersFor(db, ctx.actor, task.workspace_gid, [input.assignee], "assignee"))[0].gid;
    if (input.approval_status !== undefined) await authorizeApproval(db, ctx.actor, task);
    const scrum = await resolveTaskScrum(db, task, input);
    const after = await prepareTaskExtras(app.takt, ctx.actor, {
      workspaceGid: task.workspace_gid,
      projectGids: input.custom_fields ? await taskProjectGids(db, task) : [],
      customFields: input.custom_fields,
      tags: input.tags,
      replaceTags: true,
    });
    const updated = await updateTask(ctx, task, fieldsOf(input, assigneeGid), scrum, after);
    if (input.recurrence !== undefined) await setRecurrence(ctx, updated, input.recurrence);
    if (input.approval_status !== undefined) await decideApproval(ctx, updated, input.approval_status);
    if (input.estimated_minutes !== undefined) await setEstimate(ctx, updated, input.estimated_minutes);
    const reread = input.approval_status !== undefined || input.estimated_minutes !== undefined;
    const final = reread ? ((await loadTask(db, task.gid)) ?? updated) : updated;
    return { data: await presentOne(request, ctx.actor, final) };
  });

  app.delete<TaskParams>("/tasks/:task_gid", async (request) => {
    const ctx = ctxOf(request);
    const task = await taskFor(db, ctx.actor, request.params.task_gid, "edit");
    await deleteTask(ctx, task);
    return { data: {} };
  });

  app.get<TaskParams>("/tasks/:task_gid/subtasks", async (request) => {
    const actor = actorOf(request);
    const filter = filterOf(request);
    const parent = await taskFor(db, actor, request.params.task_gid, "read");
    return listOf(request, actor, (window) => listSubtasks(db, actor.gid, parent.gid, filter, window));
  });

  app.post<TaskParams>("/tasks/:task_gid/setParent", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(SetParentBody, request.body);
    const task = await taskFor(db, ctx.actor, request.params.task_gid, "edit");
    const parent = input.parent ? await taskFor(db, ctx.actor, input.parent, "edit", "parent") : null;
    if (parent) sameWorkspace("parent", task.workspace_gid, parent);
    const updated = await setParent(ctx, task, parent, {
      insert_before: anchorGid(input.insert_before, "insert_before"),
      insert_after: anchorGid(input.insert_after, "insert_after"),
    });
    return { data: await presentOne(request, ctx.actor, updated) };
  });

  for (const direction of ["dependencies", "dependents"] as const) {
    app.get<TaskParams>(`/tasks/:task_gid/${direction}`, async (request) => {
      const actor = actorOf(request);
      const task = await taskFor(db, actor, request.params.task_gid, "read");
      return listOf(request, actor, (window) => listLinkedTasks(db, actor.gid, task.gid, direction, window));
    });
  }

  async function linkTasks(
    request: FastifyRequest<TaskParams>,
    field: "dependencies" | "dependents",
    action: "added" | "removed",
  ) {
    const ctx = ctxOf(request);
    const refs =
      field === "dependencies"
        ? parseData(DependenciesBody, request.body).dependencies
        : parseData(DependentsBody, request.body).dependents;
    const task = await taskFor(db, ctx.actor, request.params.task_gid, "edit");
    const others: TasksTable[] = [];
    for (const raw of refs) {
      const other = await taskFor(db, ctx.actor, raw, "read", field);
      sameWorkspace(field, task.workspace_gid, other);
      others.push(other);
    }
    const edges = others.map((other) =>
      field === "dependencies" ? { task, dependsOn: other } : { task: other, dependsOn: task },
    );
    await changeDependencies(ctx, edges, action, field);
    return { data: {} };
  }
  app.post<TaskParams>("/tasks/:task_gid/addDependencies", (request) => linkTasks(request, "dependencies", "added"));
  app.post<TaskParams>("/tasks/:task_gid/removeDependencies", (request) =>
    linkTasks(request, "dependencies", "removed"),
  );
  app.post<TaskParams>("/tasks/:task_gid/addDependents", (request) => linkTasks(request, "dependents", "added"));
  app.post<TaskParams>("/tasks/:task_gid/removeDependents", (request) => linkTasks(request, "dependents", "removed"));

  app.post<TaskParams>("/tasks/:task_gid/addProject", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(AddProjectBody, request.body);
    const task = await taskFor(db, ctx.actor, request.params.task_gid, "edit");
    const project = await projectFor(db, ctx.actor, input.project, "edit");
    sameWorkspace("project", task.workspace_gid, project);
    let sectionGid: number | null = null;
    if (input.section) {
      const section = await db
        .selectFrom("sections")
        .select(["gid", "project_gid"])
        .where("gid", "=", refGid(input.section, "section"))
        .executeTakeFirst();
      if (!section) throw notFound("section");
      if (section.project_gid !== project.gid) throw badRequest(`section: is not a section of project ${project.gid}`);
      sectionGid = section.gid;
    }
    await placeInProject(ctx, task, {
      projectGid: project.gid,
      sectionGid,
      insert_before: anchorGid(input.insert_before, "insert_before"),
      insert_after: anchorGid(input.insert_after, "insert_after"),
      fallback: "end",
    });
    return { data: {} };
  });

  app.post<TaskParams>("/tasks/:task_gid/removeProject", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(RemoveProjectBody, request.body);
    const task = await taskFor(db, ctx.actor, request.params.task_gid, "edit");
    const project = await projectFor(db, ctx.actor, input.project, "edit");
    await removeFromProject(ctx, task, project.gid);
    return { data: {} };
  });

  // As in Asana, a task added to a section without an anchor goes to the top of that section.
  app.post<{ Params: { section_gid: string } }>("/sections/:section_gid/addTask", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(SectionAddTaskBody, request.body);
    const { section, project } = await sectionFor(db, ctx.actor, request.params.section_gid, "edit");
    const task = await taskFor(db, ctx.actor, input.task, "edit");
    sameWorkspace("task", project.workspace_gid, task);
    await placeInProject(ctx, task, {
      projectGid: project.gid,
      sectionGid: section.gid,
      insert_before: anchorGid(input.insert_before, "insert_before"),
      insert_after: anchorGid(input.insert_after, "insert_after"),
      fallback: "start",
    });
    return { data: {} };
  });

  for (const [path, action] of [
    ["addFollowers", "added"],
    ["removeFollowers", "removed"],
  ] as const) {
    app.post<TaskParams>(`/tasks/:task_gid/${path}`, async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(FollowersBody, request.body);
      const task = await taskFor(db, ctx.actor, request.params.task_gid, "read");
      const users = await usersFor(db, ctx.actor, task.workspace_gid, input.followers, "followers");
      const userGids = users.map((user) => user.gid);
      await authorizeTask(db, ctx.actor, task, followerChangeAction(ctx.actor, userGids));
      await changeFollowers(ctx, task, userGids, action);
      const updated = await taskFor(db, ctx.actor, String(task.gid), "read").catch(() => null);
      return { data: updated ? await presentOne(request, ctx.actor, updated) : {} };
    });
  }

  app.post<TaskParams>("/tasks/:task_gid/duplicate", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(DuplicateBody, request.body);
    const task = await taskFor(db, ctx.actor, request.params.task_gid, "edit");
    const include = new Set(input.include as DuplicatePart[]);
    const copy = await duplicateTask(ctx, task, input.name, include, await editableProjectsOf(db, ctx.actor, task.gid));
    reply.status(201);
    return {
      data: {
        gid: String(newGid()),
        resource_type: "job",
        resource_subtype: "duplicate_task",
        status: "succeeded",
        new_project: null,
        new_project_template: null,
        new_task: {
          gid: String(copy.gid),
          resource_type: "task",
          name: copy.name,
          resource_subtype: copy.resource_subtype,
        },
      },
    };
  });
}
