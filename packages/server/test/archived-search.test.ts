import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let ws: { gid: string };
let lead: TestUser;

const names = (answer: { body: { data: { name: string }[] } }) => answer.body.data.map((item) => item.name).sort();

beforeAll(async () => {
  t = await startTestApp();
  ws = await makeWorkspace(t);
  lead = await makeUser(t, ws.gid, "admin", "Lena Lead");
  const live = await makeProject(t, ws.gid, { name: "Zephyr live", members: [{ user: lead, access: "admin" }] });
  const old = await makeProject(t, ws.gid, { name: "Zephyr old", members: [{ user: lead, access: "admin" }] });
  const api = client(t, lead.token);
  for (const [name, projects] of [
    ["Zephyr banner", [live.gid]],
    ["Zephyr leaflet", [old.gid]],
    ["Zephyr poster", [old.gid, live.gid]],
  ] as const) {
    expect((await api.post("/tasks", { name, projects })).status).toBe(201);
  }
  expect((await api.put(`/projects/${old.gid}`, { archived: true })).status).toBe(200);
  (t as unknown as { old: string }).old = old.gid;
});
afterAll(() => t?.close());

describe("archived projects in search and typeahead", () => {
  it("leaves archived projects and their tasks out unless asked, and names a bad flag", async () => {
    const api = client(t, lead.token);
    const old = (t as unknown as { old: string }).old;
    const typeahead = (query: string) => api.get(`/workspaces/${ws.gid}/typeahead?${query}`);
    const search = (query: string) => api.get(`/workspaces/${ws.gid}/tasks/search?${query}`);

    expect(names(await typeahead("resource_type=project&query=zephyr"))).toEqual(["Zephyr live"]);
    expect(names(await typeahead("resource_type=project&query=zephyr&archived=true"))).toEqual([
      "Zephyr live",
      "Zephyr old",
    ]);
    // A task also in a live project stays findable; one only in the archived project does not.
    expect(names(await typeahead("resource_type=task&query=zephyr"))).toEqual(["Zephyr banner", "Zephyr poster"]);
    expect(names(await typeahead("resource_type=task&query=zephyr&archived=true"))).toEqual([
      "Zephyr banner",
      "Zephyr leaflet",
      "Zephyr poster",
    ]);
    expect(names(await search("text=zephyr"))).toEqual(["Zephyr banner", "Zephyr poster"]);
    expect(names(await search("text=zephyr&archived=true"))).toEqual([
      "Zephyr banner",
      "Zephyr leaflet",
      "Zephyr poster",
    ]);
    // Naming the archived project is asking for it.
    expect(names(await search(`projects.any=${old}`))).toEqual(["Zephyr leaflet", "Zephyr poster"]);

    const bad = await typeahead("resource_type=project&archived=maybe");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toContain("archived");
    const badSearch = await search("text=zephyr&archived=maybe");
    expect(badSearch.status).toBe(400);
    expect(badSearch.body.errors[0].message).toContain("archived");

    // Unarchived, the project is back without asking.
    expect((await api.put(`/projects/${old}`, { archived: false })).status).toBe(200);
    expect(names(await typeahead("resource_type=project&query=zephyr"))).toEqual(["Zephyr live", "Zephyr old"]);
    expect(names(await search("text=zephyr"))).toHaveLength(3);
  });
});
