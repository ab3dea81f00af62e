import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { client, makeTeam, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let worker: Worker;
let ws: { gid: string };
let admin: TestUser;
let member: TestUser;
let guest: TestUser;
let outsider: TestUser;
let team: { gid: string };

async function finished(token: string, importGid: string, ms = 300_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const answer = await client(t, token).get(`/imports/${importGid}`);
    const status = answer.body?.data?.status;
    if (status === "succeeded" || status === "failed" || Date.now() > deadline) return answer.body.data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// A Trello board export as Trello writes it: lists, cards, checklists, labels, members and commentCard actions.
function trelloBoard(cards: number, members: { id: string; fullName: string; email?: string }[]) {
  const lists = ["To do", "Doing", "Done"].map((name, index) => ({ id: `list${index}`, name, closed: false }));
  const labels = [
    { id: "lab0", name: "Urgent", color: "red" },
    { id: "lab1", name: "Design", color: "sky" },
  ];
  const board = {
    id: "board1",
    name: "Launch board",
    lists,
    labels,
    members: members.map((person) => ({
      id: person.id,
      fullName: person.fullName,
      username: person.id,
      email: person.email,
    })),
    cards: [] as Record<string, unknown>[],
    checklists: [] as Record<string, unknown>[],
    actions: [] as Record<string, unknown>[],
  };
  for (let index = 0; index < cards; index++) {
    const id = `card${index}`;
    board.cards.push({
      id,
      name: `Card ${index}`,
      desc: `Description of card ${index}`,
      idList: `list${index % 3}`,
      due: index % 5 === 0 ? "2025-03-01T15:30:00.000Z" : null,
      dueComplete: index % 3 === 2,
      closed: false,
      idLabels: index % 2 === 0 ? ["lab0"] : ["lab0", "lab1"],
      idMembers: [members[index % members.length].id],
      attachments: index === 0 ? [{ id: "att0", name: "Spec", url: "https://example.com/spec" }] : [],
    });
    board.checklists.push({
      id: `cl${index}`,
      idCard: id,
      checkItems: [0, 1, 2].map((item) => ({
        id: `ci${index}-${item}`,
        name: `Step ${item}`,
        state: item === 0 ? "complete" : "incomplete",
      })),
    });
    for (const item of [0, 1]) {
      const author = members[(index + item) % members.length];
      board.actions.push({
        id: `act${index}-${item}`,
        type: "commentCard",
        date: `2025-01-0${item + 1}T10:00:00.000Z`,
        idMemberCreator: author.id,
        memberCreator: { id: author.id, fullName: author.fullName },
        data: { text: `Comment ${item} on card ${index}`, card: { id } },
      });
    }
  }
  return board;
}

beforeAll(async () => {
  t = await startTestApp();
  worker = startWorker(t.app.takt, { pollMs: 25 });
  ws = await makeWorkspace(t);
  admin = await makeUser(t, ws.gid, "admin", "Ada Admin");
  member = await makeUser(t, ws.gid, "member", "Max Member");
  guest = await makeUser(t, ws.gid, "guest", "Gus Guest");
  outsider = await makeUser(t, null, "member", "Olga Outsider");
  team = await makeTeam(t, ws.gid, "Imports", [admin, member]);
});

afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

async function countRows(projectGid: string) {
  const db = t.handle.db;
  const top = await db
    .selectFrom("task_memberships")
    .select("task_gid")
    .where("project_gid", "=", Number(projectGid))
    .execute();
  const gids = top.map((row) => row.task_gid);
  const subtasks = await db
    .selectFrom("tasks")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("root_gid", "in", gids)
    .whereRef("gid", "!=", "root_gid")
    .executeTakeFirstOrThrow();
  const comments = await db
    .selectFrom("stories")
    .innerJoin("tasks", "tasks.gid", "stories.task_gid")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("tasks.root_gid", "in", gids)
    .where("stories.type", "=", "comment")
    .executeTakeFirstOrThrow();
  const sections = await db
    .selectFrom("sections")
    .select("name")
    .where("project_gid", "=", Number(projectGid))
    .orderBy("order_key")
    .execute();
  return {
    tasks: gids.length,
    subtasks: Number(subtasks.count),
    comments: Number(comments.count),
    sections: sections.map((s) => s.name),
  };
}

describe("Trello import", () => {
  it("imports a 500-card board with every count matching, and a rerun imports nothing twice", async () => {
    const board = trelloBoard(500, [
      { id: "m1", fullName: "Max Member", email: member.email },
      { id: "m2", fullName: "Paula Placeholder" },
    ]);
    const started = await client(t, member.token).post(`/workspaces/${ws.gid}/imports`, {
      source: "trello",
      team: team.gid,
      content: JSON.stringify(board),
      file_name: "board.json",
    });
    expect(started.status).toBe(201);
    expect(started.body.data.status).toBe("queued");
    const done = await finished(member.token, started.body.data.gid);
    expect(done.status).toBe("succeeded");
    expect(done.counts).toMatchObject({
      sections: 3,
      tasks: 500,
      subtasks: 1500,
      comments: 1000,
      tags: 2,
      attachments: 1,
      users_matched: 1,
      users_created: 1,
      skipped: 0,
    });
    const projectGid = done.project.gid;
    expect(done.project.name).toBe("Launch board");
    expect(await countRows(projectGid)).toMatchObject({ tasks: 500, subtasks: 1500, comments: 1000 });
    expect((await countRows(projectGid)).sections).toEqual(expect.arrayContaining(["To do", "Doing", "Done"]));

    // What a user sees: the card through the API, with its notes, tags, assignee and completion.
    const api = client(t, member.token);
    const fields = "opt_fields=name,notes,completed,assignee.name,tags.name,due_at";
    const card = async (name: string) => {
      const row = await t.handle.db
        .selectFrom("tasks")
        .select("gid")
        .where("name", "=", name)
        .executeTakeFirstOrThrow();
      return (await api.get(`/tasks/${row.gid}?${fields}`)).body.data;
    };
    const card5 = await card("Card 5");
    expect(card5).toMatchObject({
      notes: "Description of card 5",
      completed: true,
      assignee: { name: "Paula Placeholder" },
    });
    expect(card5.tags.map((tag: { name: string }) => tag.name).sort()).toEqual(["Design", "Urgent"]);
    const card0 = await card("Card 0");
    expect(card0.assignee.name).toBe("Max Member");
    expect(card0.due_at).toBe("2025-03-01T15:30:00.000Z");
    const subtasks = await api.get(`/tasks/${card0.gid}/subtasks?opt_fields=name,completed`);
    expect(subtasks.body.data.map((task: { name: string; completed: boolean }) => [task.name, task.completed])).toEqual(
      [
        ["Step 0", true],
        ["Step 1", false],
        ["Step 2", false],
      ],
    );
    const stories = await api.get(`/tasks/${card0.gid}/stories?opt_fields=text,created_by.name,type`);
    const comments = stories.body.data.filter((story: { type: string }) => story.type === "comment");
    expect(comments.map((story: { created_by: { name: string } }) => story.created_by.name)).toEqual([
      "Max Member",
      "Paula Placeholder",
    ]);

    // The placeholder cannot sign in: no password.
    const placeholder = await t.handle.db
      .selectFrom("users")
      .selectAll()
      .where("name", "=", "Paula Placeholder")
      .executeTakeFirstOrThrow();
    expect(placeholder.password_hash).toBeNull();

    const rerun = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "trello",
      team: team.gid,
      content: JSON.stringify(board),
    });
    const again = await finished(member.token, rerun.body.data.gid);
    expect(again.status).toBe("succeeded");
    expect(again.project.gid).toBe(projectGid);
    expect(again.counts).toMatchObject({
      sections: 0,
      tasks: 0,
      subtasks: 0,
      comments: 0,
      tags: 0,
      users_created: 0,
      skipped: 2000,
    });
    expect(await countRows(projectGid)).toMatchObject({ tasks: 500, subtasks: 1500, comments: 1000 });
    const placeholders = await t.handle.db
      .selectFrom("users")
      .select("gid")
      .where("name", "=", "Paula Placeholder")
      .execute();
    expect(placeholders).toHaveLength(1);
  }, 600_000);

  it("refuses a malformed file with a 400 naming the field and writes nothing", async () => {
    const api = client(t, member.token);
    const before = await t.handle.db.selectFrom("projects").select("gid").execute();
    const broken = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "trello",
      content: '{"id": "b", "lists": [',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].message).toBe("file: is not valid JSON: it ends too early (is it cut off?)");
    const comma = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "trello",
      content: '{"id": "b",\n "lists": [],\n "cards": [{"id": "c1", "name": "Бот",}]}',
    });
    expect(comma.status).toBe(400);
    expect(comma.body.errors[0].message).toBe('file: is not valid JSON: line 3, column 39, at "}]}"');
    const noId = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "trello",
      content: JSON.stringify({ id: "b-no-id", lists: [], cards: [{ id: "c1", name: "A" }, { name: "Без id" }] }),
    });
    expect(noId.status).toBe(201);
    const failed = await finished(member.token, noId.body.data.gid);
    expect(failed).toMatchObject({ status: "failed", problems: ["cards[1]: a card without an id (Без id)"] });
    const notBoard = await api.post(`/workspaces/${ws.gid}/imports`, { source: "trello", content: '{"data": []}' });
    expect(notBoard.status).toBe(400);
    expect(notBoard.body.errors[0].message).toMatch(/not a Trello board export/);
    const after = await t.handle.db.selectFrom("projects").select("gid").execute();
    expect(after).toHaveLength(before.length);
  });

  it("validates the request: source, team, file, and who may import", async () => {
    const api = client(t, member.token);
    expect(
      (await api.post(`/workspaces/${ws.gid}/imports`, { source: "jira", content: "x" })).body.errors[0].message,
    ).toMatch(/^source:/);
    expect((await api.post(`/workspaces/${ws.gid}/imports`, { source: "csv" })).body.errors[0].message).toMatch(
      /^file: Missing input/,
    );
    const badTeam = await api.post(`/workspaces/${ws.gid}/imports`, { source: "csv", team: "123", content: "Name\nA" });
    expect(badTeam.status).toBe(400);
    expect(badTeam.body.errors[0].message).toMatch(/^team:/);
    const mappingOnTrello = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "trello",
      mapping: { name: "A" },
      content: "{}",
    });
    expect(mappingOnTrello.body.errors[0].message).toMatch(/^mapping:/);
    expect(
      (await client(t, guest.token).post(`/workspaces/${ws.gid}/imports`, { source: "csv", content: "Name\nA" }))
        .status,
    ).toBe(403);
    expect(
      (await client(t, outsider.token).post(`/workspaces/${ws.gid}/imports`, { source: "csv", content: "Name\nA" }))
        .status,
    ).toBe(404);
    const mine = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "csv",
      content: "Name\nPrivate",
      project_name: "Mine",
    });
    await finished(member.token, mine.body.data.gid);
    expect((await client(t, guest.token).get(`/imports/${mine.body.data.gid}`)).status).toBe(404);
    expect((await client(t, outsider.token).get(`/imports/${mine.body.data.gid}`)).status).toBe(404);
    expect((await client(t, admin.token).get(`/imports/${mine.body.data.gid}`)).status).toBe(200);
    expect((await api.get("/imports/999")).status).toBe(404);
  });
});

// "Название,Этап,Срок,Метки" with Cyrillic values, saved by Excel in Windows-1251.
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

describe("CSV import", () => {
  it("reads Windows-1251 with a column mapping and quoted fields", async () => {
    const csv =
      'Задача;Этап;Срок;Описание;Метки\r\nПозвонить клиенту;Новые;31.05.2025;"Сказать ""привет""; потом";срочно, звонок\r\nОтправить счет;Счета;;"две\r\nстроки";\r\n';
    const api = client(t, member.token);
    const started = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "csv",
      content_base64: cp1251(csv).toString("base64"),
      file_name: "leads.csv",
      mapping: { name: "Задача", section: "Этап", due_on: "Срок", notes: "Описание", tags: "Метки" },
    });
    expect(started.status).toBe(201);
    const done = await finished(member.token, started.body.data.gid);
    expect(done.status).toBe("succeeded");
    expect(done.counts).toMatchObject({ tasks: 2, sections: 2, tags: 2 });
    expect(done.project.name).toBe("leads");
    const tasks = await api.get(
      `/projects/${done.project.gid}/tasks?opt_fields=name,due_on,notes,tags.name,memberships.section.name`,
    );
    expect(tasks.body.data).toEqual([
      expect.objectContaining({ name: "Позвонить клиенту", due_on: "2025-05-31", notes: 'Сказать "привет"; потом' }),
      expect.objectContaining({ name: "Отправить счет", due_on: null, notes: "две\r\nстроки" }),
    ]);
    expect(tasks.body.data[0].memberships[0].section.name).toBe("Новые");
  });

  it("fails an import with ragged rows, naming every line, and writes nothing", async () => {
    const before = await t.handle.db.selectFrom("tasks").select("gid").execute();
    const csv = "\uFEFFName,Stage,Owner email\nOne,Todo,\nTwo,Todo\nThree,Todo,,extra\nFour,Done,\n";
    const started = await client(t, member.token).post(`/workspaces/${ws.gid}/imports`, {
      source: "csv",
      content: csv,
    });
    expect(started.status).toBe(201);
    const done = await finished(member.token, started.body.data.gid);
    expect(done.status).toBe("failed");
    expect(done.problems).toEqual(["line 3: has 2 fields, the header has 3", "line 4: has 4 fields, the header has 3"]);
    expect(done.project).toBeNull();
    expect(await t.handle.db.selectFrom("tasks").select("gid").execute()).toHaveLength(before.length);
  });

  it("answers 400 for an unknown mapping column and for text that is not UTF-8 when UTF-8 was promised", async () => {
    const api = client(t, member.token);
    const unknown = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "csv",
      content: "Task,Stage\nA,B\n",
      mapping: { name: "Task", section: "Column" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].message).toMatch(/^mapping\.section: the file has no column "Column"/);
    const wrong = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "csv",
      encoding: "utf-8",
      content_base64: cp1251("Задача\nА\n").toString("base64"),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].message).toMatch(/^file: is not UTF-8 text/);
    expect(wrong.body.errors[0].message).not.toMatch(/send encoding/);
  });

  it("accepts the file as multipart/form-data", async () => {
    const form = new FormData();
    form.append("source", "csv");
    form.append("mapping", JSON.stringify({ name: "Title" }));
    const csv = "Title\nUploaded task\n";
    form.append("file", new Blob([csv], { type: "text/csv" }), "upload.csv");
    const response = await fetch(`${t.api}/workspaces/${ws.gid}/imports`, {
      method: "POST",
      headers: { authorization: `Bearer ${member.token}` },
      body: form,
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { data: { gid: string; file_name: string } };
    expect(body.data.file_name).toBe("upload.csv");
    const done = await finished(member.token, body.data.gid);
    expect(done).toMatchObject({ status: "succeeded", counts: { tasks: 1 } });
    // The upload waited in the file store, not in the import's row, and is gone once the import has run.
    const sha256 = createHash("sha256").update(csv).digest("hex");
    const stored = path.join(t.app.takt.config.dataDir, "attachments", sha256.slice(0, 2), sha256);
    // (removed just after the import is marked done)
    for (let waited = 0; fs.existsSync(stored) && waited < 30_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(fs.existsSync(stored)).toBe(false);
    const row = await t.handle.db
      .selectFrom("imports")
      .select("content")
      .where("gid", "=", Number(body.data.gid))
      .executeTakeFirstOrThrow();
    expect(row.content).toBe("");
  });
});

describe("Asana import: custom fields", () => {
  it("round-trips text, number, enum and multi_enum values, reuses fields by name, skips secrets", async () => {
    const api = client(t, member.token);
    const project = await api.post("/projects", { workspace: ws.gid, name: "Fields source", team: team.gid });
    expect(project.status).toBe(201);
    const projectGid = project.body.data.gid;
    const field = async (body: Record<string, unknown>) => {
      const made = await api.post("/custom_fields", { workspace: ws.gid, ...body });
      expect(made.status).toBe(201);
      const added = await api.post(`/projects/${projectGid}/addCustomFieldSetting`, {
        custom_field: made.body.data.gid,
      });
      expect(added.status).toBe(200);
      return made.body.data;
    };
    const client_ = await field({ name: "Client code", resource_subtype: "text" });
    const budget = await field({ name: "Budget", resource_subtype: "number", precision: 2 });
    const stage = await field({
      name: "Stage",
      resource_subtype: "enum",
      enum_options: [
        { name: "Draft", color: "blue" },
        { name: "Review", color: "green" },
      ],
    });
    const channels = await field({
      name: "Channels",
      resource_subtype: "multi_enum",
      enum_options: [{ name: "Email" }, { name: "Web" }, { name: "Print" }],
    });
    await field({ name: "API token", resource_subtype: "secret" });
    const optionGid = (made: { enum_options: { gid: string; name: string }[] }, name: string) =>
      made.enum_options.find((option) => option.name === name)?.gid;
    const task = await api.post("/tasks", {
      name: "Landing page",
      projects: [projectGid],
      custom_fields: {
        [client_.gid]: "ACME-7",
        [budget.gid]: 1250.5,
        [stage.gid]: optionGid(stage, "Review"),
        [channels.gid]: [optionGid(channels, "Email"), optionGid(channels, "Print")],
      },
    });
    expect(task.status).toBe(201);
    await api.post("/tasks", { name: "No values", projects: [projectGid] });

    const exported = await api.get(`/projects/${projectGid}/export.json`);
    expect(exported.status).toBe(200);
    const run = async () => {
      const started = await api.post(`/workspaces/${ws.gid}/imports`, {
        source: "asana",
        team: team.gid,
        project_name: "Fields copy",
        content: JSON.stringify(exported.body),
      });
      expect(started.status).toBe(201);
      return finished(member.token, started.body.data.gid);
    };
    const fieldCount = async () =>
      (
        await t.handle.db
          .selectFrom("custom_fields")
          .select("gid")
          .where("workspace_gid", "=", Number(ws.gid))
          .execute()
      ).length;
    const before = await fieldCount();
    const done = await run();
    expect(done.status).toBe("succeeded");
    expect(done.counts).toMatchObject({ tasks: 2 });
    expect(done.problems).toEqual(expect.arrayContaining([expect.stringContaining("API token")]));
    // The workspace's fields were reused by name: none was created.
    expect(await fieldCount()).toBe(before);

    const copy = await api.get(`/projects/${done.project.gid}/export.json`);
    const values = (body: { data: Record<string, unknown>[] }) =>
      body.data.map((item) => ({
        name: item.name,
        fields: Object.fromEntries(
          (item.custom_fields as Record<string, unknown>[])
            .filter((value) => value.resource_subtype !== "secret")
            .map((value) => [value.name, value.display_value]),
        ),
      }));
    expect(values(copy.body)).toEqual(values(exported.body));
    expect(values(copy.body)[0].fields).toMatchObject({
      "Client code": "ACME-7",
      Stage: "Review",
      Channels: "Email, Print",
    });
    const landing = copy.body.data[0] as { custom_fields: Record<string, unknown>[] };
    expect(landing.custom_fields.find((value) => value.name === "Budget")?.number_value).toBe(1250.5);

    // A rerun of the same file creates and changes nothing.
    const again = await run();
    expect(again.status).toBe("succeeded");
    expect(again.counts).toMatchObject({ tasks: 0, skipped: 2 });
    expect(again.project.gid).toBe(done.project.gid);
    expect(await fieldCount()).toBe(before);
    expect(values((await api.get(`/projects/${done.project.gid}/export.json`)).body)).toEqual(values(copy.body));
  });

  it("creates fields and options the workspace lacks, refusing none of the file", async () => {
    const api = client(t, member.token);
    const file = {
      data: [
        {
          gid: "9001",
          name: "From Asana",
          memberships: [{ project: { gid: "8001", name: "Asana project" }, section: { gid: "7001", name: "Todo" } }],
          custom_fields: [
            {
              gid: "6001",
              name: "Priority (imported)",
              type: "enum",
              enum_value: { gid: "5001", name: "High", color: "red" },
              display_value: "High",
            },
            { gid: "6002", name: "Due review", resource_subtype: "date", date_value: { date: "2025-04-01" } },
            { gid: "6003", name: "Effort (imported)", resource_subtype: "number", number_value: 3 },
          ],
        },
      ],
    };
    const started = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "asana",
      content: JSON.stringify(file),
    });
    const done = await finished(member.token, started.body.data.gid);
    expect(done.status).toBe("succeeded");
    const copy = await api.get(`/projects/${done.project.gid}/export.json`);
    const fields = (copy.body.data[0].custom_fields as Record<string, unknown>[]).map((value) => [
      value.name,
      value.display_value,
    ]);
    expect(fields).toEqual(
      expect.arrayContaining([
        ["Priority (imported)", "High"],
        ["Due review", "2025-04-01"],
        ["Effort (imported)", "3"],
      ]),
    );
    const priority = (copy.body.data[0].custom_fields as { name: string; enum_value: { color: string } }[]).find(
      (value) => value.name === "Priority (imported)",
    );
    expect(priority?.enum_value.color).toBe("red");
  });
});
