import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { up as backfillStoryReferences } from "../src/db/migrations/0019-story-references.ts";
import { closeMailTransports } from "../src/email/mailer.ts";
import { newGid } from "../src/ids.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { mailsTo, type ReceivedMail, startSmtp } from "./helpers/mail.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// A guest of a client's project, and a member outside a private project, read tasks that touch that private
// project: a dependency on one of its tasks, a task living in it too, a parent in it, one of its custom fields.
// Whatever they read — stories, the task, their inbox and email, a webhook's payload, an export — names none
// of it: "a private task", "a private project", a reference without its name.

let t: TestApp;
let worker: Worker;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let receiver: http.Server;
let receiverUrl: string;
const received: string[] = [];
let workspace: { gid: string };
let owner: TestUser;
let guest: TestUser;
let member: TestUser;
let portal: Awaited<ReturnType<typeof makeProject>>;
let salaries: Awaited<ReturnType<typeof makeProject>>;
const gids: Record<string, string> = {};

// Every name that lives only in the private project.
const SECRETS = ["Salaries", "Pay rise for Boris", "Boris's contract", "Salary band", "Band 7", "Draft", "Final"];

function leaks(value: unknown): string[] {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return SECRETS.filter((secret) => text.includes(secret));
}

async function ok(answer: Promise<{ status: number; body: any }>, status = [200, 201]) {
  const settled = await answer;
  expect(status, JSON.stringify(settled.body)).toContain(settled.status);
  return settled.body.data;
}

async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

type Story = { gid: string; resource_subtype: string; text: string; html_text: string; [key: string]: any };
async function storiesOf(user: TestUser, taskGid: string): Promise<Story[]> {
  return ok(client(t, user.token).get(`/tasks/${taskGid}/stories?opt_fields=${STORY_FIELDS}`));
}
const STORY_FIELDS =
  "text,html_text,resource_subtype,project.name,task.name,dependency.name,new_section.name,old_section.name,custom_field.name,new_display_value";
const bySubtype = (stories: Story[], subtype: string) => stories.filter((story) => story.resource_subtype === subtype);

beforeAll(async () => {
  smtp = await startSmtp();
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const secret = request.headers["x-hook-secret"];
      if (typeof secret === "string") {
        response.writeHead(200, { "X-Hook-Secret": secret }).end();
        return;
      }
      received.push(Buffer.concat(chunks).toString("utf8"));
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  t = await startTestApp();
  Object.assign(t.app.takt.config, { smtpUrl: smtp.url, webhookAllowPrivate: true });
  worker = startWorker(t.app.takt, { pollMs: 25 });

  workspace = await makeWorkspace(t);
  owner = await makeUser(t, workspace.gid, "member", "Olga Owner");
  guest = await makeUser(t, workspace.gid, "guest", "Gina Guest");
  member = await makeUser(t, workspace.gid, "member", "Nick Member");
  portal = await makeProject(t, workspace.gid, {
    name: "Client portal",
    members: [
      { user: owner, access: "editor" },
      { user: guest, access: "commenter" },
    ],
  });
  salaries = await makeProject(t, workspace.gid, {
    name: "Salaries",
    privacy: "private",
    members: [{ user: owner, access: "admin" }],
    sections: ["Draft", "Final"],
  });
  const api = client(t, owner.token);
  const task = (name: string, data: Record<string, unknown>) => ok(api.post("/tasks", { name, ...data }));

  // The member's webhook on the client's project hears of everything that happens to its tasks.
  await ok(client(t, member.token).post("/webhooks", { resource: portal.gid, target: `${receiverUrl}/portal` }));

  gids.blocker = (await task("Pay rise for Boris", { projects: [salaries.gid] })).gid;
  gids.deliverable = (await task("Landing page", { projects: [portal.gid], assignee: guest.gid })).gid;
  await ok(api.post(`/tasks/${gids.deliverable}/addDependencies`, { dependencies: [gids.blocker] }));

  gids.shared = (await task("Shared brief", { projects: [portal.gid] })).gid;
  await ok(api.post(`/tasks/${gids.shared}/addProject`, { project: salaries.gid, section: salaries.sections[0].gid }));
  await ok(api.post(`/sections/${salaries.sections[1].gid}/addTask`, { task: gids.shared }));
  const band = await ok(
    api.post("/custom_fields", { workspace: workspace.gid, name: "Salary band", resource_subtype: "text" }),
  );
  await ok(api.post(`/projects/${salaries.gid}/addCustomFieldSetting`, { custom_field: band.gid }));
  await ok(api.put(`/tasks/${gids.shared}`, { custom_fields: { [band.gid]: "Band 7" } }));

  gids.contract = (await task("Boris's contract", { projects: [salaries.gid] })).gid;
  gids.summary = (await ok(api.post(`/tasks/${gids.contract}/subtasks`, { name: "Contract summary" }))).gid;
  await ok(api.post(`/tasks/${gids.summary}/addProject`, { project: portal.gid }));
  gids.copy = (await task("Copy for the page", { projects: [portal.gid] })).gid;
  await ok(api.post(`/tasks/${gids.copy}/setParent`, { parent: gids.contract }));
});

afterAll(async () => {
  await worker?.stop();
  await t?.close();
  closeMailTransports();
  await new Promise<void>((resolve) => smtp?.server.close(() => resolve()));
  await new Promise((resolve) => receiver?.close(resolve));
});

describe("stories name only what their reader may see", () => {
  it("a dependency on a private task reads as a private task", async () => {
    for (const reader of [guest, member]) {
      const stories = await storiesOf(reader, gids.deliverable);
      const [added] = bySubtype(stories, "dependency_added");
      expect(added).toMatchObject({
        text: "added a private task as a dependency",
        html_text: "<body>added a private task as a dependency</body>",
        dependency: { gid: gids.blocker, resource_type: "task" },
      });
      expect(added.dependency).not.toHaveProperty("name");
      expect(leaks(stories)).toEqual([]);
      const single = await ok(client(t, reader.token).get(`/stories/${added.gid}`));
      expect(single.text).toBe("added a private task as a dependency");
      expect(leaks(single)).toEqual([]);
    }
    // Whoever sees the dependency reads its name.
    const [told] = bySubtype(await storiesOf(owner, gids.deliverable), "dependency_added");
    expect(told).toMatchObject({
      text: 'added the dependency "Pay rise for Boris"',
      dependency: { gid: gids.blocker, name: "Pay rise for Boris" },
    });
  });

  it("a second, private project of a multi-homed task reads as a private project, its sections and fields unnamed", async () => {
    for (const reader of [guest, member]) {
      const stories = await storiesOf(reader, gids.shared);
      expect(leaks(stories)).toEqual([]);
      expect(bySubtype(stories, "added_to_project").map((story) => story.text)).toEqual([
        "created this task in Client portal",
        "added this task to a private project",
      ]);
      const [moved] = bySubtype(stories, "section_changed");
      expect(moved.text).toBe("moved this task in a private project");
      expect(moved.new_section).toEqual({ gid: salaries.sections[1].gid, resource_type: "section" });
      const [field] = stories.filter((story) => story.resource_subtype.endsWith("_custom_field_changed"));
      expect(field.text).toBe("changed a field of a private project");
      expect(field).not.toHaveProperty("new_display_value");
      const task = await ok(
        client(t, reader.token).get(
          `/tasks/${gids.shared}?opt_fields=projects.name,memberships.project.name,custom_fields.name,custom_fields.display_value`,
        ),
      );
      expect(task.projects).toEqual([{ gid: portal.gid, resource_type: "project", name: "Client portal" }]);
      expect(task.custom_fields).toEqual([]);
      expect(leaks(task)).toEqual([]);
    }
    const owned = await storiesOf(owner, gids.shared);
    expect(bySubtype(owned, "added_to_project")[1].text).toBe("added this task to Salaries");
    expect(bySubtype(owned, "section_changed")[0].text).toBe('moved this task from "Draft" to "Final" in Salaries');
  });

  it("a private parent is a bare reference, and its subtask's stories call it a private task", async () => {
    for (const reader of [guest, member]) {
      const api = client(t, reader.token);
      for (const gid of [gids.summary, gids.copy]) {
        const task = await ok(api.get(`/tasks/${gid}?opt_fields=name,parent.name,parent.resource_subtype`));
        expect(task.parent).toEqual({ gid: gids.contract, resource_type: "task" });
        const full = await ok(api.get(`/tasks/${gid}`));
        expect(full.parent).toEqual({ gid: gids.contract, resource_type: "task" });
      }
      const listed = await ok(api.get(`/projects/${portal.gid}/tasks?opt_fields=name,parent.name`));
      expect(leaks(listed)).toEqual([]);
      expect(listed.find((row: { gid: string }) => row.gid === gids.summary).parent).toEqual({
        gid: gids.contract,
        resource_type: "task",
      });
      const summary = await storiesOf(reader, gids.summary);
      expect(bySubtype(summary, "added_to_task").map((story) => story.text)).toEqual([
        "created this task as a subtask of a private task",
      ]);
      expect(bySubtype(await storiesOf(reader, gids.copy), "added_to_task").map((story) => story.text)).toEqual([
        "added this task as a subtask of a private task",
      ]);
      expect(leaks(summary)).toEqual([]);
    }
    const owned = await ok(client(t, owner.token).get(`/tasks/${gids.summary}?opt_fields=parent.name`));
    expect(owned.parent).toEqual({ gid: gids.contract, resource_type: "task", name: "Boris's contract" });
  });
});

describe("stories written before they kept references", () => {
  it("get them from their events and rule, and then read as private too", async () => {
    const db = t.handle.db;
    const dependencyEvent = await db
      .selectFrom("events")
      .select("id")
      .where("resource_gid", "=", Number(gids.deliverable))
      .where("change", "like", '%"field":"dependencies"%')
      .executeTakeFirstOrThrow();
    const rule = await ok(
      client(t, owner.token).post("/rules", {
        project: salaries.gid,
        name: "Payroll triage",
        trigger: { type: "task_moved_to_section", section: salaries.sections[0].gid },
        actions: [{ type: "add_comment", text: "Checked" }],
      }),
    );
    const legacy = (text: string, subtype: string, eventId: number | null) => ({
      gid: newGid(),
      task_gid: Number(gids.shared),
      created_by_gid: Number(owner.gid),
      type: "system" as const,
      resource_subtype: subtype,
      text,
      html_text: `<body>${text}</body>`,
      is_edited: 0 as const,
      is_pinned: 0 as const,
      event_id: eventId,
      created_at: "2020-01-01T00:00:00.000Z",
      details: null,
    });
    const written = [
      {
        ...legacy('added the dependency "Pay rise for Boris"', "dependency_added", dependencyEvent.id),
        task_gid: Number(gids.deliverable),
      },
      legacy('Rule "Payroll triage" added a comment.', "rule_ran", null),
    ];
    await db.insertInto("stories").values(written).execute();
    // As written, they name the private task and the private project's rule.
    expect(leaks(await storiesOf(guest, gids.deliverable))).toEqual(["Pay rise for Boris"]);
    await backfillStoryReferences(db as unknown as Parameters<typeof backfillStoryReferences>[0]);
    const dependency = await ok(client(t, guest.token).get(`/stories/${written[0].gid}`));
    expect(dependency.text).toBe("added a private task as a dependency");
    const ruled = await ok(client(t, member.token).get(`/stories/${written[1].gid}`));
    expect(ruled.text).toBe("A rule in a private project changed this task.");
    const owned = await ok(client(t, owner.token).get(`/stories/${written[1].gid}`));
    expect(owned.text).toBe('Rule "Payroll triage" added a comment.');
    // Asked for by reference, the rule keeps its gid and loses its name and steps for the member; the owner reads
    // the step as it was written.
    const fields = "opt_fields=text,rule.name,rule_steps";
    const ruledRefs = await ok(client(t, member.token).get(`/stories/${written[1].gid}?${fields}`));
    expect(ruledRefs).toMatchObject({ rule: { resource_type: "rule" }, rule_steps: [] });
    expect(ruledRefs.rule.name).toBeUndefined();
    const ownedRefs = await ok(client(t, owner.token).get(`/stories/${written[1].gid}?${fields}`));
    expect(ownedRefs).toMatchObject({
      rule: { resource_type: "rule", name: "Payroll triage" },
      rule_steps: [{ type: "text", text: "added a comment" }],
    });
    expect(rule.name).toBe("Payroll triage");
  });
});

describe("derived text elsewhere names only what its reader may see", () => {
  it("the inbox and the email tell the guest that a private task they waited on was completed", async () => {
    await ok(client(t, owner.token).put(`/tasks/${gids.blocker}`, { completed: true }));
    const entry = await eventually(async () => {
      const inbox = await ok(client(t, guest.token).get(`/inbox?workspace=${workspace.gid}`));
      return inbox.find((item: { kind: string }) => item.kind === "unblocked");
    }, "the unblocked notification");
    expect(entry.text).toBe('Olga Owner completed a private task, which "Landing page" was waiting on');
    const mails = await eventually(async () => {
      const all = await mailsTo(smtp.inbox as ReceivedMail[], guest.email);
      return all.some((mail) => mail.includes("was waiting on")) && all;
    }, "the email");
    const mail = mails.find((text) => text.includes("was waiting on")) ?? "";
    expect(mail).toContain("completed a private task");
    expect(leaks(mail)).toEqual([]);
  });

  it("a webhook's payload names nothing its creator cannot see", async () => {
    // The last thing set up: the copy's new parent, a private task.
    const payloads = await eventually(async () => {
      const events = received.flatMap((raw) => JSON.parse(raw).events as { resource: { gid: string }; change?: any }[]);
      const parent = events.find((event) => event.resource.gid === gids.copy && event.change?.field === "parent");
      return parent ? events : false;
    }, "the parent change on the webhook");
    const parent = payloads.find((event) => event.resource.gid === gids.copy && event.change?.field === "parent");
    expect(parent?.change.new_value).toEqual({ gid: gids.contract, resource_type: "task" });
    expect(leaks(received)).toEqual([]);
  });

  it("the guest's export of the project names nothing of the private project", async () => {
    const exported = await client(t, guest.token).get(`/projects/${portal.gid}/export.json`);
    expect(exported.status).toBe(200);
    const shared = exported.body.data.find((task: { gid: string }) => task.gid === gids.shared);
    expect(shared.custom_fields).toEqual([]);
    expect(leaks(exported.body)).toEqual([]);
    const csv = await fetch(`${t.api}/projects/${portal.gid}/export.csv`, {
      headers: { authorization: `Bearer ${guest.token}` },
    });
    expect(leaks(await csv.text())).toEqual([]);
    // Its owner's export keeps the field.
    const full = await ok(client(t, owner.token).get(`/projects/${portal.gid}/export.json`));
    const own = full.find((task: { gid: string }) => task.gid === gids.shared);
    expect(own.custom_fields.map((field: { name: string }) => field.name)).toEqual(["Salary band"]);
  });
});
