import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { shape } from "../../domain/opt-fields.ts";
import { guestHome } from "../../domain/status-updates/guest-home.queries.ts";
import { createStatusUpdate, deleteStatusUpdate } from "../../domain/status-updates/status-update.commands.ts";
import { authorizeStatusUpdate } from "../../domain/status-updates/status-update.policy.ts";
import { presentStatusUpdate, STATUS_UPDATE_COMPACT } from "../../domain/status-updates/status-update.presenter.ts";
import { findStatusUpdate, statusUpdatesOf } from "../../domain/status-updates/status-update.queries.ts";
import { requireWorkspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { notFound } from "../../errors.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const STATUS_TYPES = ["on_track", "at_risk", "off_track", "on_hold", "complete"] as const;
const StatusType = z.enum(STATUS_TYPES, {
  error: (issue) => (issue.input === undefined ? "Missing input" : `must be one of ${STATUS_TYPES.join(", ")}`),
});
const NewStatusUpdate = z.strictObject({
  parent: z.string().min(1).max(40),
  status_type: StatusType,
  title: z.string().trim().min(1).max(1024),
  text: z.string().max(65_000).optional(),
  html_text: z.string().max(262_144).optional(),
});
const ListQuery = z.object({ parent: z.string().min(1).max(40), created_since: z.string().optional() }).loose();

type Params = { Params: { status_update_gid: string } };

export async function statusUpdatesRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function load(raw: string) {
    const update = await findStatusUpdate(db, gidParam(raw, "status_update"));
    if (!update) throw notFound("status_update");
    return update;
  }

  // The client portal's home (Takt extension): the caller's own projects with stages and latest status.
  app.get<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/guest_home", async (request) => {
    const actor = actorOf(request);
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    await requireWorkspaceRole(db, actor, workspaceGid);
    return { data: await guestHome(db, actor, workspaceGid) };
  });

  app.get("/status_updates", async (request) => {
    const actor = actorOf(request);
    const query = parse(ListQuery, request.query);
    const projectGid = gidParam(query.parent, "project");
    await authorizeStatusUpdate(db, actor, projectGid, "read");
    const page = pageOf(request);
    const rows = await statusUpdatesOf(db, projectGid, page.window);
    const optFields = optFieldsOf(request);
    return listed(
      request,
      page,
      rows.map((row) => shape(presentStatusUpdate(row), optFields, STATUS_UPDATE_COMPACT)),
    );
  });

  app.post("/status_updates", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(NewStatusUpdate, request.body);
    const projectGid = gidParam(input.parent, "project");
    await authorizeStatusUpdate(db, ctx.actor, projectGid, "create");
    const project = await db
      .selectFrom("projects")
      .select(["gid", "workspace_gid"])
      .where("gid", "=", projectGid)
      .executeTakeFirstOrThrow();
    const gid = await createStatusUpdate(ctx, project, input);
    const update = await load(String(gid));
    return created(
      reply,
      "/status_updates",
      shape(presentStatusUpdate(update), optFieldsOf(request)) as { gid: string },
    );
  });

  app.get<Params>("/status_updates/:status_update_gid", async (request) => {
    const actor = actorOf(request);
    const update = await load(request.params.status_update_gid);
    await authorizeStatusUpdate(db, actor, update.parent_gid, "read", update);
    return { data: shape(presentStatusUpdate(update), optFieldsOf(request)) };
  });

  app.delete<Params>("/status_updates/:status_update_gid", async (request) => {
    const ctx = ctxOf(request);
    const update = await load(request.params.status_update_gid);
    await authorizeStatusUpdate(db, ctx.actor, update.parent_gid, "delete", update);
    await deleteStatusUpdate(ctx, update);
    return { data: {} };
  });
}
