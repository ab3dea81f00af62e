import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as searchStemming from "../src/db/migrations/0025-search-stemming.ts";
import { SEARCH_INDEX_BOUND_MS } from "../src/db/search-index.ts";
import { parseSearch } from "../src/domain/search/search.params.ts";
import { searchTasks } from "../src/domain/search/search.query.ts";
import { typeahead as typeaheadOf } from "../src/domain/search/typeahead.ts";
import { startWorker } from "../src/jobs/worker.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let ws: { gid: string };
let lead: TestUser;
let guest: TestUser;
let outsider: TestUser;
let shared: { gid: string; sections: { gid: string }[] };
let hidden: { gid: string };
let robotics: { gid: string };
let priority: any;
let budget: any;
const tasks: Record<string, string> = {};

const names = (answer: { body: { data: { name: string }[] } }) => answer.body.data.map((task) => task.name).sort();

beforeAll(async () => {
  t = await startTestApp();
  ws = await makeWorkspace(t);
  lead = await makeUser(t, ws.gid, "admin", "Lena Lead");
  guest = await makeUser(t, ws.gid, "guest", "Gus Guest");
  outsider = await makeUser(t, ws.gid, "member", "Olga Outsider");
  shared = await makeProject(t, ws.gid, {
    name: "Client portal",
    privacy: "private",
    members: [
      { user: lead, access: "admin" },
      { user: guest, access: "commenter" },
    ],
    sections: ["Todo", "Done"],
  });
  hidden = await makeProject(t, ws.gid, {
    name: "Internal",
    privacy: "private",
    members: [{ user: lead, access: "admin" }],
  });
  const api = client(t, lead.token);
  priority = (
    await api.post("/custom_fields", {
      workspace: ws.gid,
      name: "Priority",
      resource_subtype: "enum",
      enum_options: [{ name: "High" }, { name: "Low" }],
    })
  ).body.data;
  await api.post(`/projects/${shared.gid}/addCustomFieldSetting`, { custom_field: priority.gid });
  budget = (
    await api.post(`/projects/${shared.gid}/addCustomFieldSetting`, {
      custom_field: { name: "Budget", resource_subtype: "number" },
    })
  ).body.data.custom_field;
  await api.post(`/projects/${hidden.gid}/addCustomFieldSetting`, { custom_field: priority.gid });
  const make = async (name: string, body: Record<string, unknown>) => {
    const answer = await api.post("/tasks", { name, ...body });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    tasks[name] = answer.body.data.gid;
  };
  await make("Landing page", {
    notes: "Hero block and pricing",
    projects: [shared.gid],
    due_on: "2030-03-10",
    custom_fields: { [priority.gid]: priority.enum_options[0].gid, [budget.gid]: 500 },
  });
  await make("Логотип для клиента", { notes: "Нужен новый логотип", projects: [shared.gid], due_on: "2030-04-01" });
  await make("Newsletter", {
    memberships: [{ project: shared.gid, section: shared.sections[1].gid }],
    completed: true,
    custom_fields: { [priority.gid]: priority.enum_options[1].gid, [budget.gid]: 50 },
  });
  await make("Secret landing plan", {
    projects: [hidden.gid],
    custom_fields: { [priority.gid]: priority.enum_options[0].gid },
  });
  await make("Quiet task", { projects: [shared.gid] });
  const comment = await api.post(`/tasks/${tasks["Quiet task"]}/stories`, { text: "Remember the zebra migration" });
  expect(comment.status).toBe(201);
});
afterAll(() => t?.close());

describe("task search", () => {
  const search = (user: TestUser, query: string) =>
    client(t, user.token).get(`/workspaces/${ws.gid}/tasks/search?${query}`);

  it("finds words in names, notes and comments, in Russian too, the last word as a prefix", async () => {
    expect(names(await search(lead, "text=landing"))).toEqual(["Landing page", "Secret landing plan"]);
    expect(names(await search(lead, "text=pric"))).toEqual(["Landing page"]);
    expect(names(await search(lead, "text=zebra"))).toEqual(["Quiet task"]);
    expect(names(await search(lead, `text=${encodeURIComponent("ЛОГОТИП")}`))).toEqual(["Логотип для клиента"]);
    expect(names(await search(lead, `text=${encodeURIComponent("нов")}`))).toEqual(["Логотип для клиента"]);
    const edited = await client(t, lead.token).put(`/tasks/${tasks["Quiet task"]}`, { notes: "giraffe" });
    expect(edited.status).toBe(200);
    expect(names(await search(lead, "text=giraffe"))).toEqual(["Quiet task"]);
  });

  it("filters by fields, dates, projects, sections and completion, and sorts", async () => {
    expect(names(await search(lead, `custom_fields.${priority.gid}.value=${priority.enum_options[0].gid}`))).toEqual([
      "Landing page",
      "Secret landing plan",
    ]);
    expect(names(await search(lead, `custom_fields.${budget.gid}.greater_than=100`))).toEqual(["Landing page"]);
    expect(names(await search(lead, `custom_fields.${budget.gid}.is_set=false&projects.any=${shared.gid}`))).toEqual([
      "Quiet task",
      "Логотип для клиента",
    ]);
    expect(names(await search(lead, "due_on.before=2030-03-31"))).toEqual(["Landing page"]);
    expect(names(await search(lead, "due_on.after=2030-03-10"))).toEqual(["Логотип для клиента"]);
    expect(names(await search(lead, "completed=true"))).toEqual(["Newsletter"]);
    expect(names(await search(lead, `sections.any=${shared.sections[1].gid}`))).toEqual(["Newsletter"]);
    expect(names(await search(lead, `projects.not=${shared.gid}`))).toEqual(["Secret landing plan"]);
    const sorted = await search(lead, "sort_by=due_date&sort_ascending=true&limit=2");
    expect(sorted.body.data.map((task: any) => task.name)).toEqual(["Landing page", "Логотип для клиента"]);
  });

  it("finds every form of a Russian or English word, in names, notes and comments", async () => {
    const api = client(t, lead.token);
    robotics = await makeProject(t, ws.gid, {
      name: "Robotics",
      privacy: "private",
      members: [{ user: lead, access: "admin" }],
    });
    const make = async (name: string, body: Record<string, unknown> = {}) => {
      const answer = await api.post("/tasks", { name, projects: [robotics.gid], ...body });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      return answer.body.data.gid as string;
    };
    await make("Сборка робота");
    await make("Закупка", { notes: "Нужно десять роботов" });
    const talked = await make("Созвон");
    expect((await api.post(`/tasks/${talked}/stories`, { text: "Робот сломался, ёлки" })).status).toBe(201);
    await make("Robots on the pricing pages");
    const robots = ["Закупка", "Сборка робота", "Созвон"];
    for (const form of ["робот", "роботов", "робота", "Роботы"]) {
      expect(names(await search(lead, `text=${encodeURIComponent(form)}`)), form).toEqual(robots);
    }
    expect(names(await search(lead, `text=${encodeURIComponent("работа")}`))).toEqual([]);
    // The last word is also a prefix of a word as written, while the person types.
    expect(names(await search(lead, `text=${encodeURIComponent("сбор")}`))).toEqual(["Сборка робота"]);
    expect(names(await search(lead, `text=${encodeURIComponent("роботов сборк")}`))).toEqual(["Сборка робота"]);
    expect(names(await search(lead, `text=${encodeURIComponent("елка")}`))).toEqual(["Созвон"]);
    expect(names(await search(lead, "text=robot%20page"))).toEqual(["Robots on the pricing pages"]);
    expect(names(await search(lead, "text=pricing%20robot"))).toEqual(["Robots on the pricing pages"]);
    // Stems never widen what a caller may see.
    expect(names(await search(guest, `text=${encodeURIComponent("роботов")}`))).toEqual([]);
  });

  it("finds a write at once, and indexes it without a search asking within the bound", async () => {
    const api = client(t, lead.token);
    // A search sees every committed write: the queued index entries are written before it reads.
    const first = await api.post("/tasks", { name: "Сверка складских остатков", projects: [robotics.gid] });
    expect(first.status).toBe(201);
    expect(names(await search(lead, `text=${encodeURIComponent("складской")}`))).toEqual(["Сверка складских остатков"]);
    // Without any search, the job worker's consumer pass indexes the write within the bound.
    const worker = startWorker(t.app.takt, { pollMs: 25 });
    try {
      const renamed = await api.put(`/tasks/${first.body.data.gid}`, { name: "Inventory reconciliation" });
      expect(renamed.status).toBe(200);
      const gid = Number(first.body.data.gid);
      const indexed = async () =>
        t.handle.dialect === "sqlite"
          ? (
              await sql<{ n: number }>`select count(*) as n from task_search
                where rowid = ${gid} and task_search match ${"reconcil*"}`.execute(t.handle.db)
            ).rows[0].n === 1
          : (
              await sql<{ n: number }>`select count(*) as n from task_search
                where task_gid = ${gid} and document @@ to_tsquery('simple', 'reconciliation')`.execute(t.handle.db)
            ).rows[0].n === 1;
      const deadline = Date.now() + SEARCH_INDEX_BOUND_MS * 5;
      while (!(await indexed()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await indexed()).toBe(true);
    } finally {
      await worker.stop();
    }
    expect(names(await search(lead, "text=reconciliation"))).toEqual(["Inventory reconciliation"]);
    expect(names(await search(lead, `text=${encodeURIComponent("складских")}`))).toEqual([]);
  });

  it("rebuilds the index of existing tasks when the stemming migration runs", async () => {
    await searchStemming.down(t.handle.db as unknown as Kysely<unknown>);
    const api = client(t, lead.token);
    const before = await api.post("/tasks", { name: "Поставка роутеров", projects: [robotics.gid] });
    expect(before.status).toBe(201);
    expect(names(await search(lead, `text=${encodeURIComponent("роутера")}`))).toEqual([]);
    await searchStemming.up(t.handle.db as unknown as Kysely<unknown>);
    expect(names(await search(lead, `text=${encodeURIComponent("роутера")}`))).toEqual(["Поставка роутеров"]);
    expect(names(await search(lead, `text=${encodeURIComponent("роботов")}`))).toContain("Закупка");
  });

  it("never returns a task the caller cannot see", async () => {
    expect(names(await search(guest, "text=landing"))).toEqual(["Landing page"]);
    expect(names(await search(guest, `custom_fields.${priority.gid}.value=${priority.enum_options[0].gid}`))).toEqual([
      "Landing page",
    ]);
    expect((await search(outsider, "text=landing")).body.data).toEqual([]);
    const stranger = await makeUser(t, null, "member", "Stranger");
    expect((await search(stranger, "text=landing")).status).toBe(404);
  });

  it("answers 400 naming a malformed filter", async () => {
    for (const [query, name] of [
      ["completed=maybe", "completed"],
      ["due_on.before=tomorrow", "due_on.before"],
      ["projects.any=abc", "projects.any"],
      ["sort_by=name", "sort_by"],
      ["limit=500", "limit"],
      ["custom_fields.12.bogus=1", "custom_fields.12.bogus"],
      [`custom_fields.${budget.gid}.less_than=lots`, `custom_fields.${budget.gid}.less_than`],
      [`custom_fields.${priority.gid}.contains=x`, `custom_fields.${priority.gid}.contains`],
      ["custom_fields.99999.value=1", "custom_fields.99999.value"],
      ["colour=red", "colour"],
      ["toString=2024-01-01", "toString"],
      ["constructor=1", "constructor"],
    ]) {
      const answer = await search(lead, query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.errors[0].message.startsWith(`${name}:`), answer.body.errors[0].message).toBe(true);
    }
  });
});

describe("typeahead", () => {
  const typeahead = (user: TestUser, query: string) =>
    client(t, user.token).get(`/workspaces/${ws.gid}/typeahead?${query}`);

  it("finds tasks, projects, people and fields the caller may see", async () => {
    expect(
      (await typeahead(lead, "resource_type=task&query=land")).body.data.map((item: any) => item.name).sort(),
    ).toEqual(["Landing page", "Secret landing plan"]);
    expect((await typeahead(lead, "resource_type=project&query=client")).body.data).toMatchObject([
      { resource_type: "project", name: "Client portal" },
    ]);
    expect((await typeahead(lead, `resource_type=user&query=${encodeURIComponent("gus")}`)).body.data).toMatchObject([
      { name: "Gus Guest" },
    ]);
    expect((await typeahead(lead, "resource_type=custom_field&query=prio")).body.data).toMatchObject([
      { name: "Priority" },
    ]);
  });

  it("matches task names by any form of a word and by the prefix being typed", async () => {
    const taskNames = async (query: string) => {
      const answer = await typeahead(lead, `resource_type=task&query=${encodeURIComponent(query)}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.data.map((item: any) => item.name).sort();
    };
    expect(await taskNames("роботов")).toEqual(["Сборка робота"]);
    expect(await taskNames("сборки роб")).toEqual(["Сборка робота"]);
    expect(await taskNames("landi")).toEqual(["Landing page", "Secret landing plan"]);
    expect(await taskNames("page")).toEqual(["Landing page", "Robots on the pricing pages"]);
    // Names only: a word of the notes or a comment is not a name.
    expect(await taskNames("десять")).toEqual([]);
  });

  it("gives a guest only their projects' tasks and people, and no teams", async () => {
    expect((await typeahead(guest, "resource_type=task&query=land")).body.data.map((item: any) => item.name)).toEqual([
      "Landing page",
    ]);
    expect((await typeahead(guest, "resource_type=project")).body.data.map((item: any) => item.name)).toEqual([
      "Client portal",
    ]);
    const people = (await typeahead(guest, "resource_type=user")).body.data.map((item: any) => item.name);
    expect(people).not.toContain("Olga Outsider");
    expect((await typeahead(guest, "resource_type=team")).body.data).toEqual([]);
    expect((await typeahead(lead, "resource_type=goal")).status).toBe(400);
    expect((await typeahead(lead, "resource_type=task&count=0")).status).toBe(400);
  });
});

// The adaptive plan: with few matches their list drives the statement, with many it walks tasks newest first and
// probes each. Both must give the same answer for every reader and filter; a tiny threshold forces the walk.
describe("either plan of a search", () => {
  it("answers alike whether it walks tasks newest first or sorts the matches", async () => {
    const api = client(t, lead.token);
    const board = await makeProject(t, ws.gid, { name: "Kiwi board", members: [{ user: lead, access: "admin" }] });
    const attic = await makeProject(t, ws.gid, { name: "Attic", members: [{ user: lead, access: "admin" }] });
    const make = async (name: string, body: Record<string, unknown>) => {
      const answer = await api.post("/tasks", { name, ...body });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      return answer.body.data.gid as string;
    };
    const crate = await make("Kiwi crate", { projects: [shared.gid] });
    await make("Kiwi crate count", { projects: [shared.gid], completed: true });
    await make("Kiwi launch", { projects: [shared.gid], resource_subtype: "milestone" });
    await make("Kiwi label", { parent: crate });
    await make("Kiwi secret", { projects: [hidden.gid] });
    await make("Kiwi sign", { projects: [board.gid] });
    await make("Kiwi old sign", { projects: [attic.gid] });
    await make("Kiwi both", { projects: [attic.gid, board.gid] });
    await make("Kiwis everywhere", { projects: [board.gid], completed: true });
    const talked = await make("Fruit order", { projects: [board.gid] });
    expect((await api.post(`/tasks/${talked}/stories`, { text: "Ask about the kiwi" })).status).toBe(201);
    // The first task changes last: newest first is not the order they were made in.
    expect((await api.put(`/tasks/${crate}`, { name: "Kiwi crate, packed" })).status).toBe(200);
    expect((await api.put(`/projects/${attic.gid}`, { archived: true })).status).toBe(200);

    const { db, dialect } = t.handle;
    const actorOf = (user: TestUser) => ({ gid: Number(user.gid), name: user.name, email: user.email, language: "en" });
    const searchBy = async (user: TestUser, query: string, walkThreshold: number) =>
      (
        await searchTasks(
          db,
          dialect,
          actorOf(user),
          Number(ws.gid),
          parseSearch(Object.fromEntries(new URLSearchParams(query)), Number(user.gid)),
          { columns: ["gid", "name"], walkThreshold },
        )
      ).map((task) => task.name);
    const queries = [
      "text=kiwi",
      "text=kiwi&completed=false",
      "text=kiwi&is_subtask=true",
      "text=kiwi&is_subtask=false&sort_ascending=true",
      "text=kiwi&resource_subtype=milestone",
      "text=kiwi&archived=true",
      "text=kiwi&limit=3",
      "text=kiwis",
      "text=fruit%20kiw",
      "text=nothing%20kiwi",
    ];
    for (const user of [lead, guest, outsider]) {
      for (const query of queries) {
        const listed = await searchBy(user, query, 10_000);
        expect(await searchBy(user, query, 1), `${user.name}: ${query}`).toEqual(listed);
      }
    }
    expect(await searchBy(lead, "text=kiwi", 1)).toEqual([
      "Kiwi crate, packed",
      "Fruit order",
      "Kiwis everywhere",
      "Kiwi both",
      "Kiwi sign",
      "Kiwi secret",
      "Kiwi label",
      "Kiwi launch",
      "Kiwi crate count",
    ]);
    expect(await searchBy(guest, "text=kiwi&sort_ascending=true", 1)).toEqual([
      "Kiwi crate count",
      "Kiwi launch",
      "Kiwi label",
      "Kiwi crate, packed",
    ]);
    expect(await searchBy(outsider, "text=kiwi", 1)).toEqual([
      "Fruit order",
      "Kiwis everywhere",
      "Kiwi both",
      "Kiwi sign",
    ]);

    const typed = async (user: TestUser, query: string, count: number, archived: boolean, walkThreshold: number) =>
      (
        await typeaheadOf(db, dialect, actorOf(user), Number(ws.gid), "task", query, count, { archived, walkThreshold })
      ).map((found) => `${found.name}${found.extra?.completed ? " (done)" : ""}`);
    for (const user of [lead, guest, outsider]) {
      for (const [query, count, archived] of [
        ["kiwi", 20, false],
        ["kiwi", 20, true],
        ["kiwi", 3, false],
        ["kiwi", 7, false],
        ["kiwi c", 20, false],
        ["nothing kiwi", 20, false],
      ] as const) {
        const listed = await typed(user, query, count, archived, 10_000);
        expect(await typed(user, query, count, archived, 1), `${user.name}: ${query} ${count}`).toEqual(listed);
      }
    }
    expect(await typed(lead, "kiwi", 7, false, 1)).toEqual([
      "Kiwi crate, packed",
      "Kiwi both",
      "Kiwi sign",
      "Kiwi secret",
      "Kiwi label",
      "Kiwi launch",
      "Kiwis everywhere (done)",
    ]);
    expect(await typed(lead, "kiwi", 20, true, 1)).toContain("Kiwi old sign");
  });
});
