import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { RESOURCE_EXPORT_FILTERS, type ResourceExportBody } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { ProjectsTable } from "../../db/schema.ts";
import type { ApiExportsTable } from "../../db/schema-resources.ts";
import { type Actor, type Ctx, unitOfWork } from "../../domain/context.ts";
import { authorizeGoal } from "../../domain/goals/goal.policy.ts";
import { loadGoal } from "../../domain/goals/goal.queries.ts";
import { parseOptFields, shape } from "../../domain/opt-fields.ts";
import { authorizePortfolio, visiblePortfolioGids } from "../../domain/portfolios/portfolio.policy.ts";
import { descendantPortfolios, loadPortfolio } from "../../domain/portfolios/portfolio.queries.ts";
import { authorizeProject, visibleProjectGids } from "../../domain/projects/project.policy.ts";
import { findProject } from "../../domain/projects/project.queries.ts";
import { taskIsVisible } from "../../domain/tasks/task.policy.ts";
import { authorizeTeam, visibleTeamGids } from "../../domain/teams/team.policy.ts";
import { startApiJob } from "../../domain/templates/api-job.ts";
import { requireWorkspaceAdmin } from "../../domain/workspaces/workspace.policy.ts";
import { writeFileDurably } from "../../durable-files.ts";
import { badRequest, forbidden, notFound } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { loadProjectContent, projectAsanaJson } from "./project-export.ts";
import { exportsDir } from "./workspace-export.ts";

type Json = Record<string, unknown>;
type ExportCtx = Ctx & { actor: Actor };
type Parent = { type: "goal" | "project" | "portfolio" | "team"; gid: number; workspaceGid: number; name: string };

const gzip = promisify(zlib.gzip);
const BATCH = 500;

// The parent of a graph export, as the actor may read it: a goal, project, portfolio or team; 404 otherwise.
async function parentOf(db: Db, actor: Actor, gid: number): Promise<Parent> {
  const goal = await loadGoal(db, gid);
  if (goal) {
    await authorizeGoal(db, actor, goal, "read");
    return { type: "goal", gid, workspaceGid: goal.workspace_gid, name: goal.name };
  }
  const project = await findProject(db, gid);
  if (project) {
    await authorizeProject(db, actor, project, "read");
    return { type: "project", gid, workspaceGid: project.workspace_gid, name: project.name };
  }
  const portfolio = await loadPortfolio(db, gid);
  if (portfolio) {
    await authorizePortfolio(db, actor, portfolio, "read");
    return { type: "portfolio", gid, workspaceGid: portfolio.workspace_gid, name: portfolio.name };
  }
  const team = await db.selectFrom("teams").selectAll().where("gid", "=", gid).executeTakeFirst();
  if (team) {
    await authorizeTeam(db, actor, team, "read");
    return { type: "team", gid, workspaceGid: team.workspace_gid, name: team.name };
  }
  throw notFound("parent");
}

function insertExport(db: Db, row: Omit<ApiExportsTable, "gid" | "created_at" | "status" | "file" | "error">) {
  const full: ApiExportsTable = {
    ...row,
    gid: newGid(),
    status: "not_started",
    file: null,
    error: null,
    created_at: new Date().toISOString(),
  };
  return db
    .insertInto("api_exports")
    .values(full)
    .execute()
    .then(() => full);
}

// POST /exports/graph: whoever reads the parent exports it — the file holds what they see of it, then and there.
export async function startGraphExport(ctx: ExportCtx, parentGid: number) {
  const job = await unitOfWork(ctx, async (uow) => {
    const parent = await parentOf(uow.db, uow.actor, parentGid);
    const row = await insertExport(uow.db, {
      workspace_gid: parent.workspaceGid,
      kind: "graph",
      request: JSON.stringify({ parent: parent.gid }),
      created_by_gid: uow.actor.gid,
      completed_at: null,
    });
    return startApiJob(uow.db, {
      workspaceGid: parent.workspaceGid,
      subtype: "graph_export",
      actorGid: uow.actor.gid,
      payload: { export: row.gid },
    });
  });
  ctx.bus.notifyJobs();
  return job;
}

const TASK_FILTERS = new Set<string>(RESOURCE_EXPORT_FILTERS);
const MESSAGE_FILTERS = new Set(["created_by.any", "created_at.after", "created_at.before"]);

function checkParameters(input: ResourceExportBody) {
  for (const [index, parameter] of input.export_request_parameters.entries()) {
    const allowed =
      parameter.resource_type === "task"
        ? TASK_FILTERS
        : parameter.resource_type === "message"
          ? MESSAGE_FILTERS
          : new Set<string>();
    for (const [key, value] of Object.entries(parameter.filters ?? {})) {
      const field = `export_request_parameters.${index}.filters.${key}`;
      if (!allowed.has(key)) throw badRequest(`${field}: not a filter of ${parameter.resource_type} exports`);
      if (key.endsWith(".any") && !(Array.isArray(value) && value.every((gid) => /^\d{1,19}$/.test(String(gid))))) {
        throw badRequest(`${field}: must be a list of gids`);
      }
      if ((key.endsWith(".after") || key.endsWith(".before")) && Number.isNaN(Date.parse(String(value)))) {
        throw badRequest(`${field}: must be a date-time`);
      }
      if (key === "completed" && typeof value !== "boolean") throw badRequest(`${field}: must be true or false`);
    }
  }
}

// POST /exports/resource: a workspace's tasks, teams or messages in bulk, for its admins; one export at a time
// per workspace (Asana's limit: a second one is a 403 while the first runs).
export async function startResourceExport(ctx: ExportCtx, input: ResourceExportBody) {
  checkParameters(input);
  const job = await unitOfWork(ctx, async (uow) => {
    const workspaceGid = Number(input.workspace);
    await requireWorkspaceAdmin(uow.db, uow.actor, workspaceGid);
    const running = await uow.db
      .selectFrom("api_exports")
      .select("gid")
      .where("workspace_gid", "=", workspaceGid)
      .where("kind", "=", "resource")
      .where("status", "in", ["not_started", "in_progress"])
      .executeTakeFirst();
    if (running) throw forbidden("A resource export of this workspace is already running; wait for it to finish.");
    const row = await insertExport(uow.db, {
      workspace_gid: workspaceGid,
      kind: "resource",
      request: JSON.stringify(input),
      created_by_gid: uow.actor.gid,
      completed_at: null,
    });
    return startApiJob(uow.db, {
      workspaceGid,
      subtype: "resource_export",
      actorGid: uow.actor.gid,
      payload: { export: row.gid },
    });
  });
  ctx.bus.notifyJobs();
  return job;
}

// The file of a finished export, for the person who asked for it (its contents are what they saw); 404 to anyone
// else, while it is being written, after it failed or once the file is gone.
export async function apiExportFile(ctx: ExportCtx, dataDir: string, gid: number) {
  const row = await ctx.db.selectFrom("api_exports").selectAll().where("gid", "=", gid).executeTakeFirst();
  if (!row || row.created_by_gid !== ctx.actor.gid) throw notFound("export");
  if (row.status !== "succeeded" || !row.file) throw notFound("export file");
  const file = path.join(exportsDir(dataDir), path.basename(row.file));
  if (!fs.existsSync(file)) throw notFound("export file");
  return { row, file };
}

// The projects under a graph export's parent that the reader sees.
async function projectsUnder(db: Db, actor: Actor, parent: Parent): Promise<ProjectsTable[]> {
  const visible = visibleProjectGids(db, actor.gid);
  if (parent.type === "project") {
    return db.selectFrom("projects").selectAll().where("gid", "=", parent.gid).where("gid", "in", visible).execute();
  }
  if (parent.type === "team") {
    return db
      .selectFrom("projects")
      .selectAll()
      .where("team_gid", "=", parent.gid)
      .where("gid", "in", visible)
      .orderBy("name")
      .execute();
  }
  if (parent.type === "portfolio") {
    const below = [...(await descendantPortfolios(db, parent.gid))];
    return db
      .selectFrom("projects")
      .selectAll()
      .where("gid", "in", visible)
      .where("gid", "in", (eb) =>
        eb
          .selectFrom("portfolio_items")
          .select("item_gid")
          .where("item_type", "=", "project")
          .where((inner) =>
            inner.or([
              inner("portfolio_gid", "=", parent.gid),
              inner.and([
                inner("portfolio_gid", "in", below.length ? below : [0]),
                inner("portfolio_gid", "in", visiblePortfolioGids(db, actor.gid)),
              ]),
            ]),
          ),
      )
      .orderBy("name")
      .execute();
  }
  return db
    .selectFrom("projects")
    .selectAll()
    .where("gid", "in", visible)
    .where("gid", "in", (eb) =>
      eb
        .selectFrom("goal_relationships")
        .select("supporting_gid")
        .where("supported_goal_gid", "=", parent.gid)
        .where("supporting_type", "=", "project"),
    )
    .orderBy("name")
    .execute();
}

// A graph export: the parent and, for each project under it the reader sees, its sections and tasks (with
// subtasks and comments) in Asana's task shape; one gzip'd JSON document.
async function graphExport(db: Db, actor: Actor, request: { parent: number }): Promise<Buffer> {
  const parent = await parentOf(db, actor, request.parent);
  const projects = [];
  for (const project of await projectsUnder(db, actor, parent)) {
    const content = await loadProjectContent(db, project, actor.gid);
    projects.push({
      gid: String(project.gid),
      resource_type: "project",
      name: project.name,
      notes: project.notes,
      archived: project.archived === 1,
      sections: content.sections.map((section) => ({
        gid: String(section.gid),
        resource_type: "section",
        name: section.name,
      })),
      tasks: (await projectAsanaJson(db, project, content)).data,
    });
  }
  const document = {
    data: { parent: { gid: String(parent.gid), resource_type: parent.type, name: parent.name }, projects },
  };
  return gzip(JSON.stringify(document));
}

const gidsOf = (value: unknown) => (Array.isArray(value) ? value.map(Number) : []);

function taskObject(row: Json & { gid: number }, extra: { stories: Json[]; attachments: Json[] }): Json {
  const ref = (type: string, gid: unknown) => (gid ? { gid: String(gid), resource_type: type } : null);
  return {
    gid: String(row.gid),
    resource_type: "task",
    resource_subtype: row.resource_subtype,
    name: row.name,
    notes: row.notes,
    html_notes: row.html_notes,
    completed: row.completed === 1,
    completed_at: row.completed_at,
    assignee: ref("user", row.assignee_gid),
    created_by: ref("user", row.created_by_gid),
    created_at: row.created_at,
    modified_at: row.modified_at,
    due_on: row.due_on,
    due_at: row.due_at,
    start_on: row.start_on,
    parent: ref("task", row.parent_gid),
    workspace: ref("workspace", row.workspace_gid),
    ...extra,
  };
}

// A resource export's lines: every object of each requested type the reader sees, filtered, with the asked fields.
async function resourceLines(db: Db, actor: Actor, workspaceGid: number, input: ResourceExportBody) {
  const lines: string[] = [];
  for (const parameter of input.export_request_parameters) {
    const fields = parameter.fields?.length ? parseOptFields(parameter.fields.join(",")) : null;
    const filters = parameter.filters ?? {};
    const emit = (object: Json) => lines.push(JSON.stringify(shape(object, fields)));
    if (parameter.resource_type === "team") {
      const teams = await db
        .selectFrom("teams")
        .selectAll()
        .where("workspace_gid", "=", workspaceGid)
        .where("gid", "in", visibleTeamGids(db, actor.gid))
        .orderBy("name")
        .execute();
      const members = teams.length
        ? await db
            .selectFrom("team_memberships")
            .innerJoin("users", "users.gid", "team_memberships.user_gid")
            .select(["team_memberships.team_gid", "users.gid", "users.name"])
            .where(
              "team_memberships.team_gid",
              "in",
              teams.map((team) => team.gid),
            )
            .execute()
        : [];
      for (const team of teams) {
        emit({
          gid: String(team.gid),
          resource_type: "team",
          name: team.name,
          description: team.description,
          organization: { gid: String(workspaceGid), resource_type: "workspace" },
          members: members
            .filter((member) => member.team_gid === team.gid)
            .map((member) => ({ gid: String(member.gid), resource_type: "user", name: member.name })),
        });
      }
      continue;
    }
    if (parameter.resource_type === "message") {
      let query = db
        .selectFrom("status_updates")
        .selectAll()
        .where("workspace_gid", "=", workspaceGid)
        .where("parent_gid", "in", visibleProjectGids(db, actor.gid));
      if (filters["created_by.any"]) query = query.where("created_by_gid", "in", gidsOf(filters["created_by.any"]));
      if (filters["created_at.after"]) query = query.where("created_at", ">", String(filters["created_at.after"]));
      if (filters["created_at.before"]) query = query.where("created_at", "<", String(filters["created_at.before"]));
      for (const update of await query.orderBy("created_at").execute()) {
        emit({
          gid: String(update.gid),
          resource_type: "message",
          resource_subtype: "status_update",
          status_type: update.status_type,
          title: update.title,
          text: update.text,
          html_notes: update.html_text,
          created_by: update.created_by_gid ? { gid: String(update.created_by_gid), resource_type: "user" } : null,
          created_at: update.created_at,
          modified_at: update.modified_at,
          parents: [{ gid: String(update.parent_gid), resource_type: "project" }],
        });
      }
      continue;
    }
    let offset = 0;
    for (;;) {
      let query = db
        .selectFrom("tasks")
        .selectAll("tasks")
        .where("tasks.workspace_gid", "=", workspaceGid)
        .where(taskIsVisible(db, actor.gid));
      const any = (key: string) => gidsOf(filters[key]);
      if (filters["assignee.any"]) query = query.where("tasks.assignee_gid", "in", any("assignee.any"));
      if (filters["assigned_by.any"]) query = query.where("tasks.assigned_by_gid", "in", any("assigned_by.any"));
      if (filters["created_by.any"]) query = query.where("tasks.created_by_gid", "in", any("created_by.any"));
      if (filters.completed !== undefined) query = query.where("tasks.completed", "=", filters.completed ? 1 : 0);
      if (filters["created_at.after"])
        query = query.where("tasks.created_at", ">", String(filters["created_at.after"]));
      if (filters["created_at.before"])
        query = query.where("tasks.created_at", "<", String(filters["created_at.before"]));
      if (filters["modified_at.after"])
        query = query.where("tasks.modified_at", ">", String(filters["modified_at.after"]));
      if (filters["modified_at.before"])
        query = query.where("tasks.modified_at", "<", String(filters["modified_at.before"]));
      if (filters["followers.any"]) {
        const followers = any("followers.any");
        query = query.where("tasks.gid", "in", (eb) =>
          eb.selectFrom("task_followers").select("task_gid").where("user_gid", "in", followers),
        );
      }
      if (filters["projects.any"]) {
        const projects = any("projects.any");
        query = query.where("tasks.gid", "in", (eb) =>
          eb.selectFrom("task_memberships").select("task_gid").where("project_gid", "in", projects),
        );
      }
      if (filters["teams.any"]) {
        const teams = any("teams.any");
        query = query.where("tasks.gid", "in", (eb) =>
          eb
            .selectFrom("task_memberships")
            .innerJoin("projects", "projects.gid", "task_memberships.project_gid")
            .select("task_memberships.task_gid")
            .where("projects.team_gid", "in", teams),
        );
      }
      const batch = await query.orderBy("tasks.gid").limit(BATCH).offset(offset).execute();
      if (batch.length === 0) break;
      offset += batch.length;
      const gids = batch.map((task) => task.gid);
      const stories = await db
        .selectFrom("stories")
        .select(["gid", "task_gid", "text", "created_by_gid", "created_at", "resource_subtype"])
        .where("task_gid", "in", gids)
        .where("type", "=", "comment")
        .orderBy("created_at")
        .execute();
      const attachments = await db
        .selectFrom("attachments")
        .select(["gid", "parent_gid", "name", "resource_subtype", "created_at"])
        .where("parent_gid", "in", gids)
        .execute();
      for (const task of batch) {
        emit(
          taskObject(task as unknown as Json & { gid: number }, {
            stories: stories
              .filter((story) => story.task_gid === task.gid)
              .map((story) => ({
                gid: String(story.gid),
                resource_type: "story",
                resource_subtype: story.resource_subtype,
                text: story.text,
                created_at: story.created_at,
                created_by: story.created_by_gid ? { gid: String(story.created_by_gid), resource_type: "user" } : null,
              })),
            attachments: attachments
              .filter((attachment) => attachment.parent_gid === task.gid)
              .map((attachment) => ({
                gid: String(attachment.gid),
                resource_type: "attachment",
                resource_subtype: attachment.resource_subtype,
                name: attachment.name,
                created_at: attachment.created_at,
              })),
          }),
        );
      }
    }
  }
  return lines;
}

// The job's work, as the person who asked: writes the file, then marks the export succeeded (or failed).
export async function runApiExport(db: Db, dataDir: string, actor: Actor, exportGid: number) {
  const row = await db.selectFrom("api_exports").selectAll().where("gid", "=", exportGid).executeTakeFirst();
  if (!row) throw new Error("export: the export was deleted");
  // A job delivered again after its export was done (jobs are delivered at least once): the file stays as written.
  if (row.status === "succeeded" || row.status === "failed") return;
  await db.updateTable("api_exports").set({ status: "in_progress" }).where("gid", "=", row.gid).execute();
  try {
    const request = JSON.parse(row.request);
    const body =
      row.kind === "graph"
        ? await graphExport(db, actor, { parent: Number(request.parent) })
        : await gzip(`${(await resourceLines(db, actor, row.workspace_gid, request)).join("\n")}\n`);
    const name = `${row.kind}-export-${row.gid}.${row.kind === "graph" ? "json" : "jsonl"}.gz`;
    writeFileDurably(path.join(exportsDir(dataDir), name), body);
    await db
      .updateTable("api_exports")
      .set({ status: "succeeded", file: name, completed_at: new Date().toISOString() })
      .where("gid", "=", row.gid)
      .execute();
  } catch (error) {
    await db
      .updateTable("api_exports")
      .set({ status: "failed", error: (error as Error).message, completed_at: new Date().toISOString() })
      .where("gid", "=", row.gid)
      .execute();
    throw error;
  }
}

const EXPORT_DAYS = 30;

// Asana keeps an export's file 30 days after it was written: older files are removed (the download answers 404).
export async function purgeApiExports(db: Db, dataDir: string, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - EXPORT_DAYS * 24 * 60 * 60 * 1000).toISOString();
  const stale = await db
    .selectFrom("api_exports")
    .select(["gid", "file"])
    .where("file", "is not", null)
    .where("completed_at", "<", before)
    .execute();
  for (const row of stale) {
    fs.rmSync(path.join(exportsDir(dataDir), path.basename(row.file ?? "")), { force: true });
    await db.updateTable("api_exports").set({ file: null }).where("gid", "=", row.gid).execute();
  }
  return stale.length;
}
