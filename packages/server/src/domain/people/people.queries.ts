import type { Db } from "../../db/index.ts";
import type { AccessLevel, WorkspaceRole } from "../../db/schema.ts";
import { strongest } from "../access-level.ts";
import { inheritedGrantsOf, visibleProjectGids } from "../projects/project.policy.ts";
import { visibleTeamGids } from "../teams/team.policy.ts";

export interface PersonRow {
  gid: number;
  name: string;
  email: string;
  role: WorkspaceRole;
  status: "active" | "deactivated";
  deactivated_at: string | null;
}

export interface PeopleFilter {
  search?: string;
  role?: WorkspaceRole;
  teamGid?: number;
  status: "active" | "deactivated" | "all";
  userGid?: number;
}

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

// The workspace's people, active and/or deactivated, by name; filtered in SQL.
export async function workspacePeople(
  db: Db,
  workspaceGid: number,
  filter: PeopleFilter,
  window: { limit: number; offset: number },
): Promise<PersonRow[]> {
  const active = db
    .selectFrom("workspace_memberships as wm")
    .innerJoin("users", "users.gid", "wm.user_gid")
    .select([
      "users.gid",
      "users.name",
      "users.email",
      "wm.role",
      (eb) => eb.val("active").as("status"),
      (eb) => eb.cast<string | null>(eb.val(null), "text").as("deactivated_at"),
    ])
    .where("wm.workspace_gid", "=", workspaceGid);
  const deactivated = db
    .selectFrom("workspace_deactivations as wd")
    .innerJoin("users", "users.gid", "wd.user_gid")
    .select([
      "users.gid",
      "users.name",
      "users.email",
      "wd.role",
      (eb) => eb.val("deactivated").as("status"),
      "wd.deactivated_at",
    ])
    .where("wd.workspace_gid", "=", workspaceGid);
  const union =
    filter.status === "active" ? active : filter.status === "deactivated" ? deactivated : active.unionAll(deactivated);
  let rows = db.selectFrom(union.as("people")).selectAll();
  if (filter.search) {
    const pattern = likePattern(filter.search);
    rows = rows.where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["people.name"]), "like", eb.val(pattern)),
        eb(eb.fn("lower", ["people.email"]), "like", eb.val(pattern)),
      ]),
    );
  }
  if (filter.role) rows = rows.where("people.role", "=", filter.role);
  if (filter.userGid !== undefined) rows = rows.where("people.gid", "=", filter.userGid);
  if (filter.teamGid !== undefined) {
    rows = rows.where(
      "people.gid",
      "in",
      db.selectFrom("team_memberships").select("user_gid").where("team_gid", "=", filter.teamGid),
    );
  }
  const found = await rows
    .orderBy("people.name")
    .orderBy("people.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
  return found.map((row) => ({
    gid: Number(row.gid),
    name: row.name,
    email: row.email,
    role: row.role as WorkspaceRole,
    status: row.status as PersonRow["status"],
    deactivated_at: row.deactivated_at ?? null,
  }));
}

// Teams of the given people in the workspace, among those the reader sees (a secret team only to its members).
export async function teamsOfPeople(db: Db, readerGid: number, workspaceGid: number, userGids: number[]) {
  const result = new Map<number, { gid: number; name: string }[]>();
  if (userGids.length === 0) return result;
  const rows = await db
    .selectFrom("team_memberships")
    .innerJoin("teams", "teams.gid", "team_memberships.team_gid")
    .select(["team_memberships.user_gid", "teams.gid", "teams.name"])
    .where("teams.workspace_gid", "=", workspaceGid)
    .where("teams.gid", "in", visibleTeamGids(db, readerGid))
    .where("team_memberships.user_gid", "in", userGids)
    .orderBy("teams.name")
    .execute();
  for (const row of rows) result.set(row.user_gid, [...(result.get(row.user_gid) ?? []), row]);
  return result;
}

// The projects shared with the given guests, among those the reader sees.
export async function projectsOfGuests(db: Db, readerGid: number, workspaceGid: number, userGids: number[]) {
  const result = new Map<number, { gid: number; name: string; access_level: AccessLevel }[]>();
  if (userGids.length === 0) return result;
  const rows = await db
    .selectFrom("project_memberships")
    .innerJoin("projects", "projects.gid", "project_memberships.project_gid")
    .select(["project_memberships.user_gid", "projects.gid", "projects.name", "project_memberships.access_level"])
    .where("projects.workspace_gid", "=", workspaceGid)
    .where("project_memberships.user_gid", "in", userGids)
    .where("projects.gid", "in", visibleProjectGids(db, readerGid))
    .orderBy("projects.name")
    .execute();
  // Projects shared through a portfolio's inherited access count too, at the stronger of the two accesses.
  const inherited = await inheritedGrantsOf(db, userGids);
  const named = inherited.length
    ? await db
        .selectFrom("projects")
        .select(["gid", "name"])
        .where("workspace_gid", "=", workspaceGid)
        .where(
          "gid",
          "in",
          inherited.map((grant) => grant.project_gid),
        )
        .where("gid", "in", visibleProjectGids(db, readerGid))
        .execute()
    : [];
  const names = new Map(named.map((project) => [project.gid, project.name]));
  if (names.size === 0) {
    for (const { user_gid: userGid, ...project } of rows)
      result.set(userGid, [...(result.get(userGid) ?? []), project]);
    return result;
  }
  const shared = new Map<string, { user_gid: number; gid: number; name: string; access_level: AccessLevel }>();
  for (const row of rows) shared.set(`${row.user_gid}:${row.gid}`, row);
  for (const grant of inherited) {
    const name = names.get(grant.project_gid);
    if (name === undefined) continue;
    const key = `${grant.user_gid}:${grant.project_gid}`;
    const level = strongest([shared.get(key)?.access_level ?? null, grant.access_level]) ?? grant.access_level;
    shared.set(key, { user_gid: grant.user_gid, gid: grant.project_gid, name, access_level: level });
  }
  const ordered = [...shared.values()].sort((a, b) => a.name.localeCompare(b.name) || a.gid - b.gid);
  for (const row of ordered) {
    const { user_gid: userGid, ...project } = row;
    result.set(userGid, [...(result.get(userGid) ?? []), project]);
  }
  return result;
}

export async function openTaskCounts(db: Db, workspaceGid: number, userGids: number[]) {
  if (userGids.length === 0) return new Map<number, number>();
  const rows = await db
    .selectFrom("tasks")
    .select(["assignee_gid", (eb) => eb.fn.countAll().as("count")])
    .where("workspace_gid", "=", workspaceGid)
    .where("completed", "=", 0)
    .where("assignee_gid", "in", userGids)
    .groupBy("assignee_gid")
    .execute();
  return new Map(rows.map((row) => [Number(row.assignee_gid), Number(row.count)]));
}

export async function adminCount(db: Db, workspaceGid: number): Promise<number> {
  const row = await db
    .selectFrom("workspace_memberships")
    .select((eb) => eb.fn.countAll().as("count"))
    .where("workspace_gid", "=", workspaceGid)
    .where("role", "=", "admin")
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
