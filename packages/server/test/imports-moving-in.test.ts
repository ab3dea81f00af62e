import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZipWriter } from "../src/integrations/exporters/zip.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { client, makeTeam, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// Moving in: people matched (never duplicated) and merged, a Trello board kept whole and updated on rerun, a
// Google Sheets register with every column kept, and a live migration from another Takt that speaks Asana's API.
let t: TestApp;
let worker: Worker;
let ws: { gid: string };
let admin: TestUser;
let maria: TestUser;
let ivan: TestUser;
let member: TestUser;
let team: { gid: string };
let otherTeam: { gid: string };
// The importing server's upload limit: a larger file comes as a link, and the import says so.
const UPLOAD_LIMIT = 256 * 1024;
// The importing server's import limit (a setting; 256 MB by default).
const IMPORT_LIMIT = 2 * 1024 * 1024;

beforeAll(async () => {
  // The importing server may read another instance on this machine (an admin's allow-list would, in production).
  t = await startTestApp({
    config: { webhookAllowPrivate: true, maxUploadBytes: UPLOAD_LIMIT, maxImportBytes: IMPORT_LIMIT },
  });
  worker = startWorker(t.app.takt, { pollMs: 25 });
  ws = await makeWorkspace(t, "Agency");
  admin = await makeUser(t, ws.gid, "admin", "Anna Admin");
  maria = await makeUser(t, ws.gid, "member", "Мария Петрова");
  ivan = await makeUser(t, ws.gid, "member", "Ivan Sokolov");
  member = await makeUser(t, ws.gid, "member", "Max Member");
  team = await makeTeam(t, ws.gid, "Production", [admin, maria]);
  otherTeam = await makeTeam(t, ws.gid, "Marketing", [admin]);
});

afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

async function finished(token: string, importGid: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const answer = await client(t, token).get(`/imports/${importGid}`);
    const status = answer.body?.data?.status;
    if (status === "succeeded" || status === "failed" || Date.now() > deadline) return answer.body.data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function importAndWait(token: string, body: Record<string, unknown>) {
  const started = await client(t, token).post(`/workspaces/${ws.gid}/imports`, body);
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  return finished(token, started.body.data.gid);
}

async function uploadFile(app: TestApp, token: string, parent: string, name: string, bytes: Buffer) {
  const form = new FormData();
  form.append("parent", parent);
  form.append("file", new Blob([bytes], { type: "application/octet-stream" }), name);
  const response = await fetch(`${app.api}/attachments`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { data: { gid: string } }).data;
}

async function downloadBytes(token: string, attachmentGid: string) {
  const response = await fetch(`${t.api}/attachments/${attachmentGid}/download`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

function zipOf(entries: Record<string, Buffer | string>): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-zip-"));
  const file = path.join(dir, "export.zip");
  const zip = new ZipWriter(file);
  for (const [name, content] of Object.entries(entries)) zip.add(name, Buffer.from(content));
  zip.close();
  const bytes = fs.readFileSync(file);
  fs.rmSync(dir, { recursive: true, force: true });
  return bytes;
}

const attachmentsOf = async (taskGid: string) =>
  (await client(t, admin.token).get(`/tasks/${taskGid}/attachments?opt_fields=name,resource_subtype,size,download_url`))
    .body.data as { gid: string; name: string; resource_subtype: string; size: number | null; download_url: string }[];

const usersNamed = (name: string) =>
  t.handle.db.selectFrom("users").select(["gid", "email"]).where("name", "=", name).execute();

function board(cardName = "Запуск бота") {
  return {
    id: "b-moving",
    name: "Клиент: Ромашка",
    lists: [
      { id: "l1", name: "To do", closed: false, pos: 1 },
      { id: "l2", name: "Done", closed: false, pos: 2 },
      { id: "l3", name: "Old ideas", closed: true, pos: 3 },
    ],
    labels: [{ id: "lab1", name: "Urgent", color: "red" }],
    members: [
      { id: "m-maria", fullName: "Петрова Мария", username: "mpetrova" },
      { id: "m-ivan", fullName: "I. S.", username: ivan.email.split("@")[0] },
      { id: "m-ghost", fullName: "Gleb Ghost", username: "gleb" },
      { id: "m-max", fullName: "Max Member", username: "max" },
    ],
    customFields: [
      {
        id: "cf-prio",
        name: "Priority",
        type: "list",
        options: [
          { id: "o-high", value: { text: "High" }, color: "red" },
          { id: "o-low", value: { text: "Low" }, color: "green" },
        ],
      },
      { id: "cf-paid", name: "Paid", type: "checkbox" },
      { id: "cf-budget", name: "Budget", type: "number" },
    ],
    cards: [
      {
        id: "c1",
        name: cardName,
        desc: "**Важно**: см. [ТЗ](https://example.com/spec)\n\n- шаг один\n- шаг два",
        idList: "l1",
        pos: 1,
        due: "2025-06-01T00:00:00.000Z",
        idLabels: ["lab1"],
        idMembers: ["m-maria", "m-ivan"],
        attachments: [{ id: "a1", name: "Brief", url: "https://example.com/brief.pdf" }],
        customFieldItems: [
          { idCustomField: "cf-prio", idValue: "o-high" },
          { idCustomField: "cf-paid", value: { checked: "true" } },
          { idCustomField: "cf-budget", value: { number: "1500" } },
        ],
      },
      { id: "c2", name: "Старая идея", desc: "", idList: "l3", pos: 2, idMembers: ["m-ghost"] },
      { id: "c3", name: "Отчёт", desc: "", idList: "l2", pos: 3, idMembers: ["m-max"], dueComplete: true },
    ],
    checklists: [
      {
        id: "cl1",
        idCard: "c1",
        checkItems: [
          { id: "ci1", name: "Сценарий", state: "complete" },
          { id: "ci2", name: "Тесты", state: "incomplete" },
        ],
      },
    ],
    actions: [
      {
        id: "act1",
        type: "commentCard",
        date: "2025-01-02T10:00:00.000Z",
        idMemberCreator: "m-maria",
        memberCreator: { id: "m-maria", fullName: "Петрова Мария" },
        data: { text: "Готово к **ревью**", card: { id: "c1" } },
      },
      {
        id: "act2",
        type: "commentCard",
        date: "2025-01-03T11:00:00.000Z",
        idMemberCreator: "m-ghost",
        memberCreator: { id: "m-ghost", fullName: "Gleb Ghost" },
        data: { text: "Я тут новенький", card: { id: "c1" } },
      },
    ],
  };
}

describe("people mapping and a Trello board kept whole", () => {
  let projectGid: string;

  it("previews who comes with the board and whom each matches: by username, by full name in any order", async () => {
    const api = client(t, admin.token);
    const preview = await api.post(`/workspaces/${ws.gid}/imports/preview`, {
      source: "trello",
      content: JSON.stringify(board()),
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const data = preview.body.data;
    expect(data.project_name).toBe("Клиент: Ромашка");
    expect(data.existing_project).toBeNull();
    expect(data.counts).toMatchObject({ tasks: 3, subtasks: 2, comments: 2, sections: 3, custom_fields: 3 });
    const byKey = Object.fromEntries(data.people.map((person: { key: string }) => [person.key, person]));
    expect(byKey["member:m-maria"]).toMatchObject({ match: { gid: maria.gid }, matched_by: "name" });
    expect(byKey["member:m-ivan"]).toMatchObject({ match: { gid: ivan.gid }, matched_by: "username" });
    expect(byKey["member:m-max"]).toMatchObject({ match: { gid: member.gid }, matched_by: "name" });
    expect(byKey["member:m-ghost"]).toMatchObject({ match: null, matched_by: null });
    // Nothing was written.
    expect(await usersNamed("Gleb Ghost")).toHaveLength(0);
  });

  it("imports with the admin's choices: a re-map, nobody for one; no duplicate people; board fidelity", async () => {
    const before = (await t.handle.db.selectFrom("users").select("gid").execute()).length;
    const done = await importAndWait(admin.token, {
      source: "trello",
      team: team.gid,
      content: JSON.stringify(board()),
      people: { "member:m-max": { action: "match", user: admin.gid }, "member:m-ghost": { action: "placeholder" } },
    });
    expect(done.status, JSON.stringify(done.problems)).toBe("succeeded");
    expect(done.progress).toBe(100);
    expect(done.counts).toMatchObject({ tasks: 3, subtasks: 2, comments: 2, users_matched: 3, users_created: 1 });
    projectGid = done.project.gid;
    // One placeholder (Gleb, chosen), no second Maria.
    expect((await t.handle.db.selectFrom("users").select("gid").execute()).length).toBe(before + 1);
    expect(await usersNamed("Петрова Мария")).toHaveLength(0);

    const api = client(t, admin.token);
    const project = (await api.get(`/projects/${projectGid}?opt_fields=name,default_view,team.name`)).body.data;
    expect(project).toMatchObject({ name: "Клиент: Ромашка", default_view: "board", team: { name: "Production" } });
    const sections = (await api.get(`/projects/${projectGid}/sections`)).body.data.map((s: { name: string }) => s.name);
    expect(sections).toEqual(["To do", "Done", "Old ideas (archived)"]);

    const tasks = (
      await api.get(
        `/projects/${projectGid}/tasks?opt_fields=name,html_notes,assignee.name,followers.name,due_on,completed,tags.name,custom_fields.name,custom_fields.display_value,memberships.section.name`,
      )
    ).body.data;
    const card = tasks.find((task: { name: string }) => task.name === "Запуск бота");
    expect(card.html_notes).toContain("<strong>Важно</strong>");
    expect(card.html_notes).toContain('<a href="https://example.com/spec">ТЗ</a>');
    expect(card.html_notes).toContain("<li>шаг один</li>");
    expect(card.html_notes).not.toContain("**");
    expect(card.assignee.name).toBe("Мария Петрова");
    expect(card.followers.map((f: { name: string }) => f.name)).toContain("Ivan Sokolov");
    expect(card.due_on).toBe("2025-06-01");
    expect(card.tags.map((tag: { name: string }) => tag.name)).toEqual(["Urgent"]);
    const values = Object.fromEntries(
      card.custom_fields.map((field: { name: string; display_value: string | null }) => [
        field.name,
        field.display_value,
      ]),
    );
    expect(values).toMatchObject({ Priority: "High", Paid: "Yes", Budget: "1500" });
    const old = tasks.find((task: { name: string }) => task.name === "Старая идея");
    expect(old.memberships[0].section.name).toBe("Old ideas (archived)");
    const report = tasks.find((task: { name: string }) => task.name === "Отчёт");
    expect(report).toMatchObject({ completed: true, assignee: { name: "Anna Admin" } });

    const stories = (
      await api.get(`/tasks/${card.gid}/stories?opt_fields=type,text,html_text,created_by.name,created_at`)
    ).body.data.filter((story: { type: string }) => story.type === "comment");
    expect(stories.map((story: { created_by: { name: string } }) => story.created_by.name)).toEqual([
      "Мария Петрова",
      "Gleb Ghost",
    ]);
    expect(stories[0].created_at).toBe("2025-01-02T10:00:00.000Z");
    expect(stories[0].html_text).toContain("<strong>ревью</strong>");
    const attachments = (await api.get(`/tasks/${card.gid}/attachments?opt_fields=name,view_url,resource_subtype`)).body
      .data;
    expect(attachments).toEqual([expect.objectContaining({ name: "Brief" })]);
    const subtasks = (await api.get(`/tasks/${card.gid}/subtasks?opt_fields=name,completed`)).body.data;
    expect(subtasks.map((task: { name: string; completed: boolean }) => [task.name, task.completed])).toEqual([
      ["Сценарий", true],
      ["Тесты", false],
    ]);
  });

  it("names an archived list's section in the language of whoever imports", async () => {
    const api = client(t, maria.token);
    expect((await api.put("/users/me", { language: "ru" })).status).toBe(200);
    try {
      const done = await importAndWait(maria.token, {
        source: "trello",
        content: JSON.stringify({ ...board(), id: "b-russian", name: "Архив", members: [], actions: [] }),
      });
      expect(done.status, JSON.stringify(done.problems)).toBe("succeeded");
      const sections = (await api.get(`/projects/${done.project.gid}/sections`)).body.data;
      expect(sections.map((section: { name: string }) => section.name)).toEqual([
        "To do",
        "Done",
        "Old ideas (в архиве)",
      ]);
    } finally {
      await api.put("/users/me", { language: "en" });
    }
  });

  it("a rerun updates what changed, duplicates nothing, and honours the team it names", async () => {
    const api = client(t, admin.token);
    const preview = await api.post(`/workspaces/${ws.gid}/imports/preview`, {
      source: "trello",
      content: JSON.stringify(board("Запуск бота v2")),
    });
    expect(preview.body.data.existing_project).toMatchObject({ gid: projectGid });
    // Since the first export, one card was renamed, and "Отчёт" went back to To do with the Urgent label.
    const later = board("Запуск бота v2");
    Object.assign(later.cards[2], { idList: "l1", idLabels: ["lab1"] });
    const done = await importAndWait(admin.token, {
      source: "trello",
      team: otherTeam.gid,
      content: JSON.stringify(later),
    });
    expect(done.status).toBe("succeeded");
    expect(done.project.gid).toBe(projectGid);
    expect(done.counts).toMatchObject({ tasks: 0, subtasks: 0, comments: 0, users_created: 0, updated: 2 });
    const tasks = (await api.get(`/projects/${projectGid}/tasks?opt_fields=name,memberships.section.name,tags.name`))
      .body.data as { name: string; memberships: { section: { name: string } }[]; tags: { name: string }[] }[];
    expect(tasks.map((task) => task.name).sort()).toEqual(["Запуск бота v2", "Отчёт", "Старая идея"]);
    const report = tasks.find((task) => task.name === "Отчёт");
    expect(report?.memberships.map((membership) => membership.section.name)).toEqual(["To do"]);
    expect(report?.tags.map((tag) => tag.name)).toEqual(["Urgent"]);
    const same = await importAndWait(admin.token, { source: "trello", content: JSON.stringify(later) });
    expect(same.counts).toMatchObject({ tasks: 0, updated: 0 });
    const project = (await api.get(`/projects/${projectGid}?opt_fields=team.name`)).body.data;
    expect(project.team.name).toBe("Marketing");
    // The earlier choice for Max's card stays: the key remembers whom the person became.
    expect(await usersNamed("Gleb Ghost")).toHaveLength(1);
  });

  it("merges a placeholder into the real person: tasks, comments, followers move; audit-logged; admins only", async () => {
    const [ghost] = await usersNamed("Gleb Ghost");
    const gleb = await makeUser(t, ws.gid, "member", "Gleb Smirnov");
    const refused = await client(t, member.token).post(`/workspaces/${ws.gid}/merge_people`, {
      from: String(ghost.gid),
      into: gleb.gid,
    });
    expect(refused.status).toBe(403);
    const self = await client(t, admin.token).post(`/workspaces/${ws.gid}/merge_people`, {
      from: gleb.gid,
      into: gleb.gid,
    });
    expect(self.status).toBe(400);
    expect(self.body.errors[0].message).toMatch(/^into:/);
    const merged = await client(t, admin.token).post(`/workspaces/${ws.gid}/merge_people`, {
      from: String(ghost.gid),
      into: gleb.gid,
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.data.moved).toMatchObject({ tasks_assigned: 1, comments: 1 });
    const api = client(t, admin.token);
    const tasks = (await api.get(`/projects/${projectGid}/tasks?opt_fields=name,assignee.name`)).body.data;
    expect(tasks.find((task: { name: string }) => task.name === "Старая идея").assignee.name).toBe("Gleb Smirnov");
    const people = (await api.get(`/workspaces/${ws.gid}/users?opt_fields=name`)).body.data.map(
      (user: { name: string }) => user.name,
    );
    expect(people).toContain("Gleb Smirnov");
    expect(people).not.toContain("Gleb Ghost");
    const audit = await t.handle.db
      .selectFrom("audit_log_events")
      .select(["event_type", "resource_name", "details"])
      .where("event_type", "=", "user_merged")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].resource_name).toBe("Gleb Smirnov");
    expect(JSON.parse(audit[0].details).merged_user.name).toBe("Gleb Ghost");
    // A later import of the board finds Gleb, not a new placeholder.
    const again = await importAndWait(admin.token, {
      source: "trello",
      content: JSON.stringify(board("Запуск бота v2")),
    });
    expect(again.counts.users_created).toBe(0);
    expect(await usersNamed("Gleb Ghost")).toHaveLength(1);
  });

  it("invites a person instead: they accept, set a password, and own their imported tasks", async () => {
    const api = client(t, admin.token);
    const invited = { ...board(), id: "b-invite", name: "Invite board" };
    invited.members = [{ id: "m-kira", fullName: "Kira Client", username: "kira" }];
    invited.cards = [{ ...invited.cards[2], id: "c-kira", name: "Согласовать макет", idMembers: ["m-kira"] }];
    invited.actions = [];
    invited.checklists = [];
    const done = await importAndWait(admin.token, {
      source: "trello",
      content: JSON.stringify(invited),
      people: { "member:m-kira": { action: "invite", email: "kira@client.example" } },
    });
    expect(done.status, JSON.stringify(done.problems)).toBe("succeeded");
    const pending = (await api.get(`/invitations?workspace=${ws.gid}`)).body.data;
    const invitation = pending.find((row: { email: string }) => row.email === "kira@client.example");
    expect(invitation).toBeDefined();
    const renewed = await api.post(`/invitations/${invitation.gid}/resend`);
    const token = String(renewed.body.data.invite_url).split("/").pop();
    const accepted = await fetch(`${t.api}/invitations/accept/${token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ data: { name: "Kira Client", password: "a long password" } }),
    });
    expect(accepted.status).toBe(200);
    const kira = await usersNamed("Kira Client");
    expect(kira).toHaveLength(1);
    const tasks = (await api.get(`/projects/${done.project.gid}/tasks?opt_fields=name,assignee.name`)).body.data;
    expect(tasks[0]).toMatchObject({ name: "Согласовать макет", assignee: { name: "Kira Client" } });
    const role = await t.handle.db
      .selectFrom("workspace_memberships")
      .select("role")
      .where("user_gid", "=", kira[0].gid)
      .where("workspace_gid", "=", Number(ws.gid))
      .executeTakeFirstOrThrow();
    expect(role.role).toBe("member");
  });

  it("refuses choices naming nobody or an outsider, with the field", async () => {
    const api = client(t, admin.token);
    const unknown = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "trello",
      content: JSON.stringify(board()),
      people: { "member:nobody": { action: "none" } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].message).toMatch(/^people\.member:nobody:/);
    const outsider = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "trello",
      content: JSON.stringify(board()),
      people: { "member:m-max": { action: "match", user: "12345" } },
    });
    expect(outsider.status).toBe(400);
    expect(outsider.body.errors[0].message).toMatch(/^people\.member:m-max\.user:/);
  });
});

// The seed company's task register as Google Sheets exports it, then saved again by Excel in Windows-1251.
function cp1251(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code >= 0x410 && code <= 0x44f) bytes.push(code - 0x410 + 0xc0);
    else if (code === 0x401) bytes.push(0xa8);
    else if (code === 0x451) bytes.push(0xb8);
    else throw new Error(`no cp1251 byte for ${char}`);
  }
  return Buffer.from(bytes);
}

const REGISTER = [
  "Задача,Этап,Исполнитель,Срок,Приоритет,Часы,Клиент,Комментарий",
  "Настроить бота,В работе,Мария Петрова,01.06.2025,Высокий,12,Ромашка,Срочно сделать",
  "Написать сценарий,Бэклог,Ivan Sokolov,05.06.2025,Средний,4.5,Ромашка,",
  "Сверстать лендинг,В работе,,10.06.2025,Высокий,20,Лютик,Ждём тексты от клиента",
  "Отчёт за май,Готово,Мария Петрова,31.05.2025,Низкий,2,Лютик,",
].join("\r\n");

describe("CSV / Google Sheets register", () => {
  it("previews columns, targets, first rows and the detected encoding; imports every column", async () => {
    const api = client(t, admin.token);
    const content_base64 = cp1251(REGISTER).toString("base64");
    const preview = await api.post(`/workspaces/${ws.gid}/imports/preview`, {
      source: "csv",
      content_base64,
      file_name: "Реестр задач.csv",
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const data = preview.body.data;
    expect(data.encoding).toBe("windows-1251");
    expect(data.rows[0][0]).toBe("Настроить бота");
    const targets = Object.fromEntries(
      data.columns.map((column: { name: string; target: string }) => [column.name, column.target]),
    );
    expect(targets).toEqual({
      Задача: "name",
      Этап: "section",
      Исполнитель: "assignee",
      Срок: "due_on",
      Приоритет: "custom_enum",
      Часы: "custom_number",
      Клиент: "custom_enum",
      Комментарий: "custom_text",
    });
    const priority = data.columns.find((column: { name: string }) => column.name === "Приоритет");
    expect(priority.options).toEqual(["Высокий", "Средний", "Низкий"]);
    expect(
      data.people.map((person: { name: string; match: { gid: string } | null }) => [person.name, person.match?.gid]),
    ).toEqual([
      ["Мария Петрова", maria.gid],
      ["Ivan Sokolov", ivan.gid],
    ]);

    const done = await importAndWait(admin.token, {
      source: "csv",
      content_base64,
      file_name: "Реестр задач.csv",
      columns: { Клиент: "custom_text" },
    });
    expect(done.status, JSON.stringify(done.problems)).toBe("succeeded");
    expect(done.counts).toMatchObject({ tasks: 4, users_created: 0 });
    const tasks = (
      await client(t, admin.token).get(
        `/projects/${done.project.gid}/tasks?opt_fields=name,assignee.name,due_on,custom_fields.name,custom_fields.display_value,custom_fields.resource_subtype`,
      )
    ).body.data;
    const bot = tasks.find((task: { name: string }) => task.name === "Настроить бота");
    expect(bot).toMatchObject({ assignee: { name: "Мария Петрова" }, due_on: "2025-06-01" });
    const fields = Object.fromEntries(
      bot.custom_fields.map((field: { name: string; display_value: string; resource_subtype: string }) => [
        field.name,
        [field.resource_subtype, field.display_value],
      ]),
    );
    expect(fields).toEqual({
      Приоритет: ["enum", "Высокий"],
      Часы: ["number", "12.0"],
      Клиент: ["text", "Ромашка"],
      Комментарий: ["text", "Срочно сделать"],
    });
  });

  it("imports the seed company's task register as Google Sheets exports it, every cell kept", async () => {
    // Tomoru's register: sections of a lead's project, Тип работ, Статус and Приоритет on every task, a subtask,
    // a blank spacer row, a date with a time, "1 500,75" hours, checkboxes, an unnamed empty column, a long comment.
    const bytes = fs.readFileSync(new URL("./fixtures/tomoru-register-google-sheets.csv", import.meta.url));
    const body = {
      source: "csv",
      content_base64: bytes.toString("base64"),
      file_name: "Tomoru — реестр задач - Лист1.csv",
    };
    const api = client(t, admin.token);
    const preview = await api.post(`/workspaces/${ws.gid}/imports/preview`, body);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.data.encoding).toBe("utf-8");
    expect(preview.body.data.problems).toEqual([]);
    expect(
      Object.fromEntries(
        preview.body.data.columns.map((column: { name: string; target: string }) => [column.name, column.target]),
      ),
    ).toEqual({
      Задача: "name",
      Секция: "section",
      "Тип работ": "custom_enum",
      Статус: "custom_enum",
      Приоритет: "custom_enum",
      Ответственный: "assignee",
      Срок: "due_on",
      Часы: "custom_number",
      Клиент: "custom_enum",
      Описание: "notes",
      "Родительская задача": "parent",
      Готово: "completed",
      Ссылка: "custom_text",
      Теги: "tags",
      Комментарий: "custom_text",
      "": "skip",
    });
    const people = preview.body.data.people as { key: string; name: string; match: { gid: string } | null }[];
    expect(people.map((person) => [person.name, person.match?.gid ?? null])).toEqual([
      ["Мария Петрова", maria.gid],
      ["Денис Балюра", null],
      // The part of the email before the @ reads as a full name.
      ["ivan.sokolov", ivan.gid],
    ]);

    const done = await importAndWait(admin.token, body);
    expect(done.status, JSON.stringify(done.problems)).toBe("succeeded");
    expect(done.project.name).toBe("Tomoru — реестр задач - Лист1");
    expect(done.counts).toMatchObject({ sections: 6, tasks: 6, subtasks: 1, users_matched: 2, users_created: 1 });
    expect(done.problems).toEqual(
      expect.arrayContaining([
        "column 16 (no name): empty, nothing to import",
        expect.stringMatching(/^line 7: due "09\.06\.2025 10:00:00" is imported as the date 2025-06-09/),
        expect.stringMatching(/^line 8: "Комментарий" is longer than 1024 characters/),
      ]),
    );
    const sections = (await api.get(`/projects/${done.project.gid}/sections`)).body.data.map(
      (section: { name: string }) => section.name,
    );
    expect(sections).toEqual([
      "Шаблоны задач",
      "Сделать сегодня",
      "Регулярные встречи",
      "На подходе",
      "На контроле",
      "Реализованные задачи",
    ]);
    type Task = {
      gid: string;
      name: string;
      notes: string;
      assignee: { gid: string; name: string } | null;
      due_on: string | null;
      completed: boolean;
      tags: { name: string }[];
      memberships: { section: { name: string } }[];
      parent: { name: string } | null;
      custom_fields: { name: string; display_value: string | null }[];
    };
    const fields =
      "name,notes,assignee.name,due_on,completed,tags.name,memberships.section.name,parent.name,custom_fields.name,custom_fields.display_value";
    const top = (await api.get(`/projects/${done.project.gid}/tasks?opt_fields=${fields}`)).body.data as Task[];
    const all: Task[] = [...top];
    for (const task of top) {
      all.push(...((await api.get(`/tasks/${task.gid}/subtasks?opt_fields=${fields}`)).body.data as Task[]));
    }
    // Every cell of every row is somewhere on its task.
    const [header, ...rows] = fs
      .readFileSync(new URL("./fixtures/tomoru-register-google-sheets.csv", import.meta.url), "utf8")
      .split(/\r\n(?=[^\n]*,)/)
      .map((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((cell) => cell.replace(/,$/, "")) ?? []);
    expect(header[0]).toBe("Задача");
    const unquote = (cell: string) => (cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);
    let checked = 0;
    for (const row of rows.map((cells) => cells.map(unquote))) {
      if (row.every((cell) => cell === "")) continue;
      const task = all.find((item) => item.name === row[0]);
      expect(task, row[0]).toBeDefined();
      if (!task) continue;
      const field = (name: string) => task.custom_fields.find((item) => item.name === name)?.display_value ?? null;
      const [
        ,
        section,
        kind,
        status,
        priority,
        person,
        due,
        hours,
        customer,
        notes,
        parent,
        ready,
        link,
        tags,
        comment,
      ] = row;
      if (parent) expect(task.parent?.name).toBe(parent);
      else expect(task.memberships.map((membership) => membership.section.name)).toEqual([section]);
      expect([field("Тип работ"), field("Статус"), field("Приоритет")]).toEqual([kind, status, priority]);
      expect(field("Клиент")).toBe(customer || null);
      expect(field("Ссылка")).toBe(link || null);
      if (person === "ivan.sokolov@tomoru.test") expect(task.assignee?.gid).toBe(ivan.gid);
      else expect(task.assignee?.name ?? "").toBe(person);
      const [day, month, year] = due.split(" ")[0].split(".");
      expect(task.due_on).toBe(due ? `${year}-${month}-${day}` : null);
      if (due.includes(":")) expect(task.notes).toContain(due);
      expect(field("Часы") === null ? "" : Number(field("Часы"))).toBe(
        hours ? Number(hours.replace(/\s/g, "").replace(",", ".")) : "",
      );
      expect(task.notes).toContain(notes);
      expect(task.completed).toBe(ready === "TRUE");
      expect(task.tags.map((tag) => tag.name).sort()).toEqual(
        tags
          .split(/[,;]/)
          .map((tag) => tag.trim())
          .filter(Boolean)
          .sort(),
      );
      if (comment.length > 1024) {
        expect(field("Комментарий")?.slice(0, 100)).toBe(comment.slice(0, 100));
        expect(task.notes).toContain(comment);
      } else expect(field("Комментарий")).toBe(comment || null);
      checked += 1;
    }
    expect(checked).toBe(7);
    const again = await importAndWait(admin.token, body);
    expect(again.project.gid).toBe(done.project.gid);
    expect(again.counts).toMatchObject({ tasks: 0, subtasks: 0, sections: 0, updated: 0 });
  });

  it("says what a skipped column was, and refuses a value its column's type cannot hold, naming line and column", async () => {
    const api = client(t, admin.token);
    const skipped = await importAndWait(admin.token, {
      source: "csv",
      content: REGISTER.replace("Задача,", "Name,"),
      project_name: "Register, skipped",
      columns: { Комментарий: "skip" },
    });
    expect(skipped.problems).toContain('column "Комментарий": skipped as chosen');
    const bad = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "csv",
      content: REGISTER,
      columns: { Клиент: "custom_number" },
    });
    expect(bad.status).toBe(201);
    const failed = await finished(admin.token, bad.body.data.gid);
    expect(failed.status).toBe("failed");
    expect(failed.problems).toContain('line 2: "Ромашка" in column "Клиент" is not a number');
    const unknown = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "csv",
      content: REGISTER,
      columns: { Budget: "custom_number" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].message).toMatch(/^columns\.Budget: the file has no such column/);
  });
});

describe("live Asana migration from another Takt", () => {
  let source: TestApp;
  let owner: TestUser;

  beforeAll(async () => {
    source = await startTestApp();
  });
  afterAll(async () => {
    await source?.close();
  });

  it("copies teams, projects, sections, tasks, subtasks, dependencies, fields, tags, comments, attachments, followers; a rerun duplicates nothing", async () => {
    const sws = await makeWorkspace(source, "Old agency");
    owner = await makeUser(source, sws.gid, "admin", "Olga Owner");
    const sourceMaria = await makeUser(source, sws.gid, "member", "Мария Петрова");
    const steam = await makeTeam(source, sws.gid, "Bots", [owner, sourceMaria]);
    const api = client(source, owner.token);
    const project = (await api.post("/projects", { workspace: sws.gid, team: steam.gid, name: "Бот для Ромашки" })).body
      .data;
    const review = (await api.post(`/projects/${project.gid}/sections`, { name: "Review" })).body.data;
    await api.post(`/projects/${project.gid}/sections`, { name: "Empty stage" });
    const field = (
      await api.post("/custom_fields", {
        workspace: sws.gid,
        name: "Stage",
        resource_subtype: "enum",
        enum_options: [{ name: "Draft" }, { name: "Final" }],
      })
    ).body.data;
    await api.post(`/projects/${project.gid}/addCustomFieldSetting`, { custom_field: field.gid });
    const tag = (await api.post("/tags", { workspace: sws.gid, name: "VIP" })).body.data;
    const first = (
      await api.post("/tasks", {
        name: "Сценарий",
        projects: [project.gid],
        assignee: sourceMaria.gid,
        due_on: "2025-07-01",
        html_notes: "<body><strong>Главное</strong> — тон</body>",
        followers: [owner.gid],
        tags: [tag.gid],
        custom_fields: { [field.gid]: field.enum_options[1].gid },
      })
    ).body.data;
    const second = (
      await api.post("/tasks", {
        name: "Запуск",
        projects: [project.gid],
        memberships: [{ project: project.gid, section: review.gid }],
      })
    ).body.data;
    await api.post(`/sections/${review.gid}/addTask`, { task: second.gid });
    await api.post(`/tasks/${second.gid}/addDependencies`, { dependencies: [first.gid] });
    await api.post(`/tasks/${first.gid}/subtasks`, { name: "Черновик" });
    await client(source, sourceMaria.token).post(`/tasks/${first.gid}/stories`, { text: "Готово" });
    await api.post("/attachments", {
      parent: first.gid,
      resource_subtype: "external",
      name: "Brief",
      url: "https://example.com/brief",
    });

    const body = { source: "asana_api", token: owner.token, url: source.api };
    const preview = await client(t, admin.token).post(`/workspaces/${ws.gid}/imports/preview`, body);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.data.projects.map((p: { name: string }) => p.name)).toEqual(["Бот для Ромашки"]);
    const people = Object.fromEntries(
      preview.body.data.people.map((person: { name: string; match: { gid: string } | null }) => [
        person.name,
        person.match?.gid ?? null,
      ]),
    );
    expect(people).toEqual({ "Olga Owner": null, "Мария Петрова": maria.gid });

    const done = await importAndWait(admin.token, body);
    expect(done.status, JSON.stringify(done.problems)).toBe("succeeded");
    expect(done.counts).toMatchObject({ projects: 1, teams: 1, tasks: 2, subtasks: 1, comments: 1, attachments: 1 });
    const target = client(t, admin.token);
    const copied = (await target.get(`/projects/${done.project.gid}?opt_fields=name,team.name`)).body.data;
    expect(copied).toMatchObject({ name: "Бот для Ромашки", team: { name: "Bots" } });
    const sections = (await target.get(`/projects/${done.project.gid}/sections`)).body.data.map(
      (s: { name: string }) => s.name,
    );
    expect(sections).toEqual(expect.arrayContaining(["Review", "Empty stage"]));
    const tasks = (
      await target.get(
        `/projects/${done.project.gid}/tasks?opt_fields=name,html_notes,assignee.name,due_on,followers.name,tags.name,dependencies.name,custom_fields.name,custom_fields.display_value,memberships.section.name`,
      )
    ).body.data;
    const scenario = tasks.find((task: { name: string }) => task.name === "Сценарий");
    expect(scenario).toMatchObject({ assignee: { name: "Мария Петрова" }, due_on: "2025-07-01" });
    expect(scenario.html_notes).toContain("<strong>Главное</strong>");
    expect(scenario.followers.map((f: { name: string }) => f.name)).toContain("Olga Owner");
    expect(scenario.tags.map((f: { name: string }) => f.name)).toEqual(["VIP"]);
    expect(scenario.custom_fields.find((f: { name: string }) => f.name === "Stage").display_value).toBe("Final");
    const launch = tasks.find((task: { name: string }) => task.name === "Запуск");
    expect(launch.memberships[0].section.name).toBe("Review");
    expect(launch.dependencies.map((d: { name?: string; gid: string }) => d.gid)).toEqual([scenario.gid]);
    const comments = (
      await target.get(`/tasks/${scenario.gid}/stories?opt_fields=type,text,created_by.name`)
    ).body.data.filter((story: { type: string }) => story.type === "comment");
    expect(comments).toEqual([
      expect.objectContaining({ text: "Готово", created_by: expect.objectContaining({ name: "Мария Петрова" }) }),
    ]);
    expect(
      (await target.get(`/tasks/${scenario.gid}/subtasks?opt_fields=name`)).body.data.map(
        (s: { name: string }) => s.name,
      ),
    ).toEqual(["Черновик"]);

    // Again: updates, never duplicates.
    const again = await importAndWait(admin.token, body);
    expect(again.status).toBe("succeeded");
    expect(again.counts).toMatchObject({
      projects: 1,
      teams: 0,
      tasks: 0,
      subtasks: 0,
      comments: 0,
      attachments: 0,
      users_created: 0,
    });
    expect((await target.get(`/projects/${done.project.gid}/tasks`)).body.data).toHaveLength(2);
    const projects = await t.handle.db
      .selectFrom("projects")
      .select("gid")
      .where("name", "=", "Бот для Ромашки")
      .execute();
    expect(projects).toHaveLength(1);
  });

  it("brings uploaded files as files (one over the limit as a link, said so) and a task in two projects once, in each project's section; a rerun adds nothing", async () => {
    const sws = await makeWorkspace(source, "Studio");
    const boss = await makeUser(source, sws.gid, "admin", "Boris Boss");
    const api = client(source, boss.token);
    // Read first (projects are read in the order they were made): it holds only a subtask of a later project's task.
    const texts = (await api.post("/projects", { workspace: sws.gid, name: "Тексты студии" })).body.data;
    const site = (await api.post("/projects", { workspace: sws.gid, name: "Сайт студии" })).body.data;
    const ads = (await api.post("/projects", { workspace: sws.gid, name: "Реклама студии" })).body.data;
    const design = (await api.post(`/projects/${site.gid}/sections`, { name: "Дизайн" })).body.data;
    const launch = (await api.post(`/projects/${ads.gid}/sections`, { name: "Запуск" })).body.data;
    const banner = (await api.post("/tasks", { name: "Баннер", projects: [site.gid] })).body.data;
    await api.post(`/sections/${design.gid}/addTask`, { task: banner.gid });
    const added = await api.post(`/tasks/${banner.gid}/addProject`, { project: ads.gid, section: launch.gid });
    expect(added.status).toBe(200);
    await api.post("/tasks", { name: "Только реклама", projects: [ads.gid] });
    await api.post(`/tasks/${banner.gid}/stories`, { text: "Один раз" });
    const copy = (await api.post(`/tasks/${banner.gid}/subtasks`, { name: "Текст баннера" })).body.data;
    expect((await api.post(`/tasks/${copy.gid}/addProject`, { project: texts.gid })).status).toBe(200);
    const small = Buffer.from("макет баннера, версия 3\n".repeat(50));
    await uploadFile(source, boss.token, banner.gid, "maket.txt", small);
    await uploadFile(source, boss.token, banner.gid, "video.bin", Buffer.alloc(UPLOAD_LIMIT + 1024, 7));

    const body = { source: "asana_api", token: boss.token, url: source.api };
    const done = await importAndWait(admin.token, body);
    expect(done.status, JSON.stringify(done.problems)).toBe("succeeded");
    expect(done.counts).toMatchObject({
      projects: 3,
      tasks: 3,
      added_to_project: 1,
      comments: 1,
      attachments: 2,
      attachment_files: 1,
      attachment_links: 1,
    });
    expect(done.problems).toContainEqual(
      expect.stringMatching(
        /^attachment video\.bin on Баннер: larger than the upload limit of 0\.3 MB; imported as a link$/,
      ),
    );
    const copies = await t.handle.db.selectFrom("tasks").select("gid").where("name", "=", "Баннер").execute();
    expect(copies).toHaveLength(1);
    const bannerGid = String(copies[0].gid);
    const target = client(t, admin.token);
    const memberships = (
      await target.get(`/tasks/${bannerGid}?opt_fields=memberships.project.name,memberships.section.name`)
    ).body.data.memberships.map((m: { project: { name: string }; section: { name: string } }) => [
      m.project.name,
      m.section.name,
    ]);
    expect(memberships.sort()).toEqual([
      ["Реклама студии", "Запуск"],
      ["Сайт студии", "Дизайн"],
    ]);
    // The subtask came first with its own project and is now under its parent, still in that project.
    const subtasks = await t.handle.db.selectFrom("tasks").selectAll().where("name", "=", "Текст баннера").execute();
    expect(subtasks.map((row) => String(row.parent_gid))).toEqual([bannerGid]);
    const subtask = (await target.get(`/tasks/${subtasks[0].gid}?opt_fields=parent.name,memberships.project.name`)).body
      .data;
    expect(subtask.parent.name).toBe("Баннер");
    expect(subtask.memberships.map((m: { project: { name: string } }) => m.project.name)).toEqual(["Тексты студии"]);
    const comments = (await target.get(`/tasks/${bannerGid}/stories?opt_fields=type,text`)).body.data.filter(
      (story: { type: string }) => story.type === "comment",
    );
    expect(comments.map((story: { text: string }) => story.text)).toEqual(["Один раз"]);
    const files = await attachmentsOf(bannerGid);
    expect(files.map((file) => [file.name, file.resource_subtype]).sort()).toEqual([
      ["maket.txt", "asana"],
      ["video.bin", "external"],
    ]);
    const maket = files.find((file) => file.name === "maket.txt");
    expect(maket?.size).toBe(small.length);
    expect((await downloadBytes(admin.token, String(maket?.gid))).equals(small)).toBe(true);

    const again = await importAndWait(admin.token, body);
    expect(again.status, JSON.stringify(again.problems)).toBe("succeeded");
    expect(again.counts).toMatchObject({ projects: 3, tasks: 0, subtasks: 0, comments: 0, attachments: 0 });
    expect(again.counts.added_to_project ?? 0).toBe(0);
    expect(await attachmentsOf(bannerGid)).toHaveLength(2);
    expect(await t.handle.db.selectFrom("tasks").select("gid").where("name", "=", "Баннер").execute()).toHaveLength(1);
    expect(
      await t.handle.db.selectFrom("tasks").select("gid").where("name", "=", "Текст баннера").execute(),
    ).toHaveLength(1);
  });

  it("names what is wrong: a refused token, an address the server may not reach", async () => {
    const refused = await client(t, admin.token).post(`/workspaces/${ws.gid}/imports/preview`, {
      source: "asana_api",
      token: "wrong",
      url: source.api,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toMatch(/^token: was refused/);
    // The source server keeps the default: loopback addresses are out of an import's reach.
    const sws = await makeWorkspace(source, "Guarded");
    const sourceAdmin = await makeUser(source, sws.gid, "admin", "Guard");
    const guarded = await client(source, sourceAdmin.token).post(`/workspaces/${sws.gid}/imports/preview`, {
      source: "asana_api",
      token: admin.token,
      url: t.api,
    });
    expect(guarded.status).toBe(400);
    expect(guarded.body.errors[0].message).toMatch(/^url: 127\.0\.0\.1 is a private or loopback address/);
  });
});

describe("chat history: Telegram and Slack", () => {
  const telegram = (extra: Record<string, unknown>[] = []) => ({
    name: "Ромашка: бот",
    type: "private_supergroup",
    id: 777,
    messages: [
      {
        id: 1,
        type: "service",
        date_unixtime: "1735725600",
        actor: "Мария",
        actor_id: "user1",
        action: "topic_created",
        title: "Сценарий",
      },
      {
        id: 2,
        type: "message",
        date_unixtime: "1735725660",
        from: "Мария Петрова",
        from_id: "user1",
        text: "Начинаем",
        reply_to_message_id: 1,
      },
      {
        id: 3,
        type: "message",
        date_unixtime: "1735725720",
        from: "Клиент Ромашки",
        from_id: "user9",
        text: ["Нужен ", { type: "bold", text: "тон" }, " помягче"],
        reply_to_message_id: 2,
      },
      {
        id: 4,
        type: "message",
        date_unixtime: "1735812000",
        from: "Ivan Sokolov",
        from_id: "user2",
        text: "Общий вопрос",
        file: "files/brief.pdf",
      },
      ...extra,
    ],
  });

  it("imports a Telegram forum: a task per topic, messages as comments with authors and dates; a later export adds only what is new", async () => {
    const done = await importAndWait(admin.token, { source: "telegram", content: JSON.stringify(telegram()) });
    expect(done.status, JSON.stringify(done.problems)).toBe("succeeded");
    expect(done.counts).toMatchObject({ tasks: 2, comments: 3, users_matched: 2, users_created: 1 });
    const api = client(t, admin.token);
    const tasks = (await api.get(`/projects/${done.project.gid}/tasks?opt_fields=name`)).body.data;
    expect(tasks.map((task: { name: string }) => task.name).sort()).toEqual(["General", "Сценарий"]);
    const topic = tasks.find((task: { name: string }) => task.name === "Сценарий");
    const comments = (
      await api.get(`/tasks/${topic.gid}/stories?opt_fields=type,text,html_text,created_by.name,created_at`)
    ).body.data.filter((story: { type: string }) => story.type === "comment");
    expect(comments.map((story: { created_by: { name: string } }) => story.created_by.name)).toEqual([
      "Мария Петрова",
      "Клиент Ромашки",
    ]);
    expect(comments[0].created_at).toBe("2025-01-01T10:01:00.000Z");
    expect(comments[1].html_text).toContain("<strong>тон</strong>");

    const later = await importAndWait(admin.token, {
      source: "telegram",
      content: JSON.stringify(
        telegram([
          {
            id: 5,
            type: "message",
            date_unixtime: "1735900000",
            from: "Мария Петрова",
            from_id: "user1",
            text: "Готово",
            reply_to_message_id: 3,
          },
        ]),
      ),
    });
    expect(later.project.gid).toBe(done.project.gid);
    expect(later.counts).toMatchObject({ tasks: 0, comments: 1, users_created: 0 });
  });

  it("imports a Slack export zip: channels as sections, a task per thread, and refuses a zip that is not one", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slack-"));
    const file = path.join(dir, "export.zip");
    const zip = new ZipWriter(file);
    zip.add(
      "users.json",
      Buffer.from(
        JSON.stringify([
          { id: "U1", name: "maria", profile: { real_name: "Мария Петрова", email: maria.email } },
          { id: "U2", name: "newbie", profile: { real_name: "Nick New" } },
        ]),
      ),
    );
    zip.add("channels.json", Buffer.from(JSON.stringify([{ id: "C1", name: "romashka" }])));
    zip.add(
      "romashka/2025-01-02.json",
      Buffer.from(
        JSON.stringify([
          {
            type: "message",
            user: "U1",
            text: "Запускаем *бота* <@U2>",
            ts: "1735812000.000100",
            thread_ts: "1735812000.000100",
          },
          {
            type: "message",
            user: "U2",
            text: "Ок, смотрю <https://example.com|ТЗ>",
            ts: "1735812060.000200",
            thread_ts: "1735812000.000100",
          },
          { type: "message", user: "U2", text: "Просто мысль", ts: "1735815000.000300" },
        ]),
      ),
    );
    zip.close();
    const bytes = fs.readFileSync(file);
    const done = await importAndWait(admin.token, {
      source: "slack",
      content_base64: bytes.toString("base64"),
      file_name: "Agency Slack export.zip",
    });
    expect(done.status, JSON.stringify(done.problems)).toBe("succeeded");
    expect(done.counts).toMatchObject({ tasks: 2, comments: 3, users_matched: 1, users_created: 1 });
    const api = client(t, admin.token);
    const tasks = (await api.get(`/projects/${done.project.gid}/tasks?opt_fields=name,memberships.section.name`)).body
      .data;
    expect(tasks.map((task: { name: string }) => task.name).sort()).toEqual([
      "#romashka — 2025-01-02",
      "Запускаем бота @Nick New",
    ]);
    expect(tasks[0].memberships[0].section.name).toBe("#romashka");
    const thread = tasks.find((task: { name: string }) => task.name.startsWith("Запускаем"));
    const comments = (
      await api.get(`/tasks/${thread.gid}/stories?opt_fields=type,html_text,created_by.name`)
    ).body.data.filter((story: { type: string }) => story.type === "comment");
    expect(comments[0]).toMatchObject({ created_by: { name: "Мария Петрова" } });
    expect(comments[0].html_text).toContain("<strong>бота</strong>");
    expect(comments[1].html_text).toContain('<a href="https://example.com">ТЗ</a>');

    const broken = await api.post(`/workspaces/${ws.gid}/imports`, { source: "slack", content: "not a zip" });
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].message).toMatch(/^file: is not a Slack export zip/);
    const notTelegram = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "telegram",
      content: '{"messages": 1}',
    });
    expect(notTelegram.status).toBe(400);
    expect(notTelegram.body.errors[0].message).toMatch(/^file: is not a Telegram chat export/);
  });
});

describe("Asana exports of projects that share tasks", () => {
  const membership = (project: string, section: string) => ({
    project: { gid: project, name: project === "7001" ? "Проект А" : "Проект Б" },
    section: { gid: section, name: { "7101": "А: план", "7102": "А: готово", "7201": "Б: работа" }[section] },
  });
  // The shared task lists project Б first in both files: the file's project is the one its tasks belong to.
  const shared = {
    gid: "8003",
    name: "Общая задача",
    memberships: [membership("7002", "7201"), membership("7001", "7102")],
    stories: [{ gid: "8601", type: "comment", text: "Один комментарий", created_at: "2025-02-01T09:00:00.000Z" }],
    attachments: [
      { gid: "8501", name: "ТЗ", resource_subtype: "external", permanent_url: "https://example.com/tz" },
      {
        gid: "8502",
        name: "logo.png",
        resource_subtype: "asana",
        permanent_url: "https://app.asana.com/app/asana/-/get_asset?asset_id=8502",
        download_url: "https://asana-user-private-us-east-1.s3.amazonaws.com/assets/8502/logo.png?X-Amz-Expires=120",
      },
    ],
  };
  const fileA = { data: [{ gid: "8001", name: "Только А", memberships: [membership("7001", "7101")] }, shared] };
  const fileB = { data: [{ gid: "8002", name: "Только Б", memberships: [membership("7002", "7201")] }, shared] };

  it("imports a task in two projects once, in each project's section; a rerun adds nothing", async () => {
    const first = await importAndWait(admin.token, { source: "asana", content: JSON.stringify(fileA) });
    expect(first.status, JSON.stringify(first.problems)).toBe("succeeded");
    expect(first.project.name).toBe("Проект А");
    expect(first.counts).toMatchObject({ tasks: 2, comments: 1, attachments: 2, attachment_links: 2 });
    // A file's signed download address in an export has expired by now: it stays a link, and the import says so.
    expect(first.problems).toContainEqual(
      expect.stringMatching(/^attachments: 1 file\(s\) uploaded to Asana were imported as links/),
    );
    const second = await importAndWait(admin.token, { source: "asana", content: JSON.stringify(fileB) });
    expect(second.status, JSON.stringify(second.problems)).toBe("succeeded");
    expect(second.project.name).toBe("Проект Б");
    expect(second.counts).toMatchObject({ tasks: 1, added_to_project: 1, comments: 0, attachments: 0 });
    const rows = await t.handle.db.selectFrom("tasks").select("gid").where("name", "=", "Общая задача").execute();
    expect(rows).toHaveLength(1);
    const api = client(t, admin.token);
    const task = (await api.get(`/tasks/${rows[0].gid}?opt_fields=memberships.project.name,memberships.section.name`))
      .body.data;
    expect(
      task.memberships
        .map((m: { project: { name: string }; section: { name: string } }) => `${m.project.name}/${m.section.name}`)
        .sort(),
    ).toEqual(["Проект А/А: готово", "Проект Б/Б: работа"]);
    expect(await attachmentsOf(String(rows[0].gid))).toHaveLength(2);

    const again = await importAndWait(admin.token, { source: "asana", content: JSON.stringify(fileB) });
    expect(again.project.gid).toBe(second.project.gid);
    expect(again.counts).toMatchObject({ tasks: 0, comments: 0, attachments: 0 });
    expect(again.counts.added_to_project ?? 0).toBe(0);
    const inB = (await api.get(`/projects/${second.project.gid}/tasks?opt_fields=name`)).body.data;
    expect(inB.map((item: { name: string }) => item.name).sort()).toEqual(["Общая задача", "Только Б"]);
  });
});

describe("attachments that come as files: a Trello export zip, Trello's API with a token, a Slack export", () => {
  const id = (n: number) => `5f00000000000000000000${String(n).padStart(2, "0")}`;
  const upload = (card: number, attachment: number, name: string) => ({
    id: id(attachment),
    name,
    fileName: name,
    isUpload: true,
    bytes: 40,
    url: `https://trello.com/1/cards/${id(card)}/attachments/${id(attachment)}/download/${name}`,
  });
  const trelloBoard = (boardId: string, name: string) => ({
    id: boardId,
    name,
    lists: [{ id: "l1", name: "To do", closed: false, pos: 1 }],
    members: [],
    cards: [
      {
        id: id(1),
        name: `Макет ${name}`,
        desc: "",
        idList: "l1",
        pos: 1,
        attachments: [
          upload(1, 11, "brief.txt"),
          upload(1, 12, "photo.png"),
          { id: id(13), name: "Docs", url: "https://example.com/doc", isUpload: false },
        ],
      },
    ],
  });
  const brief = Buffer.from("Бриф: баннер 600×300\n");
  const photo = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

  it("takes the files inside a board's export zip, keeps the rest as links and says why; a rerun adds nothing", async () => {
    const zip = zipOf({
      "Ромашка/board.json": JSON.stringify(trelloBoard("b-zip", "Ромашка: сайт")),
      // A zip made on a Mac carries AppleDouble companions; they are never taken for the files.
      [`__MACOSX/Ромашка/attachments/${id(11)}/._brief.txt`]: "mac metadata",
      [`Ромашка/attachments/${id(11)}/brief.txt`]: brief,
    });
    const body = { source: "trello", content_base64: zip.toString("base64"), file_name: "romashka.zip" };
    const preview = await client(t, admin.token).post(`/workspaces/${ws.gid}/imports/preview`, body);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.data.counts).toMatchObject({ attachments: 3, attachment_files: 1 });
    const done = await importAndWait(admin.token, body);
    expect(done.status, JSON.stringify(done.problems)).toBe("succeeded");
    expect(done.project.name).toBe("Ромашка: сайт");
    expect(done.counts).toMatchObject({ attachments: 3, attachment_files: 1, attachment_links: 2 });
    expect(done.problems).toContainEqual(expect.stringMatching(/^attachments: 1 file\(s\) uploaded to Trello/));
    const [card] = (await client(t, admin.token).get(`/projects/${done.project.gid}/tasks`)).body.data;
    const files = await attachmentsOf(card.gid);
    expect(files.map((file) => [file.name, file.resource_subtype]).sort()).toEqual([
      ["Docs", "external"],
      ["brief.txt", "asana"],
      ["photo.png", "external"],
    ]);
    const stored = files.find((file) => file.name === "brief.txt");
    expect((await downloadBytes(admin.token, String(stored?.gid))).equals(brief)).toBe(true);

    const again = await importAndWait(admin.token, body);
    expect(again.counts).toMatchObject({ tasks: 0, attachments: 0 });
    expect(await attachmentsOf(card.gid)).toHaveLength(3);

    const api = client(t, admin.token);
    const noBoard = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "trello",
      content_base64: zipOf({ "notes.txt": "hello" }).toString("base64"),
    });
    expect(noBoard.status).toBe(400);
    expect(noBoard.body.errors[0].message).toBe("file: is a zip without a Trello board export (.json) in it");
    const notBoard = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "trello",
      content_base64: zipOf({ "board.json": '{"id": 1}' }).toString("base64"),
    });
    expect(notBoard.status).toBe(400);
    expect(notBoard.body.errors[0].message).toMatch(
      /^file: holds no Trello board export \(board\.json: is not a Trello/,
    );
    const keyless = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "trello",
      token: "a-token",
      content: JSON.stringify(trelloBoard("b-keyless", "Keyless")),
    });
    expect(keyless.status).toBe(400);
    expect(keyless.body.errors[0].message).toMatch(/^trello_key: /);
  });

  it("a rerun with the board's export zip turns the links an earlier JSON import left into the files", async () => {
    const json = JSON.stringify(trelloBoard("b-later-zip", "Лютик: баннеры"));
    const first = await importAndWait(admin.token, { source: "trello", content: json, file_name: "board.json" });
    expect(first.counts).toMatchObject({ attachments: 3, attachment_links: 3 });
    const [card] = (await client(t, admin.token).get(`/projects/${first.project.gid}/tasks`)).body.data;
    const before = await attachmentsOf(card.gid);
    expect(before.map((file) => file.resource_subtype)).toEqual(["external", "external", "external"]);

    const zip = zipOf({
      "board.json": json,
      [`attachments/${id(11)}/brief.txt`]: brief,
      [`attachments/${id(12)}/photo.png`]: photo,
    });
    const body = { source: "trello", content_base64: zip.toString("base64"), file_name: "board.zip" };
    const again = await importAndWait(admin.token, body);
    expect(again.status, JSON.stringify(again.problems)).toBe("succeeded");
    expect(again.project.gid).toBe(first.project.gid);
    expect(again.counts).toMatchObject({ tasks: 0, attachments: 0, attachment_files: 2, links_made_files: 2 });
    expect(again.problems.join("\n")).not.toMatch(/imported as links/);
    const after = await attachmentsOf(card.gid);
    // The same attachments (their links in comments and elsewhere still lead to them), now holding the files.
    expect(after.map((file) => file.gid).sort()).toEqual(before.map((file) => file.gid).sort());
    expect(after.map((file) => [file.name, file.resource_subtype]).sort()).toEqual([
      ["Docs", "external"],
      ["brief.txt", "asana"],
      ["photo.png", "asana"],
    ]);
    const stored = (name: string) => String(after.find((file) => file.name === name)?.gid);
    expect((await downloadBytes(admin.token, stored("brief.txt"))).equals(brief)).toBe(true);
    expect((await downloadBytes(admin.token, stored("photo.png"))).equals(photo)).toBe(true);

    const third = await importAndWait(admin.token, body);
    expect(third.counts).toMatchObject({ tasks: 0, attachments: 0 });
    expect(third.counts.links_made_files ?? 0).toBe(0);
    expect(await attachmentsOf(card.gid)).toHaveLength(3);
  });

  it("refuses a file over the import limit, naming it and the way to bring a large board", async () => {
    const form = new FormData();
    form.append("source", "trello");
    const big = zipOf({ "board.json": JSON.stringify(trelloBoard("b-big", "Big")), "files/raw.bin": "" });
    form.append("file", new Blob([big, Buffer.alloc(IMPORT_LIMIT)]), "too-big.zip");
    const response = await fetch(`${t.api}/workspaces/${ws.gid}/imports`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin.token}` },
      body: form,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(body.errors[0].message).toMatch(/^file: larger than the import limit of 2 MB .*Trello API key and token/);
    const imports = await t.handle.db
      .selectFrom("imports")
      .select("gid")
      .where("file_name", "=", "too-big.zip")
      .execute();
    expect(imports).toEqual([]);
  });

  it("downloads files uploaded to cards from Trello's API with the key and token, which go nowhere else", async () => {
    const seen: { path: string; authorization: string | undefined }[] = [];
    const trello = http.createServer((request, response) => {
      seen.push({ path: request.url ?? "", authorization: request.headers.authorization });
      const authorized =
        request.headers.authorization ===
        'OAuth oauth_consumer_key="0123456789abcdef0123456789abcdef", oauth_token="tok-1"';
      if (!authorized) return response.writeHead(401).end("unauthorized");
      if (request.url?.endsWith("/download/brief.txt")) return response.writeHead(200).end(brief);
      // The second file waits until the test has seen the import's progress between its files.
      if (request.url?.endsWith("/download/photo.png")) {
        void held.then(() => response.writeHead(200).end(photo));
        return;
      }
      response.writeHead(404).end();
    });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await new Promise<void>((resolve) => trello.listen(0, "127.0.0.1", resolve));
    const address = trello.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const started = await client(t, admin.token).post(`/workspaces/${ws.gid}/imports`, {
        source: "trello",
        content: JSON.stringify(trelloBoard("b-api", "Ромашка: API")),
        trello_key: "0123456789abcdef0123456789abcdef",
        token: "tok-1",
        url: `http://127.0.0.1:${port}/1`,
      });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      // A job with progress: running, partway, while the second file is on its way.
      const deadline = Date.now() + 60_000;
      let partway: { status: string; progress: number } | undefined;
      while (Date.now() < deadline) {
        const now = (await client(t, admin.token).get(`/imports/${started.body.data.gid}`)).body.data;
        if (now.status === "running" && now.progress > 5) {
          partway = now;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      release();
      expect(partway).toMatchObject({ status: "running", progress: 42 });
      const done = await finished(admin.token, started.body.data.gid);
      expect(done.status, JSON.stringify(done.problems)).toBe("succeeded");
      expect(done.progress).toBe(100);
      expect(done.counts).toMatchObject({ attachments: 3, attachment_files: 2, attachment_links: 1 });
      expect(seen.map((request) => request.path).sort()).toEqual([
        `/1/cards/${id(1)}/attachments/${id(11)}/download/brief.txt`,
        `/1/cards/${id(1)}/attachments/${id(12)}/download/photo.png`,
      ]);
      const [card] = (await client(t, admin.token).get(`/projects/${done.project.gid}/tasks`)).body.data;
      const stored = (await attachmentsOf(card.gid)).find((file) => file.name === "photo.png");
      expect(stored?.resource_subtype).toBe("asana");
      expect((await downloadBytes(admin.token, String(stored?.gid))).equals(photo)).toBe(true);
      // The import forgets the credentials once it ends.
      const row = await t.handle.db
        .selectFrom("imports")
        .select("options")
        .where("gid", "=", Number(done.gid))
        .executeTakeFirstOrThrow();
      expect(row.options).not.toContain("tok-1");
    } finally {
      release();
      trello.close();
    }
  });

  it("attaches the files a Slack export carries to their thread's task", async () => {
    const report = Buffer.from("Отчёт за январь\n");
    const zip = zipOf({
      "users.json": JSON.stringify([{ id: "U1", name: "maria", profile: { real_name: "Мария", email: maria.email } }]),
      "channels.json": JSON.stringify([{ id: "C9", name: "reports" }]),
      "reports/2025-01-05.json": JSON.stringify([
        {
          type: "message",
          user: "U1",
          text: "Отчёт готов",
          ts: "1736070000.000100",
          thread_ts: "1736070000.000100",
          files: [
            { id: "F0REPORT01", name: "report.txt", permalink: "https://agency.slack.com/files/U1/F0REPORT01" },
            { id: "F0MISSING1", name: "old.pdf", permalink: "https://agency.slack.com/files/U1/F0MISSING1" },
          ],
        },
      ]),
      "__uploads/F0REPORT01/report.txt": report,
    });
    const body = { source: "slack", content_base64: zip.toString("base64"), file_name: "Reports Slack export.zip" };
    const done = await importAndWait(admin.token, body);
    expect(done.status, JSON.stringify(done.problems)).toBe("succeeded");
    expect(done.counts).toMatchObject({ tasks: 1, attachments: 2, attachment_files: 1, attachment_links: 1 });
    const [thread] = (await client(t, admin.token).get(`/projects/${done.project.gid}/tasks?opt_fields=name`)).body
      .data;
    expect(thread.name).toBe("Отчёт готов");
    const files = await attachmentsOf(thread.gid);
    const stored = files.find((file) => file.name === "report.txt");
    expect(stored?.resource_subtype).toBe("asana");
    expect((await downloadBytes(admin.token, String(stored?.gid))).equals(report)).toBe(true);
    expect(files.find((file) => file.name === "old.pdf")?.resource_subtype).toBe("external");
    const again = await importAndWait(admin.token, body);
    expect(again.counts).toMatchObject({ tasks: 0, comments: 0, attachments: 0 });
    expect(await attachmentsOf(thread.gid)).toHaveLength(2);
  });
  it("attaches the files of a Telegram export folder, zipped, to their messages' tasks", async () => {
    const chat = {
      name: "Ромашка: файлы",
      type: "private_group",
      id: 4242,
      messages: [
        {
          id: 1,
          type: "message",
          date_unixtime: "1736200000",
          from: "Мария",
          from_id: "u1",
          text: "Договор",
          file: "files/dogovor.txt",
        },
        {
          id: 2,
          type: "message",
          date_unixtime: "1736200060",
          from: "Мария",
          from_id: "u1",
          text: "Фото",
          photo: "photos/missing.jpg",
        },
      ],
    };
    const contract = Buffer.from("Договор №1\n");
    const zip = zipOf({
      "ChatExport_2025-01-07/result.json": JSON.stringify(chat),
      "ChatExport_2025-01-07/files/dogovor.txt": contract,
    });
    const done = await importAndWait(admin.token, { source: "telegram", content_base64: zip.toString("base64") });
    expect(done.status, JSON.stringify(done.problems)).toBe("succeeded");
    expect(done.counts).toMatchObject({ tasks: 1, comments: 2, attachments: 1, attachment_files: 1 });
    const [day] = (await client(t, admin.token).get(`/projects/${done.project.gid}/tasks`)).body.data;
    const [file] = await attachmentsOf(day.gid);
    expect(file).toMatchObject({ name: "dogovor.txt", resource_subtype: "asana" });
    expect((await downloadBytes(admin.token, file.gid)).equals(contract)).toBe(true);
    const texts = (await client(t, admin.token).get(`/tasks/${day.gid}/stories?opt_fields=type,text`)).body.data
      .filter((story: { type: string }) => story.type === "comment")
      .map((story: { text: string }) => story.text);
    expect(texts).toEqual(["Договор", "Фото\n\n📎 missing.jpg"]);
    const broken = await client(t, admin.token).post(`/workspaces/${ws.gid}/imports`, {
      source: "telegram",
      content_base64: zipOf({ "chat/messages.html": "<html></html>" }).toString("base64"),
    });
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].message).toBe("file: is a zip without a Telegram export's result.json in it");
  });
});
