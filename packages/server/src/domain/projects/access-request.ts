import type { Db } from "../../db/index.ts";
import type { AccessLevel, AccessRequestsTable } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { newGid, parseGid } from "../../ids.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { requireFullMember } from "../workspaces/workspace.policy.ts";
import { authorizeProject } from "./project.policy.ts";
import { findProject } from "./project.queries.ts";
import { addProjectMembersUseCase } from "./project.use-cases.ts";

type ActorCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

// Asana's access requests: a full member of the workspace asks to join a project (one they were sent a link to);
// the project's admins list, approve (the requester joins at the project's default access level) or reject them.

export type AccessRequestRow = AccessRequestsTable & { requester_name: string; project_name: string };

export function presentAccessRequest(row: AccessRequestRow) {
  return {
    gid: String(row.gid),
    resource_type: "access_request",
    approval_status: row.status,
    message: row.message,
    requester: { gid: String(row.requester_gid), resource_type: "user", name: row.requester_name },
    // The project's name is left out: a requester may not see the (private) project they ask to join.
    target: { gid: String(row.project_gid), resource_type: "project" },
    created_at: row.created_at,
  };
}

function rows(db: Db) {
  return db
    .selectFrom("access_requests")
    .innerJoin("users", "users.gid", "access_requests.requester_gid")
    .innerJoin("projects", "projects.gid", "access_requests.project_gid")
    .selectAll("access_requests")
    .select(["users.name as requester_name", "projects.name as project_name"]);
}

function gidOf(raw: string, field: string): number {
  const gid = parseGid(raw);
  if (gid === null) throw badRequest(`${field}: Not a valid gid: ${raw.slice(0, 40)}`);
  return gid;
}

export function createAccessRequestUseCase(ctx: ActorCtx, input: { target: string; message?: string }) {
  return unitOfWork(ctx, async (uow) => {
    const project = await findProject(uow.db, gidOf(input.target, "target"));
    if (!project) throw notFound("target");
    await requireFullMember(uow.db, uow.actor, project.workspace_gid).catch(() => {
      throw notFound("target");
    });
    const pending = await uow.db
      .selectFrom("access_requests")
      .select("gid")
      .where("project_gid", "=", project.gid)
      .where("requester_gid", "=", uow.actor.gid)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (pending) throw badRequest(`target: you already asked for access (${pending.gid})`);
    const gid = newGid();
    await uow.db
      .insertInto("access_requests")
      .values({
        gid,
        workspace_gid: project.workspace_gid,
        project_gid: project.gid,
        requester_gid: uow.actor.gid,
        message: input.message ?? null,
        status: "pending",
        decided_by_gid: null,
        created_at: uow.unit.now,
      })
      .execute();
    const row = await rows(uow.db).where("access_requests.gid", "=", gid).executeTakeFirstOrThrow();
    return row;
  });
}

// A project's pending requests (its admins), or the caller's own (user=me).
export async function listAccessRequests(
  db: Db,
  actor: Actor,
  query: { target: string; user?: string },
  window: Window,
): Promise<AccessRequestRow[]> {
  const project = await findProject(db, gidOf(query.target, "target"));
  const own = query.user === "me" || query.user === String(actor.gid);
  if (!own) await authorizeProject(db, actor, project, "manage");
  if (!project) throw notFound("target");
  return rows(db)
    .where("access_requests.project_gid", "=", project.gid)
    .$if(own, (builder) => builder.where("access_requests.requester_gid", "=", actor.gid))
    .$if(!own, (builder) => builder.where("access_requests.status", "=", "pending"))
    .orderBy("access_requests.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

export function decideAccessRequestUseCase(ctx: ActorCtx, gid: number, decision: "approved" | "rejected") {
  return unitOfWork(ctx, async (uow) => {
    const request = await uow.db.selectFrom("access_requests").selectAll().where("gid", "=", gid).executeTakeFirst();
    if (!request) throw notFound("access_request");
    const project = await findProject(uow.db, request.project_gid);
    await authorizeProject(uow.db, uow.actor, project, "manage").catch((error) => {
      if (request.requester_gid === uow.actor.gid) throw error;
      throw notFound("access_request");
    });
    if (request.status !== "pending") throw badRequest(`access_request: already ${request.status}`);
    if (decision === "approved") {
      await addProjectMembersUseCase(uow, request.project_gid, {
        refs: [String(request.requester_gid)],
        field: "access_request",
        accessLevel: (project?.default_access_level as AccessLevel | null | undefined) ?? "editor",
      });
    }
    await uow.db
      .updateTable("access_requests")
      .set({ status: decision, decided_by_gid: uow.actor.gid })
      .where("gid", "=", gid)
      .execute();
  });
}
