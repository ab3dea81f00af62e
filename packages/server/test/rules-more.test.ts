import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formSpamSettings } from "../src/domain/forms/form.spam.ts";
import { scanDueDates } from "../src/domain/rules/rule.due.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let worker: Worker;
let ws: { gid: string };
let lead: TestUser;
let specialist: TestUser;
let project: { gid: string; sections: { gid: string; name: string }[] };
let tagGid: string;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

const api = () => client(t, lead.token);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function newTask(name: string, extra: Record<string, unknown> = {}) {
  const answer = await api().post("/tasks", {
    name,
    memberships: [{ project: project.gid, section: project.sections[0].gid }],
    ...extra,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.data as { gid: string };
}

async function makeRule(body: Record<string, unknown>) {
  const answer = await api().post("/rules", { project: project.gid, ...body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.data as { gid: string; webhook_secret?: string };
}

const runsOf = (ruleGid: string, count = 1) =>
  until(
    async () => (await api().get(`/rules/${ruleGid}/runs`)).body.data as { status: string; task: { gid: string } }[],
    (runs) => runs.length >= count,
  );

const taskOf = async (gid: string, fields: string) => (await api().get(`/tasks/${gid}?opt_fields=${fields}`)).body.data;

async function customField(name: string, subtype: "text" | "enum", extra: Record<string, unknown> = {}) {
  const field = await api().post("/custom_fields", { workspace: ws.gid, name, resource_subtype: subtype, ...extra });
  expect(field.status, JSON.stringify(field.body)).toBe(201);
  await api().post(`/projects/${project.gid}/addCustomFieldSetting`, { custom_field: field.body.data.gid });
  return field.body.data as { gid: string; enum_options?: { gid: string; name: string }[] };
}

beforeAll(async () => {
  t = await startTestApp();
  formSpamSettings.minFillMs = 0;
  worker = startWorker(t.app.takt, { pollMs: 25 });
  ws = await makeWorkspace(t);
  lead = await makeUser(t, ws.gid, "member", "Lena Lead");
  specialist = await makeUser(t, ws.gid, "member", "Sam Specialist");
  project = await makeProject(t, ws.gid, {
    privacy: "private",
    members: [
      { user: lead, access: "admin" },
      { user: specialist, access: "editor" },
    ],
    sections: ["Inbox", "In work", "Done"],
  });
  tagGid = (await api().post("/tags", { workspace: ws.gid, name: "Urgent" })).body.data.gid;
});

afterAll(async () => {
  formSpamSettings.minFillMs = 3000;
  await worker?.stop();
  await t?.close();
});

describe("more rule triggers", () => {
  it("due date approaching and overdue fire once per task and due date, however often the scan runs", async () => {
    const soon = await makeRule({
      name: "Due soon",
      trigger: { type: "due_date_approaching", days: 2 },
      actions: [{ type: "add_comment", text: "Due soon" }],
    });
    const late = await makeRule({
      name: "Overdue",
      trigger: { type: "overdue" },
      actions: [{ type: "add_tag", tag: tagGid }],
    });
    const dueSoon = await newTask("Due tomorrow", { due_on: day(1) });
    const overdue = await newTask("Was due yesterday", { due_on: day(-1) });
    await newTask("Due next month", { due_on: day(30) });
    await scanDueDates(t.app.takt);
    await scanDueDates(t.app.takt);
    const soonRuns = await runsOf(soon.gid);
    const lateRuns = await runsOf(late.gid);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await scanDueDates(t.app.takt);
    expect((await runsOf(soon.gid)).map((run) => run.task.gid)).toEqual([dueSoon.gid]);
    expect(soonRuns[0].status).toBe("succeeded");
    expect((await runsOf(late.gid)).map((run) => run.task.gid)).toEqual([overdue.gid]);
    expect(lateRuns[0].status).toBe("succeeded");
    expect((await taskOf(overdue.gid, "tags.name")).tags.map((tag: { name: string }) => tag.name)).toEqual(["Urgent"]);
    // A new due date re-arms the rule for that task.
    await api().put(`/tasks/${dueSoon.gid}`, { due_on: day(2) });
    await scanDueDates(t.app.takt);
    expect(await runsOf(soon.gid, 2)).toHaveLength(2);
    for (const rule of [soon, late]) await api().delete(`/rules/${rule.gid}`);
  });

  it("approval decided (approved only) removes a tag", async () => {
    const rule = await makeRule({
      name: "Approved",
      trigger: { type: "approval_decided", value: "approved" },
      actions: [{ type: "remove_tag", tag: tagGid }],
    });
    const approved = await newTask("Logo", { resource_subtype: "approval", tags: [tagGid] });
    const rejected = await newTask("Banner", { resource_subtype: "approval", tags: [tagGid] });
    expect((await client(t, specialist.token).post(`/tasks/${approved.gid}/approve`)).status).toBe(200);
    expect((await client(t, specialist.token).post(`/tasks/${rejected.gid}/reject`)).status).toBe(200);
    const runs = await runsOf(rule.gid);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(runs.map((run) => run.task.gid)).toEqual([approved.gid]);
    expect((await taskOf(approved.gid, "tags")).tags).toEqual([]);
    expect((await taskOf(rejected.gid, "tags")).tags).toHaveLength(1);
    await api().delete(`/rules/${rule.gid}`);
  });

  it("a run is one unit of work: an action that fails undoes the ones before it and pauses the rule", async () => {
    const doomed = (await api().post("/tags", { workspace: ws.gid, name: "Archive later" })).body.data.gid as string;
    const rule = await makeRule({
      name: "Checked when done",
      trigger: { type: "task_completed" },
      actions: [
        { type: "add_comment", text: "Checked by the rule" },
        { type: "add_follower", user: specialist.gid },
        { type: "add_tag", tag: doomed },
      ],
    });
    // The third action's tag is gone by the time the rule runs.
    expect((await api().delete(`/tags/${doomed}`)).status).toBe(200);
    const task = await newTask("Ship the release notes");
    expect((await api().put(`/tasks/${task.gid}`, { completed: true })).status).toBe(200);
    const runs = await runsOf(rule.gid);
    // The run and the paused rule name the problem, for a client to word it: the tag that is gone.
    expect(runs).toMatchObject([
      { status: "failed", task: { gid: task.gid }, steps: [], problem: { type: "tag_deleted", gid: doomed } },
    ]);
    const paused = (await api().get(`/rules/${rule.gid}`)).body.data;
    expect(paused.paused_reason).toMatch(/tag .* was deleted/);
    expect(paused.paused_problem).toEqual({ type: "tag_deleted", gid: doomed });
    // Neither the comment nor the follower of the first two actions is left, nor a story of the run.
    const stories = (await api().get(`/tasks/${task.gid}/stories`)).body.data as { type: string; text: string }[];
    expect(stories.filter((story) => story.type === "comment")).toEqual([]);
    expect(stories.map((story) => story.text).join("\n")).not.toMatch(/Checked when done|Checked by the rule/);
    const followers = (await taskOf(task.gid, "followers")).followers as { gid: string }[];
    expect(followers.map((follower) => follower.gid)).not.toContain(specialist.gid);
    await api().delete(`/rules/${rule.gid}`);
  });

  it("a form submission assigns the created task round-robin", async () => {
    const rule = await makeRule({
      name: "Requests",
      trigger: { type: "form_submitted" },
      actions: [{ type: "set_assignee", users: [specialist.gid, lead.gid] }],
    });
    const form = await api().post(`/projects/${project.gid}/forms`, {
      title: "Request",
      fields: [{ key: "what", label: "What", type: "text", required: true, maps_to: "name" }],
      target_section: project.sections[0].gid,
      access: "public_link",
    });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    const submitted: string[] = [];
    for (const what of ["First", "Second"]) {
      // Signed in, the submitter is told the task's gid (an anonymous one gets a receipt only).
      const submitter = client(t, specialist.token);
      const token = (await submitter.get(`/forms/${form.body.data.gid}/public`)).body.data.fill_token;
      const answer = await submitter.post(`/forms/${form.body.data.gid}/submit`, {
        values: { what },
        fill_token: token,
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      submitted.push(answer.body.data.task.gid);
      await runsOf(rule.gid, submitted.length);
    }
    const assignees = await Promise.all(submitted.map(async (gid) => (await taskOf(gid, "assignee")).assignee?.gid));
    expect(assignees).toEqual([specialist.gid, lead.gid]);
    await api().delete(`/rules/${rule.gid}`);
  });

  it("a custom field changed to a value sets another custom field through the field's validation", async () => {
    const stage = await customField("Stage", "enum", { enum_options: [{ name: "Draft" }, { name: "Final" }] });
    const note = await customField("Note", "text");
    const final = stage.enum_options?.find((option) => option.name === "Final")?.gid as string;
    const rule = await makeRule({
      name: "Final → note",
      trigger: { type: "field_changed", custom_field: stage.gid, value: "Final" },
      actions: [{ type: "set_custom_field", custom_field: note.gid, value: "Ready to ship" }],
    });
    const task = await newTask("Spec");
    const draft = stage.enum_options?.find((option) => option.name === "Draft")?.gid as string;
    await api().put(`/tasks/${task.gid}`, { custom_fields: { [stage.gid]: draft } });
    await api().put(`/tasks/${task.gid}`, { custom_fields: { [stage.gid]: final } });
    const runs = await runsOf(rule.gid);
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe("succeeded");
    const fields = (await taskOf(task.gid, "custom_fields.display_value")).custom_fields as {
      gid: string;
      display_value: string | null;
    }[];
    expect(fields.find((field) => field.gid === note.gid)?.display_value).toBe("Ready to ship");
    // The value is checked when the rule is saved: a number for a text field is refused.
    const bad = await api().post("/rules", {
      project: project.gid,
      name: "Bad",
      trigger: { type: "task_completed" },
      actions: [{ type: "set_custom_field", custom_field: note.gid, value: 5 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^actions\.0\.value: /);
    await api().delete(`/rules/${rule.gid}`);
  });

  it("a condition on an enum custom field filters runs; unknown fields and options are refused", async () => {
    const priority = await customField("Priority", "enum", { enum_options: [{ name: "High" }, { name: "Low" }] });
    const high = priority.enum_options?.find((option) => option.name === "High")?.gid as string;
    const low = priority.enum_options?.find((option) => option.name === "Low")?.gid as string;
    const rule = await makeRule({
      name: "High done → comment",
      trigger: { type: "task_completed" },
      conditions: [
        { type: "custom_field_set", custom_field: priority.gid, value: true },
        { type: "custom_field_equals", custom_field: priority.gid, value: "High" },
      ],
      actions: [{ type: "add_comment", text: "High priority work finished" }],
    });
    const urgent = await newTask("Urgent fix", { custom_fields: { [priority.gid]: high } });
    const later = await newTask("Someday", { custom_fields: { [priority.gid]: low } });
    const unset = await newTask("No priority");
    for (const task of [urgent, later, unset]) await api().put(`/tasks/${task.gid}`, { completed: true });
    const runs = await runsOf(rule.gid, 3);
    const statusOf = (gid: string) => runs.find((run) => run.task.gid === gid)?.status;
    expect(statusOf(urgent.gid)).toBe("succeeded");
    expect(statusOf(later.gid)).toBe("skipped");
    expect(statusOf(unset.gid)).toBe("skipped");
    // By option gid and "unset" (null) work the same way.
    const byGid = await makeRule({
      name: "Low or unset",
      trigger: { type: "task_uncompleted" },
      conditions: [{ type: "custom_field_equals", custom_field: priority.gid, value: null }],
      actions: [{ type: "add_comment", text: "No priority yet" }],
    });
    for (const task of [later, unset]) await api().put(`/tasks/${task.gid}`, { completed: false });
    const reopened = await runsOf(byGid.gid, 2);
    expect(reopened.find((run) => run.task.gid === unset.gid)?.status).toBe("succeeded");
    expect(reopened.find((run) => run.task.gid === later.gid)?.status).toBe("skipped");
    const elsewhere = await api().post("/custom_fields", {
      workspace: ws.gid,
      name: "Elsewhere",
      resource_subtype: "text",
    });
    const before = (await api().get(`/rules?project=${project.gid}`)).body.data.length;
    const cases: [unknown, RegExp][] = [
      [{ type: "custom_field_equals", custom_field: "999999", value: "x" }, /^conditions\.0\.custom_field: /],
      [
        { type: "custom_field_set", custom_field: elsewhere.body.data.gid, value: true },
        /^conditions\.0\.custom_field: /,
      ],
      [{ type: "custom_field_equals", custom_field: priority.gid, value: "Medium" }, /^conditions\.0\.value: /],
    ];
    for (const [condition, message] of cases) {
      const answer = await api().post("/rules", {
        project: project.gid,
        name: "Bad",
        trigger: { type: "task_completed" },
        conditions: [condition],
        actions: [{ type: "add_comment", text: "x" }],
      });
      expect(answer.status, JSON.stringify(condition)).toBe(400);
      expect(answer.body.errors[0].message).toMatch(message);
    }
    expect((await api().get(`/rules?project=${project.gid}`)).body.data).toHaveLength(before);
    await api().delete(`/rules/${rule.gid}`);
    await api().delete(`/rules/${byGid.gid}`);
  });
});

describe("more rule actions", () => {
  it("mark incomplete: a completed task in Done is reopened", async () => {
    const rule = await makeRule({
      name: "Reopen",
      trigger: { type: "task_completed" },
      conditions: [{ type: "has_tag", tag: tagGid }],
      actions: [{ type: "mark_complete", value: false }],
    });
    const task = await newTask("Reopen me", { tags: [tagGid] });
    await api().put(`/tasks/${task.gid}`, { completed: true });
    await runsOf(rule.gid);
    expect(
      await until(
        async () => (await taskOf(task.gid, "completed")).completed,
        (completed) => completed === false,
      ),
    ).toBe(false);
    await api().delete(`/rules/${rule.gid}`);
  });

  it("send_webhook POSTs the triggering event, signed, through the job queue; private targets are refused", async () => {
    const received: { body: string; signature: string | undefined }[] = [];
    const server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        received.push({ body, signature: request.headers["x-hook-signature"] as string | undefined });
        response.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const refused = await api().post("/rules", {
        project: project.gid,
        name: "Hook",
        trigger: { type: "task_completed" },
        actions: [{ type: "send_webhook", url }],
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].message).toMatch(/^actions\.0\.url: /);
      t.app.takt.config.webhookAllowPrivate = true;
      const rule = await makeRule({
        name: "Hook",
        trigger: { type: "task_completed" },
        actions: [{ type: "send_webhook", url }],
      });
      expect(rule.webhook_secret).toMatch(/^[0-9a-f]{64}$/);
      const task = await newTask("Ship it");
      await api().put(`/tasks/${task.gid}`, { completed: true });
      await until(
        async () => received.length,
        (count) => count > 0,
      );
      expect(received).toHaveLength(1);
      const body = JSON.parse(received[0].body);
      expect(body.task.gid).toBe(task.gid);
      expect(body.events[0]).toMatchObject({ action: "changed", change: { field: "completed" } });
      expect(received[0].signature).toBe(
        createHmac("sha256", rule.webhook_secret as string)
          .update(received[0].body)
          .digest("hex"),
      );
      await api().delete(`/rules/${rule.gid}`);
    } finally {
      t.app.takt.config.webhookAllowPrivate = false;
      server.close();
    }
  });

  it("refuses unknown tags, fields and bad trigger values with a 400 naming the field, writing nothing", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ trigger: { type: "task_completed" }, actions: [{ type: "add_tag", tag: "999999" }] }, /^actions\.0\.tag: /],
      [{ trigger: { type: "task_completed" }, actions: [{ type: "remove_tag", tag: "999999" }] }, /^actions\.0\.tag: /],
      [
        {
          trigger: { type: "task_completed" },
          actions: [{ type: "set_custom_field", custom_field: "999999", value: "x" }],
        },
        /^actions\.0\.custom_field: /,
      ],
      [
        { trigger: { type: "field_changed", custom_field: "999999" }, actions: [{ type: "add_comment", text: "x" }] },
        /^trigger\.custom_field: /,
      ],
      [
        { trigger: { type: "approval_decided", value: "maybe" }, actions: [{ type: "add_comment", text: "x" }] },
        /^trigger\.value: /,
      ],
    ];
    const before = (await api().get(`/rules?project=${project.gid}`)).body.data.length;
    for (const [body, message] of cases) {
      const answer = await api().post("/rules", { project: project.gid, name: "Bad", ...body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.errors[0].message).toMatch(message);
    }
    expect((await api().get(`/rules?project=${project.gid}`)).body.data).toHaveLength(before);
  });
});
