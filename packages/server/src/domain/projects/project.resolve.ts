import type { Db } from "../../db/index.ts";
import type { ProjectsTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { plainToRichText, richTextToPlain, sanitizeRichText } from "../rich-text.ts";
import { visibleTeamGids } from "../teams/team.policy.ts";
import { findTeam, findWorkspaceMember } from "../teams/team.queries.ts";
import type { ProjectFields } from "./project.commands.ts";

// A project's fields as a client sends them (already shape-checked by the route's schema).
export interface ProjectInput {
  name?: string;
  notes?: string;
  html_notes?: string;
  color?: string | null;
  default_view?: string;
  privacy_setting?: "public_to_workspace" | "private" | "private_to_team";
  public?: boolean;
  due_on?: string | null;
  due_date?: string | null;
  start_on?: string | null;
  archived?: boolean;
  owner?: string | null;
  team?: string | null;
  icon?: string | null;
  default_access_level?: string;
  completed?: boolean;
}

// YYYY-MM-DD naming a real day: "2026-02-30" and "2026-13-45" are refused.
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

// People named in a body (gid, email or "me"); each must belong to the workspace, guests included.
export async function resolveMembers(db: Db, actor: Actor, workspaceGid: number, field: string, refs: string[]) {
  const gids: number[] = [];
  for (const ref of refs) {
    const user = await findWorkspaceMember(db, workspaceGid, actor.gid, ref);
    if (!user) throw badRequest(`${field}: no member of this workspace matches ${ref}`);
    gids.push(user.gid);
  }
  return gids;
}

// Validates and resolves every field of a create or update before anything is written.
export async function resolveProjectFields(
  db: Db,
  actor: Actor,
  workspaceGid: number,
  input: ProjectInput,
  current: ProjectsTable | null,
): Promise<Partial<ProjectFields>> {
  const fields: Partial<ProjectFields> = {};
  if (input.name !== undefined) fields.name = input.name;
  if (input.notes !== undefined && input.html_notes !== undefined) {
    throw badRequest("html_notes: pass notes or html_notes, not both");
  }
  if (input.html_notes !== undefined) {
    fields.html_notes = sanitizeRichText(input.html_notes);
    fields.notes = richTextToPlain(fields.html_notes);
  } else if (input.notes !== undefined) {
    fields.notes = input.notes;
    fields.html_notes = plainToRichText(input.notes);
  }
  if (input.color !== undefined) fields.color = input.color;
  if (input.default_view !== undefined) fields.default_view = input.default_view;
  if (input.privacy_setting !== undefined) {
    fields.privacy_setting = input.privacy_setting === "public_to_workspace" ? "public_to_workspace" : "private";
  }
  if (input.public !== undefined) {
    const privacy = input.public ? "public_to_workspace" : "private";
    if (fields.privacy_setting && fields.privacy_setting !== privacy) {
      throw badRequest("public: contradicts privacy_setting; pass one of them");
    }
    fields.privacy_setting = privacy;
  }
  if (input.due_on !== undefined && input.due_date !== undefined && input.due_on !== input.due_date) {
    throw badRequest("due_date: contradicts due_on; pass one of them");
  }
  const dueOn = input.due_on !== undefined ? input.due_on : input.due_date;
  if (dueOn !== undefined) fields.due_on = dueOn;
  if (input.start_on !== undefined) fields.start_on = input.start_on;
  const start = fields.start_on !== undefined ? fields.start_on : (current?.start_on ?? null);
  const due = fields.due_on !== undefined ? fields.due_on : (current?.due_on ?? null);
  if (start && due && start > due) throw badRequest("start_on: must be on or before due_on");
  if (input.archived !== undefined) fields.archived = input.archived ? 1 : 0;
  if (input.icon !== undefined) fields.icon = input.icon;
  if (input.default_access_level !== undefined) fields.default_access_level = input.default_access_level;
  if (input.completed !== undefined && (current?.completed ?? 0) !== (input.completed ? 1 : 0)) {
    fields.completed = input.completed ? 1 : 0;
    fields.completed_at = input.completed ? new Date().toISOString() : null;
    fields.completed_by_gid = input.completed ? actor.gid : null;
  }
  if (input.owner !== undefined) {
    if (input.owner === null) fields.owner_gid = null;
    else {
      const owner = await findWorkspaceMember(db, workspaceGid, actor.gid, input.owner);
      if (!owner) throw badRequest(`owner: no member of this workspace matches ${input.owner}`);
      if (owner.role === "guest") throw badRequest("owner: a guest cannot own a project");
      fields.owner_gid = owner.gid;
    }
  }
  if (input.team !== undefined) {
    if (input.team === null) fields.team_gid = null;
    else {
      const team = await db
        .selectFrom("teams")
        .select(["gid", "workspace_gid"])
        .where("gid", "=", Number(input.team))
        .where("gid", "in", visibleTeamGids(db, actor.gid))
        .executeTakeFirst();
      if (!team)
        throw badRequest(
          `team: Unknown object ${input.team}. It may have been deleted, or you may not have access to it.`,
        );
      if (team.workspace_gid !== workspaceGid) throw badRequest("team: the team belongs to another workspace");
      fields.team_gid = team.gid;
    }
  }
  return fields;
}

// The people a members/followers body names: a comma-separated string or an array, at most 100.
export function userRefsOf(value: string | string[]): string[] {
  const list = (Array.isArray(value) ? value : value.split(",")).map((ref) => ref.trim()).filter(Boolean);
  if (list.length > 100) throw badRequest("members: at most 100 people at a time");
  return list;
}

// Where a new project goes: the workspace and team of the path (/workspaces/{gid}/projects, /teams/{gid}/projects),
// or those the body names; the body may repeat the path but not contradict it.
export async function resolveProjectPlace(
  db: Db,
  path: { workspaceGid?: number; teamGid?: number },
  input: { workspace?: string; team?: string | null },
): Promise<{ workspaceGid: number; team: string | null | undefined }> {
  if (path.teamGid !== undefined && input.team !== undefined && Number(input.team) !== path.teamGid) {
    throw badRequest("team: contradicts the team in the path");
  }
  const team = path.teamGid !== undefined ? String(path.teamGid) : input.team;
  let workspaceGid = path.workspaceGid;
  if (input.workspace !== undefined) {
    if (workspaceGid !== undefined && Number(input.workspace) !== workspaceGid) {
      throw badRequest("workspace: contradicts the workspace of the path");
    }
    workspaceGid = Number(input.workspace);
  }
  if (workspaceGid === undefined && team) {
    const found = await findTeam(db, Number(team));
    if (!found) {
      throw badRequest(`team: Unknown object ${team}. It may have been deleted, or you may not have access to it.`);
    }
    workspaceGid = found.workspace_gid;
  }
  if (workspaceGid === undefined) throw badRequest("workspace: Missing input. Pass the workspace or the team.");
  return { workspaceGid, team };
}
