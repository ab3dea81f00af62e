import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { formSpamSettings, resetSubmissionSlots } from "../src/domain/forms/form.spam.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let worker: Worker;
let workspace: { gid: string };
let lead: TestUser;
let editor: TestUser;
let guest: TestUser;
let otherGuest: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;

const FIELDS = [
  { key: "product", label: "Product", type: "text", required: true, maps_to: "name" },
  { key: "quantity", label: "Quantity", type: "number", required: true },
  { key: "size", label: "Size", type: "select", options: ["S", "M", "L"] },
  { key: "details", label: "Details", type: "textarea" },
];

async function makeForm(access: "project_guests" | "public_link", title = "Re-order") {
  const answer = await client(t, editor.token).post(`/projects/${project.gid}/forms`, {
    title,
    description: "Order more of what you liked",
    fields: FIELDS,
    target_section: project.sections[0].gid,
    access,
    allow_attachments: true,
  });
  expect(answer.status).toBe(201);
  return answer.body.data.gid as string;
}

async function fill(formGid: string, token?: string) {
  const shown = await client(t, token).get(`/forms/${formGid}/public`);
  expect(shown.status).toBe(200);
  return shown.body.data.fill_token as string;
}

beforeAll(async () => {
  t = await startTestApp();
  worker = startWorker(t.app.takt, { pollMs: 25 });
  workspace = await makeWorkspace(t);
  lead = await makeUser(t, workspace.gid, "member", "Lena Lead");
  editor = await makeUser(t, workspace.gid, "member", "Ed Editor");
  guest = await makeUser(t, workspace.gid, "guest", "Gina Client");
  otherGuest = await makeUser(t, workspace.gid, "guest", "Oscar Other");
  project = await makeProject(t, workspace.gid, {
    privacy: "private",
    members: [
      { user: lead, access: "admin" },
      { user: editor, access: "editor" },
      { user: guest, access: "commenter" },
    ],
    sections: ["Requests", "In work"],
  });
  formSpamSettings.minFillMs = 0;
});

beforeEach(() => resetSubmissionSlots(t.handle.db));

afterAll(async () => {
  formSpamSettings.minFillMs = 3000;
  await worker?.stop();
  await t?.close();
});

describe("request forms", () => {
  it("an editor publishes a form; the project's guest sees it, a guest of another project does not", async () => {
    const formGid = await makeForm("project_guests");
    const form = await client(t, guest.token).get(`/forms/${formGid}`);
    expect(form.body.data).toMatchObject({
      resource_type: "form",
      title: "Re-order",
      access: "project_guests",
      allow_attachments: true,
      active: true,
      target_section: { gid: project.sections[0].gid, name: "Requests" },
      owner: { gid: editor.gid },
    });
    expect(form.body.data.fields[1]).toEqual({
      key: "quantity",
      label: "Quantity",
      type: "number",
      required: true,
      options: null,
      maps_to: "notes",
    });
    const list = await client(t, guest.token).get(`/projects/${project.gid}/forms`);
    expect(list.body.data.map((item: { title: string }) => item.title)).toContain("Re-order");
    expect((await client(t, otherGuest.token).get(`/forms/${formGid}`)).status).toBe(404);
    expect((await client(t, otherGuest.token).get(`/forms/${formGid}/public`)).status).toBe(404);
    expect((await client(t, otherGuest.token).get(`/projects/${project.gid}/forms`)).status).toBe(404);
    expect((await client(t).get(`/forms/${formGid}/public`)).status).toBe(401);
    expect((await client(t, guest.token).put(`/forms/${formGid}`, { title: "Mine" })).status).toBe(403);
    expect(
      (await client(t, guest.token).post(`/projects/${project.gid}/forms`, { title: "x", fields: FIELDS })).status,
    ).toBe(403);
  });

  it("a guest's submission becomes a task in the target section and notifies the project's admins", async () => {
    const formGid = await makeForm("project_guests");
    const token = await fill(formGid, guest.token);
    const answer = await client(t, guest.token).post(`/forms/${formGid}/submit`, {
      values: { product: "Blue mugs", quantity: 200, size: "M", details: "Same as last time" },
      fill_token: token,
    });
    expect(answer.status).toBe(201);
    const taskGid = answer.body.data.task.gid;
    const task = await client(t, guest.token).get(`/tasks/${taskGid}`);
    expect(task.body.data.name).toBe("Blue mugs");
    expect(task.body.data.notes).toContain(`by Gina Client <${guest.email}>`);
    expect(task.body.data.notes).toContain("Quantity: 200");
    expect(task.body.data.memberships[0].section.gid).toBe(project.sections[0].gid);
    expect(task.body.data.created_by.gid).toBe(editor.gid);
    for (let attempt = 0; attempt < 100; attempt++) {
      const inbox = await client(t, lead.token).get(`/inbox?workspace=${workspace.gid}`);
      if (inbox.body.data.some((entry: { kind: string }) => entry.kind === "form_submission")) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the admin was not notified of the submission");
  });

  it("a public-link form takes anonymous submissions, with name and email", async () => {
    const formGid = await makeForm("public_link", "Review");
    const token = await fill(formGid);
    const missing = await client(t).post(`/forms/${formGid}/submit`, {
      values: { product: "Cups", quantity: 1 },
      fill_token: token,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].message).toBe("name: Missing input");
    const answer = await client(t).post(`/forms/${formGid}/submit`, {
      values: { product: "Cups", quantity: 1 },
      name: "Walk In",
      email: "walk.in@example.test",
      fill_token: token,
    });
    expect(answer.status).toBe(201);
    expect(answer.body.data).toEqual({ resource_type: "form_submission", status: "received" });
    const tasks = await client(t, editor.token).get(`/sections/${project.sections[0].gid}/tasks?opt_fields=name,notes`);
    const filed = tasks.body.data.find((task: { name: string }) => task.name === "Cups");
    expect(filed.notes).toContain("Walk In <walk.in@example.test>");
  });

  it("refuses bad answers, naming the field", async () => {
    const formGid = await makeForm("public_link");
    const token = await fill(formGid);
    const submit = (values: Record<string, unknown>) =>
      client(t).post(`/forms/${formGid}/submit`, { values, name: "A", email: "a@example.test", fill_token: token });
    expect((await submit({ quantity: 1 })).body.errors[0].message).toMatch(/^values\.product: Missing input/);
    expect((await submit({ product: "x", quantity: "many" })).body.errors[0].message).toBe(
      "values.quantity: must be a number",
    );
    expect((await submit({ product: "x", quantity: 1, size: "XL" })).body.errors[0].message).toBe(
      "values.size: must be one of S, M, L",
    );
    expect((await submit({ product: "x", quantity: 1, colour: "red" })).body.errors[0].message).toBe(
      "values.colour: Unknown field",
    );
    const forged = await client(t).post(`/forms/${formGid}/submit`, { values: {}, fill_token: "abc.def" });
    expect(forged.body.errors[0].message).toMatch(/^fill_token: /);
    const create = client(t, editor.token);
    expect((await create.post(`/projects/${project.gid}/forms`, { fields: FIELDS })).body.errors[0].message).toBe(
      "title: Missing input",
    );
    expect(
      (await create.post(`/projects/${project.gid}/forms`, { title: "x", fields: [{ label: "S", type: "select" }] }))
        .body.errors[0].message,
    ).toBe("fields.0.options: Missing input");
    const otherProject = await makeProject(t, workspace.gid, { members: [{ user: editor, access: "editor" }] });
    const foreignSection = await create.post(`/projects/${project.gid}/forms`, {
      title: "x",
      fields: FIELDS,
      target_section: otherProject.sections[0].gid,
    });
    expect(foreignSection.body.errors[0].message).toBe("target_section: must be a section of the form's project");
  });

  it("drops honeypot submissions silently, refuses too-quick ones, and limits each address to 10 a minute", async () => {
    const formGid = await makeForm("public_link", "Spam target");
    const token = await fill(formGid);
    const body = {
      values: { product: "Bot order", quantity: 1 },
      name: "Bot",
      email: "bot@example.test",
      fill_token: token,
    };
    const trapped = await client(t).post(`/forms/${formGid}/submit`, { ...body, website: "http://spam.example" });
    expect(trapped.status).toBe(201);
    const tasks = await client(t, editor.token).get(`/projects/${project.gid}/tasks`);
    expect(tasks.body.data.some((task: { name: string }) => task.name === "Bot order")).toBe(false);
    formSpamSettings.minFillMs = 60_000;
    const quick = await client(t).post(`/forms/${formGid}/submit`, { ...body, fill_token: await fill(formGid) });
    expect(quick.body.errors[0].message).toBe("fill_token: the form was submitted too quickly");
    formSpamSettings.minFillMs = 0;
    await resetSubmissionSlots(t.handle.db);
    const statuses: number[] = [];
    for (let index = 0; index < 11; index++) {
      statuses.push(
        (
          await client(t).post(`/forms/${formGid}/submit`, {
            ...body,
            values: { product: `Order ${index}`, quantity: 1 },
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 10).every((status) => status === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("fills custom fields of the new task from mapped answers; a bad enum answer writes nothing", async () => {
    const api = client(t, lead.token);
    const defined: Record<string, any> = {};
    for (const definition of [
      { name: "Urgency", resource_subtype: "enum", enum_options: [{ name: "High" }, { name: "Low" }] },
      { name: "Budget", resource_subtype: "number", precision: 0 },
      { name: "Wanted by", resource_subtype: "date" },
      { name: "Reviewers", resource_subtype: "people" },
    ]) {
      const field = await api.post("/custom_fields", { workspace: workspace.gid, ...definition });
      expect(field.status, JSON.stringify(field.body)).toBe(201);
      defined[definition.name] = field.body.data;
      await api.post(`/projects/${project.gid}/addCustomFieldSetting`, { custom_field: field.body.data.gid });
    }
    const offProject = await api.post("/custom_fields", {
      workspace: workspace.gid,
      name: "Elsewhere",
      resource_subtype: "text",
    });
    const mapped = [
      { key: "product", label: "Product", type: "text", required: true, maps_to: "name" },
      { key: "urgency", label: "Urgency", type: "text", maps_to: "custom_field", custom_field: defined.Urgency.gid },
      { key: "budget", label: "Budget", type: "number", maps_to: "custom_field", custom_field: defined.Budget.gid },
      { key: "by", label: "Wanted by", type: "date", maps_to: "custom_field", custom_field: defined["Wanted by"].gid },
    ];
    const create = (fields: unknown[]) =>
      client(t, editor.token).post(`/projects/${project.gid}/forms`, {
        title: "Mapped",
        fields,
        access: "public_link",
      });
    const missing = await create([{ label: "U", type: "text", maps_to: "custom_field" }]);
    expect(missing.body.errors[0].message).toBe("fields.0.custom_field: Missing input");
    const foreign = await create([
      mapped[0],
      { label: "E", type: "text", maps_to: "custom_field", custom_field: offProject.body.data.gid },
    ]);
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].message).toMatch(/^fields\.1\.custom_field: /);
    const people = await create([
      { label: "R", type: "text", maps_to: "custom_field", custom_field: defined.Reviewers.gid },
    ]);
    expect(people.body.errors[0].message).toMatch(/^fields\.0\.custom_field: a form cannot fill the people field/);
    const made = await create(mapped);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.data.fields[1]).toMatchObject({ maps_to: "custom_field", custom_field: defined.Urgency.gid });
    const formGid = made.body.data.gid;
    const token = await fill(formGid);
    const submit = (values: Record<string, unknown>) =>
      client(t).post(`/forms/${formGid}/submit`, { values, name: "Pat", email: "pat@example.test", fill_token: token });

    const before = await client(t, editor.token).get(`/projects/${project.gid}/tasks`);
    const bad = await submit({ product: "Wrong urgency", urgency: "Someday", budget: 10 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toBe("values.urgency: must be one of High, Low");
    const after = await client(t, editor.token).get(`/projects/${project.gid}/tasks`);
    expect(after.body.data.length).toBe(before.body.data.length);
    expect(after.body.data.some((task: { name: string }) => task.name === "Wrong urgency")).toBe(false);

    const low = defined.Urgency.enum_options[1].gid;
    for (const [product, urgency, expected] of [
      ["By name", "high", "High"],
      ["By gid", low, "Low"],
    ]) {
      expect((await submit({ product, urgency, budget: 1200, by: "2030-05-01" })).status).toBe(201);
      const tasks = await client(t, editor.token).get(
        `/projects/${project.gid}/tasks?opt_fields=name,custom_fields,notes`,
      );
      const task = tasks.body.data.find((item: { name: string }) => item.name === product);
      const byName = Object.fromEntries(task.custom_fields.map((field: any) => [field.name, field]));
      expect(byName.Urgency.enum_value.name).toBe(expected);
      expect(byName.Budget.number_value).toBe(1200);
      expect(byName["Wanted by"].date_value.date).toBe("2030-05-01");
      expect(task.notes).not.toContain("Budget:");
    }
  });

  it("a multipart submission attaches its files to the task, downloadable by the project's members", async () => {
    const formGid = await makeForm("public_link", "With files");
    const token = await fill(formGid);
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    const send = async (formGid: string, parts: Record<string, string>, files: number) => {
      const form = new FormData();
      for (const [key, value] of Object.entries(parts)) form.append(key, value);
      for (let index = 0; index < files; index++) {
        form.append("file", new Blob([png], { type: "image/png" }), `shot-${index}.png`);
      }
      const response = await fetch(`${t.api}/forms/${formGid}/submit`, { method: "POST", body: form });
      return { status: response.status, body: (await response.json()) as any };
    };
    const parts = {
      values: JSON.stringify({ product: "Mugs with a picture", quantity: 3 }),
      fill_token: token,
      name: "Pat",
      email: "pat@example.test",
      website: "",
    };
    const tooMany = await send(formGid, parts, 6);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].message).toBe("file: send at most 5 files");
    const badValues = await send(formGid, { ...parts, values: "{not json" }, 1);
    expect(badValues.body.errors[0].message).toBe("values: must be a JSON object of answers");
    const answer = await send(formGid, parts, 1);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.data).toEqual({ resource_type: "form_submission", status: "received" });
    const tasks = await client(t, editor.token).get(`/projects/${project.gid}/tasks`);
    const task = tasks.body.data.find((item: { name: string }) => item.name === "Mugs with a picture");
    const attachments = await client(t, lead.token).get(`/tasks/${task.gid}/attachments?opt_fields=name,created_by`);
    expect(attachments.body.data).toHaveLength(1);
    expect(attachments.body.data[0].name).toBe("shot-0.png");
    const download = await fetch(`${t.api}/attachments/${attachments.body.data[0].gid}/download`, {
      headers: { authorization: `Bearer ${guest.token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
    const stranger = await fetch(`${t.api}/attachments/${attachments.body.data[0].gid}/download`, {
      headers: { authorization: `Bearer ${otherGuest.token}` },
    });
    expect(stranger.status).toBe(404);

    const trapped = await send(
      formGid,
      { ...parts, values: JSON.stringify({ product: "Bot pic", quantity: 1 }), website: "x" },
      1,
    );
    expect(trapped.status).toBe(201);
    const plainForm = await client(t, editor.token).post(`/projects/${project.gid}/forms`, {
      title: "No files",
      fields: FIELDS,
      access: "public_link",
    });
    const refused = await send(
      plainForm.body.data.gid,
      { ...parts, fill_token: await fill(plainForm.body.data.gid) },
      1,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toMatch(/^file: this form takes no attachments/);
    const all = await client(t, editor.token).get(`/projects/${project.gid}/tasks`);
    expect(all.body.data.some((item: { name: string }) => item.name === "Bot pic")).toBe(false);
  });

  it("an inactive or deleted form takes nothing", async () => {
    const formGid = await makeForm("public_link");
    const token = await fill(formGid);
    expect((await client(t, editor.token).put(`/forms/${formGid}`, { active: false })).body.data.active).toBe(false);
    expect((await client(t).get(`/forms/${formGid}/public`)).status).toBe(404);
    expect((await client(t).post(`/forms/${formGid}/submit`, { values: {}, fill_token: token })).status).toBe(404);
    expect((await client(t, editor.token).delete(`/forms/${formGid}`)).status).toBe(200);
    expect((await client(t, editor.token).get(`/forms/${formGid}`)).status).toBe(404);
  });
});
