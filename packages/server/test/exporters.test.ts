import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keysAfter } from "../src/domain/ordering.ts";
import { newGid } from "../src/ids.ts";
import { readZip } from "../src/integrations/exporters/zip.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let worker: Worker;
let ws: { gid: string };
let admin: TestUser;
let member: TestUser;
let stranger: TestUser;
let guest: TestUser;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  t = await startTestApp();
  worker = startWorker(t.app.takt, { pollMs: 25 });
  ws = await makeWorkspace(t);
  admin = await makeUser(t, ws.gid, "admin", "Ada Admin");
  member = await makeUser(t, ws.gid, "member", "Max Member");
  stranger = await makeUser(t, ws.gid, "member", "Sam Stranger");
  guest = await makeUser(t, ws.gid, "guest", "Gus Guest");
});

afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

describe("project CSV export", () => {
  it("contains every task of a 5,000-task project, quoted per RFC 4180, with a BOM", async () => {
    const project = await makeProject(t, ws.gid, {
      name: 'Big, "quoted" project',
      privacy: "private",
      members: [{ user: member, access: "viewer" }],
      sections: ["Backlog"],
    });
    const now = new Date().toISOString();
    const keys = keysAfter(null, 5000);
    const rows = keys.map((key, index) => ({ gid: newGid(), key, index }));
    for (let start = 0; start < rows.length; start += 250) {
      const batch = rows.slice(start, start + 250);
      await t.handle.db
        .insertInto("tasks")
        .values(
          batch.map((row) => ({
            gid: row.gid,
            workspace_gid: Number(ws.gid),
            root_gid: row.gid,
            parent_gid: null,
            subtask_order_key: null,
            name: row.index === 0 ? 'Task "zero", with\nline break' : `Task ${row.index}`,
            notes: "",
            html_notes: "<body></body>",
            resource_subtype: "default_task",
            assignee_gid: null,
            due_on: null,
            due_at: null,
            start_on: null,
            completed: 0 as const,
            completed_at: null,
            completed_by_gid: null,
            created_by_gid: null,
            created_at: now,
            modified_at: now,
          })),
        )
        .execute();
      await t.handle.db
        .insertInto("task_memberships")
        .values(
          batch.map((row) => ({
            task_gid: row.gid,
            project_gid: Number(project.gid),
            section_gid: Number(project.sections[0].gid),
            order_key: row.key,
            created_at: now,
          })),
        )
        .execute();
    }
    const response = await fetch(`${t.api}/projects/${project.gid}/export.csv`, {
      headers: { authorization: `Bearer ${member.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    expect(text.startsWith("Task ID,Created At,Completed At,Last Modified,Name,Section/Column")).toBe(true);
    expect(text).toContain('"Task ""zero"", with\nline break"');
    expect(text).toContain('"Big, ""quoted"" project"');
    for (const index of [1, 2500, 4999]) expect(text).toContain(`,Task ${index},Backlog,`);
    // One header line, 5,000 task lines (the first task's name holds one more line break).
    expect(text.trimEnd().split("\r\n")).toHaveLength(5001);

    expect((await client(t, stranger.token).get(`/projects/${project.gid}/export.csv`)).status).toBe(404);
    expect((await client(t, guest.token).get(`/projects/${project.gid}/export.json`)).status).toBe(404);
    expect((await client(t, member.token).get("/projects/1/export.csv")).status).toBe(404);
  }, 60_000);
});

describe("project JSON export", () => {
  it("round-trips through the Asana importer: names, sections, subtasks and comments", async () => {
    const api = client(t, member.token);
    const project = await api.post("/projects", { workspace: ws.gid, name: "Website relaunch" });
    expect(project.status).toBe(201);
    const projectGid = project.body.data.gid;
    const design = await api.post(`/projects/${projectGid}/sections`, { name: "Design" });
    const build = await api.post(`/projects/${projectGid}/sections`, { name: "Build" });
    const mockups = await api.post("/tasks", {
      name: "Mockups",
      notes: "Three variants",
      projects: [projectGid],
      memberships: [{ project: projectGid, section: design.body.data.gid }],
      due_on: "2025-06-01",
    });
    expect(mockups.status).toBe(201);
    await api.post("/tasks", {
      name: "Build pages",
      memberships: [{ project: projectGid, section: build.body.data.gid }],
    });
    await api.post(`/tasks/${mockups.body.data.gid}/subtasks`, { name: "Home page mockup" });
    await api.post(`/tasks/${mockups.body.data.gid}/subtasks`, { name: "Pricing mockup", completed: true });
    await api.post(`/tasks/${mockups.body.data.gid}/stories`, { text: "Client prefers blue" });

    const exported = await api.get(`/projects/${projectGid}/export.json`);
    expect(exported.status).toBe(200);
    expect(exported.body.data.map((task: { name: string }) => task.name)).toEqual(["Mockups", "Build pages"]);

    const started = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "asana",
      project_name: "Website relaunch (copy)",
      content: JSON.stringify(exported.body),
    });
    expect(started.status).toBe(201);
    const done = await until(
      () => api.get(`/imports/${started.body.data.gid}`),
      (answer) => ["succeeded", "failed"].includes(answer.body.data.status),
    );
    expect(done.body.data).toMatchObject({
      status: "succeeded",
      counts: { tasks: 2, subtasks: 2, comments: 1, sections: 2 },
    });
    const copyGid = done.body.data.project.gid;
    expect(done.body.data.project.name).toBe("Website relaunch (copy)");
    const copy = await api.get(`/projects/${copyGid}/export.json`);
    const summary = (body: { data: Record<string, unknown>[] }) =>
      body.data.map((task) => ({
        name: task.name,
        notes: task.notes,
        due_on: task.due_on,
        section: (task.memberships as { section: { name: string } }[])[0]?.section.name,
        subtasks: (task.subtasks as { name: string; completed: boolean }[]).map((sub) => [sub.name, sub.completed]),
        comments: (task.stories as { text: string; created_by: { name: string } }[]).map((story) => [
          story.text,
          story.created_by.name,
        ]),
      }));
    expect(summary(copy.body)).toEqual(summary(exported.body));
    expect(summary(copy.body)[0]).toMatchObject({
      section: "Design",
      subtasks: [
        ["Home page mockup", false],
        ["Pricing mockup", true],
      ],
      comments: [["Client prefers blue", "Max Member"]],
    });
  });
});

describe("workspace export", () => {
  it("produces a tar with workspace.json for admins only", async () => {
    expect((await client(t, member.token).post(`/workspaces/${ws.gid}/export`)).status).toBe(403);
    expect((await client(t, guest.token).post(`/workspaces/${ws.gid}/export`)).status).toBe(403);
    const api = client(t, admin.token);
    const started = await api.post(`/workspaces/${ws.gid}/export`);
    expect(started.status).toBe(201);
    const done = await until(
      () => api.get(`/workspace_exports/${started.body.data.gid}`),
      (answer) => ["succeeded", "failed"].includes(answer.body.data.status),
    );
    expect(done.body.data.status).toBe("succeeded");
    expect((await client(t, member.token).get(`/workspace_exports/${started.body.data.gid}`)).status).toBe(404);
    const response = await fetch(`${t.url}${done.body.data.download_url}`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    const entries = readZip(Buffer.from(await response.arrayBuffer()));
    const document = JSON.parse(entries.get("workspace.json")?.toString("utf8") ?? "{}");
    expect(document.format).toBe("takt-workspace-export");
    const names = document.projects.map((project: { name: string }) => project.name);
    expect(names).toEqual(expect.arrayContaining(["Website relaunch", 'Big, "quoted" project']));
    const big = document.projects.find((project: { name: string }) => project.name.startsWith("Big"));
    expect(big.tasks).toHaveLength(5000);
  }, 60_000);
});
