import type { Db } from "../../db/index.ts";
import type { TimeTrackingEntriesTable } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import type { Actor } from "../context.ts";
import { authorizeProject } from "../projects/project.policy.ts";
import { findProject } from "../projects/project.queries.ts";
import { taskIsVisible } from "../tasks/task.policy.ts";
import { taskFor } from "../tasks/task.resolve.ts";
import { findVisibleUser } from "../users/user.queries.ts";
import { requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import { isCalendarDate } from "./time.format.ts";

type Window = { limit: number; offset: number };

export interface EntryFilter {
  workspace?: string;
  task?: string;
  project?: string;
  user?: string;
  attributable_to?: string;
  entered_on_start_date?: string;
  entered_on_end_date?: string;
}

function gidOf(raw: string, field: string): number {
  const gid = parseGid(raw);
  if (gid === null) throw badRequest(`${field}: Not a valid gid: ${raw.slice(0, 40)}`);
  return gid;
}

function dateOf(raw: string | undefined, field: string): string | undefined {
  if (raw === undefined) return undefined;
  if (!isCalendarDate(raw)) throw badRequest(`${field}: must be a date as YYYY-MM-DD`);
  return raw;
}

// GET /time_tracking_entries: what an agency bills from — the entries on the tasks the caller may read, in a
// workspace, a project or on a task, by person and by date range, newest first.
export async function searchEntries(
  db: Db,
  actor: Actor,
  filter: EntryFilter,
  window: Window,
): Promise<TimeTrackingEntriesTable[]> {
  const from = dateOf(filter.entered_on_start_date, "entered_on_start_date");
  const to = dateOf(filter.entered_on_end_date, "entered_on_end_date");
  let workspaceGid: number | undefined;
  let taskGid: number | undefined;
  let projectGid: number | undefined;
  if (filter.task) taskGid = (await taskFor(db, actor, filter.task, "read")).gid;
  if (filter.project) {
    const project = await findProject(db, gidOf(filter.project, "project"));
    await authorizeProject(db, actor, project, "read");
    projectGid = project?.gid;
  }
  if (filter.workspace) {
    workspaceGid = gidOf(filter.workspace, "workspace");
    await requireWorkspaceRole(db, actor, workspaceGid);
  }
  if (workspaceGid === undefined && taskGid === undefined && projectGid === undefined) {
    throw badRequest("workspace: Missing input. Pass workspace, project or task.");
  }
  const personRef = filter.attributable_to ?? filter.user;
  let personGid: number | undefined;
  if (personRef) {
    const person = await findVisibleUser(db, actor.gid, personRef);
    if (!person) throw notFound(filter.attributable_to ? "attributable_to" : "user");
    personGid = person.gid;
  }
  return db
    .selectFrom("time_tracking_entries")
    .selectAll("time_tracking_entries")
    .where(
      "time_tracking_entries.task_gid",
      "in",
      db.selectFrom("tasks").select("tasks.gid").where(taskIsVisible(db, actor.gid)),
    )
    .$if(workspaceGid !== undefined, (query) =>
      query.where("time_tracking_entries.workspace_gid", "=", workspaceGid ?? 0),
    )
    .$if(taskGid !== undefined, (query) => query.where("time_tracking_entries.task_gid", "=", taskGid ?? 0))
    .$if(projectGid !== undefined, (query) =>
      query.where("time_tracking_entries.task_gid", "in", (eb) =>
        eb
          .selectFrom("task_memberships")
          .innerJoin("tasks as homed", "homed.gid", "task_memberships.task_gid")
          .select("task_memberships.task_gid")
          .where("task_memberships.project_gid", "=", projectGid ?? 0)
          .union(
            // Subtasks count towards their root's project.
            eb
              .selectFrom("tasks as sub")
              .innerJoin("task_memberships as rm", "rm.task_gid", "sub.root_gid")
              .select("sub.gid as task_gid")
              .where("rm.project_gid", "=", projectGid ?? 0),
          ),
      ),
    )
    .$if(personGid !== undefined, (query) => query.where("time_tracking_entries.created_by_gid", "=", personGid ?? 0))
    .$if(from !== undefined, (query) => query.where("time_tracking_entries.entered_on", ">=", from ?? ""))
    .$if(to !== undefined, (query) => query.where("time_tracking_entries.entered_on", "<=", to ?? ""))
    .orderBy("time_tracking_entries.entered_on", "desc")
    .orderBy("time_tracking_entries.gid", "desc")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}
