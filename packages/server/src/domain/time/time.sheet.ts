import type { Db } from "../../db/index.ts";
import { notFound } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import type { Actor } from "../context.ts";
import { authorizeTimesheet } from "./time.policy.ts";
import { timesheet } from "./time.queries.ts";

// GET /workspaces/{gid}/timesheet: a person's week (oneself by default, "me" too), as far as the actor may see it.
export async function timesheetFor(
  db: Db,
  actor: Actor,
  workspaceGid: number,
  query: { user?: string; week?: string },
) {
  const userGid = !query.user || query.user === "me" ? actor.gid : parseGid(query.user);
  if (userGid === null) throw notFound("user");
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
  return { user, sheet: await timesheet(db, actor.gid, workspaceGid, userGid, week) };
}
