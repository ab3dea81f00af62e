import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, type Tx, transact } from "../src/domain/context.ts";
import { newGid } from "../src/ids.ts";
import { client, makeProject, makeTask, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let workspace: { gid: string; name: string };
let lead: TestUser;
let boris: TestUser;
let viewer: TestUser;
let commenter: TestUser;
let guest: TestUser;
let stranger: TestUser;
let projectAdmin: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;
let secret: Awaited<ReturnType<typeof makeProject>>;
let board: Awaited<ReturnType<typeof makeProject>>;

const year = new Date().getUTCFullYear();

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t);
  lead = await makeUser(t, workspace.gid, "member", "Lena Lead");
  boris = await makeUser(t, workspace.gid, "member", "Boris Member");
  viewer = await makeUser(t, workspace.gid, "member", "Vera Viewer");
  commenter = await makeUser(t, workspace.gid, "guest", "Carl Commenter");
  guest = await makeUser(t, workspace.gid, "guest", "Gina Guest");
  stranger = await makeUser(t, workspace.gid, "member", "Sam Stranger");
  projectAdmin = await makeUser(t, workspace.gid, "member", "Pia Admin");
  project = await makeProject(t, workspace.gid, {
    name: "Client X",
    privacy: "private",
    members: [
      { user: lead, access: "editor" },
      { user: boris, access: "editor" },
      { user: viewer, access: "viewer" },
      { user: commenter, access: "commenter" },
      { user: projectAdmin, access: "admin" },
    ],
    sections: ["Onboarding", "In work", "QA"],
  });
  secret = await makeProject(t, workspace.gid, { name: "Secret", privacy: "private", members: [] });
  board = await makeProject(t, workspace.gid, { name: "Internal board", sections: ["Inbox", "Doing"] });
});
afterAll(() => t?.close());

const actorOf = (user: TestUser): Actor => ({
  gid: Number(user.gid),
  name: user.name,
  email: user.email,
  language: "en",
});

// Writes as the tasks area's commands do: state rows and the matching event in one transaction.
async function act(user: TestUser, work: (tx: Tx) => Promise<void>) {
  await transact({ ...t.ctx, actor: actorOf(user) }, work);
}

const wsGid = () => Number(workspace.gid);

async function createTaskInProject(user: TestUser, name: string, section = project.sections[0]) {
  const gid = newGid();
  await act(user, async (tx) => {
    await tx.trx
      .insertInto("tasks")
      .values({
        gid,
        workspace_gid: wsGid(),
        root_gid: gid,
        parent_gid: null,
        subtask_order_key: null,
        name,
        notes: "",
        html_notes: "",
        resource_subtype: "default_task",
        assignee_gid: null,
        due_on: null,
        due_at: null,
        start_on: null,
        completed: 0,
        completed_at: null,
        completed_by_gid: null,
        created_by_gid: Number(user.gid),
        created_at: tx.now,
        modified_at: tx.now,
      })
      .execute();
    await tx.trx
      .insertInto("task_memberships")
      .values({
        task_gid: gid,
        project_gid: Number(project.gid),
        section_gid: Number(section.gid),
        order_key: "a0",
        created_at: tx.now,
      })
      .execute();
    await tx.emit({
      workspace_gid: wsGid(),
      resource_type: "task",
      resource_gid: gid,
      parent_type: "project",
      parent_gid: Number(project.gid),
      action: "added",
    });
    await tx.emit({
      workspace_gid: wsGid(),
      resource_type: "task",
      resource_gid: gid,
      parent_type: "section",
      parent_gid: Number(section.gid),
      action: "added",
    });
  });
  return String(gid);
}

async function change(user: TestUser, taskGid: string, fields: Record<string, unknown>, changes: object[]) {
  await act(user, async (tx) => {
    if (Object.keys(fields).length) {
      await tx.trx.updateTable("tasks").set(fields).where("gid", "=", Number(taskGid)).execute();
    }
    for (const changed of changes) {
      await tx.emit({
        workspace_gid: wsGid(),
        resource_type: "task",
        resource_gid: Number(taskGid),
        action: "changed",
        change: changed as Record<string, unknown>,
      });
    }
  });
}

async function moveToSection(user: TestUser, taskGid: string, section: { gid: string }) {
  await act(user, async (tx) => {
    await tx.trx
      .updateTable("task_memberships")
      .set({ section_gid: Number(section.gid) })
      .where("task_gid", "=", Number(taskGid))
      .where("project_gid", "=", Number(project.gid))
      .execute();
    await tx.emit({
      workspace_gid: wsGid(),
      resource_type: "task",
      resource_gid: Number(taskGid),
      parent_type: "section",
      parent_gid: Number(section.gid),
      action: "added",
    });
  });
}

async function storiesOf(taskGid: string, user = lead, query = "opt_fields=resource_subtype,text,type,created_by") {
  const answer = await client(t, user.token).get(`/tasks/${taskGid}/stories?${query}`);
  expect(answer.status).toBe(200);
  return answer.body.data as Record<string, any>[];
}

describe("system stories derived from task events", () => {
  it("writes one story for a task created in a project, not a second one for its section", async () => {
    const taskGid = await createTaskInProject(lead, "Kick-off call");
    const stories = await storiesOf(taskGid);
    expect(stories).toHaveLength(1);
    expect(stories[0]).toMatchObject({
      resource_subtype: "added_to_project",
      type: "system",
      text: "created this task in Client X",
      created_by: { gid: lead.gid, resource_type: "user", name: "Lena Lead" },
    });
    const full = await client(t, lead.token).get(`/stories/${stories[0].gid}`);
    expect(full.body.data.project).toEqual({ gid: project.gid, resource_type: "project", name: "Client X" });
    expect(full.body.data.target).toMatchObject({ gid: taskGid, resource_type: "task", name: "Kick-off call" });
  });

  it("tells assignment, section moves, dates, completion and renames as Asana does", async () => {
    const taskGid = await createTaskInProject(lead, "Landing page");
    await change(lead, taskGid, { assignee_gid: Number(boris.gid) }, [
      { field: "assignee", action: "changed", new_value: { gid: boris.gid, resource_type: "user" } },
    ]);
    await moveToSection(lead, taskGid, project.sections[1]);
    await change(lead, taskGid, { due_on: `${year}-11-30`, due_at: null }, [
      { field: "due_on", action: "changed", new_value: `${year}-11-30` },
      { field: "due_at", action: "changed", new_value: null },
    ]);
    await change(boris, taskGid, { completed: 1 }, [{ field: "completed", action: "changed", new_value: true }]);
    await change(boris, taskGid, { completed: 0 }, [{ field: "completed", action: "changed", new_value: false }]);
    await change(lead, taskGid, { name: "Landing page v2" }, [
      { field: "name", action: "changed", new_value: "Landing page v2" },
    ]);
    await change(lead, taskGid, { notes: "Brief" }, [{ field: "notes", action: "changed", new_value: "Brief" }]);
    await change(lead, taskGid, { assignee_gid: null }, [{ field: "assignee", action: "changed", new_value: null }]);

    const stories = await storiesOf(taskGid);
    expect(stories.map((story) => [story.resource_subtype, story.text])).toEqual([
      ["added_to_project", "created this task in Client X"],
      ["assigned", "assigned to Boris Member"],
      ["section_changed", 'moved this task from "Onboarding" to "In work" in Client X'],
      ["due_date_changed", "changed the due date to Nov 30"],
      ["marked_complete", "marked this task complete"],
      ["marked_incomplete", "marked this task incomplete"],
      ["name_changed", 'changed the name to "Landing page v2"'],
      ["notes_changed", "changed the description"],
      ["unassigned", "unassigned from Boris Member"],
    ]);
    expect(stories[4].created_by.name).toBe("Boris Member");

    const fields = "resource_subtype,assignee,old_section,new_section,project,new_dates,new_name";
    const full = await storiesOf(taskGid, lead, `opt_fields=${fields}`);
    expect(full[1].assignee).toEqual({ gid: boris.gid, resource_type: "user", name: "Boris Member" });
    expect(full[2]).toMatchObject({
      old_section: { gid: project.sections[0].gid, resource_type: "section", name: "Onboarding" },
      new_section: { gid: project.sections[1].gid, resource_type: "section", name: "In work" },
      project: { gid: project.gid, name: "Client X" },
    });
    expect(full[3].new_dates).toEqual({ start_on: null, due_on: `${year}-11-30`, due_at: null });
    expect(full[6].new_name).toBe("Landing page v2");
    expect(full[8].assignee).toMatchObject({ gid: boris.gid, name: "Boris Member" });
  });

  it("records collaborators, dependencies, subtasks, projects and date ranges", async () => {
    const taskGid = await createTaskInProject(lead, "Design");
    const blocker = await createTaskInProject(lead, "Brief approved");
    const parent = await createTaskInProject(lead, "Website");
    await change(lead, taskGid, {}, [
      { field: "followers", action: "added", added_value: { gid: boris.gid, resource_type: "user" } },
    ]);
    // Following a task oneself is not worth a story.
    await change(lead, taskGid, {}, [
      { field: "followers", action: "added", added_value: { gid: lead.gid, resource_type: "user" } },
    ]);
    await change(lead, taskGid, {}, [
      { field: "dependencies", action: "added", added_value: { gid: blocker, resource_type: "task" } },
      { field: "dependencies", action: "added", added_value: { gid: parent, resource_type: "task" } },
    ]);
    await change(lead, taskGid, { start_on: `${year}-11-01`, due_on: `${year}-11-30` }, [
      { field: "start_on", action: "changed", new_value: `${year}-11-01` },
      { field: "due_on", action: "changed", new_value: `${year}-11-30` },
    ]);
    // A new parent arrives as an "added" event and as a change of the field: one story.
    await act(lead, async (tx) => {
      await tx.trx
        .updateTable("tasks")
        .set({ parent_gid: Number(parent) })
        .where("gid", "=", Number(taskGid))
        .execute();
      await tx.emit({
        workspace_gid: wsGid(),
        resource_type: "task",
        resource_gid: Number(taskGid),
        parent_type: "task",
        parent_gid: Number(parent),
        action: "added",
      });
      await tx.emit({
        workspace_gid: wsGid(),
        resource_type: "task",
        resource_gid: Number(taskGid),
        action: "changed",
        change: { field: "parent", action: "changed", new_value: { gid: parent, resource_type: "task" } },
      });
    });
    // Added to a second project: the section placement that comes with it is not a move.
    await act(lead, async (tx) => {
      await tx.trx
        .insertInto("task_memberships")
        .values({
          task_gid: Number(taskGid),
          project_gid: Number(board.gid),
          section_gid: Number(board.sections[1].gid),
          order_key: "a0",
          created_at: tx.now,
        })
        .execute();
      for (const [parentType, parentGid] of [
        ["project", board.gid],
        ["section", board.sections[1].gid],
      ]) {
        await tx.emit({
          workspace_gid: wsGid(),
          resource_type: "task",
          resource_gid: Number(taskGid),
          parent_type: parentType,
          parent_gid: Number(parentGid),
          action: "added",
        });
      }
    });
    await act(lead, async (tx) => {
      await tx.trx
        .deleteFrom("task_memberships")
        .where("task_gid", "=", Number(taskGid))
        .where("project_gid", "=", Number(board.gid))
        .execute();
      await tx.emit({
        workspace_gid: wsGid(),
        resource_type: "task",
        resource_gid: Number(taskGid),
        parent_type: "project",
        parent_gid: Number(board.gid),
        action: "removed",
      });
    });

    const stories = await storiesOf(taskGid, lead, "opt_fields=resource_subtype,text,follower,dependency,task");
    expect(stories.map((story) => [story.resource_subtype, story.text])).toEqual([
      ["added_to_project", "created this task in Client X"],
      ["collaborator_added", "added Boris Member as a collaborator"],
      ["dependency_added", 'added the dependency "Brief approved"'],
      ["dependency_added", 'added the dependency "Website"'],
      ["due_date_changed", "changed the date range to Nov 1 – Nov 30"],
      ["added_to_task", 'added this task as a subtask of "Website"'],
      ["added_to_project", "added this task to Internal board"],
      ["removed_from_project", "removed this task from Internal board"],
    ]);
    expect(stories[1].follower).toEqual({ gid: boris.gid, resource_type: "user", name: "Boris Member" });
    expect(stories[2].dependency).toEqual({ gid: blocker, resource_type: "task", name: "Brief approved" });
    expect(stories[5].task).toEqual({ gid: parent, resource_type: "task", name: "Website" });
  });

  it("writes no story for events about other things, or for a task that is gone", async () => {
    const before = await t.handle.db
      .selectFrom("stories")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirst();
    await act(lead, async (tx) => {
      await tx.emit({
        workspace_gid: wsGid(),
        resource_type: "project",
        resource_gid: Number(project.gid),
        action: "changed",
        change: { field: "name", action: "changed", new_value: "Client X" },
      });
      await tx.emit({ workspace_gid: wsGid(), resource_type: "task", resource_gid: newGid(), action: "deleted" });
    });
    const after = await t.handle.db
      .selectFrom("stories")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirst();
    expect(Number(after?.n)).toBe(Number(before?.n));
  });
});

describe("comments", () => {
  let taskGid: string;
  let secretTask: { gid: string };

  beforeAll(async () => {
    taskGid = await createTaskInProject(lead, "Homepage copy");
    secretTask = await makeTask(t, workspace.gid, {
      name: "Secret task",
      project: secret,
      section: secret.sections[0],
    });
  });

  it("adds a comment, keeps text and html_text in step, and emits an event", async () => {
    const answer = await client(t, boris.token).post(`/tasks/${taskGid}/stories`, { text: "Draft is <ready> & sent" });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("location")).toBe(`/api/1.0/stories/${answer.body.data.gid}`);
    expect(answer.body.data).toMatchObject({
      resource_type: "story",
      resource_subtype: "comment_added",
      type: "comment",
      text: "Draft is <ready> & sent",
      html_text: "<body>Draft is &lt;ready&gt; &amp; sent</body>",
      is_edited: false,
      is_pinned: false,
      is_editable: true,
      created_by: { gid: boris.gid, resource_type: "user", name: "Boris Member" },
      target: { gid: taskGid, resource_type: "task", name: "Homepage copy" },
    });
    const event = await t.handle.db
      .selectFrom("events")
      .selectAll()
      .where("resource_gid", "=", Number(answer.body.data.gid))
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      resource_type: "story",
      resource_subtype: "comment_added",
      action: "added",
      parent_type: "task",
      parent_gid: Number(taskGid),
      actor_gid: Number(boris.gid),
    });
    const list = await client(t, viewer.token).get(`/tasks/${taskGid}/stories`);
    expect(list.body.data.at(-1)).toEqual({
      gid: answer.body.data.gid,
      resource_type: "story",
      created_at: answer.body.data.created_at,
      created_by: { gid: boris.gid, resource_type: "user", name: "Boris Member" },
      resource_subtype: "comment_added",
      text: "Draft is <ready> & sent",
      type: "comment",
    });
  });

  it("sanitises rich text and derives the plain text from it", async () => {
    const answer = await client(t, commenter.token).post(`/tasks/${taskGid}/stories`, {
      html_text: '<body>Looks <strong>great</strong><script>alert(1)</script><img src=x onerror="x()"></body>',
      is_pinned: true,
    });
    expect(answer.status).toBe(201);
    expect(answer.body.data.html_text).toBe("<body>Looks <strong>great</strong></body>");
    expect(answer.body.data.text).toBe("Looks great");
    expect(answer.body.data.is_pinned).toBe(true);
  });

  it("refuses empty, over-long, mistyped and ambiguous comments with a message naming the field", async () => {
    const api = client(t, lead.token);
    const cases: [unknown, RegExp][] = [
      [{ text: "   " }, /^text: a comment cannot be empty/],
      [{}, /^text: Missing input/],
      [{ html_text: "<body><script>x</script></body>" }, /^html_text: a comment cannot be empty/],
      [{ text: "x".repeat(65_001) }, /^text:/],
      [{ text: 42 }, /^text:/],
      [{ text: "hi", html_text: "<body>hi</body>" }, /^html_text:/],
      [{ text: "hi", is_pinned: "yes" }, /^is_pinned:/],
      [{ text: "hi", sticker: "heart" }, /^sticker: Unknown field/],
    ];
    for (const [data, message] of cases) {
      const answer = await api.post(`/tasks/${taskGid}/stories`, data);
      expect(answer.status, JSON.stringify(data).slice(0, 60)).toBe(400);
      expect(answer.body.errors[0].message).toMatch(message);
    }
    expect((await api.raw("POST", `/tasks/${taskGid}/stories`, "{nope")).status).toBe(400);
    expect((await api.post(`/tasks/${taskGid}/stories`, undefined)).body.errors[0].message).toMatch(/^data:/);
    const longest = await api.post(`/tasks/${taskGid}/stories`, { text: "y".repeat(65_000) });
    expect(longest.status).toBe(201);
  });

  it("answers 404 for unknown tasks and stories", async () => {
    const api = client(t, lead.token);
    expect((await api.get("/tasks/12345/stories")).status).toBe(404);
    expect((await api.post("/tasks/not-a-gid/stories", { text: "hi" })).status).toBe(400);
    expect((await api.get("/stories/12345")).status).toBe(404);
    expect((await api.put("/stories/12345", { text: "hi" })).status).toBe(404);
    expect((await api.delete("/stories/abc")).status).toBe(400);
  });

  it("lets viewers read but not comment, and hides a private project's stories from everyone else", async () => {
    const readable = await client(t, viewer.token).get(`/tasks/${taskGid}/stories`);
    expect(readable.status).toBe(200);
    const denied = await client(t, viewer.token).post(`/tasks/${taskGid}/stories`, { text: "Can I?" });
    expect(denied.status).toBe(403);

    const storyGid = readable.body.data[0].gid;
    for (const outsider of [guest, stranger]) {
      const api = client(t, outsider.token);
      expect((await api.get(`/tasks/${taskGid}/stories`)).status).toBe(404);
      expect((await api.post(`/tasks/${taskGid}/stories`, { text: "hello" })).status).toBe(404);
      expect((await api.get(`/stories/${storyGid}`)).status).toBe(404);
    }
    expect((await client(t, lead.token).get(`/tasks/${secretTask.gid}/stories`)).status).toBe(404);
    expect((await client(t, lead.token).post(`/tasks/${secretTask.gid}/stories`, { text: "hi" })).status).toBe(404);
    const count = await t.handle.db
      .selectFrom("stories")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("task_gid", "=", Number(secretTask.gid))
      .executeTakeFirst();
    expect(Number(count?.n)).toBe(0);
  });

  it("lets only the author edit a comment, marks it edited, and never edits system stories", async () => {
    const posted = await client(t, boris.token).post(`/tasks/${taskGid}/stories`, { text: "first take" });
    const gid = posted.body.data.gid;
    const edited = await client(t, boris.token).put(`/stories/${gid}`, {
      html_text: "<body><em>second</em> take</body>",
    });
    expect(edited.status).toBe(200);
    expect(edited.body.data).toMatchObject({
      text: "second take",
      html_text: "<body><em>second</em> take</body>",
      is_edited: true,
    });
    const pinned = await client(t, boris.token).put(`/stories/${gid}`, { is_pinned: true });
    expect(pinned.body.data).toMatchObject({ is_pinned: true, text: "second take" });
    expect((await client(t, boris.token).put(`/stories/${gid}`, { text: "" })).status).toBe(400);
    expect((await client(t, boris.token).put(`/stories/${gid}`, { text: ["x"] })).status).toBe(400);

    const other = await client(t, lead.token).put(`/stories/${gid}`, { text: "hijacked" });
    expect(other.status).toBe(403);
    expect((await client(t, projectAdmin.token).put(`/stories/${gid}`, { text: "hijacked" })).status).toBe(403);
    expect((await client(t, stranger.token).put(`/stories/${gid}`, { text: "hijacked" })).status).toBe(404);
    expect((await client(t, lead.token).get(`/stories/${gid}`)).body.data).toMatchObject({
      text: "second take",
      is_editable: false,
    });

    const [system] = await storiesOf(taskGid, lead, "opt_fields=type");
    expect(system.type).toBe("system");
    expect((await client(t, lead.token).put(`/stories/${system.gid}`, { text: "rewritten history" })).status).toBe(403);
    expect((await client(t, projectAdmin.token).delete(`/stories/${system.gid}`)).status).toBe(403);
  });

  it("lets the author or a project admin delete a comment, and no one else", async () => {
    const api = client(t, commenter.token);
    const first = (await api.post(`/tasks/${taskGid}/stories`, { text: "to be removed" })).body.data.gid;
    const second = (await api.post(`/tasks/${taskGid}/stories`, { text: "admin removes this" })).body.data.gid;
    expect((await client(t, boris.token).delete(`/stories/${first}`)).status).toBe(403);
    expect((await client(t, viewer.token).delete(`/stories/${first}`)).status).toBe(403);
    expect((await client(t, guest.token).delete(`/stories/${first}`)).status).toBe(404);
    const removed = await api.delete(`/stories/${first}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ data: {} });
    expect((await api.get(`/stories/${first}`)).status).toBe(404);
    expect((await client(t, projectAdmin.token).delete(`/stories/${second}`)).status).toBe(200);
    const events = await t.handle.db
      .selectFrom("events")
      .select("action")
      .where("resource_gid", "=", Number(first))
      .orderBy("id")
      .execute();
    expect(events.map((event) => event.action)).toEqual(["added", "deleted"]);
  });

  it("pages through a long discussion oldest first", async () => {
    const pagedTask = await createTaskInProject(lead, "Chatty task");
    for (const text of ["one", "two", "three"]) {
      await client(t, lead.token).post(`/tasks/${pagedTask}/stories`, { text });
    }
    const api = client(t, lead.token);
    const first = await api.get(`/tasks/${pagedTask}/stories?limit=2`);
    expect(first.body.data.map((story: { text: string }) => story.text)).toEqual([
      "created this task in Client X",
      "one",
    ]);
    const second = await api.get(`/tasks/${pagedTask}/stories?limit=2&offset=${first.body.next_page.offset}`);
    expect(second.body.data.map((story: { text: string }) => story.text)).toEqual(["two", "three"]);
    expect(second.body.next_page).toBeNull();
    expect((await api.get(`/tasks/${pagedTask}/stories?limit=500`)).status).toBe(400);
  });
});

describe("system stories through the task API", () => {
  it("tells a task's life as a member sees it in the activity feed", async () => {
    const api = client(t, lead.token);
    const createdTask = await api.post("/tasks", {
      name: "Banner",
      projects: [project.gid],
    });
    expect(createdTask.status).toBe(201);
    const taskGid = createdTask.body.data.gid;
    expect((await api.put(`/tasks/${taskGid}`, { assignee: boris.gid, due_on: `${year}-11-30` })).status).toBe(200);
    expect((await api.post(`/sections/${project.sections[2].gid}/addTask`, { task: taskGid })).status).toBe(200);
    expect(
      (await api.post(`/tasks/${taskGid}/addProject`, { project: board.gid, section: board.sections[1].gid })).status,
    ).toBe(200);
    expect((await api.post(`/tasks/${taskGid}/addFollowers`, { followers: [viewer.gid] })).status).toBe(200);
    const subtask = await api.post(`/tasks/${taskGid}/subtasks`, { name: "Resize for mobile" });
    expect(subtask.status).toBe(201);
    expect((await api.put(`/tasks/${taskGid}`, { completed: true })).status).toBe(200);
    expect((await api.post(`/tasks/${taskGid}/stories`, { text: "Shipped" })).status).toBe(201);

    const stories = await storiesOf(taskGid);
    expect(stories.map((story) => [story.resource_subtype, story.text])).toEqual([
      ["added_to_project", "created this task in Client X"],
      ["assigned", "assigned to Boris Member"],
      ["due_date_changed", "changed the due date to Nov 30"],
      ["section_changed", 'moved this task from "Onboarding" to "QA" in Client X'],
      ["added_to_project", "added this task to Internal board"],
      ["collaborator_added", "added Vera Viewer as a collaborator"],
      ["marked_complete", "marked this task complete"],
      ["comment_added", "Shipped"],
    ]);
    const subtaskStories = await storiesOf(subtask.body.data.gid);
    expect(subtaskStories.map((story) => story.text)).toEqual(['created this task as a subtask of "Banner"']);
  });
});
