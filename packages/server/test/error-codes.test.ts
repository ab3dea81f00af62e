import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// A refusal keeps Asana's shape and its English message, and adds the field and a stable code with its values, so
// the web app words it in its reader's language; an import's problems and notes carry codes the same way.
let t: TestApp;
let ws: { gid: string };
let admin: TestUser;
let project: { gid: string };

beforeAll(async () => {
  t = await startTestApp();
  ws = await makeWorkspace(t, "Agency");
  admin = await makeUser(t, ws.gid, "admin", "Anna Admin");
  project = await makeProject(t, ws.gid, { name: "Site", owner: admin });
});

afterAll(async () => {
  await t?.close();
});

describe("error codes", () => {
  it("names the field and the code of a refused task field, and keeps the English message", async () => {
    const api = client(t, admin.token);
    const long = await api.post("/tasks", { name: "x".repeat(1025), workspace: ws.gid, projects: [project.gid] });
    expect(long.status).toBe(400);
    expect(long.body.errors[0]).toMatchObject({
      field: "name",
      code: "too_long",
      params: { max: 1024 },
      message: expect.stringMatching(/^name: /),
      help: expect.any(String),
    });
    const day = await api.post("/tasks", { name: "A", workspace: ws.gid, due_on: "2025-02-30" });
    expect(day.body.errors[0]).toMatchObject({ field: "due_on", code: "invalid_date" });
    const shape = await api.post("/tasks", { name: "A", workspace: ws.gid, due_on: "1 March" });
    expect(shape.body.errors[0]).toMatchObject({ field: "due_on", code: "invalid_date" });
    const order = await api.post("/tasks", {
      name: "A",
      workspace: ws.gid,
      start_on: "2025-03-05",
      due_on: "2025-03-01",
    });
    expect(order.status).toBe(400);
    expect(order.body.errors[0]).toMatchObject({
      field: "start_on",
      code: "start_after_due",
      params: { start: "2025-03-05", due: "2025-03-01" },
    });
    const unknown = await api.post("/tasks", { name: "A", workspace: ws.gid, colour: "red" });
    expect(unknown.body.errors[0]).toMatchObject({ field: "colour", code: "unknown_field" });
    // A refusal that has no code yet still names its field.
    const both = await api.post("/tasks", { name: "A", workspace: ws.gid, notes: "a", html_notes: "<body>b</body>" });
    expect(both.body.errors[0]).toMatchObject({ field: "html_notes" });
    expect(both.body.errors[0].code).toBeUndefined();
  });

  it("gives an import's refusal of a file its field and code", async () => {
    const api = client(t, admin.token);
    const notJson = await api.post(`/workspaces/${ws.gid}/imports`, { source: "trello", content: "{not json" });
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors[0]).toMatchObject({
      field: "file",
      code: "import.json_invalid",
      message: expect.stringMatching(/^file: is not valid JSON: line 1, column 2/),
    });
    const mapping = await api.post(`/workspaces/${ws.gid}/imports/preview`, {
      source: "csv",
      content: "Title,Due\nA,2025-03-01\n",
      mapping: { name: "Name" },
    });
    expect(mapping.status).toBe(400);
    expect(mapping.body.errors[0]).toMatchObject({
      field: "mapping.name",
      code: "import.csv_no_column",
      params: { column: "Name", columns: "Title, Due" },
    });
  });

  it("gives every problem of a failed import, and every note of a finished one, its code and values", async () => {
    const api = client(t, admin.token);
    const board = {
      id: "board1",
      name: "Board",
      lists: [{ id: "list1", name: "To do", closed: false, pos: 1 }],
      cards: [{ name: "No id here", idList: "list1", pos: 1 }],
    };
    const failed = await api.post(`/workspaces/${ws.gid}/imports`, {
      source: "trello",
      file_name: "board.json",
      content: JSON.stringify(board),
    });
    expect(failed.status).toBe(201);
    const record = (await api.get(`/imports/${failed.body.data.gid}`)).body.data;
    expect(record.status).toBe("failed");
    expect(record.problems).toEqual(["cards[0]: a card without an id (No id here)"]);
    expect(record.problem_details).toEqual([
      {
        code: "trello_card_without_id",
        params: { index: 0, name: "No id here" },
        message: "cards[0]: a card without an id (No id here)",
      },
    ]);
    const preview = await api.post(`/workspaces/${ws.gid}/imports/preview`, {
      source: "csv",
      content: "Name,Due,Empty\nA,2025-03-01 14:30,\n",
    });
    expect(preview.status).toBe(200);
    expect(preview.body.data.note_details).toContainEqual({
      code: "csv_column_empty",
      params: { column: "Empty" },
      message: 'column "Empty": empty, nothing to import',
    });
    expect(preview.body.data.note_details.map((note: { code: string }) => note.code)).toContain("csv_due_time");
  });
});
