import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let worker: Worker;
let ws: { gid: string };
let admin: TestUser;
let lead: TestUser;
let designer: TestUser;
let tracker: TestUser;
let outsiderMember: TestUser;
let otherGuest: TestUser;
let project: { gid: string; sections: { gid: string; name: string }[] };
let task: { gid: string };

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

beforeAll(async () => {
  t = await startTestApp();
  worker = startWorker(t.app.takt, { pollMs: 25 });
  ws = await makeWorkspace(t);
  admin = await makeUser(t, ws.gid, "admin", "Ada Admin");
  lead = await makeUser(t, ws.gid, "member", "Lena Lead");
  designer = await makeUser(t, ws.gid, "member", "Dina Designer");
  tracker = await makeUser(t, ws.gid, "member", "Toggl Bot");
  outsiderMember = await makeUser(t, ws.gid, "member", "Otto Outside");
  otherGuest = await makeUser(t, ws.gid, "guest", "Gina Guest");
  project = await makeProject(t, ws.gid, {
    privacy: "private",
    members: [
      { user: lead, access: "admin" },
      { user: designer, access: "editor" },
      { user: tracker, access: "editor" },
    ],
    sections: ["To do", "Done"],
  });
  await makeProject(t, ws.gid, { privacy: "private", members: [{ user: otherGuest, access: "commenter" }] });
  const created = await client(t, lead.token).post("/tasks", { name: "Design the logo", projects: [project.gid] });
  task = created.body.data;
});

afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

describe("time tracking", () => {
  it("logs entries on a task: actual_time_minutes sums them and a story says what was logged", async () => {
    const api = client(t, designer.token);
    const first = await api.post(`/tasks/${task.gid}/time_tracking_entries`, {
      duration_minutes: 90,
      entered_on: "2024-05-13",
      description: "Sketches",
    });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({
      resource_type: "time_tracking_entry",
      duration_minutes: 90,
      entered_on: "2024-05-13",
      description: "Sketches",
      created_by: { gid: designer.gid, name: "Dina Designer" },
      task: { gid: task.gid },
      attributable_to: { gid: project.gid },
    });
    await api.post(`/tasks/${task.gid}/time_tracking_entries`, { duration_minutes: 30, entered_on: "2024-05-15" });
    const shown = await api.get(`/tasks/${task.gid}?opt_fields=actual_time_minutes,estimated_minutes`);
    expect(shown.body.data).toMatchObject({ actual_time_minutes: 120, estimated_minutes: null });
    const list = await api.get(`/tasks/${task.gid}/time_tracking_entries`);
    expect(list.body.data.map((entry: { duration_minutes: number }) => entry.duration_minutes)).toEqual([30, 90]);
    const stories = await api.get(`/tasks/${task.gid}/stories`);
    const texts = stories.body.data.map((story: { text: string }) => story.text);
    expect(texts).toContain("logged 1h 30m");
    expect(texts).toContain("logged 30m");
    const events = await t.handle.db
      .selectFrom("events")
      .selectAll()
      .where("resource_type", "=", "time_tracking_entry")
      .where("resource_gid", "=", Number(first.body.data.gid))
      .execute();
    expect(events).toMatchObject([{ action: "added", parent_type: "task", parent_gid: Number(task.gid) }]);
  });

  it("sets estimated_minutes on PUT /tasks", async () => {
    const api = client(t, lead.token);
    const put = await api.put(`/tasks/${task.gid}`, { estimated_minutes: 240 });
    expect(put.status).toBe(200);
    expect(put.body.data.estimated_minutes).toBe(240);
    const bad = await api.put(`/tasks/${task.gid}`, { estimated_minutes: -5 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toContain("estimated_minutes");
  });

  it("refuses bad input naming the field", async () => {
    const api = client(t, designer.token);
    const cases: [unknown, string][] = [
      [{ duration_minutes: -10 }, "duration_minutes"],
      [{ duration_minutes: 0 }, "duration_minutes"],
      [{ duration_minutes: 1.5 }, "duration_minutes"],
      [{}, "duration_minutes: Missing input"],
      [{ duration_minutes: 10, entered_on: "2024-02-30" }, "entered_on"],
      [{ duration_minutes: 10, entered_on: "yesterday" }, "entered_on"],
      [{ duration_minutes: 10, billable: true }, "billable"],
    ];
    for (const [body, field] of cases) {
      const answer = await api.post(`/tasks/${task.gid}/time_tracking_entries`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.errors[0].message).toContain(field);
    }
    const week = await api.get(`/workspaces/${ws.gid}/timesheet?week=2024-13-01`);
    expect(week.status).toBe(400);
    expect(week.body.errors[0].message).toContain("week");
  });

  it("own entries only; project admins may change others'; outsiders and other guests get 404", async () => {
    const entry = (
      await client(t, designer.token).post(`/tasks/${task.gid}/time_tracking_entries`, { duration_minutes: 15 })
    ).body.data;
    const path = `/time_tracking_entries/${entry.gid}`;
    expect((await client(t, tracker.token).put(path, { duration_minutes: 20 })).status).toBe(403);
    expect((await client(t, tracker.token).delete(path)).status).toBe(403);
    const mine = await client(t, designer.token).put(path, { duration_minutes: 20, description: "Fix" });
    expect(mine.body.data).toMatchObject({ duration_minutes: 20, description: "Fix" });
    const byAdmin = await client(t, lead.token).put(path, { duration_minutes: 25 });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.data.duration_minutes).toBe(25);
    for (const stranger of [outsiderMember, otherGuest]) {
      expect((await client(t, stranger.token).get(path)).status).toBe(404);
      expect((await client(t, stranger.token).put(path, { duration_minutes: 1 })).status).toBe(404);
      expect((await client(t, stranger.token).get(`/tasks/${task.gid}/time_tracking_entries`)).status).toBe(404);
      const post = await client(t, stranger.token).post(`/tasks/${task.gid}/time_tracking_entries`, {
        duration_minutes: 5,
      });
      expect(post.status).toBe(404);
      expect((await client(t, stranger.token).post(`/tasks/${task.gid}/timer/start`)).status).toBe(404);
    }
    expect((await client(t, lead.token).delete(path)).status).toBe(200);
    expect((await client(t, designer.token).get(path)).status).toBe(404);
    const total = await client(t, designer.token).get(`/tasks/${task.gid}?opt_fields=actual_time_minutes`);
    expect(total.body.data.actual_time_minutes).toBe(120);
  });

  it("runs one timer per person: it survives a reload, and starting another stops the first", async () => {
    const api = client(t, designer.token);
    expect((await api.get("/timer")).body.data).toBeNull();
    expect((await api.post("/timer/stop")).status).toBe(404);
    const other = (await client(t, lead.token).post("/tasks", { name: "Brief", projects: [project.gid] })).body.data;
    const started = await api.post(`/tasks/${task.gid}/timer/start`);
    expect(started.status).toBe(200);
    expect(started.body.data).toMatchObject({ resource_type: "timer", task: { gid: task.gid }, stopped_entry: null });
    // A new request (as after a reload) still sees it.
    expect((await client(t, designer.token).get("/timer")).body.data).toMatchObject({ task: { gid: task.gid } });
    // Someone else's timer is their own.
    await client(t, lead.token).post(`/tasks/${other.gid}/timer/start`);
    const switched = await api.post(`/tasks/${other.gid}/timer/start`);
    expect(switched.body.data).toMatchObject({
      task: { gid: other.gid },
      stopped_entry: { duration_minutes: 1, task: { gid: task.gid }, created_by: { gid: designer.gid } },
    });
    const running = await t.handle.db.selectFrom("time_tracking_timers").selectAll().execute();
    expect(running).toHaveLength(2);
    const stopped = await api.post("/timer/stop");
    expect(stopped.body.data).toMatchObject({ duration_minutes: 1, task: { gid: other.gid } });
    expect((await api.get("/timer")).body.data).toBeNull();
    expect((await client(t, lead.token).get("/timer")).body.data).toMatchObject({ task: { gid: other.gid } });
  });

  it("timesheet: per day per task minutes with totals; others' only for workspace admins", async () => {
    const sheet = await client(t, designer.token).get(`/workspaces/${ws.gid}/timesheet?week=2024-05-15`);
    expect(sheet.status).toBe(200);
    expect(sheet.body.data).toMatchObject({
      week_start: "2024-05-13",
      week_end: "2024-05-19",
      user: { gid: designer.gid },
      total_minutes: 120,
      tasks: [{ task: { gid: task.gid, name: "Design the logo" }, total_minutes: 120 }],
    });
    expect(sheet.body.data.totals_by_day).toMatchObject({ "2024-05-13": 90, "2024-05-15": 30, "2024-05-14": 0 });
    expect(sheet.body.data.tasks[0].minutes_by_day["2024-05-13"]).toBe(90);
    const byAdmin = await client(t, admin.token).get(
      `/workspaces/${ws.gid}/timesheet?user=${designer.gid}&week=2024-05-13`,
    );
    expect(byAdmin.status).toBe(200);
    // The admin is not in the private project: the minutes count, the task is not named.
    expect(byAdmin.body.data).toMatchObject({ total_minutes: 120, tasks: [{ task: null, total_minutes: 120 }] });
    const byPeer = await client(t, lead.token).get(
      `/workspaces/${ws.gid}/timesheet?user=${designer.gid}&week=2024-05-13`,
    );
    expect(byPeer.status).toBe(403);
    const outsider = await makeUser(t, null, "member");
    expect((await client(t, outsider.token).get(`/workspaces/${ws.gid}/timesheet`)).status).toBe(404);
  });

  it("an outside tracker logs time and completes the task with its own token; a rule then moves it to Done", async () => {
    const rule = await client(t, lead.token).post("/rules", {
      project: project.gid,
      name: "Completed → Done",
      trigger: { type: "task_completed" },
      actions: [{ type: "move_to_section", section: project.sections[1].gid }],
    });
    expect(rule.status).toBe(201);
    const bot = client(t, tracker.token);
    const logged = await bot.post(`/tasks/${task.gid}/time_tracking_entries`, { duration_minutes: 45 });
    expect(logged.status).toBe(201);
    expect((await bot.put(`/tasks/${task.gid}`, { completed: true })).status).toBe(200);
    const section = await until(
      async () =>
        (await client(t, lead.token).get(`/tasks/${task.gid}?opt_fields=memberships.section.name`)).body.data
          .memberships[0].section.name,
      (name) => name === "Done",
    );
    expect(section).toBe("Done");
  });
});
