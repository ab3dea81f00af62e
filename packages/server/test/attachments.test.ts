import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recoverStagedFiles } from "../src/domain/attachments/attachment.recovery.ts";
import { fileStoreOf } from "../src/domain/attachments/file-store.ts";
import {
  type Answer,
  client,
  makeProject,
  makeTask,
  makeUser,
  makeWorkspace,
  type TestUser,
} from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let admin: TestUser;
let member: TestUser;
let bystander: TestUser;
let guest: TestUser;
let viewerGuest: TestUser;
let otherGuest: TestUser;
let outsider: TestUser;
let task: { gid: string; name: string };
let otherTask: { gid: string; name: string };

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

function storedFiles(): string[] {
  const root = path.join(t.app.takt.config.dataDir, "attachments");
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

async function upload(
  token: string | undefined,
  fields: Record<string, string>,
  file?: { bytes: Buffer; name: string; type?: string },
): Promise<Omit<Answer, "headers">> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  if (file) form.append("file", new Blob([file.bytes], { type: file.type ?? "application/octet-stream" }), file.name);
  const response = await fetch(`${t.api}/attachments`, {
    method: "POST",
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  return { status: response.status, body: await response.json() };
}

async function download(token: string | undefined, gid: string) {
  const response = await fetch(`${t.api}/attachments/${gid}/download`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  t = await startTestApp();
  const workspace = await makeWorkspace(t);
  admin = await makeUser(t, workspace.gid, "admin", "Anna Admin");
  member = await makeUser(t, workspace.gid, "member", "Boris Member");
  bystander = await makeUser(t, workspace.gid, "member", "Sasha Bystander");
  guest = await makeUser(t, workspace.gid, "guest", "Clara Client");
  viewerGuest = await makeUser(t, workspace.gid, "guest", "Vera Viewer");
  otherGuest = await makeUser(t, workspace.gid, "guest", "Oscar Other");
  const other = await makeWorkspace(t, "Other Co");
  outsider = await makeUser(t, other.gid, "admin", "Olga Outsider");
  const project = await makeProject(t, workspace.gid, {
    privacy: "private",
    members: [
      { user: admin, access: "admin" },
      { user: member, access: "editor" },
      { user: guest, access: "commenter" },
      { user: viewerGuest, access: "viewer" },
    ],
  });
  const otherProject = await makeProject(t, workspace.gid, {
    name: "Another client",
    privacy: "private",
    members: [{ user: otherGuest, access: "commenter" }],
  });
  task = await makeTask(t, workspace.gid, { name: "Logo draft", project, section: project.sections[0] });
  otherTask = await makeTask(t, workspace.gid, { project: otherProject, section: otherProject.sections[0] });
});
afterAll(() => t?.close());

describe("attachments", () => {
  it("uploads a file as a commenting guest and downloads the same bytes, with an event", async () => {
    const bytes = Buffer.from("Brief for the bakery website\nПривет\n");
    const created = await upload(guest.token, { parent: task.gid }, { bytes, name: "brief.txt", type: "text/html" });
    expect(created.status).toBe(201);
    const data = created.body.data;
    expect(data).toMatchObject({
      resource_type: "attachment",
      name: "brief.txt",
      resource_subtype: "asana",
      host: "asana",
      size: bytes.length,
      content_type: "text/plain",
      parent: { gid: task.gid, resource_type: "task", name: "Logo draft" },
    });
    expect(data.download_url).toBe(`${t.url}/api/1.0/attachments/${data.gid}/download`);
    expect(data.view_url).toBe(data.download_url);

    const got = await download(member.token, data.gid);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(bytes)).toBe(true);
    // The client said text/html; the server trusts the bytes and never lets the browser render it inline.
    expect(got.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(got.headers.get("content-disposition")).toMatch(/^attachment; filename="brief.txt"/);
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");

    const record = await client(t, guest.token).get(`/attachments/${data.gid}`);
    expect(record.body.data).toEqual(data);
    const event = await t.handle.db
      .selectFrom("events")
      .selectAll()
      .where("resource_gid", "=", Number(data.gid))
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      resource_type: "attachment",
      action: "added",
      parent_type: "task",
      parent_gid: Number(task.gid),
      actor_gid: Number(guest.gid),
    });
  });

  it("shows safe images inline, whatever name and type the client gave", async () => {
    const created = await upload(
      member.token,
      { parent: task.gid },
      { bytes: PNG, name: "../../evil.html", type: "text/html" },
    );
    expect(created.status).toBe(201);
    expect(created.body.data.name).toBe("evil.html");
    const got = await download(guest.token, created.body.data.gid);
    expect(got.headers.get("content-type")).toBe("image/png");
    expect(got.headers.get("content-disposition")).toMatch(/^inline;/);
    const script = await upload(
      member.token,
      { parent: task.gid },
      { bytes: Buffer.from("<script>alert(1)</script>"), name: "x.png", type: "image/png" },
    );
    const served = await download(member.token, script.body.data.gid);
    expect(served.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(served.headers.get("content-disposition")).toMatch(/^attachment;/);
  });

  it("hides attachments from guests of other projects, non-members and outsiders", async () => {
    const created = await upload(
      member.token,
      { parent: task.gid },
      { bytes: Buffer.from("%PDF-1.4 secret"), name: "contract.pdf" },
    );
    const gid = created.body.data.gid;
    expect(created.body.data.content_type).toBe("application/pdf");
    for (const user of [otherGuest, bystander, outsider]) {
      expect((await download(user.token, gid)).status).toBe(404);
      expect((await client(t, user.token).get(`/attachments/${gid}`)).status).toBe(404);
      expect((await client(t, user.token).get(`/tasks/${task.gid}/attachments`)).status).toBe(404);
      expect((await client(t, user.token).delete(`/attachments/${gid}`)).status).toBe(404);
      expect((await upload(user.token, { parent: task.gid }, { bytes: Buffer.from("x"), name: "x.txt" })).status).toBe(
        404,
      );
    }
    expect((await download(undefined, gid)).status).toBe(401);
    expect((await upload(undefined, { parent: task.gid }, { bytes: Buffer.from("x"), name: "x.txt" })).status).toBe(
      401,
    );
    // A viewer reads but cannot attach.
    expect((await download(viewerGuest.token, gid)).status).toBe(200);
    const denied = await upload(viewerGuest.token, { parent: task.gid }, { bytes: Buffer.from("x"), name: "x.txt" });
    expect(denied.status).toBe(403);
    // A guest of another project attaches to their own task only.
    expect(
      (await upload(otherGuest.token, { parent: otherTask.gid }, { bytes: Buffer.from("x"), name: "x.txt" })).status,
    ).toBe(201);
  });

  it("lists a task's attachments, compact by default, for those who can read it", async () => {
    const listed = await client(t, guest.token).get(`/tasks/${task.gid}/attachments`);
    expect(listed.status).toBe(200);
    expect(listed.body.data.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(listed.body.data[0]).sort()).toEqual(["gid", "name", "resource_subtype", "resource_type"]);
    const byParent = await client(t, guest.token).get(`/attachments?parent=${task.gid}&limit=2&opt_fields=name,size`);
    expect(byParent.body.data).toHaveLength(2);
    expect(byParent.body.data[0]).toEqual({
      gid: listed.body.data[0].gid,
      resource_type: "attachment",
      name: listed.body.data[0].name,
      size: expect.any(Number),
    });
    expect(byParent.body.next_page.offset).toEqual(expect.any(String));
    expect((await client(t, otherGuest.token).get(`/attachments?parent=${task.gid}`)).status).toBe(404);
    expect((await client(t, guest.token).get("/attachments")).body.errors[0].message).toBe("parent: Missing input");
  });

  it("refuses an oversize file and stores nothing", async () => {
    const before = storedFiles();
    const rows = await t.handle.db.selectFrom("attachments").select("gid").execute();
    const limit = t.app.takt.config.maxUploadBytes;
    t.app.takt.config.maxUploadBytes = 64 * 1024;
    try {
      const big = await upload(
        member.token,
        { parent: task.gid },
        { bytes: Buffer.alloc(100 * 1024, 1), name: "big.bin" },
      );
      expect(big.status).toBe(413);
      expect(big.body.errors[0].message).toMatch(/^file: The file is larger than the upload limit of 64 KB\./);
    } finally {
      t.app.takt.config.maxUploadBytes = limit;
    }
    expect(storedFiles()).toEqual(before);
    expect(await t.handle.db.selectFrom("attachments").select("gid").execute()).toHaveLength(rows.length);
    // Under the default limit, bodies larger than the JSON limit go through.
    const large = Buffer.alloc(3 * 1024 * 1024, 3);
    const ok = await upload(member.token, { parent: task.gid }, { bytes: large, name: "large.bin" });
    expect(ok.status).toBe(201);
    expect(ok.body.data.content_type).toBe("application/octet-stream");
    expect((await download(member.token, ok.body.data.gid)).bytes.equals(large)).toBe(true);
  });

  it("stores identical uploads once and removes the file with its last attachment", async () => {
    const bytes = Buffer.from(`same content ${Date.now()}`);
    const before = storedFiles().length;
    const first = await upload(member.token, { parent: task.gid }, { bytes, name: "one.txt" });
    const second = await upload(guest.token, { parent: task.gid }, { bytes, name: "two.txt" });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(storedFiles().length).toBe(before + 1);
    // A commenter deletes only what they attached; an editor deletes anything on the task.
    expect((await client(t, guest.token).delete(`/attachments/${first.body.data.gid}`)).status).toBe(403);
    expect((await client(t, guest.token).delete(`/attachments/${second.body.data.gid}`)).status).toBe(200);
    expect((await client(t, guest.token).get(`/attachments/${second.body.data.gid}`)).status).toBe(404);
    expect(storedFiles().length).toBe(before + 1);
    expect((await download(member.token, first.body.data.gid)).bytes.equals(bytes)).toBe(true);
    expect((await client(t, member.token).delete(`/attachments/${first.body.data.gid}`)).status).toBe(200);
    expect(storedFiles().length).toBe(before);
    const deleted = await t.handle.db
      .selectFrom("events")
      .select(["action", "parent_gid"])
      .where("resource_gid", "=", Number(first.body.data.gid))
      .orderBy("id")
      .execute();
    expect(deleted.map((event) => event.action)).toEqual(["added", "deleted"]);
  });

  it("attaches links and names the field for bad input", async () => {
    const api = client(t, guest.token);
    const link = await api.post("/attachments", {
      parent: task.gid,
      resource_subtype: "external",
      url: "https://example.com/brief",
      name: "Brief in Docs",
    });
    expect(link.status).toBe(201);
    expect(link.body.data).toMatchObject({
      resource_subtype: "external",
      host: "external",
      view_url: "https://example.com/brief",
    });
    const redirect = await fetch(`${t.api}/attachments/${link.body.data.gid}/download`, {
      headers: { authorization: `Bearer ${guest.token}` },
      redirect: "manual",
    });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe("https://example.com/brief");

    const cases: [Record<string, unknown>, RegExp][] = [
      [{ resource_subtype: "external", url: "https://example.com", name: "x" }, /^parent: Missing input/],
      [{ parent: task.gid, resource_subtype: "external", url: "javascript:alert(1)", name: "x" }, /^url:/],
      [{ parent: task.gid, resource_subtype: "external", name: "x" }, /^url: Missing input/],
      [{ parent: task.gid, resource_subtype: "external", url: "https://example.com" }, /^name: Missing input/],
      [{ parent: task.gid, resource_subtype: "dropbox" }, /^resource_subtype:/],
      [{ parent: task.gid }, /^file: Missing input/],
      [{ parent: "not-a-gid", resource_subtype: "external", url: "https://example.com", name: "x" }, /^parent:/],
    ];
    for (const [data, message] of cases) {
      const answer = await api.post("/attachments", data);
      expect(answer.status, JSON.stringify(data)).toBe(400);
      expect(answer.body.errors[0].message).toMatch(message);
    }
    const missingFile = await upload(guest.token, { parent: task.gid });
    expect(missingFile.status).toBe(400);
    expect(missingFile.body.errors[0].message).toBe("file: Missing input");
    const unknownParent = await upload(
      guest.token,
      { parent: "123456789" },
      { bytes: Buffer.from("x"), name: "x.txt" },
    );
    expect(unknownParent.status).toBe(404);
    expect(unknownParent.body.errors[0].message).toMatch(/^parent:/);
    expect((await client(t, guest.token).get("/attachments/123456789")).status).toBe(404);
    expect(storedFiles().filter((file) => file.startsWith(`tmp${path.sep}`))).toEqual([]);
  });
});

describe("names that disguise themselves", () => {
  const BIDI = "bidirectional control character (U+202E), which can disguise what the name says";

  it("refuses bidi controls in file names and link names, naming the field, and stores nothing", async () => {
    const before = storedFiles().length;
    const spoofed = await upload(member.token, { parent: task.gid }, { bytes: PNG, name: "invoice\u202Etxt.exe" });
    expect(spoofed.status).toBe(400);
    expect(spoofed.body.errors[0].message).toBe(`name: contains a ${BIDI}`);
    const named = await upload(
      member.token,
      { parent: task.gid, name: "\u2067report.pdf" },
      { bytes: PNG, name: "a.png" },
    );
    expect(named.status).toBe(400);
    expect(named.body.errors[0].message).toMatch(/^name: contains a bidirectional control character \(U\+2067\)/);
    const link = await client(t, member.token).post("/attachments", {
      parent: task.gid,
      resource_subtype: "external",
      name: "Spec\u202Efdp.exe",
      url: "https://example.com/spec",
    });
    expect(link.status).toBe(400);
    expect(link.body.errors[0].message).toBe(`name: contains a ${BIDI}`);
    expect(storedFiles()).toHaveLength(before);
    const listed = await client(t, member.token).get(`/tasks/${task.gid}/attachments?opt_fields=name`);
    expect(listed.body.data.map((attachment: { name: string }) => attachment.name).join("")).not.toMatch(
      /[\u202E\u2067]/,
    );
  });

  it("refuses the same in task names, and lone surrogates in any text", async () => {
    const api = client(t, member.token);
    const renamed = await api.put(`/tasks/${task.gid}`, { name: "Pay \u202Eeciovni" });
    expect(renamed.status).toBe(400);
    expect(renamed.body.errors[0].message).toBe(`name: contains a ${BIDI}`);
    const subtask = await api.post(`/tasks/${task.gid}/subtasks`, { name: "ok", notes: "fine" });
    expect(subtask.status).toBe(201);
    // A lone surrogate can only arrive as a JSON escape: it is not a character.
    const broken = await api.raw("PUT", `/tasks/${subtask.body.data.gid}`, '{"data":{"notes":"half \\ud800 a pair"}}');
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].message).toBe("notes: contains a lone surrogate (U+D800–U+DFFF): send valid Unicode");
    const comment = await api.raw("POST", `/tasks/${task.gid}/stories`, '{"data":{"text":"\\udfff"}}');
    expect(comment.status).toBe(400);
    expect(comment.body.errors[0].message).toMatch(/^text: contains a lone surrogate/);
    // Right-to-left text and real surrogate pairs are welcome.
    const hebrew = await api.put(`/tasks/${subtask.body.data.gid}`, { name: "שלום 😀", notes: "\ud83d\ude00" });
    expect(hebrew.status).toBe(200);
    expect(hebrew.body.data.name).toBe("שלום 😀");
    const after = await api.get(`/tasks/${task.gid}?opt_fields=name`);
    expect(after.body.data.name).toBe(task.name);
  });

  it("finishes an upload a stop cut short between its row and its file, and clears what no attachment names", async () => {
    const bytes = Buffer.from("Signed contract, page 1\n");
    const created = await upload(member.token, { parent: task.gid }, { bytes, name: "contract.txt" });
    expect(created.status).toBe(201);
    const row = await t.handle.db
      .selectFrom("attachments")
      .select("sha256")
      .where("gid", "=", Number(created.body.data.gid))
      .executeTakeFirstOrThrow();
    const { dataDir } = t.app.takt.config;
    const root = path.join(dataDir, "attachments");
    const placed = path.join(root, row.sha256!.slice(0, 2), row.sha256!);
    // As if the process had stopped after the row's commit, before the file was moved into place.
    const tmp = path.join(root, "tmp");
    fs.mkdirSync(tmp, { recursive: true });
    const stranded = path.join(tmp, "stranded-upload");
    fs.renameSync(placed, stranded);
    const cutOff = path.join(tmp, "cut-off-upload");
    fs.writeFileSync(cutOff, "half of a file");
    const inProgress = path.join(tmp, "upload-in-progress");
    fs.writeFileSync(inProgress, "still arriving");
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    for (const file of [stranded, cutOff]) fs.utimesSync(file, hourAgo, hourAgo);
    expect((await download(member.token, created.body.data.gid)).status).toBe(404);

    const store = fileStoreOf(t.app.takt.config);
    expect(await recoverStagedFiles(t.handle.db, store, dataDir)).toEqual({ placed: 1, removed: 1 });
    const got = await download(member.token, created.body.data.gid);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(bytes)).toBe(true);
    expect(fs.readdirSync(tmp)).toEqual(["upload-in-progress"]);
    fs.rmSync(inProgress);
  });
});
