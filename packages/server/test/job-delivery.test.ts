import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "../src/jobs/handlers.ts";
import { RULE_RUN } from "../src/domain/rules/rule.due.ts";
import { API_JOB } from "../src/domain/templates/api-job.ts";
import type { Job } from "../src/jobs/queue.ts";
import { handlers } from "../src/jobs/registry.ts";
import {
  client,
  makeOnboardingTemplate,
  makeProject,
  makeTeam,
  makeUser,
  makeWorkspace,
  type TestUser,
} from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// The job queue delivers a job at least once: a worker that dies mid-job leaves it to another. Here no worker
// runs; a job's handler is given the same job twice at once, as two workers would after a lost lease.
let t: TestApp;
let ws: { gid: string };
let lead: TestUser;
let team: { gid: string };
let templateGid: string;

beforeAll(async () => {
  t = await startTestApp();
  ws = await makeWorkspace(t);
  lead = await makeUser(t, ws.gid, "admin", "Lena Lead");
  team = await makeTeam(t, ws.gid, "Production", [lead]);
  templateGid = await makeOnboardingTemplate(t, ws.gid, lead);
});

afterAll(async () => {
  await t?.close();
});

async function twice(kind: string, payload: Record<string, unknown>) {
  const handle = handlers.get(kind);
  if (!handle) throw new Error(`no handler for ${kind}`);
  const job = { payload } as unknown as Job;
  await Promise.all([handle(job, t.app.takt), handle(job, t.app.takt)]);
}

async function deliverTwice(jobGid: string) {
  await twice(API_JOB, { job: Number(jobGid) });
  const answer = await client(t, lead.token).get(`/jobs/${jobGid}`);
  expect(answer.status).toBe(200);
  return answer.body.data;
}

async function projectsNamed(name: string) {
  const answer = await client(t, lead.token).get(`/teams/${team.gid}/projects?opt_fields=name`);
  expect(answer.status).toBe(200);
  return (answer.body.data as { gid: string; name: string }[]).filter((project) => project.name === name);
}

describe("an API job delivered twice", () => {
  it("instantiates its template once", async () => {
    const started = await client(t, lead.token).post(`/project_templates/${templateGid}/instantiateProject`, {
      name: "Acme onboarding",
      team: team.gid,
      public: true,
      requested_dates: [{ gid: "1", value: "2026-03-02" }],
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const job = await deliverTwice(started.body.data.gid);
    expect(job.status).toBe("succeeded");
    const made = await projectsNamed("Acme onboarding");
    expect(made.map((project) => project.gid)).toEqual([job.new_project.gid]);
  });

  it("duplicates a project once and leaves no snapshot template behind", async () => {
    const source = await makeProject(t, ws.gid, {
      name: "Globex retainer",
      team: team.gid,
      members: [{ user: lead, access: "admin" }],
      sections: ["Onboarding", "In work", "Done"],
    });
    const templatesBefore = await client(t, lead.token).get(`/project_templates?workspace=${ws.gid}`);
    const started = await client(t, lead.token).post(`/projects/${source.gid}/duplicate`, {
      name: "Globex retainer (copy)",
      team: team.gid,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const job = await deliverTwice(started.body.data.gid);
    expect(job.status).toBe("succeeded");
    const copies = await projectsNamed("Globex retainer (copy)");
    expect(copies.map((project) => project.gid)).toEqual([job.new_project.gid]);
    const sections = await client(t, lead.token).get(`/projects/${job.new_project.gid}/sections`);
    expect(sections.body.data.map((section: { name: string }) => section.name)).toEqual([
      "Onboarding",
      "In work",
      "Done",
    ]);
    const templatesAfter = await client(t, lead.token).get(`/project_templates?workspace=${ws.gid}`);
    expect(templatesAfter.body.data).toEqual(templatesBefore.body.data);
  });
});

describe("a rule run delivered twice", () => {
  it("acts once and is logged once", async () => {
    const project = await makeProject(t, ws.gid, {
      name: "Initech support",
      team: team.gid,
      members: [{ user: lead, access: "admin" }],
      sections: ["Inbox", "Done"],
    });
    const rule = await client(t, lead.token).post("/rules", {
      project: project.gid,
      name: "Acknowledge",
      trigger: { type: "incoming_web_request" },
      actions: [{ type: "add_comment", text: "Received, on it" }],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const task = await client(t, lead.token).post("/tasks", {
      name: "Printer on floor 3",
      memberships: [{ project: project.gid, section: project.sections[0].gid }],
    });
    await twice(RULE_RUN, { rule: Number(rule.body.data.gid), task: Number(task.body.data.gid), key: "web:printer" });
    const comments = (await client(t, lead.token).get(`/tasks/${task.body.data.gid}/stories`)).body.data.filter(
      (story: { type: string }) => story.type === "comment",
    );
    expect(comments.map((story: { text: string }) => story.text)).toEqual(["Received, on it"]);
    const runs = await client(t, lead.token).get(`/rules/${rule.body.data.gid}/runs`);
    expect(runs.body.data).toMatchObject([{ status: "succeeded", task: { gid: task.body.data.gid } }]);
  });
});
