import type { ChangeRoleBody, DeactivateBody, PeopleQuery } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { WorkspaceRole } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { authorizeTeam } from "../teams/team.policy.ts";
import { findTeam } from "../teams/team.queries.ts";
import { addUserToWorkspace } from "../users/user.commands.ts";
import { deactivatePerson, reactivatePerson } from "./people.commands.ts";
import { authorizePeopleManage, authorizePeopleRead, requireAnotherAdmin } from "./people.policy.ts";
import { adminCount, openTaskCounts, projectsOfGuests, teamsOfPeople, workspacePeople } from "./people.queries.ts";

type ActorCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

// GET /workspaces/{gid}/people: one page of people with their teams, guests' projects and open task counts.
export async function listPeople(
  db: Db,
  actor: Actor,
  workspaceGid: number,
  query: PeopleQuery & { userGid?: number },
  window: Window,
) {
  await authorizePeopleRead(db, actor, workspaceGid);
  // Filtering by a team tells who is in it: only for a team the reader sees.
  if (query.team) await authorizeTeam(db, actor, await findTeam(db, Number(query.team)), "read");
  const people = await workspacePeople(
    db,
    workspaceGid,
    {
      search: query.search || undefined,
      role: query.role,
      teamGid: query.team ? Number(query.team) : undefined,
      status: query.status ?? "active",
      userGid: query.userGid,
    },
    window,
  );
  const gids = people.map((person) => person.gid);
  const teams = await teamsOfPeople(db, actor.gid, workspaceGid, gids);
  const guests = people.filter((person) => person.role === "guest").map((person) => person.gid);
  const projects = await projectsOfGuests(db, actor.gid, workspaceGid, guests);
  const open = await openTaskCounts(db, workspaceGid, gids);
  return people.map((person) => ({
    person,
    teams: teams.get(person.gid) ?? [],
    projects: person.status === "active" ? (projects.get(person.gid) ?? []) : [],
    openTasks: open.get(person.gid) ?? 0,
  }));
}

async function activeRole(db: Db, workspaceGid: number, userGid: number): Promise<WorkspaceRole> {
  const row = await db
    .selectFrom("workspace_memberships")
    .select("role")
    .where("workspace_gid", "=", workspaceGid)
    .where("user_gid", "=", userGid)
    .executeTakeFirst();
  if (!row) throw notFound("user");
  return row.role;
}

// PUT /workspaces/{gid}/people/{user}: a new role; the last admin keeps theirs. Audit-logged by addUserToWorkspace.
export function changeRoleUseCase(ctx: ActorCtx, workspaceGid: number, userGid: number, body: () => ChangeRoleBody) {
  return unitOfWork(ctx, async (uow) => {
    await authorizePeopleManage(uow.db, uow.actor, workspaceGid, userGid);
    const current = await activeRole(uow.db, workspaceGid, userGid);
    const { role } = body();
    if (current === "admin" && role !== "admin") requireAnotherAdmin(await adminCount(uow.db, workspaceGid));
    if (role === "guest" && current !== "guest") {
      // Guests belong to no team: demoting someone takes them out of their teams.
      const teams = uow.db.selectFrom("teams").select("gid").where("workspace_gid", "=", workspaceGid);
      await uow.unit.trx
        .deleteFrom("team_memberships")
        .where("user_gid", "=", userGid)
        .where("team_gid", "in", teams)
        .execute();
    }
    await addUserToWorkspace(uow, workspaceGid, userGid, role);
    return role;
  });
}

// POST /workspaces/{gid}/people/{user}/deactivate: open tasks go to `reassign_to` (an active full member).
export function deactivateUseCase(ctx: ActorCtx, workspaceGid: number, userGid: number, body: () => DeactivateBody) {
  return unitOfWork(ctx, async (uow) => {
    await authorizePeopleManage(uow.db, uow.actor, workspaceGid, userGid);
    const role = await activeRole(uow.db, workspaceGid, userGid);
    const input = body();
    if (role === "admin") requireAnotherAdmin(await adminCount(uow.db, workspaceGid));
    let successor: number | null = null;
    if (input.reassign_to) {
      successor = Number(input.reassign_to);
      if (successor === userGid) throw badRequest("reassign_to: name someone other than the person leaving");
      const successorRole = await uow.db
        .selectFrom("workspace_memberships")
        .select("role")
        .where("workspace_gid", "=", workspaceGid)
        .where("user_gid", "=", successor)
        .executeTakeFirst();
      if (!successorRole) throw badRequest(`reassign_to: no active member of this workspace has the gid ${successor}`);
      if (successorRole.role === "guest") throw badRequest("reassign_to: a guest cannot take over a member's tasks");
    }
    return deactivatePerson(uow, workspaceGid, { gid: userGid, role }, successor);
  });
}

export function reactivateUseCase(ctx: ActorCtx, workspaceGid: number, userGid: number) {
  return unitOfWork(ctx, async (uow) => {
    await authorizePeopleManage(uow.db, uow.actor, workspaceGid, userGid);
    return reactivatePerson(uow, workspaceGid, userGid);
  });
}
