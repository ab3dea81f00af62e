import type { Db } from "../../db/index.ts";
import type { AccessLevel } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import type { Actor, Ctx } from "../context.ts";
import { findVisibleUser } from "../users/user.queries.ts";
import { visibleProjectGids } from "./project.policy.ts";
import type { MembershipRow } from "./project.presenter.ts";
import { findMembership, membershipRows } from "./project.queries.ts";
import {
  addProjectMembersUseCase,
  listProjectMemberships,
  readProjectMembership,
  removeProjectMembersUseCase,
} from "./project.use-cases.ts";

// Asana's generic /memberships, over Takt's project memberships: each call is the project-membership use case
// it names, so it runs the same policy.

type Window = { limit: number; offset: number };
type ActorCtx = Ctx & { actor: Actor };

function gidOf(raw: string, field: string): number {
  const gid = parseGid(raw);
  if (gid === null) throw badRequest(`${field}: Not a valid gid: ${raw.slice(0, 40)}`);
  return gid;
}

export async function listMemberships(
  db: Db,
  actor: Actor,
  query: { parent?: string; member?: string },
  window: Window,
): Promise<MembershipRow[]> {
  if (query.parent) return listProjectMemberships(db, actor, gidOf(query.parent, "parent"), query.member, window);
  if (!query.member) throw badRequest("parent: Missing input. Pass parent, or member.");
  const user = await findVisibleUser(db, actor.gid, query.member);
  if (!user) throw notFound("member");
  return membershipRows(db)
    .where("project_memberships.user_gid", "=", user.gid)
    .where("projects.gid", "in", visibleProjectGids(db, actor.gid))
    .orderBy("project_memberships.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

export async function createMembershipUseCase(
  ctx: ActorCtx,
  input: { parent: string; member: string; access_level?: AccessLevel },
): Promise<MembershipRow> {
  const projectGid = gidOf(input.parent, "parent");
  await addProjectMembersUseCase(ctx, projectGid, {
    refs: [input.member],
    field: "member",
    accessLevel: input.access_level ?? "editor",
  });
  const user = await findVisibleUser(ctx.db, ctx.actor.gid, input.member);
  const row = await membershipRows(ctx.db)
    .where("project_memberships.project_gid", "=", projectGid)
    .where("project_memberships.user_gid", "=", user?.gid ?? 0)
    .executeTakeFirst();
  if (!row) throw notFound("membership");
  return row;
}

export async function deleteMembershipUseCase(ctx: ActorCtx, membershipGid: number): Promise<void> {
  const membership = await readProjectMembership(ctx.db, ctx.actor, membershipGid);
  await removeProjectMembersUseCase(ctx, membership.project_gid, {
    refs: [String(membership.user_gid)],
    field: "member",
  });
}

export { findMembership };
