import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { TeamsTable } from "../../db/schema.ts";
import type { Actor } from "../../domain/context.ts";
import { shape } from "../../domain/opt-fields.ts";
import { richTextToPlain, sanitizeRichText } from "../../domain/rich-text.ts";
import { addTeamUser, createTeam, removeTeamUser, updateTeam } from "../../domain/teams/team.commands.ts";
import {
  authorizeTeam,
  authorizeTeamCreate,
  authorizeTeamRemoval,
  visibleTeamGids,
} from "../../domain/teams/team.policy.ts";
import {
  presentTeam,
  presentTeamMembership,
  TEAM_COMPACT,
  TEAM_MEMBERSHIP_COMPACT,
} from "../../domain/teams/team.presenter.ts";
import {
  findTeam,
  findTeamMembership,
  findWorkspaceMember,
  teamMembershipRows,
  workspaceRefs,
} from "../../domain/teams/team.queries.ts";
import { presentUser, USER_COMPACT } from "../../domain/users/user.presenter.ts";
import { visibleUserGids } from "../../domain/users/user.queries.ts";
import { requireFullMember } from "../../domain/workspaces/workspace.policy.ts";
import { badRequest, notFound } from "../../errors.ts";
import { actorOf, baseUrl, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const Name = z.string().trim().min(1, "must not be empty").max(1024);
const Description = z.string().max(65_536);
const GidString = z.string().regex(/^[0-9]{1,16}$/, "must be a gid string");

const CreateTeam = z.strictObject({
  name: Name,
  description: Description.optional(),
  html_description: Description.optional(),
  organization: GidString.optional(),
  workspace: GidString.optional(),
});
const UpdateTeam = z.strictObject({
  name: Name.optional(),
  description: Description.optional(),
  html_description: Description.optional(),
  organization: GidString.optional(),
  workspace: GidString.optional(),
});
const UserRef = z.strictObject({ user: z.string().trim().min(1, "must not be empty").max(320) });
const UserTeamsQuery = z.object({ organization: z.string().optional(), workspace: z.string().optional() }).loose();
const MembershipsQuery = z
  .object({ team: z.string().optional(), user: z.string().optional(), workspace: z.string().optional() })
  .loose();

// Asana's teams carry rich html_description; Takt stores the plain text and renders it back.
function descriptionOf(input: { description?: string; html_description?: string }): string | undefined {
  if (input.description !== undefined && input.html_description !== undefined) {
    throw badRequest("html_description: pass description or html_description, not both");
  }
  if (input.html_description !== undefined) return richTextToPlain(sanitizeRichText(input.html_description));
  return input.description;
}

export async function teamsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function loadTeam(actor: Actor, raw: string, action: "read" | "manage") {
    const team = await findTeam(db, gidParam(raw, "team"));
    await authorizeTeam(db, actor, team, action);
    return team as TeamsTable;
  }

  async function present(request: FastifyRequest, team: TeamsTable) {
    const workspace = (await workspaceRefs(db, [team.workspace_gid])).get(team.workspace_gid);
    if (!workspace) throw notFound("workspace");
    return shape(presentTeam(team, workspace, baseUrl(request)), optFieldsOf(request));
  }

  async function presentTeams(request: FastifyRequest, teams: TeamsTable[]) {
    const workspaces = await workspaceRefs(
      db,
      teams.map((team) => team.workspace_gid),
    );
    const optFields = optFieldsOf(request);
    const base = baseUrl(request);
    return teams.map((team) =>
      shape(
        presentTeam(team, workspaces.get(team.workspace_gid) ?? { gid: 0, name: "" }, base),
        optFields,
        TEAM_COMPACT,
      ),
    );
  }

  // The same workspace the team lives in, if the client names one.
  function checkWorkspace(team: TeamsTable, input: { organization?: string; workspace?: string }) {
    for (const field of ["organization", "workspace"] as const) {
      const value = input[field];
      if (value !== undefined && Number(value) !== team.workspace_gid) {
        throw badRequest(`${field}: a team cannot move to another workspace`);
      }
    }
  }

  app.get<{ Params: { team_gid: string } }>("/teams/:team_gid", async (request) => {
    const team = await loadTeam(actorOf(request), request.params.team_gid, "read");
    return { data: await present(request, team) };
  });

  app.post("/teams", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(CreateTeam, request.body);
    if (input.organization && input.workspace && input.organization !== input.workspace) {
      throw badRequest("workspace: organization and workspace name different workspaces");
    }
    const workspaceRaw = input.organization ?? input.workspace;
    if (!workspaceRaw) throw badRequest("organization: Missing input. Pass the workspace to create the team in.");
    const workspaceGid = gidParam(workspaceRaw, "organization");
    await authorizeTeamCreate(db, ctx.actor, workspaceGid);
    const team = await createTeam(ctx, workspaceGid, { name: input.name, description: descriptionOf(input) ?? "" });
    return created(reply, "/teams", (await present(request, team)) as { gid: string });
  });

  app.put<{ Params: { team_gid: string } }>("/teams/:team_gid", async (request) => {
    const ctx = ctxOf(request);
    const team = await loadTeam(ctx.actor, request.params.team_gid, "manage");
    const input = parseData(UpdateTeam, request.body);
    checkWorkspace(team, input);
    const updated = await updateTeam(ctx, team, { name: input.name, description: descriptionOf(input) });
    return { data: await present(request, updated) };
  });

  app.get<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/teams", async (request) => {
    const actor = actorOf(request);
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    await requireFullMember(db, actor, workspaceGid);
    const page = pageOf(request);
    const teams = await db
      .selectFrom("teams")
      .selectAll()
      .where("workspace_gid", "=", workspaceGid)
      .where("gid", "in", visibleTeamGids(db, actor.gid))
      .orderBy("name")
      .orderBy("gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    return listed(request, page, await presentTeams(request, teams));
  });

  app.get<{ Params: { user_gid: string } }>("/users/:user_gid/teams", async (request) => {
    const actor = actorOf(request);
    const query = parse(UserTeamsQuery, request.query);
    const workspaceRaw = query.organization ?? query.workspace;
    if (!workspaceRaw) throw badRequest("organization: Missing input. Pass the workspace to list the user's teams in.");
    const workspaceGid = gidParam(workspaceRaw, "workspace");
    await requireFullMember(db, actor, workspaceGid);
    const raw = request.params.user_gid;
    const byEmail = raw.includes("@");
    const user = await db
      .selectFrom("users")
      .select("gid")
      .where(
        byEmail ? "email" : "gid",
        "=",
        raw === "me" ? actor.gid : byEmail ? raw.toLowerCase() : gidParam(raw, "user"),
      )
      .where("gid", "in", visibleUserGids(db, actor.gid))
      .executeTakeFirst();
    if (!user) throw notFound("user");
    const page = pageOf(request);
    const teams = await db
      .selectFrom("teams")
      .selectAll()
      .where("workspace_gid", "=", workspaceGid)
      .where("gid", "in", visibleTeamGids(db, actor.gid))
      .where("gid", "in", db.selectFrom("team_memberships").select("team_gid").where("user_gid", "=", user.gid))
      .orderBy("name")
      .orderBy("gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    return listed(request, page, await presentTeams(request, teams));
  });

  app.get<{ Params: { team_gid: string } }>("/teams/:team_gid/users", async (request) => {
    const team = await loadTeam(actorOf(request), request.params.team_gid, "read");
    const page = pageOf(request);
    const users = await db
      .selectFrom("users")
      .innerJoin("team_memberships", "team_memberships.user_gid", "users.gid")
      .select(["users.gid", "users.name", "users.email", "users.language"])
      .where("team_memberships.team_gid", "=", team.gid)
      .orderBy("users.name")
      .orderBy("users.gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    const optFields = optFieldsOf(request);
    return listed(
      request,
      page,
      users.map((user) => shape(presentUser(user), optFields, USER_COMPACT)),
    );
  });

  app.post<{ Params: { team_gid: string } }>("/teams/:team_gid/addUser", async (request) => {
    const ctx = ctxOf(request);
    const team = await loadTeam(ctx.actor, request.params.team_gid, "manage");
    const input = parseData(UserRef, request.body);
    const user = await findWorkspaceMember(db, team.workspace_gid, ctx.actor.gid, input.user);
    if (!user) throw badRequest(`user: no member of this workspace matches ${input.user}`);
    if (user.role === "guest") throw badRequest("user: guests cannot join teams");
    const membership = await addTeamUser(ctx, team, user.gid);
    return {
      data: shape(presentTeamMembership(membership, team, { gid: user.gid, name: user.name }), optFieldsOf(request)),
    };
  });

  app.post<{ Params: { team_gid: string } }>("/teams/:team_gid/removeUser", async (request) => {
    const ctx = ctxOf(request);
    const team = await loadTeam(ctx.actor, request.params.team_gid, "read");
    const input = parseData(UserRef, request.body);
    const user = await findWorkspaceMember(db, team.workspace_gid, ctx.actor.gid, input.user);
    if (!user) throw badRequest(`user: no member of this workspace matches ${input.user}`);
    await authorizeTeamRemoval(db, ctx.actor, team, user.gid);
    await removeTeamUser(ctx, team, user.gid);
    return { data: {} };
  });

  function presentMembershipRow(row: {
    gid: number;
    is_admin: 0 | 1;
    team_gid: number;
    team_name: string;
    user_gid: number;
    user_name: string;
  }) {
    return presentTeamMembership(
      row,
      { gid: row.team_gid, name: row.team_name },
      { gid: row.user_gid, name: row.user_name },
    );
  }

  app.get<{ Params: { team_gid: string } }>("/teams/:team_gid/team_memberships", async (request) => {
    const team = await loadTeam(actorOf(request), request.params.team_gid, "read");
    const page = pageOf(request);
    const rows = await teamMembershipRows(db)
      .where("team_memberships.team_gid", "=", team.gid)
      .orderBy("users.name")
      .orderBy("team_memberships.gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    const optFields = optFieldsOf(request);
    return listed(
      request,
      page,
      rows.map((row) => shape(presentMembershipRow(row), optFields, TEAM_MEMBERSHIP_COMPACT)),
    );
  });

  // Asana's GET /team_memberships: by team, or by user within a workspace.
  app.get("/team_memberships", async (request) => {
    const actor = actorOf(request);
    const query = parse(MembershipsQuery, request.query);
    const page = pageOf(request);
    let rows = teamMembershipRows(db).where("teams.gid", "in", visibleTeamGids(db, actor.gid));
    if (query.team) {
      const team = await loadTeam(actor, query.team, "read");
      rows = rows.where("teams.gid", "=", team.gid);
    } else if (query.user && query.workspace) {
      const workspaceGid = gidParam(query.workspace, "workspace");
      await requireFullMember(db, actor, workspaceGid);
      const userGid = query.user === "me" ? actor.gid : gidParam(query.user, "user");
      rows = rows.where("teams.workspace_gid", "=", workspaceGid).where("users.gid", "=", userGid);
    } else {
      throw badRequest("team: Missing input. Pass team, or user together with workspace.");
    }
    const found = await rows
      .orderBy("team_memberships.gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    const optFields = optFieldsOf(request);
    return listed(
      request,
      page,
      found.map((row) => shape(presentMembershipRow(row), optFields, TEAM_MEMBERSHIP_COMPACT)),
    );
  });

  app.get<{ Params: { team_membership_gid: string } }>("/team_memberships/:team_membership_gid", async (request) => {
    const actor = actorOf(request);
    const row = await findTeamMembership(db, gidParam(request.params.team_membership_gid, "team_membership"));
    if (!row) throw notFound("team_membership");
    try {
      await authorizeTeam(db, actor, { gid: row.team_gid, workspace_gid: row.workspace_gid }, "read");
    } catch {
      throw notFound("team_membership");
    }
    return { data: shape(presentMembershipRow(row), optFieldsOf(request)) };
  });
}
