import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// Asana's is_access_control_inherited: a portfolio's members gain access to a project the portfolio lists with it
// on — portfolio viewers read, editors and admins edit — and lose it when it is turned off. It is explicit sharing:
// it opens a private project, and a guest gains what a guest project member would.
let t: TestApp;
let workspace: string;
let lead: TestUser;
let reader: TestUser;
let editor: TestUser;
let guest: TestUser;
let stranger: TestUser;
let secret: { gid: string };
let other: { gid: string };
let task: string;
let viewers: string;
let editors: string;

const as = (user: TestUser) => client(t, user.token);
const names = (answer: { body: { data: { name: string }[] } }) => answer.body.data.map((row) => row.name).sort();

async function settingOf(portfolio: string) {
  const answer = await as(lead).get(
    `/portfolios/${portfolio}/project_portfolio_settings?opt_fields=permissions,project,is_access_control_inherited`,
  );
  expect(answer.status).toBe(200);
  return answer.body.data.find((row: { project: { gid: string } }) => row.project.gid === secret.gid);
}

async function inherit(portfolio: string, on: boolean) {
  const setting = await settingOf(portfolio);
  const answer = await as(lead).put(`/project_portfolio_settings/${setting.gid}`, { is_access_control_inherited: on });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.body.data.is_access_control_inherited).toBe(on);
}

// What a person sees of the secret project, through every door a user would try.
async function sight(user: TestUser) {
  const project = await as(user).get(`/projects/${secret.gid}`);
  const listed = await as(user).get(`/workspaces/${workspace}/projects`);
  const tasks = await as(user).get(`/projects/${secret.gid}/tasks`);
  const one = await as(user).get(`/tasks/${task}?opt_fields=name,permissions`);
  const search = await as(user).get(`/workspaces/${workspace}/tasks/search?text=contract`);
  const typeahead = await as(user).get(`/workspaces/${workspace}/typeahead?resource_type=project&query=Secret`);
  return {
    project: project.status,
    listed: names(listed).includes("Secret client"),
    tasks: tasks.status === 200 ? names(tasks) : tasks.status,
    task: one.status,
    canEdit: one.body?.data?.permissions?.edit ?? null,
    search: names(search),
    typeahead: names(typeahead),
  };
}

const NOTHING = {
  project: 404,
  listed: false,
  tasks: 404,
  task: 404,
  canEdit: null,
  search: [],
  typeahead: [],
};

beforeAll(async () => {
  t = await startTestApp();
  workspace = (await makeWorkspace(t)).gid;
  lead = await makeUser(t, workspace, "admin", "Lena Lead");
  reader = await makeUser(t, workspace, "member", "Roman Reader");
  editor = await makeUser(t, workspace, "member", "Elena Editor");
  guest = await makeUser(t, workspace, "guest", "Gleb Guest");
  stranger = await makeUser(t, workspace, "member", "Stas Stranger");
  secret = await makeProject(t, workspace, {
    name: "Secret client",
    privacy: "private",
    members: [{ user: lead, access: "admin" }],
  });
  other = await makeProject(t, workspace, { name: "Other client", privacy: "public_to_workspace" });
  const created = await as(lead).post("/tasks", { name: "Draft the contract", projects: [secret.gid] });
  expect(created.status).toBe(201);
  task = created.body.data.gid;
  const portfolio = async (name: string, level: "viewer" | "editor", members: TestUser[]) => {
    const answer = await as(lead).post("/portfolios", {
      workspace,
      name,
      public: false,
      default_access_level: level,
      members: members.map((member) => member.gid),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const gid = answer.body.data.gid;
    expect((await as(lead).post(`/portfolios/${gid}/addItem`, { item: secret.gid })).status).toBe(200);
    return gid;
  };
  viewers = await portfolio("Watchers", "viewer", [reader, guest]);
  editors = await portfolio("Delivery", "editor", [editor]);
});
afterAll(() => t?.close());

describe("inherited project access", () => {
  it("gives nothing while the portfolio item does not inherit", async () => {
    for (const user of [reader, editor, guest]) expect(await sight(user)).toEqual(NOTHING);
    expect((await settingOf(viewers)).is_access_control_inherited).toBe(false);
  });

  it("lets portfolio viewers read the project and its tasks everywhere, and editors edit them", async () => {
    await inherit(viewers, true);
    await inherit(editors, true);
    const seen = {
      project: 200,
      listed: true,
      tasks: ["Draft the contract"],
      task: 200,
      search: ["Draft the contract"],
      typeahead: ["Secret client"],
    };
    expect(await sight(reader)).toEqual({ ...seen, canEdit: false });
    expect(await sight(editor)).toEqual({ ...seen, canEdit: true });
    // A guest portfolio member gains what a guest project member would: this project, nothing public besides.
    expect(await sight(guest)).toEqual({ ...seen, canEdit: false });
    expect((await as(guest).get(`/projects/${other.gid}`)).status).toBe(404);
    expect(names(await as(guest).get(`/workspaces/${workspace}/projects`))).toEqual(["Secret client"]);
    // The people page says what is shared with the guest, and how.
    const people = await as(lead).get(`/workspaces/${workspace}/people`);
    const gleb = people.body.data.find((person: { user: { gid: string } }) => person.user.gid === guest.gid);
    expect(gleb.projects).toEqual([
      { gid: secret.gid, resource_type: "project", name: "Secret client", access_level: "viewer" },
    ]);
    // Someone in neither portfolio sees nothing of it.
    expect(await sight(stranger)).toEqual(NOTHING);

    // Reading is not editing; an inherited editor edits, and the project's abilities say so.
    expect((await as(reader).put(`/tasks/${task}`, { notes: "mine now" })).status).toBe(403);
    const renamed = await as(editor).put(`/tasks/${task}`, { name: "Draft the contract, v2" });
    expect(renamed.status).toBe(200);
    const abilities = async (user: TestUser) =>
      (await as(user).get(`/projects/${secret.gid}?opt_fields=permissions`)).body.data.permissions;
    expect(await abilities(reader)).toMatchObject({ edit: false });
    expect(await abilities(editor)).toMatchObject({ edit: true, manage_members: false, delete: false });
    // An inherited grant is never the project's admin access: sharing stays with the project's own admins.
    expect((await as(editor).put(`/projects/${secret.gid}`, { privacy_setting: "public_to_workspace" })).status).toBe(
      403,
    );
    await as(editor).put(`/tasks/${task}`, { name: "Draft the contract" });
  });

  it("is turned on and off only by a portfolio admin who may edit the project, and off takes the access away", async () => {
    // The lead admins both portfolios and the project: their setting carries the switch.
    expect((await settingOf(viewers)).permissions).toEqual({ edit: true });
    // A portfolio admin who only reads the project cannot share it with the portfolio's members.
    const curator = await makeUser(t, workspace, "member", "Kira Curator");
    const own = (
      await as(curator).post("/portfolios", { workspace, name: "Curated", public: false, members: [stranger.gid] })
    ).body.data.gid;
    await inherit(viewers, true);
    const added = await as(curator).post(`/portfolios/${own}/addItem`, { item: secret.gid });
    expect(added.status).toBe(404);
    const shared = await as(lead).post("/memberships", {
      parent: secret.gid,
      member: curator.gid,
      access_level: "viewer",
    });
    expect(shared.status, JSON.stringify(shared.body)).toBe(201);
    expect((await as(curator).post(`/portfolios/${own}/addItem`, { item: secret.gid })).status).toBe(200);
    const curated = (
      await as(curator).get(
        `/portfolios/${own}/project_portfolio_settings?opt_fields=permissions,is_access_control_inherited`,
      )
    ).body.data[0];
    expect(curated.permissions).toEqual({ edit: false });
    const refused = await as(curator).put(`/project_portfolio_settings/${curated.gid}`, {
      is_access_control_inherited: true,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].message).toMatch(/edit access to the project/);
    expect(await sight(stranger)).toEqual(NOTHING);
    // A portfolio member (not admin) sees the setting but has no switch.
    const asMember = (await as(reader).get(`/portfolios/${viewers}/project_portfolio_settings?opt_fields=permissions`))
      .body.data[0];
    expect(asMember.permissions).toEqual({ edit: false });
    expect(
      (await as(reader).put(`/project_portfolio_settings/${asMember.gid}`, { is_access_control_inherited: false }))
        .status,
    ).toBe(403);

    await inherit(viewers, false);
    await inherit(editors, false);
    for (const user of [reader, editor, guest]) expect(await sight(user)).toEqual(NOTHING);

    // Someone removed from the workspace keeps no inherited access through the portfolio they were in.
    await inherit(editors, true);
    expect((await as(editor).get(`/projects/${secret.gid}`)).status).toBe(200);
    const removed = await as(lead).post(`/workspaces/${workspace}/removeUser`, { user: editor.gid });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect((await as(editor).get(`/projects/${secret.gid}`)).status).toBe(404);
    expect((await as(editor).get(`/tasks/${task}`)).status).toBe(404);
  });
});
