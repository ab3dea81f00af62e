import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let ws: { gid: string };
let lead: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  ws = await makeWorkspace(t);
  lead = await makeUser(t, ws.gid, "admin", "Lena Lead");
});
afterAll(() => t?.close());

describe("a status update can move the project's stage", () => {
  it("sets the stage named with the update, in its history; a wrong section writes nothing", async () => {
    const api = client(t, lead.token);
    const project = await makeProject(t, ws.gid, {
      name: "Bot launch",
      members: [{ user: lead, access: "admin" }],
      sections: ["Onboarding", "Design", "QA"],
    });
    const elsewhere = await makeProject(t, ws.gid, {
      name: "Other",
      members: [{ user: lead, access: "admin" }],
      sections: ["Elsewhere"],
    });
    const posted = await api.post("/status_updates", {
      parent: project.gid,
      status_type: "on_track",
      title: "Design approved, testing now",
      stage: project.sections[2].gid,
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const stage = await api.get(`/projects/${project.gid}/stage`);
    expect(stage.body.data).toMatchObject({ section: { gid: project.sections[2].gid, name: "QA" }, explicit: true });
    expect(stage.body.data.history.map((row: { section: { name: string } }) => row.section.name)).toEqual(["QA"]);

    const wrong = await api.post("/status_updates", {
      parent: project.gid,
      status_type: "at_risk",
      title: "Should not be kept",
      stage: elsewhere.sections[0].gid,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].message).toMatch(/^stage:/);
    const titles = (await api.get(`/status_updates?parent=${project.gid}`)).body.data.map(
      (row: { title: string }) => row.title,
    );
    expect(titles).toEqual(["Design approved, testing now"]);
    expect(
      (await api.post("/status_updates", { parent: project.gid, status_type: "on_track", title: "x", stage: "abc" }))
        .status,
    ).toBe(400);
  });
});
