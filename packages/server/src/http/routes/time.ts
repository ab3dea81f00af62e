import type { FastifyInstance } from "fastify";
import type { Actor } from "../../domain/context.ts";
import { shape } from "../../domain/opt-fields.ts";
import { loadTask } from "../../domain/tasks/task.queries.ts";
import { taskFor } from "../../domain/tasks/task.resolve.ts";
import { createEntry, deleteEntry, startTimer, stopTimer, updateEntry } from "../../domain/time/time.commands.ts";
import { authorizeEntry, authorizeTimesheet } from "../../domain/time/time.policy.ts";
import { ENTRY_COMPACT, presentEntries, presentTimer } from "../../domain/time/time.presenter.ts";
import { entriesOfTask, entryByGid, runningTimer, timesheet } from "../../domain/time/time.queries.ts";
import { CreateEntryBody, TimesheetQuery, UpdateEntryBody } from "../../domain/time/time.schemas.ts";
import { notFound } from "../../errors.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type TaskParams = { Params: { task_gid: string } };
type EntryParams = { Params: { time_tracking_entry_gid: string } };

// Time tracking: Asana's time_tracking_entries and actual_time_minutes, plus Takt's start/stop timer and
// weekly timesheet.
export async function timeRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function entryFor(actor: Actor, raw: string, action: "read" | "edit") {
    const entry = await entryByGid(db, gidParam(raw, "time_tracking_entry"));
    const task = entry ? await loadTask(db, entry.task_gid) : undefined;
    await authorizeEntry(db, actor, entry, task, action);
    if (!entry || !task) throw notFound("time_tracking_entry");
    return { entry, task };
  }

  app.get<TaskParams>("/tasks/:task_gid/time_tracking_entries", async (request) => {
    const actor = actorOf(request);
    const task = await taskFor(db, actor, request.params.task_gid, "read");
    const page = pageOf(request);
    const rows = await entriesOfTask(db, task.gid, page.window);
    const optFields = optFieldsOf(request);
    const presented = await presentEntries(db, rows);
    return listed(
      request,
      page,
      presented.map((entry) => shape(entry, optFields, ENTRY_COMPACT)),
    );
  });

  app.post<TaskParams>("/tasks/:task_gid/time_tracking_entries", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(CreateEntryBody, request.body);
    const task = await taskFor(db, ctx.actor, request.params.task_gid, "comment");
    const entry = await createEntry(ctx, task, input);
    const [presented] = await presentEntries(db, [entry]);
    return created(reply, "/time_tracking_entries", shape(presented, optFieldsOf(request)) as { gid: string });
  });

  app.get<EntryParams>("/time_tracking_entries/:time_tracking_entry_gid", async (request) => {
    const actor = actorOf(request);
    const { entry } = await entryFor(actor, request.params.time_tracking_entry_gid, "read");
    const [presented] = await presentEntries(db, [entry]);
    return { data: shape(presented, optFieldsOf(request)) };
  });

  app.put<EntryParams>("/time_tracking_entries/:time_tracking_entry_gid", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(UpdateEntryBody, request.body);
    const { entry, task } = await entryFor(ctx.actor, request.params.time_tracking_entry_gid, "edit");
    const updated = await updateEntry(ctx, task, entry, input);
    const [presented] = await presentEntries(db, [updated]);
    return { data: shape(presented, optFieldsOf(request)) };
  });

  app.delete<EntryParams>("/time_tracking_entries/:time_tracking_entry_gid", async (request) => {
    const ctx = ctxOf(request);
    const { entry, task } = await entryFor(ctx.actor, request.params.time_tracking_entry_gid, "edit");
    await deleteEntry(ctx, task, entry);
    return { data: {} };
  });

  // Takt: the caller's running timer (null when none), kept on the server so it survives a reload.
  app.get("/timer", async (request) => {
    const actor = actorOf(request);
    return { data: presentTimer(await runningTimer(db, actor.gid)) };
  });

  app.post<TaskParams>("/tasks/:task_gid/timer/start", async (request) => {
    const ctx = ctxOf(request);
    const task = await taskFor(db, ctx.actor, request.params.task_gid, "comment");
    const { stopped } = await startTimer(ctx, task);
    const timer = presentTimer(await runningTimer(db, ctx.actor.gid));
    const [stoppedEntry] = stopped ? await presentEntries(db, [stopped]) : [null];
    return { data: { ...timer, stopped_entry: stoppedEntry } };
  });

  app.post("/timer/stop", async (request) => {
    const ctx = ctxOf(request);
    const entry = await stopTimer(ctx);
    if (!entry) throw notFound("timer");
    const [presented] = await presentEntries(db, [entry]);
    return { data: presented };
  });

  app.get<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/timesheet", async (request) => {
    const actor = actorOf(request);
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    const query = parse(TimesheetQuery, request.query ?? {});
    const userGid = !query.user || query.user === "me" ? actor.gid : gidParam(query.user, "user");
    await authorizeTimesheet(db, actor, workspaceGid, userGid);
    const user = await db
      .selectFrom("users")
      .innerJoin("workspace_memberships", "workspace_memberships.user_gid", "users.gid")
      .select(["users.gid", "users.name"])
      .where("users.gid", "=", userGid)
      .where("workspace_memberships.workspace_gid", "=", workspaceGid)
      .executeTakeFirst();
    if (!user) throw notFound("user");
    const week = query.week ?? new Date().toISOString().slice(0, 10);
    const sheet = await timesheet(db, actor.gid, workspaceGid, userGid, week);
    return {
      data: {
        resource_type: "timesheet",
        user: { gid: String(user.gid), resource_type: "user", name: user.name },
        workspace: { gid: String(workspaceGid), resource_type: "workspace" },
        week_start: sheet.days[0],
        week_end: sheet.days[6],
        ...sheet,
      },
    };
  });
}
