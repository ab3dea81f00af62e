import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/domain/context.ts";
import { addDays, todayUtc } from "../src/domain/reports/sprint-history.ts";
import { addTaskToSprint, setStoryPoints, startSprint } from "../src/domain/sprints/sprint.commands.ts";
import { findSprint } from "../src/domain/sprints/sprint.queries.ts";
import { loadTask } from "../src/domain/tasks/task.queries.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

describe("a full sprint: plan, start, work, add mid-sprint, complete, carry over", () => {
  let t: TestApp;
  let admin: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let guest: TestUser;
  let ws: { gid: string };
  let project: Awaited<ReturnType<typeof makeProject>>;
  let other: Awaited<ReturnType<typeof makeProject>>;
  const task: Record<string, string> = {};
  let s1: string;
  let s2: string;
  const today = todayUtc();
  const day = (offset: number) => addDays(today, offset);
  const at = (offset: number, time: string) => `${day(offset)}T${time}.000Z`;
  let ctx: Ctx & { actor: NonNullable<Ctx["actor"]> };

  const as = (user: TestUser) => client(t, user.token);
  const loaded = async (gid: string) => (await loadTask(t.handle.db, Number(gid)))!;
  const sprintRow = async (gid: string) => (await findSprint(t.handle.db, Number(gid)))!;
  // Moves the newest event of a task that names `field` to a past moment, as if it had happened then.
  async function backdate(taskGid: string, field: string, when: string) {
    const row = await t.handle.db
      .selectFrom("events")
      .select("id")
      .where("resource_gid", "=", Number(taskGid))
      .where("change", "like", `%"field":"${field}"%`)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    await t.handle.db.updateTable("events").set({ created_at: when }).where("id", "=", row.id).execute();
  }

  beforeAll(async () => {
    t = await startTestApp();
    ws = await makeWorkspace(t);
    admin = await makeUser(t, ws.gid, "admin", "Ada Admin");
    member = await makeUser(t, ws.gid, "member", "Max Member");
    viewer = await makeUser(t, ws.gid, "member", "Vera Viewer");
    outsider = await makeUser(t, ws.gid, "member", "Otto Outsider");
    guest = await makeUser(t, ws.gid, "guest", "Gus Guest");
    project = await makeProject(t, ws.gid, {
      name: "Product team",
      privacy: "private",
      owner: admin,
      members: [
        { user: admin, access: "admin" },
        { user: member, access: "editor" },
        { user: viewer, access: "viewer" },
      ],
      sections: ["To do", "In progress", "Done"],
    });
    other = await makeProject(t, ws.gid, { name: "Other", members: [{ user: admin, access: "admin" }] });
    ctx = { ...t.ctx, actor: { gid: Number(admin.gid), name: admin.name, email: admin.email, language: "en" } };
  }, 60_000);
  afterAll(() => t?.close());

  it("refuses sprints until Scrum is on, then plans two sprints", async () => {
    const early = await as(admin).post(`/projects/${project.gid}/sprints`, { name: "Sprint 1" });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].message).toMatch(/^project: Scrum is not enabled/);
    const on = await as(admin).post(`/projects/${project.gid}/scrum`, { scrum_enabled: true });
    expect(on.body.data.scrum_enabled).toBe(true);
    expect((await as(admin).get(`/projects/${project.gid}`)).body.data.scrum_enabled).toBe(true);

    const first = await as(admin).post(`/projects/${project.gid}/sprints`, {
      name: "Sprint 1",
      goal: "Checkout",
      start_on: day(-3),
      end_on: day(2),
      capacity_points: 20,
    });
    expect(first.status).toBe(201);
    expect(first.headers.get("location")).toBe(`/api/1.0/sprints/${first.body.data.gid}`);
    expect(first.body.data).toMatchObject({ resource_type: "sprint", state: "planned", capacity_points: 20 });
    s1 = first.body.data.gid;
    const second = await as(member).post(`/projects/${project.gid}/sprints`, {
      name: "Sprint 2",
      start_on: day(3),
      end_on: day(9),
    });
    s2 = second.body.data.gid;
    const list = await as(viewer).get(`/projects/${project.gid}/sprints`);
    expect(list.body.data.map((sprint: { name: string }) => sprint.name)).toEqual(["Sprint 1", "Sprint 2"]);
  });

  it("estimates tasks and plans the sprint in the past through the clock, checking bad input", async () => {
    for (const name of ["A", "B", "C", "D", "E"]) {
      const created = await as(admin).post("/tasks", {
        name,
        assignee: member.gid,
        memberships: [{ project: project.gid, section: project.sections[0].gid }],
      });
      task[name] = created.body.data.gid;
    }
    for (const bad of [-1, "5", 1001]) {
      const answer = await as(admin).put(`/tasks/${task.A}`, { story_points: bad });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].message).toMatch(/^story_points: /);
    }
    expect((await loaded(task.A)).story_points ?? null).toBeNull();
    // Through the API, today: a number, then null clears it.
    const set = await as(admin).put(`/tasks/${task.E}?opt_fields=story_points,sprint`, { story_points: 13 });
    expect(set.body.data).toEqual({ gid: task.E, resource_type: "task", story_points: 13, sprint: null });
    await as(admin).put(`/tasks/${task.E}`, { story_points: null });
    await backdate(task.E, "story_points", at(-10, "08:00:00"));
    await t.handle.db
      .updateTable("events")
      .set({ created_at: at(-10, "07:00:00") })
      .where("resource_gid", "=", Number(task.E))
      .where("change", "like", '%"new_value":13%')
      .execute();

    const points: Record<string, number> = { A: 3, B: 5, C: 2, D: 8, E: 1 };
    for (const [name, value] of Object.entries(points)) {
      await setStoryPoints(ctx, await loaded(task[name]), value, { now: at(-4, "10:00:00") });
    }
    for (const name of ["A", "B", "C", "D"]) {
      await addTaskToSprint(ctx, await sprintRow(s1), await loaded(task[name]), { now: at(-4, "11:00:00") });
    }
    await startSprint(ctx, await sprintRow(s1), { now: at(-3, "09:00:00") });

    const started = await as(viewer).get(`/sprints/${s1}`);
    expect(started.body.data).toMatchObject({ state: "active", committed_points: 18, committed_tasks: 4 });
    const sprintTasks = await as(viewer).get(`/sprints/${s1}/tasks?opt_fields=name,story_points,sprint.name`);
    expect(sprintTasks.body.data.map((row: { name: string }) => row.name).sort()).toEqual(["A", "B", "C", "D"]);
    expect(sprintTasks.body.data[0].sprint).toEqual({ gid: s1, resource_type: "sprint", name: "Sprint 1" });
  });

  it("refuses a second active sprint, a task of another project and end before start, changing nothing", async () => {
    const second = await as(admin).post(`/sprints/${s2}/start`);
    expect(second.status).toBe(400);
    expect(second.body.errors[0].message).toMatch(/^sprint: the sprint "Sprint 1" .* is active/);
    expect((await sprintRow(s2)).state).toBe("planned");

    const foreign = await as(admin).post("/tasks", { name: "Elsewhere", projects: [other.gid] });
    const added = await as(admin).post(`/sprints/${s2}/addTask`, { task: foreign.body.data.gid });
    expect(added.status).toBe(400);
    expect(added.body.errors[0].message).toMatch(/^task: .*not in this sprint's project/);
    expect((await loaded(foreign.body.data.gid)).sprint_gid ?? null).toBeNull();
    const viaPut = await as(admin).put(`/tasks/${foreign.body.data.gid}`, { sprint: s2, name: "Renamed" });
    expect(viaPut.status).toBe(400);
    expect((await loaded(foreign.body.data.gid)).name).toBe("Elsewhere");

    const backwards = await as(admin).post(`/projects/${project.gid}/sprints`, {
      name: "Backwards",
      start_on: day(5),
      end_on: day(4),
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].message).toMatch(/^end_on: /);
    const badPoints = await as(admin).post(`/projects/${project.gid}/sprints`, { name: "X", capacity_points: "ten" });
    expect(badPoints.body.errors[0].message).toMatch(/^capacity_points: /);
    const badPut = await as(admin).put(`/sprints/${s1}`, { end_on: day(-5) });
    expect(badPut.status).toBe(400);
    expect((await as(admin).get(`/projects/${project.gid}/sprints`)).body.data).toHaveLength(2);
    expect((await as(admin).post(`/sprints/${s2}/complete`, { move_incomplete_to: "backlog" })).status).toBe(400);
  });

  it("keeps the people who may not see or plan the sprint out", async () => {
    for (const who of [outsider, guest]) {
      expect((await as(who).get(`/sprints/${s1}`)).status).toBe(404);
      expect((await as(who).get(`/sprints/${s1}/burndown`)).status).toBe(404);
      expect((await as(who).get(`/projects/${project.gid}/sprints`)).status).toBe(404);
      expect((await as(who).get(`/projects/${project.gid}/velocity`)).status).toBe(404);
    }
    expect((await as(viewer).get(`/sprints/${s1}/burndown`)).status).toBe(200);
    const planned = await as(viewer).post(`/projects/${project.gid}/sprints`, { name: "Mine" });
    expect(planned.status).toBe(403);
    expect((await as(viewer).post(`/sprints/${s2}/addTask`, { task: task.E })).status).toBe(403);
    expect((await as(viewer).post(`/sprints/${s1}/complete`, { move_incomplete_to: "backlog" })).status).toBe(403);
    expect((await as(viewer).put(`/tasks/${task.A}`, { story_points: 1 })).status).toBe(403);
  });

  it("works the sprint: moves through sections, completes some, adds one mid-sprint", async () => {
    const [, doing, done] = project.sections;
    await as(member).post(`/sections/${doing.gid}/addTask`, { task: task.A });
    await t.handle.db
      .updateTable("events")
      .set({ created_at: at(-2, "10:00:00") })
      .where("resource_gid", "=", Number(task.A))
      .where("parent_gid", "=", Number(doing.gid))
      .execute();
    await as(member).post(`/sections/${done.gid}/addTask`, { task: task.A });
    await as(member).put(`/tasks/${task.A}`, { completed: true });
    await backdate(task.A, "completed", at(-2, "15:00:00"));
    // E comes in mid-sprint, and B is re-estimated down the same day.
    await addTaskToSprint(ctx, await sprintRow(s1), await loaded(task.E), { now: at(-1, "11:00:00") });
    await setStoryPoints(ctx, await loaded(task.B), 3, { now: at(-1, "16:00:00") });
    // Today, through the API.
    await as(member).put(`/tasks/${task.C}`, { completed: true });
  });

  const expectedDays = () => [
    { date: day(-3), remaining_points: 18, remaining_tasks: 4, scope_points: 18, ideal_points: 18, ideal_tasks: 4 },
    { date: day(-2), remaining_points: 15, remaining_tasks: 3, scope_points: 18, ideal_points: 14.4, ideal_tasks: 3.2 },
    { date: day(-1), remaining_points: 14, remaining_tasks: 4, scope_points: 17, ideal_points: 10.8, ideal_tasks: 2.4 },
    { date: day(0), remaining_points: 12, remaining_tasks: 3, scope_points: 17, ideal_points: 7.2, ideal_tasks: 1.6 },
    {
      date: day(1),
      remaining_points: null,
      remaining_tasks: null,
      scope_points: null,
      ideal_points: 3.6,
      ideal_tasks: 0.8,
    },
    {
      date: day(2),
      remaining_points: null,
      remaining_tasks: null,
      scope_points: null,
      ideal_points: 0,
      ideal_tasks: 0,
    },
  ];

  it("burns down per day from the event log, past days included", async () => {
    const answer = await as(viewer).get(`/sprints/${s1}/burndown`);
    expect(answer.status).toBe(200);
    const data = answer.body.data;
    expect(data).toMatchObject({ start_on: day(-3), end_on: day(2), committed_points: 18, committed_tasks: 4 });
    expect(data.days).toMatchObject(expectedDays());
    expect(data.days[2]).toMatchObject({ added_tasks: 1, removed_tasks: 0, scope_change_points: -1 });
    expect(data.days[3]).toMatchObject({ completed_points: 5, completed_tasks: 2 });
    const report = await as(viewer).get(`/sprints/${s1}/report`);
    expect(report.body.data.added_after_start.map((line: any) => line.task.name)).toEqual(["E"]);
  });

  it("completes the sprint once, carries the rest over, and keeps its history", async () => {
    const bad = await as(admin).post(`/sprints/${s1}/complete`, { move_incomplete_to: "nowhere" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^move_incomplete_to: /);
    const completed = await as(admin).post(`/sprints/${s1}/complete`, { move_incomplete_to: s2 });
    expect(completed.status).toBe(200);
    expect(completed.body.data.state).toBe("completed");
    const twice = await as(admin).post(`/sprints/${s1}/complete`, { move_incomplete_to: "backlog" });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].message).toMatch(/already completed/);

    const carried = await as(admin).get(`/sprints/${s2}/tasks?opt_fields=name`);
    expect(carried.body.data.map((row: { name: string }) => row.name).sort()).toEqual(["B", "D", "E"]);
    // Later changes in the next sprint do not rewrite the finished sprint's days.
    await as(admin).put(`/tasks/${task.B}`, { story_points: 8 });
    const burndown = await as(viewer).get(`/sprints/${s1}/burndown`);
    expect(burndown.body.data.days.slice(0, 4)).toMatchObject(expectedDays().slice(0, 4));

    const report = (await as(viewer).get(`/sprints/${s1}/report`)).body.data;
    const names = (lines: { task: { name: string } }[]) => lines.map((line) => line.task.name).sort();
    expect(names(report.completed)).toEqual(["A", "C"]);
    expect(names(report.not_completed)).toEqual(["B", "D", "E"]);
    expect(names(report.added_after_start)).toEqual(["E"]);
    expect(report.removed).toEqual([]);
    expect(report).toMatchObject({ completed_points: 5, not_completed_points: 12, added_points: 1 });

    const velocity = await as(viewer).get(`/projects/${project.gid}/velocity?count=6`);
    expect(velocity.body.data.sprints).toEqual([
      expect.objectContaining({
        sprint: { gid: s1, resource_type: "sprint", name: "Sprint 1" },
        committed_points: 18,
        committed_tasks: 4,
        completed_points: 5,
        completed_tasks: 2,
      }),
    ]);
    expect(velocity.body.data.average_completed_points).toBe(5);
    expect((await as(viewer).get(`/projects/${project.gid}/velocity?count=abc`)).status).toBe(400);
  });

  it("ranks the backlog and lists it without sprint tasks", async () => {
    const extra = [];
    for (const name of ["F", "G", "H"]) {
      extra.push((await as(admin).post("/tasks", { name, projects: [project.gid] })).body.data.gid);
    }
    const ranked = await as(admin).post(`/projects/${project.gid}/backlog/insert`, {
      task: extra[2],
      before_task: extra[0],
    });
    expect(ranked.status).toBe(200);
    const backlog = await as(viewer).get(`/projects/${project.gid}/backlog?opt_fields=name`);
    expect(backlog.body.data.map((row: { name: string }) => row.name)).toEqual(["H", "F", "G"]);
    const both = await as(admin).post(`/projects/${project.gid}/backlog/insert`, { task: extra[0] });
    expect(both.status).toBe(400);
  });

  it("reports people to admins only, and workload against capacity", async () => {
    expect((await as(member).get(`/workspaces/${ws.gid}/people_report`)).status).toBe(403);
    const logged = (await as(member).post("/tasks", { name: "Timed work", projects: [project.gid] })).body.data.gid;
    for (const [minutes, on] of [
      [90, day(-1)],
      [30, day(0)],
      [45, day(-30)],
    ] as const) {
      const entry = await as(member).post(`/tasks/${logged}/time_tracking_entries`, {
        duration_minutes: minutes,
        entered_on: on,
      });
      expect(entry.status).toBe(201);
    }
    const report = await as(admin).get(`/workspaces/${ws.gid}/people_report?from=${day(-7)}&to=${day(0)}`);
    expect(report.status).toBe(200);
    const max = report.body.data.people.find((row: any) => row.user.gid === member.gid);
    expect(max).toMatchObject({ tasks_completed: 2, points_completed: 5, overdue_open_tasks: 0 });
    // C went straight from the first section to completed: only A has a cycle time.
    expect(max.cycle_time_samples).toBe(1);
    expect(max.average_cycle_time_hours).toBeGreaterThan(24);
    // Time logged in the period counts (90 + 30); the entry a month back does not.
    expect(max.time_logged_minutes).toBe(120);
    expect((await as(admin).get(`/workspaces/${ws.gid}/people_report?from=${day(1)}&to=${day(0)}`)).status).toBe(400);

    expect((await as(member).put(`/workspaces/${ws.gid}/capacity`, { weekly_capacity_points: -3 })).status).toBe(400);
    expect((await as(member).put(`/workspaces/${ws.gid}/capacity`, { weekly_capacity_points: 10 })).status).toBe(200);
    expect(
      (await as(member).put(`/workspaces/${ws.gid}/capacity`, { weekly_capacity_points: 5, user: admin.gid })).status,
    ).toBe(403);
    const workload = await as(member).get(`/workspaces/${ws.gid}/workload?weeks=2`);
    expect(workload.status).toBe(200);
    expect(workload.body.data.weeks).toHaveLength(2);
    const mine = workload.body.data.people.find((row: any) => row.user.gid === member.gid);
    expect(mine.weekly_capacity_points).toBe(10);
    const open = mine.weeks.reduce((sum: number, week: any) => sum + week.open_tasks, 0) + mine.unscheduled.open_tasks;
    expect(open).toBe(3);
  });

  it("shows cumulative flow per section", async () => {
    const flow = await as(viewer).get(`/projects/${project.gid}/cumulative_flow?from=${day(-3)}&to=${day(0)}`);
    expect(flow.status).toBe(200);
    expect(flow.body.data.sections.map((section: { name: string }) => section.name)).toEqual([
      "To do",
      "In progress",
      "Done",
    ]);
    const last = flow.body.data.days.at(-1).counts;
    expect(last[project.sections[2].gid]).toBe(1);
    expect(flow.body.data.days[0].counts[project.sections[1].gid]).toBe(0);
    expect(flow.body.data.days[1].counts[project.sections[1].gid]).toBe(1);
  });
});
