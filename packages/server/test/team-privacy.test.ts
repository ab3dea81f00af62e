import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { client, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// A team's visibility (secret, request_to_join, public), its access levels, and requests to join.
let t: TestApp;
let workspace: { gid: string };
let admin: TestUser; // workspace admin, in no team
let lead: TestUser; // creates the teams: their admin
let member: TestUser; // a plain member of the teams lead adds them to
let outsider: TestUser; // a workspace member in no team
let guest: TestUser;
// Notifications are made from committed events by the worker's consumers.
let worker: Worker;

async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function inbox(user: TestUser) {
  const answer = await client(t, user.token).get(`/inbox?workspace=${workspace.gid}&opt_fields=kind,text,team.name`);
  expect(answer.status).toBe(200);
  return answer.body.data as { kind: string; text: string; team: { gid: string; name: string } | null }[];
}

async function makeTeam(name: string, visibility: string, extra: Record<string, string> = {}) {
  const answer = await client(t, lead.token).post("/teams", {
    organization: workspace.gid,
    name,
    visibility,
    ...extra,
  });
  expect(answer.status).toBe(201);
  const gid = answer.body.data.gid as string;
  expect((await client(t, lead.token).post(`/teams/${gid}/addUser`, { user: member.gid })).status).toBe(200);
  return gid;
}

const permissionsOf = async (user: TestUser, gid: string) =>
  (await client(t, user.token).get(`/teams/${gid}?opt_fields=permissions,visibility`)).body.data;

const teamNames = async (user: TestUser) =>
  ((await client(t, user.token).get(`/workspaces/${workspace.gid}/teams`)).body.data as { name: string }[]).map(
    (team) => team.name,
  );

beforeAll(async () => {
  t = await startTestApp();
  worker = startWorker(t.app.takt, { pollMs: 25 });
  workspace = await makeWorkspace(t, "Privacy Co");
  admin = await makeUser(t, workspace.gid, "admin", "Alla Admin");
  lead = await makeUser(t, workspace.gid, "member", "Lev Lead");
  member = await makeUser(t, workspace.gid, "member", "Maria Member");
  outsider = await makeUser(t, workspace.gid, "member", "Oleg Outside");
  guest = await makeUser(t, workspace.gid, "guest", "Galina Guest");
  await t.handle.db.updateTable("users").set({ language: "ru" }).where("gid", "=", Number(lead.gid)).execute();
});
afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

describe("team privacy", () => {
  it("hides a secret team from everyone outside it, in every list, typeahead and read", async () => {
    const secret = await makeTeam("Board room", "secret");
    expect((await client(t, outsider.token).get(`/teams/${secret}`)).status).toBe(404);
    expect(await teamNames(outsider)).not.toContain("Board room");
    expect(await teamNames(member)).toContain("Board room");
    // A workspace admin sees every team, to manage it.
    expect(await teamNames(admin)).toContain("Board room");
    const typeahead = await client(t, outsider.token).get(
      `/workspaces/${workspace.gid}/typeahead?resource_type=team&query=Board`,
    );
    expect(typeahead.status).toBe(200);
    expect(typeahead.body.data).toEqual([]);
    const mine = await client(t, member.token).get(
      `/workspaces/${workspace.gid}/typeahead?resource_type=team&query=Board`,
    );
    expect(mine.body.data.map((row: { name: string }) => row.name)).toEqual(["Board room"]);
    // Whose teams: the outsider does not learn that the member is in a secret team.
    const theirs = await client(t, outsider.token).get(`/users/${member.gid}/teams?workspace=${workspace.gid}`);
    expect(theirs.body.data.map((team: { name: string }) => team.name)).not.toContain("Board room");
    const people = await client(t, outsider.token).get(`/workspaces/${workspace.gid}/people?team=${secret}`);
    expect(people.status).toBe(404);
    // Nobody joins a secret team by themselves, nor asks to.
    expect((await client(t, outsider.token).post(`/teams/${secret}/addUser`, { user: "me" })).status).toBe(404);
    expect((await client(t, outsider.token).post(`/teams/${secret}/join_requests`, {})).status).toBe(404);
    expect((await client(t, guest.token).get(`/teams/${secret}`)).status).toBe(404);
  });

  it("keeps a secret team out of the goals its non-members read", async () => {
    const secret = await makeTeam("War room", "secret");
    const created = await client(t, lead.token).post("/goals", {
      workspace: workspace.gid,
      name: "Win Q3",
      team: secret,
    });
    expect(created.status).toBe(201);
    const goal = created.body.data.gid as string;
    // The goal is open to the workspace; its team is named only to those who see the team.
    const seenByMember = await client(t, member.token).get(`/goals/${goal}?opt_fields=name,team.name`);
    expect(seenByMember.body.data.team?.name).toBe("War room");
    const seenByOutsider = await client(t, outsider.token).get(`/goals/${goal}?opt_fields=name,team.name`);
    expect(seenByOutsider.status).toBe(200);
    expect(seenByOutsider.body.data.team).toBeNull();
    expect(JSON.stringify(seenByOutsider.body)).not.toContain("War room");
    // Listing the team's goals is for those who see the team: to anyone else it does not exist.
    expect((await client(t, outsider.token).get(`/goals?team=${secret}`)).status).toBe(404);
    expect((await client(t, member.token).get(`/goals?team=${secret}`)).status).toBe(200);
    // Nor can an outsider file a goal under it.
    const moved = await client(t, outsider.token).post("/goals", {
      workspace: workspace.gid,
      name: "Sneak",
      team: secret,
    });
    expect(moved.status).toBe(400);
    expect(moved.body.errors[0].message).toMatch(/^team:/);
  });

  it("lets anyone join a public team at once", async () => {
    const open = await makeTeam("Open studio", "public");
    const seen = await permissionsOf(outsider, open);
    expect(seen.visibility).toBe("public");
    expect(seen.permissions).toMatchObject({ join: true, request_to_join: false, leave: false, edit: false });
    expect((await client(t, outsider.token).post(`/teams/${open}/addUser`, { user: "me" })).status).toBe(200);
    expect((await permissionsOf(outsider, open)).permissions).toMatchObject({ join: false, leave: true });
    const asked = await client(t, admin.token).post(`/teams/${open}/join_requests`, {});
    expect(asked.status).toBe(400);
    expect(asked.body.errors[0].message).toMatch(/public; join it directly/);
  });

  it("takes requests to join, tells the team's admins in their language, and adds whom they approve", async () => {
    const gated = await makeTeam("Design", "request_to_join");
    expect((await permissionsOf(outsider, gated)).permissions).toMatchObject({ join: false, request_to_join: true });
    const direct = await client(t, outsider.token).post(`/teams/${gated}/addUser`, { user: "me" });
    expect(direct.status).toBe(403);
    expect(direct.body.errors[0].message).toMatch(/by request/);

    const asked = await client(t, outsider.token).post(`/teams/${gated}/join_requests`, { message: "I draw" });
    expect(asked.status).toBe(201);
    expect(asked.body.data).toMatchObject({
      resource_type: "team_join_request",
      status: "pending",
      message: "I draw",
      team: { gid: gated, name: "Design" },
      user: { gid: outsider.gid, name: "Oleg Outside" },
    });
    const requestGid = asked.body.data.gid as string;
    // Location names the request: the requester and the team's admin read it; to a plain member it does not exist.
    const location = asked.headers.get("location") ?? "";
    expect(location).toMatch(new RegExp(`/team_join_requests/${requestGid}$`));
    const path = location.slice(location.indexOf("/team_join_requests/"));
    for (const reader of [outsider, lead]) {
      const read = await client(t, reader.token).get(path);
      expect(read.status).toBe(200);
      expect(read.body.data).toMatchObject({ gid: requestGid, status: "pending", user: { gid: outsider.gid } });
    }
    expect((await client(t, member.token).get(path)).status).toBe(404);
    // Asking twice is one request; the button turns into "requested".
    expect((await client(t, outsider.token).post(`/teams/${gated}/join_requests`, {})).body.data.gid).toBe(requestGid);
    expect((await permissionsOf(outsider, gated)).permissions.request_to_join).toBe(false);

    // The team's admin (who reads Russian) hears of it; a plain member does not.
    const told = await eventually(
      async () => (await inbox(lead)).find((entry) => entry.kind === "team_join_request"),
      "the lead's notification",
    );
    expect(told.text).toBe("Oleg Outside просит принять в команду «Design»: I draw");
    expect(told.team).toEqual({ gid: gated, resource_type: "team", name: "Design" });
    expect((await inbox(member)).some((entry) => entry.kind === "team_join_request")).toBe(false);

    // The admin sees the pending requests; the member may not answer; the requester sees only their own.
    const listed = await client(t, lead.token).get(`/teams/${gated}/join_requests`);
    expect(listed.body.data.map((row: { gid: string }) => row.gid)).toEqual([requestGid]);
    expect((await permissionsOf(lead, gated)).permissions.manage_join_requests).toBe(true);
    expect((await permissionsOf(member, gated)).permissions.manage_join_requests).toBe(false);
    expect((await client(t, member.token).get(`/teams/${gated}/join_requests`)).body.data).toEqual([]);
    expect((await client(t, member.token).post(`/team_join_requests/${requestGid}/approve`, {})).status).toBe(403);
    expect((await client(t, outsider.token).get(`/teams/${gated}/join_requests`)).body.data).toHaveLength(1);

    const approved = await client(t, lead.token).post(`/team_join_requests/${requestGid}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.data.status).toBe("approved");
    const users = await client(t, lead.token).get(`/teams/${gated}/users`);
    expect(users.body.data.map((user: { name: string }) => user.name)).toContain("Oleg Outside");
    const again = await client(t, lead.token).post(`/team_join_requests/${requestGid}/decline`, {});
    expect(again.status).toBe(400);
    expect(again.body.errors[0].message).toMatch(/^team_join_request: this request was already approved/);
    const answer = await eventually(
      async () => (await inbox(outsider)).find((entry) => entry.kind === "team_join_decided"),
      "the requester's notification",
    );
    expect(answer.text).toBe('Your request to join the team "Design" was approved');
    expect((await client(t, lead.token).get(`/teams/${gated}/join_requests`)).body.data).toEqual([]);
  });

  it("declines and withdraws requests, leaving the person out", async () => {
    const gated = await makeTeam("Finance", "request_to_join");
    const first = await client(t, outsider.token).post(`/teams/${gated}/join_requests`, {});
    const declined = await client(t, admin.token).post(`/team_join_requests/${first.body.data.gid}/decline`, {});
    expect(declined.body.data.status).toBe("declined");
    expect((await permissionsOf(outsider, gated)).permissions).toMatchObject({ leave: false, request_to_join: true });
    // Asking again reopens the request; the requester may take it back.
    const second = await client(t, outsider.token).post(`/teams/${gated}/join_requests`, { message: "Please" });
    expect(second.body.data).toMatchObject({ gid: first.body.data.gid, status: "pending", message: "Please" });
    expect((await client(t, outsider.token).delete(`/team_join_requests/${second.body.data.gid}`)).status).toBe(200);
    expect((await client(t, lead.token).get(`/teams/${gated}/join_requests`)).body.data).toEqual([]);
    const users = await client(t, lead.token).get(`/teams/${gated}/users`);
    expect(users.body.data.map((user: { name: string }) => user.name)).not.toContain("Oleg Outside");
  });

  it("follows the team's access levels, and names the field of a bad setting", async () => {
    const team = await makeTeam("Writers", "public");
    expect((await client(t, member.token).put(`/teams/${team}`, { name: "Authors" })).status).toBe(403);
    const opened = await client(t, lead.token).put(`/teams/${team}`, {
      edit_team_name_or_description_access_level: "all_team_members",
      team_member_removal_access_level: "all_team_members",
    });
    expect(opened.status).toBe(200);
    expect(opened.body.data.edit_team_name_or_description_access_level).toBe("all_team_members");
    expect((await permissionsOf(member, team)).permissions).toMatchObject({
      edit: true,
      edit_visibility: false,
      remove_members: true,
      add_members: false,
    });
    expect((await client(t, member.token).put(`/teams/${team}`, { name: "Authors" })).body.data.name).toBe("Authors");
    const hidden = await client(t, member.token).put(`/teams/${team}`, { visibility: "secret" });
    expect(hidden.status).toBe(403);
    expect((await client(t, member.token).post(`/teams/${team}/addUser`, { user: outsider.gid })).status).toBe(403);
    // Someone outside the team gains nothing from the team's levels.
    expect((await client(t, outsider.token).put(`/teams/${team}`, { name: "Mine" })).status).toBe(403);

    const bad = await client(t, lead.token).put(`/teams/${team}`, { visibility: "hidden" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^visibility/);
    const pointless = await client(t, lead.token).put(`/teams/${team}`, {
      join_request_management_access_level: "all_team_members",
    });
    expect(pointless.status).toBe(400);
    expect(pointless.body.errors[0].message).toMatch(/^join_request_management_access_level/);
    const gated = await client(t, lead.token).put(`/teams/${team}`, {
      visibility: "request_to_join",
      join_request_management_access_level: "all_team_members",
    });
    expect(gated.body.data).toMatchObject({
      visibility: "request_to_join",
      join_request_management_access_level: "all_team_members",
    });
    expect((await permissionsOf(member, team)).permissions.manage_join_requests).toBe(true);
    // Made secret, the team leaves the outsider's lists; the change is in the audit log.
    await client(t, lead.token).put(`/teams/${team}`, { visibility: "secret" });
    const audit = await client(t, admin.token).get(
      `/workspaces/${workspace.gid}/audit_log_events?event_type=team_privacy_changed`,
    );
    expect(audit.body.data.map((row: { details: { new_value: string } }) => row.details.new_value).sort()).toEqual([
      "request_to_join",
      "secret",
    ]);
    expect(await teamNames(outsider)).not.toContain("Authors");
    expect((await client(t, outsider.token).get(`/teams/${team}`)).status).toBe(404);
  });
});
