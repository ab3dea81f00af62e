import type { CreateOooEntryInput, OooEntriesQuery, UpdateOooEntryInput } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { OooEntriesTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { refGid } from "../tasks/task.resolve.ts";
import { userRef } from "../users/user.presenter.ts";
import { authorizeOooEntry, authorizeOooRead, authorizeOooWrite } from "./ooo-entry.policy.ts";

type ActorCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

function checkDays(start: string, end: string) {
  if (end < start) throw badRequest("end_date: must be on or after start_date");
}

async function memberOf(db: Db, workspaceGid: number, userGid: number): Promise<void> {
  const row = await db
    .selectFrom("workspace_memberships")
    .select("user_gid")
    .where("workspace_gid", "=", workspaceGid)
    .where("user_gid", "=", userGid)
    .executeTakeFirst();
  if (!row) throw badRequest("user: is not a member of this workspace");
}

async function loadEntry(db: Db, gid: number) {
  return db.selectFrom("ooo_entries").selectAll().where("gid", "=", gid).executeTakeFirst();
}

// Entries with their people's names, as Asana presents them.
export async function presentOooEntries(db: Db, entries: OooEntriesTable[]) {
  const gids = [...new Set(entries.flatMap((entry) => [entry.user_gid, entry.created_by_gid ?? entry.user_gid]))];
  const users = gids.length
    ? await db.selectFrom("users").select(["gid", "name"]).where("gid", "in", gids).execute()
    : [];
  const named = new Map(users.map((user) => [user.gid, user]));
  return entries.map((entry) => ({
    gid: String(entry.gid),
    resource_type: "ooo_entry",
    start_date: entry.start_date,
    end_date: entry.end_date,
    user: userRef(named.get(entry.user_gid) ?? { gid: entry.user_gid, name: "" }),
    created_by: entry.created_by_gid
      ? userRef(named.get(entry.created_by_gid) ?? { gid: entry.created_by_gid, name: "" })
      : null,
  }));
}

// GET /ooo_entries?user=&workspace=: one person's entries, those overlapping start_date–end_date when given.
export async function listOooEntries(db: Db, actor: Actor, query: OooEntriesQuery, window: Window) {
  const workspaceGid = refGid(query.workspace, "workspace");
  const userGid = query.user === "me" ? actor.gid : refGid(query.user, "user");
  await authorizeOooRead(db, actor, workspaceGid);
  let rows = db
    .selectFrom("ooo_entries")
    .selectAll()
    .where("workspace_gid", "=", workspaceGid)
    .where("user_gid", "=", userGid);
  if (query.start_date) rows = rows.where("end_date", ">=", query.start_date);
  if (query.end_date) rows = rows.where("start_date", "<=", query.end_date);
  return rows.orderBy("start_date").orderBy("gid").limit(window.limit).offset(window.offset).execute();
}

export async function readOooEntry(db: Db, actor: Actor, gid: number) {
  return authorizeOooEntry(db, actor, await loadEntry(db, gid), "read");
}

export function createOooEntryUseCase(ctx: ActorCtx, input: CreateOooEntryInput) {
  return unitOfWork(ctx, async (uow) => {
    const workspaceGid = refGid(input.workspace, "workspace");
    const userGid = input.user === "me" ? uow.actor.gid : refGid(input.user, "user");
    await authorizeOooWrite(uow.db, uow.actor, workspaceGid, userGid);
    await memberOf(uow.db, workspaceGid, userGid);
    checkDays(input.start_date, input.end_date);
    const entry: OooEntriesTable = {
      gid: newGid(),
      workspace_gid: workspaceGid,
      user_gid: userGid,
      start_date: input.start_date,
      end_date: input.end_date,
      created_by_gid: uow.actor.gid,
      created_at: uow.unit.now,
    };
    await uow.db.insertInto("ooo_entries").values(entry).execute();
    return entry;
  });
}

export function updateOooEntryUseCase(ctx: ActorCtx, gid: number, input: UpdateOooEntryInput) {
  return unitOfWork(ctx, async (uow) => {
    const entry = await authorizeOooEntry(uow.db, uow.actor, await loadEntry(uow.db, gid), "write");
    const next = {
      start_date: input.start_date ?? entry.start_date,
      end_date: input.end_date ?? entry.end_date,
    };
    checkDays(next.start_date, next.end_date);
    await uow.db.updateTable("ooo_entries").set(next).where("gid", "=", gid).execute();
    return { ...entry, ...next };
  });
}

export function deleteOooEntryUseCase(ctx: ActorCtx, gid: number) {
  return unitOfWork(ctx, async (uow) => {
    await authorizeOooEntry(uow.db, uow.actor, await loadEntry(uow.db, gid), "write");
    await uow.db.deleteFrom("ooo_entries").where("gid", "=", gid).execute();
  });
}
