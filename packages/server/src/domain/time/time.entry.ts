import type { CreateTimeEntryInput, UpdateTimeEntryInput } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { TasksTable, TimeTrackingEntriesTable } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import { type Actor, unitOfWork } from "../context.ts";
import type { TaskCtx } from "../tasks/task.commands.ts";
import { loadTask } from "../tasks/task.queries.ts";
import { taskFor } from "../tasks/task.resolve.ts";
import { createEntry, deleteEntry, type EntryLinks, updateEntry } from "./time.commands.ts";
import { authorizeEntry } from "./time.policy.ts";
import { entryByGid } from "./time.queries.ts";

// Time tracking entries (Asana's time_tracking_entries): logged, corrected and removed, each request one unit of work.

// An entry by the gid a request names, with its task, when the actor may read or change it.
export async function entryFor(
  db: Db,
  actor: Actor,
  entryRaw: string,
  action: "read" | "edit",
): Promise<{ entry: TimeTrackingEntriesTable; task: TasksTable }> {
  const gid = parseGid(entryRaw);
  if (gid === null) throw notFound("time_tracking_entry");
  const entry = await entryByGid(db, gid);
  const task = entry ? await loadTask(db, entry.task_gid) : undefined;
  await authorizeEntry(db, actor, entry, task, action);
  if (!entry || !task) throw notFound("time_tracking_entry");
  return { entry, task };
}

// What an entry links to, from a request: attributable_to must be one of the task's projects, the category one
// of the workspace's (at most one, Asana's limit). Only the keys the request names.
async function linksOf(
  db: Db,
  task: Pick<TasksTable, "gid" | "workspace_gid">,
  input: { attributable_to?: string | null; categories?: string[]; billable_status?: EntryLinks["billable_status"] },
): Promise<EntryLinks> {
  const links: EntryLinks = {};
  if (input.attributable_to !== undefined) {
    if (input.attributable_to === null) links.attributable_to_gid = null;
    else {
      const placed = await db
        .selectFrom("task_memberships")
        .select("project_gid")
        .where("task_gid", "=", task.gid)
        .where("project_gid", "=", Number(input.attributable_to))
        .executeTakeFirst();
      if (!placed) throw badRequest("attributable_to: must be a project this task is in");
      links.attributable_to_gid = placed.project_gid;
    }
  }
  if (input.categories !== undefined) {
    const [ref] = input.categories;
    if (ref === undefined) links.category_gid = null;
    else {
      const category = await db
        .selectFrom("time_tracking_categories")
        .select(["gid", "is_archived"])
        .where("gid", "=", Number(ref))
        .where("workspace_gid", "=", task.workspace_gid)
        .executeTakeFirst();
      if (!category) throw badRequest("categories.0: not a time tracking category of this workspace");
      if (category.is_archived) throw badRequest("categories.0: this category is archived");
      links.category_gid = category.gid;
    }
  }
  if (input.billable_status !== undefined) links.billable_status = input.billable_status;
  return links;
}

// POST /tasks/{gid}/time_tracking_entries: anyone who may comment on the task logs time on it.
export async function logTimeUseCase(
  ctx: TaskCtx,
  taskRaw: string,
  input: CreateTimeEntryInput,
): Promise<TimeTrackingEntriesTable> {
  return unitOfWork(ctx, async (uow) => {
    const task = await taskFor(uow.db, uow.actor, taskRaw, "comment");
    return createEntry(uow, task, { ...input, ...(await linksOf(uow.db, task, input)) });
  });
}

// PUT /time_tracking_entries/{gid}
export async function updateEntryUseCase(
  ctx: TaskCtx,
  entryRaw: string,
  input: UpdateTimeEntryInput,
): Promise<TimeTrackingEntriesTable> {
  return unitOfWork(ctx, async (uow) => {
    const { entry, task } = await entryFor(uow.db, uow.actor, entryRaw, "edit");
    return updateEntry(uow, task, entry, { ...input, ...(await linksOf(uow.db, task, input)) });
  });
}

// DELETE /time_tracking_entries/{gid}
export async function deleteEntryUseCase(ctx: TaskCtx, entryRaw: string): Promise<void> {
  await unitOfWork(ctx, async (uow) => {
    const { entry, task } = await entryFor(uow.db, uow.actor, entryRaw, "edit");
    await deleteEntry(uow, task, entry);
  });
}
