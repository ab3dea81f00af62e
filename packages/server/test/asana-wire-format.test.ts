import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// What Asana's official Python client (5.x, not on the npm registry) puts on the wire, reproduced request by
// request: booleans as True/False, custom field search as custom_fields_<gid>_value, form-encoded bodies, the
// full payload of a list, its page iterator (offset tokens) and its event iterator (the sync-token loop). Then the
// Asana answers a migrating script relies on: nested opt_fields, writable Asana fields, 400 for a malformed gid,
// absolute permalinks, re-adding a removed person, a duplicate's job, batch, memberships and billing entries.

let t: TestApp;
let workspace: { gid: string };
let admin: TestUser;
let member: TestUser;
let team: { gid: string };
let project: { gid: string };

async function ok(answer: Promise<{ status: number; body: any }>, what: string) {
  const done = await answer;
  if (done.status >= 300) throw new Error(`${what}: ${done.status} ${JSON.stringify(done.body)}`);
  return done.body.data;
}

// A request as the Python client's urllib3 sends it.
async function python(method: string, path: string, form?: Record<string, string>) {
  const answer = await fetch(`${t.api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${admin.token}`,
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      "user-agent": "Swagger-Codegen/5.0.0/python",
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  const text = await answer.text();
  return { status: answer.status, body: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t, "Migrating Agency");
  admin = await makeUser(t, workspace.gid, "admin", "Ada Admin");
  member = await makeUser(t, workspace.gid, "member", "Max Member");
  const api = client(t, admin.token);
  team = await ok(api.post("/teams", { name: "Delivery", organization: workspace.gid }), "team");
  project = await ok(
    api.post(`/teams/${team.gid}/projects`, { name: "Client Alpha", owner: admin.gid, icon: "rocket" }),
    "project",
  );
});
afterAll(() => t?.close());

describe("the Python client's wire format", () => {
  it("sends booleans as True/False and 1/0, and custom field filters as custom_fields_<gid>_value", async () => {
    const api = client(t, admin.token);
    const field = await ok(
      api.post("/custom_fields", {
        workspace: workspace.gid,
        name: "Budget",
        resource_subtype: "number",
        precision: 0,
      }),
      "field",
    );
    await ok(api.post(`/projects/${project.gid}/addCustomFieldSetting`, { custom_field: field.gid }), "setting");
    const rich = await ok(
      api.post("/tasks", { name: "Big order", projects: [project.gid], custom_fields: { [field.gid]: 500 } }),
      "task",
    );
    await ok(api.post("/tasks", { name: "Small order", projects: [project.gid] }), "task");
    const search = `/workspaces/${workspace.gid}/tasks/search`;
    const open = await python("GET", `${search}?completed=False&is_subtask=False&opt_fields=name`);
    expect(open.status).toBe(200);
    expect(open.body.data.map((task: { name: string }) => task.name).sort()).toEqual(["Big order", "Small order"]);
    expect((await python("GET", `${search}?completed=True`)).body.data).toEqual([]);
    expect((await python("GET", `${search}?completed=0`)).status).toBe(200);
    const byField = await python("GET", `${search}?custom_fields_${field.gid}_value=500&opt_fields=name`);
    expect(byField.body.data).toEqual([{ gid: rich.gid, resource_type: "task", name: "Big order" }]);
    const archived = await python("GET", `/projects?workspace=${workspace.gid}&archived=False`);
    expect(archived.body.data.map((item: { gid: string }) => item.gid)).toContain(project.gid);
    const wrong = await python("GET", `/projects?workspace=${workspace.gid}&archived=maybe`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].message).toMatch(/^archived: /);
  });

  it("sends form-encoded bodies: fields at the top level, lists with [], strings coerced to the field's type", async () => {
    const created = await python("POST", "/tasks?opt_fields=name,completed,projects,due_on", {
      name: "From a form",
      "projects[]": project.gid,
      completed: "false",
      due_on: "2030-05-01",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data).toMatchObject({
      name: "From a form",
      completed: false,
      due_on: "2030-05-01",
      projects: [{ gid: project.gid }],
    });
    const done = await python("PUT", `/tasks/${created.body.data.gid}?opt_fields=completed`, { completed: "True" });
    expect(done.body.data.completed).toBe(true);
    const json = await python("PUT", `/tasks/${created.body.data.gid}?opt_fields=name`, {
      data: JSON.stringify({ name: "Renamed by JSON in a form" }),
    });
    expect(json.body.data.name).toBe("Renamed by JSON in a form");
    const bad = await python("PUT", `/tasks/${created.body.data.gid}`, { completed: "perhaps" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^completed: /);
  });

  it("pages with offset tokens in the full payload until next_page is null", async () => {
    const api = client(t, admin.token);
    const paged = await ok(api.post(`/teams/${team.gid}/projects`, { name: "Paged" }), "project");
    const made: string[] = [];
    for (let index = 0; index < 7; index++) {
      made.push((await ok(api.post("/tasks", { name: `Item ${index}`, projects: [paged.gid] }), "task")).gid);
    }
    // full_payload=True: the client hands the script the whole answer, next_page included.
    const seen: string[] = [];
    let path = `/projects/${paged.gid}/tasks?limit=3`;
    const sizes: number[] = [];
    for (let page = 0; page < 10; page++) {
      const answer = await python("GET", path);
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(["data", "next_page"]);
      sizes.push(answer.body.data.length);
      seen.push(...answer.body.data.map((task: { gid: string }) => task.gid));
      if (!answer.body.next_page) break;
      expect(answer.body.next_page.uri).toMatch(/^http/);
      path = `/projects/${paged.gid}/tasks?limit=3&offset=${answer.body.next_page.offset}`;
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(made);
  });

  it("follows events with the sync-token loop: 412 and a token first, then what happened, has_more until done", async () => {
    const first = await python("GET", `/events?resource=${project.gid}`);
    expect(first.status).toBe(412);
    let sync: string = first.body.sync;
    expect(sync).toEqual(expect.any(String));
    const api = client(t, admin.token);
    const task = await ok(api.post("/tasks", { name: "Happened later", projects: [project.gid] }), "task");
    const received: { resource: { gid: string }; action: string }[] = [];
    for (let round = 0; round < 5; round++) {
      const answer = await python("GET", `/events?resource=${project.gid}&sync=${encodeURIComponent(sync)}`);
      expect(answer.status).toBe(200);
      received.push(...answer.body.data);
      sync = answer.body.sync;
      if (!answer.body.has_more) break;
    }
    expect(received).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: "added", resource: expect.objectContaining({ gid: task.gid }) }),
      ]),
    );
    const workspaceStream = await python("GET", `/workspaces/${workspace.gid}/events`);
    expect(workspaceStream.status).toBe(412);
    expect(workspaceStream.body.sync).toEqual(expect.any(String));
  });
});

describe("Asana's answers", () => {
  it("expands nested opt_fields to any depth", async () => {
    const api = client(t, admin.token);
    await ok(
      api.post("/status_updates", {
        parent: project.gid,
        status_type: "at_risk",
        title: "Late",
        text: "Waiting on copy",
      }),
      "update",
    );
    const task = await ok(
      api.post("/tasks", { name: "Deep", projects: [project.gid], assignee: member.gid, followers: [member.gid] }),
      "task",
    );
    const fields =
      "assignee.email,followers.email,created_by.name,projects.team.name,projects.owner.email,assigned_by.name";
    const read = await ok(api.get(`/tasks/${task.gid}?opt_fields=${fields}`), "read");
    expect(read.assignee).toEqual({ gid: member.gid, resource_type: "user", email: member.email });
    expect(read.followers).toEqual(
      expect.arrayContaining([{ gid: member.gid, resource_type: "user", email: member.email }]),
    );
    expect(read.created_by).toEqual({ gid: admin.gid, resource_type: "user", name: "Ada Admin" });
    expect(read.projects).toEqual([
      {
        gid: project.gid,
        resource_type: "project",
        team: { gid: team.gid, resource_type: "team", name: "Delivery" },
        owner: { gid: admin.gid, resource_type: "user", email: admin.email },
      },
    ]);
    expect(read.assigned_by).toEqual({ gid: admin.gid, resource_type: "user", name: "Ada Admin" });
    const withStatus = await ok(
      api.get(
        `/projects/${project.gid}?opt_fields=current_status_update.text,current_status_update.author.email,icon,completed`,
      ),
      "project",
    );
    expect(withStatus.current_status_update).toMatchObject({ text: "Waiting on copy", author: { email: admin.email } });
    expect(withStatus).toMatchObject({ icon: "rocket", completed: false });
  });

  it("accepts Asana's writable fields, stores external, refuses a typo naming it, and 400s a malformed gid", async () => {
    const api = client(t, admin.token);
    const task = await ok(
      api.post("/tasks", {
        name: "Synced from CRM",
        projects: [project.gid],
        external: { gid: "crm-42", data: '{"deal":42}' },
        start_at: "2030-01-01T09:00:00.000Z",
        liked: true,
        assignee_section: null,
        approval_status: "pending",
      }),
      "task",
    );
    expect(task).toMatchObject({
      external: { gid: "crm-42", data: '{"deal":42}' },
      start_at: "2030-01-01T09:00:00.000Z",
      likes: [],
      assignee_section: null,
    });
    expect(task.permalink_url).toBe(`${t.url}/projects/${project.gid}/tasks/${task.gid}`);
    const typo = await api.post("/tasks", { name: "x", projects: [project.gid], nmae: "typo" });
    expect(typo.status).toBe(400);
    expect(typo.body.errors[0].message).toBe("nmae: Unknown field");
    const malformed = await api.get("/tasks/abc");
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].message).toMatch(/^task_gid: /);
    const done = await ok(api.put(`/projects/${project.gid}`, { completed: true }), "complete");
    expect(done).toMatchObject({ completed: true, completed_by: { gid: admin.gid } });
    expect(done.completed_at).toEqual(expect.any(String));
  });

  it("re-adds a removed person (and their My Tasks) without an error", async () => {
    const api = client(t, admin.token);
    const leaver = await makeUser(t, workspace.gid, "member", "Lee Leaver");
    const own = client(t, leaver.token);
    const before = await ok(own.get(`/users/me/user_task_list?workspace=${workspace.gid}`), "list");
    expect((await api.post(`/workspaces/${workspace.gid}/removeUser`, { user: leaver.gid })).status).toBe(200);
    const back = await api.post(`/workspaces/${workspace.gid}/addUser`, { user: leaver.gid });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    const after = await ok(own.get(`/users/me/user_task_list?workspace=${workspace.gid}`), "list");
    expect(after.gid).toBe(before.gid);
  });

  it("finds a duplicated task's and a duplicated project's jobs with GET /jobs/{gid}", async () => {
    const api = client(t, admin.token);
    const task = await ok(api.post("/tasks", { name: "Original", projects: [project.gid] }), "task");
    const job = await ok(api.post(`/tasks/${task.gid}/duplicate`, { name: "Copy" }), "duplicate");
    const polled = await ok(api.get(`/jobs/${job.gid}`), "job");
    expect(polled).toMatchObject({ status: "succeeded", new_task: { name: "Copy" } });
    const copyJob = await ok(api.post(`/projects/${project.gid}/duplicate`, { name: "Client Alpha (copy)" }), "dup");
    // No worker runs in this test server: the job waits, queued, and is found.
    const state = await ok(api.get(`/jobs/${copyJob.gid}`), "job");
    expect(state).toMatchObject({ gid: copyJob.gid, resource_subtype: "duplicate_project", status: "queued" });
  });

  it("runs a batch, lists memberships, workspace memberships, projects of a task and billable time", async () => {
    const api = client(t, admin.token);
    const task = await ok(api.post("/tasks", { name: "Billable", projects: [project.gid] }), "task");
    await ok(
      api.post(`/tasks/${task.gid}/time_tracking_entries`, { duration_minutes: 90, entered_on: "2030-03-03" }),
      "entry",
    );
    const batch = await ok(
      api.post("/batch", {
        actions: [
          { method: "get", relative_path: `/tasks/${task.gid}`, options: { fields: ["name"] } },
          { method: "put", relative_path: `/tasks/${task.gid}`, data: { notes: "Batched" } },
          { method: "get", relative_path: "/tasks/999999999" },
        ],
      }),
      "batch",
    );
    expect(batch.map((result: { status_code: number }) => result.status_code)).toEqual([200, 200, 404]);
    expect(batch[0].body.data).toEqual({ gid: task.gid, resource_type: "task", name: "Billable" });
    const added = await ok(
      api.post("/memberships", { parent: project.gid, member: member.gid, access_level: "commenter" }),
      "membership",
    );
    expect(added).toMatchObject({ access_level: "commenter", member: { gid: member.gid } });
    const listed = await ok(api.get(`/memberships?parent=${project.gid}`), "memberships");
    expect(listed.map((row: { gid: string }) => row.gid)).toContain(added.gid);
    expect((await api.delete(`/memberships/${added.gid}`)).status).toBe(200);
    const mine = await ok(api.get(`/users/me/workspace_memberships`), "workspace memberships");
    expect(mine).toEqual([expect.objectContaining({ workspace: expect.objectContaining({ gid: workspace.gid }) })]);
    const projects = await ok(api.get(`/tasks/${task.gid}/projects`), "projects");
    expect(projects).toEqual([{ gid: project.gid, resource_type: "project", name: "Client Alpha" }]);
    const found = await ok(api.get(`/workspaces/${workspace.gid}/projects/search?text=alpha`), "search");
    expect(found.map((item: { gid: string }) => item.gid)).toContain(project.gid);
    const billed = await ok(
      api.get(
        `/time_tracking_entries?workspace=${workspace.gid}&entered_on_start_date=2030-03-01&entered_on_end_date=2030-03-31&opt_fields=duration_minutes,task.name`,
      ),
      "entries",
    );
    expect(billed).toEqual([
      expect.objectContaining({ duration_minutes: 90, task: expect.objectContaining({ name: "Billable" }) }),
    ]);
    // A member who cannot see the task sees none of its time.
    const outsider = await makeUser(t, workspace.gid, "guest", "Gus Guest");
    expect(
      (await ok(client(t, outsider.token).get(`/time_tracking_entries?workspace=${workspace.gid}`), "guest")).length,
    ).toBe(0);
  });

  it("keeps a project's brief, and lets its admins decide who asked to join", async () => {
    const api = client(t, admin.token);
    const brief = await ok(
      api.post(`/projects/${project.gid}/project_briefs`, { title: "Why", html_text: "<body><b>Launch</b></body>" }),
      "brief",
    );
    expect(brief).toMatchObject({ resource_type: "project_brief", title: "Why", text: "Launch" });
    expect((await api.post(`/projects/${project.gid}/project_briefs`, { title: "Again" })).status).toBe(400);
    const renamed = await ok(api.put(`/project_briefs/${brief.gid}`, { title: "Why we launch" }), "rename");
    expect(renamed.title).toBe("Why we launch");
    const withBrief = await ok(api.get(`/projects/${project.gid}?opt_fields=project_brief.title`), "project");
    expect(withBrief.project_brief).toEqual({ gid: brief.gid, resource_type: "project_brief", title: "Why we launch" });
    const asker = await makeUser(t, workspace.gid, "member", "Ann Asker");
    const asked = await ok(
      client(t, asker.token).post("/access_requests", { target: project.gid, message: "Hi" }),
      "ask",
    );
    expect(asked).toMatchObject({ approval_status: "pending", requester: { gid: asker.gid } });
    expect((await client(t, asker.token).get(`/access_requests?target=${project.gid}`)).status).toBe(403);
    const pending = await ok(api.get(`/access_requests?target=${project.gid}`), "pending");
    expect(pending.map((row: { gid: string }) => row.gid)).toEqual([asked.gid]);
    expect((await client(t, asker.token).post(`/access_requests/${asked.gid}/approve`, {})).status).toBe(403);
    expect((await api.post(`/access_requests/${asked.gid}/approve`, {})).status).toBe(200);
    const members = await ok(api.get(`/memberships?parent=${project.gid}&member=${asker.gid}`), "members");
    expect(members).toEqual([expect.objectContaining({ member: expect.objectContaining({ gid: asker.gid }) })]);
    expect((await api.delete(`/project_briefs/${brief.gid}`)).status).toBe(200);
    expect((await api.get(`/project_briefs/${brief.gid}`)).status).toBe(404);
  });
});

describe("custom IDs and stickers", () => {
  it("numbers a project's tasks BUG-1, BUG-2, … and finds a task by its custom ID, for those who may see it", async () => {
    const api = client(t, admin.token);
    const earlier = await ok(api.post("/tasks", { name: "Login fails", projects: [project.gid] }), "task");
    const field = await ok(
      api.post("/custom_fields", {
        workspace: workspace.gid,
        name: "Ticket",
        resource_subtype: "number",
        id_prefix: "bug",
      }),
      "field",
    );
    expect(field).toMatchObject({ id_prefix: "BUG", representation_type: "custom_id", is_value_read_only: true });
    // Adding the field numbers the project's tasks, oldest first; new tasks take the next numbers.
    await ok(api.post(`/projects/${project.gid}/addCustomFieldSetting`, { custom_field: field.gid }), "setting");
    const later = await ok(api.post("/tasks", { name: "Logout hangs", projects: [project.gid] }), "task");
    const idOf = async (gid: string) => {
      const task = await ok(
        api.get(`/tasks/${gid}?opt_fields=custom_fields.display_value,custom_fields.number_value`),
        "task",
      );
      return task.custom_fields.find((value: { gid: string }) => value.gid === field.gid);
    };
    const first = await idOf(earlier.gid);
    const second = await idOf(later.gid);
    expect(second.number_value).toBe(first.number_value + 1);
    expect(second.display_value).toBe(`BUG-${second.number_value}`);
    const byId = `/workspaces/${workspace.gid}/tasks/custom_id`;
    const found = await ok(api.get(`${byId}/${second.display_value}?opt_fields=name`), "by custom id");
    expect(found).toEqual({ gid: later.gid, resource_type: "task", name: "Logout hangs" });
    expect((await ok(api.get(`${byId}/bug-${first.number_value}`), "lower case")).gid).toBe(earlier.gid);
    expect((await api.get(`${byId}/BUG-99999`)).status).toBe(404);
    expect((await api.get(`${byId}/nonsense`)).status).toBe(404);
    // Takt gives the numbers: a client cannot set or clear them.
    const set = await api.put(`/tasks/${later.gid}`, { custom_fields: { [field.gid]: 7 } });
    expect(set.status).toBe(400);
    expect(set.body.errors[0].message).toMatch(/custom_fields/);
    expect((await idOf(later.gid)).display_value).toBe(second.display_value);
    // A prefix names tasks across the workspace, so it is unique, and only number fields take one.
    const again = await api.post("/custom_fields", {
      workspace: workspace.gid,
      name: "Other",
      resource_subtype: "number",
      id_prefix: "BUG",
    });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].message).toMatch(/^id_prefix/);
    const text = await api.post("/custom_fields", {
      workspace: workspace.gid,
      name: "Code",
      resource_subtype: "text",
      id_prefix: "TXT",
    });
    expect(text.status).toBe(400);
    expect(text.body.errors[0].message).toMatch(/^id_prefix/);
    // A task in a private project is 404 by its custom ID to those outside it, like an unknown ID.
    const secret = await makeProject(t, workspace.gid, {
      name: "Board only",
      privacy: "private",
      members: [{ user: admin, access: "admin" }],
    });
    await ok(api.post(`/projects/${secret.gid}/addCustomFieldSetting`, { custom_field: field.gid }), "setting");
    const hidden = await ok(api.post("/tasks", { name: "Layoffs", projects: [secret.gid] }), "hidden task");
    const hiddenId = (await idOf(hidden.gid)).display_value;
    expect((await ok(api.get(`${byId}/${hiddenId}`), "admin")).gid).toBe(hidden.gid);
    expect((await client(t, member.token).get(`${byId}/${hiddenId}`)).status).toBe(404);
    expect((await client(t, member.token).get(`${byId}/${second.display_value}`)).status).toBe(200);
  });

  it("keeps the sticker a comment is posted with, and refuses stickers Asana does not have", async () => {
    const api = client(t, admin.token);
    const task = await ok(api.post("/tasks", { name: "Ship it", projects: [project.gid] }), "task");
    const cheered = await ok(
      api.post(`/tasks/${task.gid}/stories`, { text: "Done!", sticker_name: "trophy" }),
      "sticker comment",
    );
    expect(cheered).toMatchObject({ text: "Done!", sticker_name: "trophy" });
    const alone = await ok(api.post(`/tasks/${task.gid}/stories`, { sticker_name: "party_popper" }), "sticker");
    expect(alone).toMatchObject({ type: "comment", sticker_name: "party_popper" });
    const plain = await ok(api.post(`/tasks/${task.gid}/stories`, { text: "No sticker" }), "comment");
    expect(plain.sticker_name).toBeNull();
    const wrong = await api.post(`/tasks/${task.gid}/stories`, { text: "Hm", sticker_name: "thumbs_up" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].message).toMatch(/sticker_name/);
    const changed = await ok(api.put(`/stories/${cheered.gid}`, { sticker_name: "heart" }), "change");
    expect(changed.sticker_name).toBe("heart");
    const cleared = await ok(api.put(`/stories/${cheered.gid}`, { sticker_name: null }), "clear");
    expect(cleared).toMatchObject({ sticker_name: null, text: "Done!" });
    const listed = await ok(api.get(`/tasks/${task.gid}/stories?opt_fields=sticker_name`), "stories");
    expect(listed.map((story: { sticker_name: string | null }) => story.sticker_name)).toContain("party_popper");
  });
});

describe("out-of-office entries", () => {
  it("records a person's days away, lists those overlapping a range, and lets only them or an admin change them", async () => {
    const mine = client(t, member.token);
    const away = await ok(
      mine.post("/ooo_entries", {
        user: member.gid,
        workspace: workspace.gid,
        start_date: "2031-07-01",
        end_date: "2031-07-14",
      }),
      "entry",
    );
    expect(away).toMatchObject({
      resource_type: "ooo_entry",
      start_date: "2031-07-01",
      end_date: "2031-07-14",
      user: { gid: member.gid, name: "Max Member" },
      created_by: { gid: member.gid },
    });
    await ok(
      client(t, admin.token).post("/ooo_entries", {
        user: member.gid,
        workspace: workspace.gid,
        start_date: "2031-12-24",
        end_date: "2031-12-31",
      }),
      "an admin records it for them",
    );
    const list = (range: string) =>
      ok(client(t, admin.token).get(`/ooo_entries?user=${member.gid}&workspace=${workspace.gid}${range}`), "list");
    expect((await list("")).map((entry: { start_date: string }) => entry.start_date)).toEqual([
      "2031-07-01",
      "2031-12-24",
    ]);
    const july = await list("&start_date=2031-07-10&end_date=2031-07-20");
    expect(july.map((entry: { gid: string }) => entry.gid)).toEqual([away.gid]);
    const backwards = await mine.post("/ooo_entries", {
      user: member.gid,
      workspace: workspace.gid,
      start_date: "2031-07-14",
      end_date: "2031-07-01",
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].message).toMatch(/^end_date/);
    const forSomeoneElse = await mine.post("/ooo_entries", {
      user: admin.gid,
      workspace: workspace.gid,
      start_date: "2031-07-01",
      end_date: "2031-07-02",
    });
    expect(forSomeoneElse.status).toBe(403);
    const moved = await ok(mine.put(`/ooo_entries/${away.gid}`, { end_date: "2031-07-21" }), "move");
    expect(moved.end_date).toBe("2031-07-21");
    const guest = await makeUser(t, workspace.gid, "guest", "Gia Guest");
    expect((await client(t, guest.token).get(`/ooo_entries/${away.gid}`)).status).toBe(404);
    expect((await mine.delete(`/ooo_entries/${away.gid}`)).status).toBe(200);
    expect((await mine.get(`/ooo_entries/${away.gid}`)).status).toBe(404);
  });
});
