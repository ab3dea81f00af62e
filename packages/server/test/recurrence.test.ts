import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnNextOccurrence } from "../src/domain/recurrence/recurrence.commands.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let worker: Worker;
let ws: { gid: string };
let member: TestUser;
let project: { gid: string; sections: { gid: string }[] };

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
  member = await makeUser(t, ws.gid, "member", "Mia Member");
  project = await makeProject(t, ws.gid, {
    members: [{ user: member, access: "editor" }],
    sections: ["Meetings", "Done"],
  });
});

afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

async function recurring(name: string, recurrence: unknown, dueOn: string) {
  const answer = await client(t, member.token).post("/tasks", {
    name,
    due_on: dueOn,
    assignee: member.gid,
    recurrence,
    memberships: [{ project: project.gid, section: project.sections[0].gid }],
  });
  expect(answer.status).toBe(201);
  return answer.body.data;
}

async function occurrences(name: string) {
  const list = await client(t, member.token).get(
    `/projects/${project.gid}/tasks?opt_fields=name,due_on,completed,assignee,recurrence,memberships.section.name`,
  );
  return list.body.data.filter((task: { name: string }) => task.name === name);
}

describe("recurring tasks", () => {
  const cases: [string, unknown, string, string][] = [
    ["Daily report", { rrule: "FREQ=DAILY" }, "2025-03-10", "2025-03-11"],
    ["Planning", { rrule: "FREQ=WEEKLY;BYDAY=MO,TH" }, "2025-03-10", "2025-03-13"],
    ["Invoices", { rrule: "FREQ=MONTHLY;BYMONTHDAY=15" }, "2025-03-15", "2025-04-15"],
    ["Board meeting", { rrule: "FREQ=MONTHLY;BYDAY=+2TU" }, "2025-03-11", "2025-04-08"],
    ["Anniversary", { rrule: "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=5" }, "2025-03-05", "2026-03-05"],
  ];
  for (const [name, recurrence, due, next] of cases) {
    it(`${name}: completing creates one next occurrence due ${next}`, async () => {
      const task = await recurring(name, recurrence, due);
      await client(t, member.token).put(`/tasks/${task.gid}`, { completed: true });
      const found = await until(
        () => occurrences(name),
        (list) => list.length === 2,
      );
      const open = found.find((item: { completed: boolean }) => !item.completed);
      expect(open).toMatchObject({ due_on: next, assignee: { gid: member.gid }, recurrence: { rule: recurrence } });
      expect(open.memberships[0].section.name).toBe("Meetings");
    });
  }

  it("every N days after completion, and the text in words in the viewer's language", async () => {
    const task = await recurring("Water the plants", { every_n_days_after_completion: 3 }, "2025-01-01");
    expect(task.recurrence.text).toBe("3 days after completion");
    const weekly = await recurring("Stand-up", { rrule: "FREQ=WEEKLY;BYDAY=MO,TH" }, "2025-03-10");
    expect(weekly.recurrence).toEqual({
      rule: { rrule: "FREQ=WEEKLY;BYDAY=MO,TH" },
      text: "Every week on Monday and Thursday",
    });
    await t.handle.db.updateTable("users").set({ language: "ru" }).where("gid", "=", Number(member.gid)).execute();
    const inRussian = await client(t, member.token).get(`/tasks/${weekly.gid}`);
    expect(inRussian.body.data.recurrence.text).toBe("Каждую неделю по понедельникам и четвергам");
    await t.handle.db.updateTable("users").set({ language: "en" }).where("gid", "=", Number(member.gid)).execute();
    await client(t, member.token).put(`/tasks/${task.gid}`, { completed: true });
    const found = await until(
      () => occurrences("Water the plants"),
      (list) => list.length === 2,
    );
    const today = new Date();
    today.setUTCDate(today.getUTCDate() + 3);
    expect(found.find((item: { completed: boolean }) => !item.completed).due_on).toBe(today.toISOString().slice(0, 10));
  });

  it("yields exactly one next occurrence when the completion is processed twice at once", async () => {
    await worker.stop();
    try {
      const task = await recurring("Weekly sync", { rrule: "FREQ=WEEKLY" }, "2025-05-05");
      await client(t, member.token).put(`/tasks/${task.gid}`, { completed: true });
      const results = await Promise.all([
        spawnNextOccurrence(t.app.takt, Number(task.gid)),
        spawnNextOccurrence(t.app.takt, Number(task.gid)),
        spawnNextOccurrence(t.app.takt, Number(task.gid)),
      ]);
      expect(results.filter((gid) => gid !== null)).toHaveLength(1);
      // Uncompleting and completing again does not make another.
      await client(t, member.token).put(`/tasks/${task.gid}`, { completed: false });
      await client(t, member.token).put(`/tasks/${task.gid}`, { completed: true });
      expect(await spawnNextOccurrence(t.app.takt, Number(task.gid))).toBeNull();
    } finally {
      worker = startWorker(t.app.takt, { pollMs: 25 });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const found = await occurrences("Weekly sync");
    expect(found).toHaveLength(2);
    expect(found.find((item: { completed: boolean }) => !item.completed).due_on).toBe("2025-05-12");
  });

  it("refuses an invalid recurrence with a 400 naming it, writing nothing", async () => {
    const api = client(t, member.token);
    for (const recurrence of [
      { rrule: "every monday" },
      { rrule: "FREQ=WEEKLY;BYDAY=XX" },
      { every_n_days_after_completion: 0 },
      { rrule: "FREQ=DAILY", every_n_days_after_completion: 2 },
      "weekly",
    ]) {
      const answer = await api.post("/tasks", { name: "Bad", recurrence, projects: [project.gid] });
      expect(answer.status, JSON.stringify(recurrence)).toBe(400);
      expect(answer.body.errors[0].message).toMatch(/^recurrence/);
    }
    expect(await occurrences("Bad")).toHaveLength(0);
    const task = await recurring("Clearable", { rrule: "FREQ=DAILY" }, "2025-03-01");
    const cleared = await api.put(`/tasks/${task.gid}`, { recurrence: null });
    expect(cleared.body.data.recurrence).toBeNull();
  });
});
