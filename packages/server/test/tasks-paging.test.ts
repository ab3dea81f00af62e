import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeTask, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// The project list is read section by section (see listProjectTasks): pages must still follow board order
// across section boundaries, empty sections and filters, exactly as one sorted list would.
let t: TestApp;
let anna: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;
const expected: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  const workspace = await makeWorkspace(t);
  anna = await makeUser(t, workspace.gid, "member", "Anna Lead");
  project = await makeProject(t, workspace.gid, {
    privacy: "private",
    members: [{ user: anna, access: "editor" }],
    sections: ["Onboarding", "Empty", "In work", "Done"],
  });
  const counts = [3, 0, 4, 2];
  for (const [index, section] of project.sections.entries()) {
    for (let n = 1; n <= counts[index]; n += 1) {
      const name = `${section.name} ${n}`;
      await makeTask(t, workspace.gid, { name, project, section });
      expected.push(name);
    }
  }
});
afterAll(() => t?.close());

type Page = { data: { gid: string; name: string }[]; next_page: { offset: string } | null };

async function walk(path: string, limit: number) {
  const names: string[] = [];
  let offset = "";
  for (let pages = 0; pages < 20; pages += 1) {
    const answer = await client(t, anna.token).get(`${path}${path.includes("?") ? "&" : "?"}limit=${limit}${offset}`);
    expect(answer.status).toBe(200);
    const body = answer.body as Page;
    names.push(...body.data.map((task) => task.name));
    if (!body.next_page) return names;
    offset = `&offset=${body.next_page.offset}`;
  }
  throw new Error("too many pages");
}

describe("project task list paging", () => {
  it("walks every page in board order, whatever the page size", async () => {
    const all = await client(t, anna.token).get(`/projects/${project.gid}/tasks`);
    expect((all.body as Page).data.map((task) => task.name)).toEqual(expected);
    for (const limit of [1, 2, 3, 4, 5, 100])
      expect(await walk(`/projects/${project.gid}/tasks`, limit)).toEqual(expected);
    expect(await walk(`/tasks?project=${project.gid}`, 2)).toEqual(expected);
  });

  it("applies completed_since before paging, so skipped sections are counted after the filter", async () => {
    const all = (await client(t, anna.token).get(`/projects/${project.gid}/tasks`)).body as Page;
    const done = all.data.filter((task) => /^(Onboarding [12]|In work 3)$/.test(task.name));
    for (const task of done)
      expect((await client(t, anna.token).put(`/tasks/${task.gid}`, { completed: true })).status).toBe(200);
    const open = expected.filter((name) => !/^(Onboarding [12]|In work 3)$/.test(name));
    for (const limit of [1, 2, 3]) {
      expect(await walk(`/projects/${project.gid}/tasks?completed_since=now`, limit)).toEqual(open);
    }
  });
});
