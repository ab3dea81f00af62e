import type { Db } from "../../db/index.ts";
import { prepared, preparedVariants } from "../../db/prepared.ts";
import type { ProjectsTable, SectionsTable, TasksTable } from "../../db/schema.ts";
import { ApiError, badRequest, forbidden, notFound } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import type { Actor } from "../context.ts";
import { authorizeProject, type ProjectAction } from "../projects/project.policy.ts";
import { userIsVisible } from "../users/user.queries.ts";
import { authorizeTask, type TaskAction } from "./task.policy.ts";
import { loadTask } from "./task.queries.ts";

// Loading what a request names, with the policy's answer reworded to name the request's field.
async function named<T>(field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw notFound(field);
    if (error instanceof ApiError && error.status === 403) throw forbidden(`${field}: ${error.message}`);
    throw error;
  }
}

export function refGid(raw: string, field: string): number {
  const gid = parseGid(raw);
  if (gid === null) throw notFound(field);
  return gid;
}

export async function taskFor(db: Db, actor: Actor, raw: string, action: TaskAction, field = "task") {
  return named(field, async () => {
    const task = await loadTask(db, refGid(raw, field));
    await authorizeTask(db, actor, task, action);
    return task!;
  });
}

// Every request about a project or a section reads it first: compiled once (db/prepared.ts).
const projectByGid = prepared(["gid"], (db, params: { gid: number }) =>
  db.selectFrom("projects").selectAll().where("gid", "=", params.gid),
);
const sectionByGid = prepared(["gid"], (db, params: { gid: number }) =>
  db.selectFrom("sections").selectAll().where("gid", "=", params.gid),
);

export async function projectFor(
  db: Db,
  actor: Actor,
  raw: string,
  action: ProjectAction,
  field = "project",
): Promise<ProjectsTable> {
  return named(field, async () => {
    const project = await projectByGid.first(db, { gid: refGid(raw, field) });
    await authorizeProject(db, actor, project, action);
    return project!;
  });
}

// A section, with the access the action needs on its project.
export async function sectionFor(
  db: Db,
  actor: Actor,
  raw: string,
  action: ProjectAction,
  field = "section",
): Promise<{ section: SectionsTable; project: ProjectsTable }> {
  return named(field, async () => {
    const section = await sectionByGid.first(db, { gid: refGid(raw, field) });
    if (!section) throw notFound(field);
    const project = await projectByGid.first(db, { gid: section.project_gid });
    await authorizeProject(db, actor, project, action);
    return { section, project: project! };
  });
}

// Users by gid and/or email (the variant says which lists are given, "<gids>:<emails>"), members of the workspace
// whom the actor may see: asked by every write that names a person (assignee, followers). Compiled once.
const workspaceUsers = preparedVariants((variant: string) => {
  const [byGid, byEmail] = variant.split(":").map((given) => given === "true");
  return prepared(
    ["gids", "emails", "workspaceGid", "actorGid"],
    (db, params: { gids: number[]; emails: string[]; workspaceGid: number; actorGid: number }) =>
      db
        .selectFrom("users")
        .select(["users.gid", "users.name", "users.email"])
        .where((eb) =>
          eb.or([
            ...(byGid ? [eb("users.gid", "in", params.gids)] : []),
            ...(byEmail ? [eb("users.email", "in", params.emails)] : []),
          ]),
        )
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom("workspace_memberships as wm")
              .select("wm.gid")
              .whereRef("wm.user_gid", "=", "users.gid")
              .where("wm.workspace_gid", "=", params.workspaceGid),
          ),
        )
        .where(userIsVisible(db, params.actorGid)),
    { lists: [...(byGid ? (["gids"] as const) : []), ...(byEmail ? (["emails"] as const) : [])] },
  );
});

// Users named by gid, email or "me" who belong to the workspace and whom the actor may see.
export async function usersFor(
  db: Db,
  actor: Actor,
  workspaceGid: number,
  refs: string[],
  field: string,
): Promise<{ gid: number; name: string }[]> {
  if (refs.length === 0) return [];
  const gids: number[] = [];
  const emails: string[] = [];
  for (const ref of refs) {
    if (ref === "me") gids.push(actor.gid);
    else if (ref.includes("@")) emails.push(ref.toLowerCase());
    else gids.push(refGid(ref, field));
  }
  const found = await workspaceUsers(`${gids.length > 0}:${emails.length > 0}`).all(db, {
    gids,
    emails,
    workspaceGid,
    actorGid: actor.gid,
  });
  return refs.map((ref) => {
    const user = found.find((candidate) =>
      ref === "me"
        ? candidate.gid === actor.gid
        : ref.includes("@")
          ? candidate.email === ref.toLowerCase()
          : candidate.gid === parseGid(ref),
    );
    if (!user) throw notFound(field);
    return { gid: user.gid, name: user.name };
  });
}

export function anchorGid(raw: string | null | undefined, field: string): number | null | undefined {
  if (raw === undefined || raw === null) return raw;
  return refGid(raw, field);
}

// The task, when the actor may (still) read it; null otherwise (e.g. after unfollowing a task one only followed).
export async function visibleTask(db: Db, actor: Actor, gid: number): Promise<TasksTable | null> {
  return taskFor(db, actor, String(gid), "read").catch((error) => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  });
}

// A section named beside its project in a request body: it must be one of that project's sections.
export async function sectionOfProject(db: Db, raw: string, projectGid: number, field: string): Promise<number> {
  const section = await sectionByGid.first(db, { gid: refGid(raw, field) });
  if (!section) throw notFound(field);
  if (section.project_gid !== projectGid) throw badRequest(`${field}: is not a section of project ${projectGid}`);
  return section.gid;
}

// Everything a task is linked to lives in the task's workspace.
export function sameWorkspace(field: string, workspaceGid: number, other: { workspace_gid: number }) {
  if (other.workspace_gid !== workspaceGid) {
    throw badRequest(`${field}: must be in the same workspace as the task (${workspaceGid})`);
  }
}
