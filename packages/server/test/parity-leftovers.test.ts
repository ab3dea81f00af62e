import fs from "node:fs";
import zlib from "node:zlib";
import Asana from "asana";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeApiExports, runApiExport } from "../src/integrations/exporters/api-export.ts";
import { exportsDir } from "../src/integrations/exporters/workspace-export.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import {
  client,
  makeProject,
  makeTask,
  makeTeam,
  makeUser,
  makeWorkspace,
  type TestUser,
} from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// The last of Asana's endpoints: goal stories and custom fields, portfolio duplication, project portfolio settings,
// graph and resource exports — each as the official client calls it, and what each reader may see of it.
let t: TestApp;
let worker: Worker;
let workspace: string;
let lead: TestUser;
let member: TestUser;
let outsider: TestUser;
let guest: TestUser;
let team: string;
let shared: { gid: string; sections: { gid: string }[] };
let secret: { gid: string; sections: { gid: string }[] };
let fields: string[];

const as = (user: TestUser) => client(t, user.token);

async function call<T>(label: string, promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    const failure = error as { status?: number; response?: { body?: unknown } };
    throw new Error(`${label} failed: ${failure.status} ${JSON.stringify(failure.response?.body ?? error)}`);
  }
}

function asanaAs(user: TestUser) {
  const api = Asana.ApiClient.instance;
  api.basePath = t.api;
  api.authentications.token.accessToken = user.token;
}

// Polls GET /jobs/{gid} until the job is done (generous: the machine may be busy).
async function finished(user: TestUser, jobGid: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await as(user).get(`/jobs/${jobGid}`);
    if (["succeeded", "failed"].includes(answer.body?.data?.status) || Date.now() > deadline) return answer.body.data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function download(user: TestUser, url: string) {
  const response = await fetch(url, { headers: { authorization: `Bearer ${user.token}` } });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    text: response.status === 200 ? zlib.gunzipSync(Buffer.from(await response.arrayBuffer())).toString("utf8") : "",
  };
}

beforeAll(async () => {
  t = await startTestApp();
  worker = startWorker(t.app.takt, { pollMs: 25 });
  workspace = (await makeWorkspace(t, "Agency")).gid;
  lead = await makeUser(t, workspace, "admin", "Lena Lead");
  member = await makeUser(t, workspace, "member", "Max Member");
  outsider = await makeUser(t, workspace, "member", "Olga Outsider");
  guest = await makeUser(t, workspace, "guest", "Gleb Guest");
  team = (await makeTeam(t, workspace, "Delivery", [lead, member])).gid;
  shared = await makeProject(t, workspace, {
    name: "Client A",
    team,
    privacy: "private",
    members: [
      { user: lead, access: "admin" },
      { user: member, access: "editor" },
      { user: guest, access: "commenter" },
    ],
  });
  secret = await makeProject(t, workspace, {
    name: "Secret",
    team,
    privacy: "private",
    members: [{ user: lead, access: "admin" }],
  });
  await makeTask(t, workspace, { name: "Design", project: shared, section: shared.sections[0], assignee: member });
  await makeTask(t, workspace, { name: "Copy", project: shared, section: shared.sections[0] });
  await makeTask(t, workspace, { name: "Hidden plan", project: secret, section: secret.sections[0], assignee: member });
  fields = [];
  for (const name of ["Budget", "Region"]) {
    const field = await as(lead).post("/custom_fields", { workspace, name, resource_subtype: "text" });
    fields.push(field.body.data.gid);
  }
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

describe("goals", () => {
  it("take comments from whoever sees them and custom fields from whoever edits them", async () => {
    const goal = (await as(lead).post("/goals", { workspace, name: "Grow retainers" })).body.data.gid;
    asanaAs(member);
    const stories = new Asana.StoriesApi();
    const story = await call(
      "createStoryForGoal",
      stories.createStoryForGoal({ data: { text: "Two new clients signed" } }, goal, {}),
    );
    expect(story.data).toMatchObject({
      resource_type: "story",
      type: "comment",
      text: "Two new clients signed",
      created_by: { gid: member.gid, name: "Max Member" },
      target: { gid: goal, resource_type: "goal" },
    });
    await as(lead).post(`/goals/${goal}/stories`, { html_text: "<body>Great <strong>work</strong></body>" });
    const listed = await call("getStoriesForGoal", stories.getStoriesForGoal(goal, {}));
    expect(listed.data.map((row: { text: string }) => row.text)).toEqual(["Two new clients signed", "Great work"]);
    const empty = await as(member).post(`/goals/${goal}/stories`, { text: "  " });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].message).toMatch(/^text:/);
    // A guest the goal is not shared with neither reads nor writes its stories.
    expect((await as(guest).get(`/goals/${goal}/stories`)).status).toBe(404);
    expect((await as(guest).post(`/goals/${goal}/stories`, { text: "Hi" })).status).toBe(404);

    asanaAs(lead);
    const goals = new Asana.GoalsApi();
    await call(
      "addCustomFieldSettingForGoal",
      goals.addCustomFieldSettingForGoal({ data: { custom_field: fields[0] } }, goal),
    );
    const first = (await as(lead).get(`/goals/${goal}/custom_field_settings`)).body.data[0];
    await as(lead).post(`/goals/${goal}/addCustomFieldSetting`, {
      custom_field: fields[1],
      is_important: true,
      insert_before: first.gid,
    });
    const settings = await as(member).get(`/goals/${goal}/custom_field_settings`);
    expect(settings.body.data.map((row: any) => [row.custom_field.name, row.is_important])).toEqual([
      ["Region", true],
      ["Budget", false],
    ]);
    expect(settings.body.data[0].parent).toMatchObject({ gid: goal, resource_type: "goal" });
    // A member who does not own the goal cannot change its fields; an unknown field is a 404 naming it.
    expect((await as(member).post(`/goals/${goal}/addCustomFieldSetting`, { custom_field: fields[0] })).status).toBe(
      403,
    );
    const unknown = await as(lead).post(`/goals/${goal}/addCustomFieldSetting`, { custom_field: "123456789" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].message).toMatch(/custom_field/);
    await call(
      "removeCustomFieldSettingForGoal",
      goals.removeCustomFieldSettingForGoal({ data: { custom_field: fields[1] } }, goal),
    );
    const after = await as(lead).get(`/goals/${goal}/custom_field_settings`);
    expect(after.body.data.map((row: any) => row.custom_field.name)).toEqual(["Budget"]);
  });
});

describe("goal feed", () => {
  it("tells the goal's changes as stories, naming only the people and teams each reader sees", async () => {
    const board = await as(lead).post("/teams", { workspace, name: "Steering group", visibility: "secret" });
    expect(board.status, JSON.stringify(board.body)).toBe(201);
    const goal = (
      await as(lead).post("/goals", { workspace, name: "Win the tender", followers: [member.gid, guest.gid] })
    ).body.data.gid;
    const change = async (path: string, body: unknown) => {
      const answer = path
        ? await as(lead).post(`/goals/${goal}/${path}`, body)
        : await as(lead).put(`/goals/${goal}`, body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    };
    await change("", { name: "Win the big tender", due_on: "2031-03-10", status: "green" });
    await change("", { owner: outsider.gid });
    await change("setMetric", { target_number_value: 200, unit: "none" });
    await change("setMetricCurrentValue", { current_number_value: 50 });
    await change("", { team: board.body.data.gid });
    // A status update moves the goal's status: the feed says so too.
    const update = await as(lead).post("/status_updates", { parent: goal, status_type: "at_risk", title: "Late docs" });
    expect(update.status, JSON.stringify(update.body)).toBe(201);
    await as(member).post(`/goals/${goal}/stories`, { text: "We need the documents by Friday" });
    // Nothing said twice: an unchanged field tells nothing.
    await change("", { name: "Win the big tender" });

    const feed = async (user: TestUser) => {
      const answer = await as(user).get(`/goals/${goal}/stories`);
      expect(answer.status).toBe(200);
      return answer.body.data as Record<string, any>[];
    };
    const seenByLead = await feed(lead);
    expect(seenByLead.map((story) => [story.type, story.resource_subtype, story.text])).toEqual([
      ["system", "name_changed", 'changed the name to "Win the big tender"'],
      ["system", "goal_status_changed", "changed the status to on track"],
      ["system", "due_date_changed", "changed the due date to Mar 10, 2031"],
      ["system", "owner_changed", "changed the owner to Olga Outsider"],
      ["system", "current_value_changed", "updated the current value to 50"],
      ["system", "team_changed", "moved this goal to the team Steering group"],
      ["system", "goal_status_changed", "changed the status to at risk"],
      ["comment", "comment_added", "We need the documents by Friday"],
    ]);
    expect(seenByLead[0]).toMatchObject({
      created_by: { gid: lead.gid, name: "Lena Lead" },
      target: { gid: goal, resource_type: "goal" },
      old_name: "Win the tender",
      new_name: "Win the big tender",
    });
    expect(seenByLead[4]).toMatchObject({ old_number_value: 0, new_number_value: 50, new_display_value: "50" });
    expect(seenByLead[5].team).toEqual({ gid: board.body.data.gid, resource_type: "team", name: "Steering group" });

    // The member is not in the secret team: the story keeps its gid, not its name.
    const seenByMember = await feed(member);
    expect(seenByMember[5].text).toBe("moved this goal to a private team");
    expect(seenByMember[5].team).toEqual({ gid: board.body.data.gid, resource_type: "team" });
    expect(JSON.stringify(seenByMember)).not.toContain("Steering group");
    expect(seenByMember[3].text).toBe("changed the owner to Olga Outsider");
    // The guest follows the goal but shares no project with the new owner: the owner stays unnamed.
    const seenByGuest = await feed(guest);
    expect(seenByGuest[3].text).toBe("changed the owner");
    expect(seenByGuest[3].owner).toEqual({ gid: outsider.gid, resource_type: "user" });
    expect(JSON.stringify(seenByGuest)).not.toMatch(/Olga Outsider|Steering group/);
  });
});

describe("portfolios", () => {
  it("show each project's setting to those who see both, and duplicate with what the copier sees", async () => {
    const portfolio = (await as(lead).post("/portfolios", { workspace, name: "Clients", members: [member.gid] })).body
      .data.gid;
    for (const project of [shared, secret])
      await as(lead).post(`/portfolios/${portfolio}/addItem`, { item: project.gid });
    await as(lead).post(`/portfolios/${portfolio}/addCustomFieldSetting`, { custom_field: fields[0] });

    asanaAs(lead);
    const settingsApi = new Asana.ProjectPortfolioSettingsApi();
    const all = await call(
      "getProjectPortfolioSettingsForPortfolio",
      settingsApi.getProjectPortfolioSettingsForPortfolio(portfolio, {}),
    );
    expect(all.data.map((row: any) => row.project.name)).toEqual(["Client A", "Secret"]);
    expect(all.data[0]).toMatchObject({
      resource_type: "project_portfolio_setting",
      portfolio: { gid: portfolio, name: "Clients" },
      is_access_control_inherited: false,
    });
    const secretSetting = all.data[1].gid;
    const seen = await as(member).get(`/portfolios/${portfolio}/project_portfolio_settings`);
    expect(seen.body.data.map((row: any) => row.project.name)).toEqual(["Client A"]);
    expect((await as(member).get(`/project_portfolio_settings/${secretSetting}`)).status).toBe(404);
    expect((await as(member).get(`/projects/${shared.gid}/project_portfolio_settings`)).body.data).toHaveLength(1);
    expect((await as(outsider).get(`/projects/${shared.gid}/project_portfolio_settings`)).status).toBe(404);
    const mine = seen.body.data[0].gid;
    // Only the portfolio's admins change it.
    expect(
      (await as(member).put(`/project_portfolio_settings/${mine}`, { is_access_control_inherited: true })).status,
    ).toBe(403);
    const updated = await call(
      "updateProjectPortfolioSetting",
      settingsApi.updateProjectPortfolioSetting({ data: { is_access_control_inherited: true } }, mine, {}),
    );
    expect(updated.data.is_access_control_inherited).toBe(true);
    expect(
      (await as(lead).put(`/project_portfolio_settings/${mine}`, { is_access_control_inherited: "yes" })).status,
    ).toBe(400);

    asanaAs(member);
    const job = await call(
      "duplicatePortfolio",
      new Asana.PortfoliosApi().duplicatePortfolio(portfolio, {
        body: { data: { name: "Clients 2027", include: "members,child_projects" } },
      }),
    );
    expect(job.data).toMatchObject({ resource_type: "job", resource_subtype: "duplicate_portfolio" });
    const done = await finished(member, job.data.gid);
    expect(done).toMatchObject({
      status: "succeeded",
      new_portfolio: { resource_type: "portfolio", name: "Clients 2027" },
    });
    const copy = done.new_portfolio.gid;
    const copied = await as(member).get(`/portfolios/${copy}?opt_fields=owner,custom_field_settings.custom_field.name`);
    expect(copied.body.data.owner.gid).toBe(member.gid);
    expect(copied.body.data.custom_field_settings.map((row: any) => row.custom_field.name)).toEqual(["Budget"]);
    // The member never saw "Secret": the copy holds only what they saw.
    const items = await as(lead).get(`/portfolios/${copy}/items`);
    expect(items.body.data.map((row: any) => row.name)).toEqual(["Client A"]);
    const bad = await as(member).post(`/portfolios/${portfolio}/duplicate`, { name: "X", include: "members,bogus" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^include: bogus/);
    expect((await as(guest).post(`/portfolios/${portfolio}/duplicate`, { name: "X" })).status).toBe(404);
  });
});

describe("exports", () => {
  it("export a team's graph as its reader sees it, and a workspace's tasks for its admins", async () => {
    asanaAs(member);
    const exportsApi = new Asana.ExportsApi();
    const job = await call("createGraphExport", exportsApi.createGraphExport({ data: { parent: team } }));
    expect(job.data).toMatchObject({ resource_type: "job", resource_subtype: "graph_export" });
    const done = await finished(member, job.data.gid);
    expect(done.status).toBe("succeeded");
    expect(done.new_graph_export).toMatchObject({ resource_type: "graph_export" });
    expect(done.new_graph_export.download_url).toMatch(/^http/);
    const file = await download(member, done.new_graph_export.download_url);
    expect(file.type).toBe("application/gzip");
    const graph = JSON.parse(file.text).data;
    expect(graph.parent).toMatchObject({ gid: team, resource_type: "team" });
    expect(graph.projects.map((project: any) => project.name)).toEqual(["Client A"]);
    expect(graph.projects[0].tasks.map((task: any) => task.name).sort()).toEqual(["Copy", "Design"]);
    // The file is for the person who asked; a guest cannot export the team at all.
    expect((await download(lead, done.new_graph_export.download_url)).status).toBe(404);
    expect((await as(guest).post("/exports/graph", { parent: team })).status).toBe(404);
    expect((await as(outsider).post("/exports/graph", { parent: secret.gid })).status).toBe(404);

    expect(
      (
        await as(member).post("/exports/resource", {
          workspace,
          export_request_parameters: [{ resource_type: "task" }],
        })
      ).status,
    ).toBe(403);
    const badFilter = await as(lead).post("/exports/resource", {
      workspace,
      export_request_parameters: [{ resource_type: "task", filters: { "tags.any": ["1"] } }],
    });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.errors[0].message).toMatch(/^export_request_parameters\.0\.filters\.tags\.any:/);
    asanaAs(lead);
    const resource = await call(
      "createResourceExport",
      exportsApi.createResourceExport({
        data: {
          workspace,
          export_request_parameters: [
            { resource_type: "task", filters: { "assignee.any": [member.gid] }, fields: ["name", "assignee"] },
            { resource_type: "team" },
          ],
        },
      }),
    );
    const exported = await finished(lead, resource.data.gid);
    expect(exported.status).toBe("succeeded");
    const lines = (await download(lead, exported.new_resource_export.download_url)).text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const tasks = lines.filter((line) => line.resource_type === "task");
    expect(tasks.map((task) => task.name).sort()).toEqual(["Design", "Hidden plan"]);
    expect(Object.keys(tasks[0]).sort()).toEqual(["assignee", "gid", "name", "resource_type"]);
    const teams = lines.filter((line) => line.resource_type === "team");
    expect(teams[0]).toMatchObject({ name: "Delivery" });
    expect(teams[0].members.map((user: any) => user.name).sort()).toEqual(["Lena Lead", "Max Member"]);

    // Jobs are delivered at least once: the export's job run again once it is done leaves the file and the
    // export as they were, and no half-written file lies beside them.
    const { db } = t.handle;
    const dir = exportsDir(t.app.takt.config.dataDir);
    const exportGid = Number(exported.new_resource_export.gid);
    const before = await db
      .selectFrom("api_exports")
      .selectAll()
      .where("gid", "=", exportGid)
      .executeTakeFirstOrThrow();
    const written = fs.statSync(`${dir}/${before.file}`, { bigint: true }).mtimeNs;
    await runApiExport(
      db,
      t.app.takt.config.dataDir,
      { gid: Number(lead.gid), name: lead.name, email: lead.email, language: "en" },
      exportGid,
    );
    const after = await db.selectFrom("api_exports").selectAll().where("gid", "=", exportGid).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect(fs.statSync(`${dir}/${before.file}`, { bigint: true }).mtimeNs).toBe(written);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith(".partial"))).toEqual([]);

    // Thirty days on, the file is gone, as Asana's are.
    const later = new Date(Date.now() + 31 * 24 * 60 * 60 * 1000);
    expect(await purgeApiExports(t.handle.db, t.app.takt.config.dataDir, later)).toBe(2);
    expect((await download(lead, exported.new_resource_export.download_url)).status).toBe(404);
  });
});
