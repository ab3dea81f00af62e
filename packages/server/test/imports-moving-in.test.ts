import fs from "node:fs";
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

beforeAll(async () => {
  // The importing server may read another instance on this machine (an admin's allow-list would, in production).
  t = await startTestApp({ config: { webhookAllowPrivate: true } });
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

  it("a rerun updates what changed, duplicates nothing, and honours the team it names", async () => {
    const api = client(t, admin.token);
    const preview = await api.post(`/workspaces/${ws.gid}/imports/preview`, {
      source: "trello",
      content: JSON.stringify(board("Запуск бота v2")),
    });
    expect(preview.body.data.existing_project).toMatchObject({ gid: projectGid });
    const done = await importAndWait(admin.token, {
      source: "trello",
      team: otherTeam.gid,
      content: JSON.stringify(board("Запуск бота v2")),
    });
    expect(done.status).toBe("succeeded");
    expect(done.project.gid).toBe(projectGid);
    expect(done.counts).toMatchObject({ tasks: 0, subtasks: 0, comments: 0, users_created: 0, updated: 1 });
    const tasks = (await api.get(`/projects/${projectGid}/tasks?opt_fields=name`)).body.data;
    expect(tasks.map((task: { name: string }) => task.name).sort()).toEqual(["Запуск бота v2", "Отчёт", "Старая идея"]);
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
