import {
  CreateTimeEntryBody,
  Empty,
  StartedTimer,
  TaskParams,
  Timer,
  Timesheet,
  TimesheetParams,
  TimesheetQuery,
  TimeTrackingEntriesQuery,
  TimeTrackingEntry,
  TimeTrackingEntryCompact,
  TimeTrackingEntryParams,
  UpdateTimeEntryBody,
} from "@takt/contracts";
import type { FastifyInstance } from "fastify";
import { shape } from "../../domain/opt-fields.ts";
import { taskFor } from "../../domain/tasks/task.resolve.ts";
import { deleteEntryUseCase, entryFor, logTimeUseCase, updateEntryUseCase } from "../../domain/time/time.entry.ts";
import { ENTRY_COMPACT, presentEntries, presentTimer } from "../../domain/time/time.presenter.ts";
import { entriesOfTask, runningTimer } from "../../domain/time/time.queries.ts";
import { searchEntries } from "../../domain/time/time.search.ts";
import { timesheetFor } from "../../domain/time/time.sheet.ts";
import { startTimerUseCase, stopTimerUseCase } from "../../domain/time/time.timer.ts";
import { contract } from "../contract.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type ByTask = { Params: { task_gid: string } };
type ByEntry = { Params: { time_tracking_entry_gid: string } };

// Time tracking: Asana's time_tracking_entries and actual_time_minutes, plus Takt's start/stop timer and
// weekly timesheet.
export async function timeRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  app.get<ByTask>(
    "/tasks/:task_gid/time_tracking_entries",
    contract({
      summary: "Get time tracking entries for a task",
      tags: ["time_tracking_entries"],
      params: TaskParams,
      list: true,
      response: TimeTrackingEntryCompact,
    }),
    async (request) => {
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
    },
  );

  app.post<ByTask>(
    "/tasks/:task_gid/time_tracking_entries",
    contract({
      summary: "Create a time tracking entry",
      tags: ["time_tracking_entries"],
      params: TaskParams,
      body: CreateTimeEntryBody,
      status: 201,
      response: TimeTrackingEntry,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(CreateTimeEntryBody, request.body);
      const entry = await logTimeUseCase(ctx, request.params.task_gid, input);
      const [presented] = await presentEntries(db, [entry]);
      return created(reply, "/time_tracking_entries", shape(presented, optFieldsOf(request)) as { gid: string });
    },
  );

  app.get(
    "/time_tracking_entries",
    contract({
      summary: "Get multiple time tracking entries",
      query: TimeTrackingEntriesQuery,
      list: true,
      response: TimeTrackingEntryCompact,
    }),
    async (request) => {
      const query = parse(TimeTrackingEntriesQuery, request.query);
      const page = pageOf(request);
      const rows = await searchEntries(db, actorOf(request), query, page.window);
      const optFields = optFieldsOf(request);
      const presented = await presentEntries(db, rows);
      return listed(
        request,
        page,
        presented.map((entry) => shape(entry, optFields, ENTRY_COMPACT)),
      );
    },
  );

  app.get<ByEntry>(
    "/time_tracking_entries/:time_tracking_entry_gid",
    contract({ summary: "Get a time tracking entry", params: TimeTrackingEntryParams, response: TimeTrackingEntry }),
    async (request) => {
      const actor = actorOf(request);
      const { entry } = await entryFor(db, actor, request.params.time_tracking_entry_gid, "read");
      const [presented] = await presentEntries(db, [entry]);
      return { data: shape(presented, optFieldsOf(request)) };
    },
  );

  app.put<ByEntry>(
    "/time_tracking_entries/:time_tracking_entry_gid",
    contract({
      summary: "Update a time tracking entry",
      params: TimeTrackingEntryParams,
      body: UpdateTimeEntryBody,
      response: TimeTrackingEntry,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(UpdateTimeEntryBody, request.body);
      const updated = await updateEntryUseCase(ctx, request.params.time_tracking_entry_gid, input);
      const [presented] = await presentEntries(db, [updated]);
      return { data: shape(presented, optFieldsOf(request)) };
    },
  );

  app.delete<ByEntry>(
    "/time_tracking_entries/:time_tracking_entry_gid",
    contract({ summary: "Delete a time tracking entry", params: TimeTrackingEntryParams, response: Empty }),
    async (request) => {
      await deleteEntryUseCase(ctxOf(request), request.params.time_tracking_entry_gid);
      return { data: {} };
    },
  );

  // Takt: the caller's running timer (null when none), kept on the server so it survives a reload.
  app.get(
    "/timer",
    contract({ summary: "Get the running timer", tags: ["time_tracking_entries"], response: Timer.nullable() }),
    async (request) => {
      const actor = actorOf(request);
      return { data: presentTimer(await runningTimer(db, actor.gid)) };
    },
  );

  app.post<ByTask>(
    "/tasks/:task_gid/timer/start",
    contract({
      summary: "Start a timer on a task",
      tags: ["time_tracking_entries"],
      params: TaskParams,
      response: StartedTimer,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const stopped = await startTimerUseCase(ctx, request.params.task_gid);
      const timer = presentTimer(await runningTimer(db, ctx.actor.gid));
      const [stoppedEntry] = stopped ? await presentEntries(db, [stopped]) : [null];
      return { data: { ...timer, stopped_entry: stoppedEntry } };
    },
  );

  app.post(
    "/timer/stop",
    contract({ summary: "Stop the running timer", tags: ["time_tracking_entries"], response: TimeTrackingEntry }),
    async (request) => {
      const entry = await stopTimerUseCase(ctxOf(request));
      const [presented] = await presentEntries(db, [entry]);
      return { data: presented };
    },
  );

  app.get<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/timesheet",
    contract({
      summary: "Get a weekly timesheet",
      tags: ["time_tracking_entries"],
      params: TimesheetParams,
      query: TimesheetQuery,
      response: Timesheet,
    }),
    async (request) => {
      const actor = actorOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      const query = parse(TimesheetQuery, request.query ?? {});
      const { user, sheet } = await timesheetFor(db, actor, workspaceGid, query);
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
    },
  );
}
