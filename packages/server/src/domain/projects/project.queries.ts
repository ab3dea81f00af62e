import type { Db } from "../../db/index.ts";
import type { ProjectsTable } from "../../db/schema.ts";
import { latestStatusUpdates } from "../status-updates/status-update.queries.ts";
import { visibleProjectGids } from "./project.policy.ts";
import type { MembershipRow, ProjectRefs } from "./project.presenter.ts";

export async function findProject(db: Db, projectGid: number): Promise<ProjectsTable | undefined> {
  return db.selectFrom("projects").selectAll().where("gid", "=", projectGid).executeTakeFirst();
}

export interface ProjectFilter {
  workspaceGid?: number;
  teamGid?: number;
  archived?: boolean;
}

// A page of the projects the actor may see, oldest first.
export function visibleProjects(
  db: Db,
  actorGid: number,
  filter: ProjectFilter,
  window: { limit: number; offset: number },
): Promise<ProjectsTable[]> {
  let rows = db.selectFrom("projects").selectAll().where("gid", "in", visibleProjectGids(db, actorGid));
  if (filter.workspaceGid !== undefined) rows = rows.where("workspace_gid", "=", filter.workspaceGid);
  if (filter.teamGid !== undefined) rows = rows.where("team_gid", "=", filter.teamGid);
  if (filter.archived !== undefined) rows = rows.where("archived", "=", filter.archived ? 1 : 0);
  return rows.orderBy("gid").limit(window.limit).offset(window.offset).execute();
}

// A page of a project's memberships, oldest first; `userGid` narrows it to one person's.
export function projectMemberships(
  db: Db,
  projectGid: number,
  userGid: number | undefined,
  window: { limit: number; offset: number },
): Promise<MembershipRow[]> {
  let rows = membershipRows(db).where("project_memberships.project_gid", "=", projectGid);
  if (userGid !== undefined) rows = rows.where("users.gid", "=", userGid);
  return rows
    .orderBy("project_memberships.created_at")
    .orderBy("project_memberships.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

// Workspace, team, owner and members of many projects in four queries, for presenting a page of projects.
export async function projectRefs(db: Db, projects: ProjectsTable[]): Promise<Map<number, ProjectRefs>> {
  const refs = new Map<number, ProjectRefs>();
  if (projects.length === 0) return refs;
  const projectGids = projects.map((project) => project.gid);
  const workspaceGids = [...new Set(projects.map((project) => project.workspace_gid))];
  const teamGids = [...new Set(projects.flatMap((project) => (project.team_gid ? [project.team_gid] : [])))];
  const ownerGids = [...new Set(projects.flatMap((project) => (project.owner_gid ? [project.owner_gid] : [])))];
  const workspaces = await db
    .selectFrom("workspaces")
    .select(["gid", "name"])
    .where("gid", "in", workspaceGids)
    .execute();
  const teams = teamGids.length
    ? await db.selectFrom("teams").select(["gid", "name"]).where("gid", "in", teamGids).execute()
    : [];
  const owners = ownerGids.length
    ? await db.selectFrom("users").select(["gid", "name"]).where("gid", "in", ownerGids).execute()
    : [];
  const members = await db
    .selectFrom("project_memberships")
    .innerJoin("users", "users.gid", "project_memberships.user_gid")
    .select(["project_memberships.project_gid", "users.gid", "users.name"])
    .where("project_memberships.project_gid", "in", projectGids)
    .orderBy("project_memberships.created_at")
    .orderBy("project_memberships.gid")
    .execute();
  const statusUpdates = await latestStatusUpdates(db, projectGids);
  const briefs = new Map(
    (
      await db
        .selectFrom("project_briefs")
        .select(["gid", "project_gid"])
        .where("project_gid", "in", projectGids)
        .execute()
    ).map((row) => [row.project_gid, row.gid] as const),
  );
  const workspaceOf = new Map(workspaces.map((row) => [row.gid, row]));
  const teamOf = new Map(teams.map((row) => [row.gid, row]));
  const ownerOf = new Map(owners.map((row) => [row.gid, row]));
  for (const project of projects) {
    refs.set(project.gid, {
      workspace: workspaceOf.get(project.workspace_gid) ?? { gid: project.workspace_gid, name: "" },
      team: project.team_gid ? (teamOf.get(project.team_gid) ?? null) : null,
      owner: project.owner_gid ? (ownerOf.get(project.owner_gid) ?? null) : null,
      members: members
        .filter((member) => member.project_gid === project.gid)
        .map((member) => ({ gid: member.gid, name: member.name })),
      currentStatusUpdate: statusUpdates.get(project.gid) ?? null,
      brief: briefs.get(project.gid) ?? null,
    });
  }
  return refs;
}

export function membershipRows(db: Db) {
  return db
    .selectFrom("project_memberships")
    .innerJoin("projects", "projects.gid", "project_memberships.project_gid")
    .innerJoin("users", "users.gid", "project_memberships.user_gid")
    .select([
      "project_memberships.gid",
      "project_memberships.access_level",
      "projects.gid as project_gid",
      "projects.name as project_name",
      "users.gid as user_gid",
      "users.name as user_name",
    ]);
}

export async function findMembership(db: Db, membershipGid: number): Promise<MembershipRow | undefined> {
  return membershipRows(db).where("project_memberships.gid", "=", membershipGid).executeTakeFirst();
}

// Counts of the tasks homed in the project; milestones are tasks with that subtype, as in Asana.
export async function taskCounts(db: Db, projectGid: number) {
  const groups = await db
    .selectFrom("task_memberships")
    .innerJoin("tasks", "tasks.gid", "task_memberships.task_gid")
    .select(["tasks.completed", "tasks.resource_subtype", (eb) => eb.fn.countAll().as("count")])
    .where("task_memberships.project_gid", "=", projectGid)
    .groupBy(["tasks.completed", "tasks.resource_subtype"])
    .execute();
  const counts = {
    num_tasks: 0,
    num_completed_tasks: 0,
    num_incomplete_tasks: 0,
    num_milestones: 0,
    num_completed_milestones: 0,
    num_incomplete_milestones: 0,
  };
  for (const group of groups) {
    const count = Number(group.count);
    const done = group.completed === 1;
    counts.num_tasks += count;
    counts[done ? "num_completed_tasks" : "num_incomplete_tasks"] += count;
    if (group.resource_subtype === "milestone") {
      counts.num_milestones += count;
      counts[done ? "num_completed_milestones" : "num_incomplete_milestones"] += count;
    }
  }
  return counts;
}
