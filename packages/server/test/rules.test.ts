import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_RULE_DEPTH } from "../src/domain/rules/rule.engine.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let worker: Worker;
let ws: { gid: string };
let lead: TestUser;
let specialist: TestUser;
let viewer: TestUser;
let outsider: TestUser;
let project: { gid: string; sections: { gid: string; name: string }[] };
const [ONBOARDING, IN_WORK, DONE] = [0, 1, 2];

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

const sectionOf = async (taskGid: string) =>
  (await client(t, lead.token).get(`/tasks/${taskGid}?opt_fields=memberships.section.name`)).body.data.memberships[0]
    .section.name;

async function newTask(name: string, section = ONBOARDING, extra: Record<string, unknown> = {}) {
  const answer = await client(t, lead.token).post("/tasks", {
    name,
    memberships: [{ project: project.gid, section: project.sections[section].gid }],
    ...extra,
  });
  return answer.body.data as { gid: string };
}

beforeAll(async () => {
  t = await startTestApp();
  worker = startWorker(t.app.takt, { pollMs: 25 });
  ws = await makeWorkspace(t);
  lead = await makeUser(t, ws.gid, "member", "Lena Lead");
  specialist = await makeUser(t, ws.gid, "member", "Sam Specialist");
  viewer = await makeUser(t, ws.gid, "member", "Vic Viewer");
  outsider = await makeUser(t, ws.gid, "member", "Otto Outside");
  project = await makeProject(t, ws.gid, {
    privacy: "private",
    members: [
      { user: lead, access: "admin" },
      { user: viewer, access: "viewer" },
    ],
    sections: ["Onboarding", "In work", "Done"],
  });
});

afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

describe("rules", () => {
  it("completed → moves to Done, when the completion comes from an outside API client", async () => {
    const rule = await client(t, lead.token).post("/rules", {
      project: project.gid,
      name: "Completed → Done",
      trigger: { type: "task_completed" },
      actions: [{ type: "move_to_section", section: project.sections[DONE].gid }],
    });
    expect(rule.status).toBe(201);
    expect(rule.body.data).toMatchObject({
      enabled: true,
      trigger: { type: "task_completed", resource_type: "rule_trigger" },
    });
    const task = await newTask("Write copy");
    await client(t, lead.token).put(`/tasks/${task.gid}`, { completed: true });
    // The rule runs in the background: what counts is that the task ends up in Done, however busy the machine.
    const section = await until(
      () => sectionOf(task.gid),
      (name) => name === "Done",
      15_000,
    );
    expect(section, "the rule did not move the completed task to Done within 15 s").toBe("Done");
    // The run's story follows its move (a transaction of its own) and comes before the run is logged.
    const runs = await until(
      () => client(t, lead.token).get(`/rules/${rule.body.data.gid}/runs`),
      (answer) => answer.body.data.length > 0,
    );
    expect(runs.body.data[0]).toMatchObject({
      status: "succeeded",
      task: { gid: task.gid },
      steps: [
        {
          type: "moved_to_section",
          section: { gid: project.sections[DONE].gid, resource_type: "section", name: "Done" },
          project: { gid: project.gid, resource_type: "project", name: "Client project" },
        },
      ],
    });
    const stories = await client(t, lead.token).get(`/tasks/${task.gid}/stories`);
    expect(stories.body.data.map((story: { text: string }) => story.text).join("\n")).toContain(
      'Rule "Completed → Done" moved this task to Done.',
    );
    await client(t, lead.token).delete(`/rules/${rule.body.data.gid}`);
  });

  it("a run's steps, its story and its log entry name only what their reader sees, by reference", async () => {
    // The lead's own private project, which the viewer of the client project cannot see.
    const secret = await makeProject(t, ws.gid, {
      name: "Secret launch",
      privacy: "private",
      members: [{ user: lead, access: "admin" }],
      sections: ["Queue"],
    });
    const rule = await client(t, lead.token).post("/rules", {
      project: project.gid,
      name: "Hand over",
      trigger: { type: "task_completed" },
      actions: [
        { type: "add_to_project", project: secret.gid, section: secret.sections[0].gid },
        { type: "add_follower", user: viewer.gid },
        { type: "add_comment", text: "Handed over" },
      ],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const skipping = await client(t, lead.token).post("/rules", {
      project: project.gid,
      name: "Only subtasks",
      trigger: { type: "task_completed" },
      conditions: [{ type: "is_subtask", value: true }],
      actions: [{ type: "mark_complete", value: false }],
    });
    expect(skipping.status, JSON.stringify(skipping.body)).toBe(201);
    const task = await newTask("Deliver the brand book");
    await client(t, lead.token).put(`/tasks/${task.gid}`, { completed: true });
    const runsAs = async (user: TestUser, ruleGid: string) =>
      (
        await until(
          () => client(t, user.token).get(`/rules/${ruleGid}/runs`),
          (answer) => answer.body.data?.length > 0,
        )
      ).body.data;

    const secretRef = { gid: secret.gid, resource_type: "project" };
    const steps = [
      { type: "added_to_project", project: { ...secretRef, name: "Secret launch" } },
      { type: "follower_added", user: { gid: viewer.gid, resource_type: "user", name: "Vic Viewer" } },
      { type: "commented" },
    ];
    const [byLead] = await runsAs(lead, rule.body.data.gid);
    expect(byLead).toMatchObject({ status: "succeeded", steps, condition: null, problem: null });
    expect(byLead.message).toBe("added this task to Secret launch, added Vic Viewer as a follower, added a comment");
    // The viewer reads the same run without the private project's name, in its steps and in its message.
    const [byViewer] = await runsAs(viewer, rule.body.data.gid);
    expect(byViewer.steps[0]).toEqual({ type: "added_to_project", project: secretRef });
    expect(byViewer.steps.slice(1)).toEqual(steps.slice(1));
    expect(byViewer.message).toBe(
      "added this task to a private project, added Vic Viewer as a follower, added a comment",
    );

    // The run's story on the task carries the rule and its steps, for each reader as they may see them.
    const ruleStory = async (user: TestUser) => {
      const fields = "resource_subtype,text,rule.name,rule_steps";
      const stories = (await client(t, user.token).get(`/tasks/${task.gid}/stories?opt_fields=${fields}`)).body
        .data as {
        resource_subtype: string;
        text: string;
        rule?: unknown;
        rule_steps?: unknown[];
      }[];
      return stories.find((story) => story.resource_subtype === "rule_ran" && story.text.includes("Hand over"));
    };
    const ruleRef = { gid: rule.body.data.gid, resource_type: "rule", name: "Hand over" };
    expect(await ruleStory(lead)).toMatchObject({ rule: ruleRef, rule_steps: steps });
    const viewerStory = await ruleStory(viewer);
    expect(viewerStory).toMatchObject({
      rule: ruleRef,
      rule_steps: [{ type: "added_to_project", project: secretRef }, ...steps.slice(1)],
    });
    expect(JSON.stringify(viewerStory)).not.toContain("Secret launch");

    // A run that a condition stopped names the condition.
    const [skipped] = await runsAs(viewer, skipping.body.data.gid);
    expect(skipped).toMatchObject({ status: "skipped", steps: [], condition: { type: "is_subtask", value: true } });
    await client(t, lead.token).delete(`/rules/${rule.body.data.gid}`);
    await client(t, lead.token).delete(`/rules/${skipping.body.data.gid}`);
  });

  it("conditions filter: only tasks assigned to the specialist get a comment and a follower", async () => {
    await client(t, lead.token).post(`/projects/${project.gid}/addMembers`, { members: specialist.gid });
    const rule = await client(t, lead.token).post("/rules", {
      project: project.gid,
      name: "Moved to In work",
      trigger: { type: "task_moved_to_section", section: project.sections[IN_WORK].gid },
      conditions: [{ type: "assignee_is", user: specialist.gid }],
      actions: [
        { type: "add_comment", text: "Started" },
        { type: "add_follower", user: lead.gid },
      ],
    });
    expect(rule.status).toBe(201);
    const matching = await newTask("Matching", ONBOARDING, { assignee: specialist.gid });
    const other = await newTask("Other");
    for (const task of [matching, other]) {
      await client(t, lead.token).post(`/sections/${project.sections[IN_WORK].gid}/addTask`, { task: task.gid });
    }
    const runs = await until(
      () => client(t, lead.token).get(`/rules/${rule.body.data.gid}/runs`),
      (answer) => answer.body.data.length >= 2,
    );
    const byTask = new Map(runs.body.data.map((run: { task: { gid: string } }) => [run.task.gid, run]));
    expect(byTask.get(matching.gid)).toMatchObject({ status: "succeeded" });
    expect(byTask.get(other.gid)).toMatchObject({ status: "skipped" });
    const comments = async (gid: string) =>
      (await client(t, lead.token).get(`/tasks/${gid}/stories`)).body.data.filter(
        (story: { type: string }) => story.type === "comment",
      );
    expect((await comments(matching.gid)).map((story: { text: string }) => story.text)).toEqual(["Started"]);
    expect(await comments(other.gid)).toEqual([]);
    await client(t, lead.token).put(`/rules/${rule.body.data.gid}`, { enabled: false });
  });

  it("an incoming web request runs its rule on the task", async () => {
    const rule = await client(t, lead.token).post("/rules", {
      project: project.gid,
      name: "From the time tracker",
      trigger: { type: "incoming_web_request" },
      actions: [
        { type: "set_assignee", user: lead.gid },
        { type: "set_due_in_days", days: 2 },
      ],
    });
    const task = await newTask("Tracked");
    const answer = await client(t, lead.token).post(`/rule_triggers/${rule.body.data.trigger.gid}/run`, {
      resource: task.gid,
      action_data: { hours: 3 },
    });
    expect(answer.status).toBe(200);
    const updated = await until(
      () => client(t, lead.token).get(`/tasks/${task.gid}`),
      (read) => read.body.data.assignee !== null && read.body.data.due_on !== null,
    );
    expect(updated.body.data.assignee.gid).toBe(lead.gid);
    const due = new Date();
    due.setUTCDate(due.getUTCDate() + 2);
    expect(updated.body.data.due_on).toBe(due.toISOString().slice(0, 10));
    expect(
      (await client(t, viewer.token).post(`/rule_triggers/${rule.body.data.trigger.gid}/run`, { resource: task.gid }))
        .status,
    ).toBe(403);
    expect(
      (await client(t, outsider.token).post(`/rule_triggers/${rule.body.data.trigger.gid}/run`, { resource: task.gid }))
        .status,
    ).toBe(404);
  });

  it("a rule pair that triggers each other stops at the depth limit with a note", async () => {
    const api = client(t, lead.token);
    const toWork = await api.post("/rules", {
      project: project.gid,
      name: "Ping",
      trigger: { type: "task_moved_to_section", section: project.sections[ONBOARDING].gid },
      actions: [{ type: "move_to_section", section: project.sections[IN_WORK].gid }],
    });
    const back = await api.post("/rules", {
      project: project.gid,
      name: "Pong",
      trigger: { type: "task_moved_to_section", section: project.sections[IN_WORK].gid },
      actions: [{ type: "move_to_section", section: project.sections[ONBOARDING].gid }],
    });
    const task = await newTask("Ping-pong");
    type Run = { status: string; task: { gid: string } };
    const mine = await until(
      async () =>
        [
          ...(await api.get(`/rules/${toWork.body.data.gid}/runs`)).body.data,
          ...(await api.get(`/rules/${back.body.data.gid}/runs`)).body.data,
        ].filter((run: Run) => run.task.gid === task.gid),
      // The two lists are read one after the other while this task's chain runs: wait until they agree on its end.
      (runs) =>
        runs.some((run: Run) => run.status === "stopped") &&
        runs.filter((run: Run) => run.status === "succeeded").length >= MAX_RULE_DEPTH,
      15_000,
    );
    expect(mine.filter((run: { status: string }) => run.status === "succeeded")).toHaveLength(MAX_RULE_DEPTH);
    const texts = await until(
      async () =>
        (await api.get(`/tasks/${task.gid}/stories`)).body.data.map((story: { text: string }) => story.text).join("\n"),
      (text) => /did not run: 5 rules in a row/.test(text),
      15_000,
    );
    expect(texts).toMatch(/did not run: 5 rules in a row/);
    await api.delete(`/rules/${toWork.body.data.gid}`);
    await api.delete(`/rules/${back.body.data.gid}`);
  });

  it("refuses bad rules and readers without access, writing nothing", async () => {
    const api = client(t, lead.token);
    const before = await t.handle.db.selectFrom("rules").select("gid").execute();
    const base = { project: project.gid, name: "Bad", trigger: { type: "task_completed" } };
    const unknownSection = await api.post("/rules", {
      ...base,
      actions: [{ type: "move_to_section", section: "123" }],
    });
    expect(unknownSection.status).toBe(400);
    expect(unknownSection.body.errors[0].message).toMatch(/^actions\.0\.section/);
    expect((await api.post("/rules", { ...base, actions: [] })).body.errors[0].message).toMatch(/^actions/);
    expect(
      (await api.post("/rules", { ...base, trigger: { type: "sunrise" }, actions: [{ type: "mark_complete" }] })).body
        .errors[0].message,
    ).toMatch(/^trigger\.type/);
    expect(
      (await api.post("/rules", { ...base, actions: [{ type: "set_assignee", user: `${outsider.gid}9` }] })).status,
    ).toBe(404);
    const asViewer = await client(t, viewer.token).post("/rules", { ...base, actions: [{ type: "mark_complete" }] });
    expect(asViewer.status).toBe(403);
    const asOutsider = await client(t, outsider.token).get(`/rules?project=${project.gid}`);
    expect(asOutsider.status).toBe(404);
    expect((await client(t, viewer.token).get(`/rules?project=${project.gid}`)).status).toBe(200);
    const after = await t.handle.db.selectFrom("rules").select("gid").execute();
    expect(after.length).toBe(before.length);
  });
});
