import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as migration0017 from "../src/db/migrations/0017-crm-intake-token-hash.ts";
import type { CrmIntakesTable } from "../src/db/schema.ts";
import { clientOnboarding } from "../src/domain/templates/gallery.ts";
import {
  client,
  makeOnboardingTemplate,
  makeTeam,
  makeUser,
  makeWorkspace,
  type TestUser,
} from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let ws: { gid: string };
let admin: TestUser;
let member: TestUser;
let guest: TestUser;
let outsider: TestUser;
let team: { gid: string };
let templateGid: string;
let intake: { gid: string; name: string; url: string };

const PIPELINE = "3104455";
const WON = "142";

function amoPayload(leadId: string, pipeline = PIPELINE, status = WON) {
  const fields: [string, string][] = [
    ["leads[status][0][id]", leadId],
    ["leads[status][0][name]", "Acme website"],
    ["leads[status][0][status_id]", status],
    ["leads[status][0][old_status_id]", "141"],
    ["leads[status][0][pipeline_id]", pipeline],
    ["leads[status][0][price]", "5000"],
    ["contacts[add][0][id]", "901"],
    ["contacts[add][0][name]", "Ivan Petrov"],
    ["contacts[add][0][custom_fields][0][code]", "EMAIL"],
    ["contacts[add][0][custom_fields][0][values][0][value]", "ivan.petrov@client.test"],
    ["account[subdomain]", "acmeagency"],
    ["account[id]", "29085955"],
  ];
  return new URLSearchParams(fields).toString();
}

async function deliver(path: string, body: string, contentType = "application/x-www-form-urlencoded") {
  const response = await fetch(`${t.url}${path}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  return { status: response.status, body: (await response.json()) as any };
}

const projectsNamed = (name: string) =>
  t.handle.db
    .selectFrom("projects")
    .selectAll()
    .where("name", "=", name)
    .where("workspace_gid", "=", Number(ws.gid))
    .execute();

beforeAll(async () => {
  t = await startTestApp();
  ws = await makeWorkspace(t);
  admin = await makeUser(t, ws.gid, "admin", "Ada Admin");
  member = await makeUser(t, ws.gid, "member", "Max Member");
  guest = await makeUser(t, ws.gid, "guest", "Gus Guest");
  outsider = await makeUser(t, null, "member", "Olga Outsider");
  team = await makeTeam(t, ws.gid, "Clients", [admin]);
  templateGid = await makeOnboardingTemplate(t, ws.gid, admin);
});

afterAll(async () => {
  await t?.close();
});

describe("CRM intake", () => {
  it("lets workspace admins create an intake with a secret URL; others cannot", async () => {
    const body = {
      name: "amoCRM sales",
      mappings: [{ pipeline_id: PIPELINE, status_id: Number(WON), project_template: templateGid, team: team.gid }],
    };
    const answer = await client(t, admin.token).post(`/workspaces/${ws.gid}/crm_intakes`, body);
    expect(answer.status).toBe(201);
    expect(answer.body.data).toMatchObject({
      resource_type: "crm_intake",
      name: "amoCRM sales",
      mappings: [{ pipeline_id: PIPELINE, status_id: WON, name_pattern: "{lead.name}", team: { gid: team.gid } }],
    });
    expect(answer.body.data.url).toMatch(/^\/api\/1\.0\/crm\/intake\/[A-Za-z0-9]{20,}$/);
    intake = answer.body.data;
    const token = intake.url.split("/").pop() ?? "";
    expect(answer.body.data.token_prefix).toBe(token.slice(0, 6));

    expect((await client(t, member.token).post(`/workspaces/${ws.gid}/crm_intakes`, body)).status).toBe(403);
    expect((await client(t, guest.token).post(`/workspaces/${ws.gid}/crm_intakes`, body)).status).toBe(403);
    expect((await client(t, outsider.token).post(`/workspaces/${ws.gid}/crm_intakes`, body)).status).toBe(404);
    expect((await client(t, member.token).get(`/crm_intakes/${intake.gid}`)).status).toBe(403);
    expect((await client(t, outsider.token).get(`/crm_intakes/${intake.gid}`)).status).toBe(404);
    expect((await client(t, member.token).get(`/crm_intakes/${intake.gid}/log`)).status).toBe(403);
    const listed = await client(t, admin.token).get(`/workspaces/${ws.gid}/crm_intakes`);
    expect(listed.body.data.map((row: { gid: string }) => row.gid)).toEqual([intake.gid]);
  });

  it("shows the secret URL only once and stores the token only as a hash", async () => {
    const token = intake.url.split("/").pop() ?? "";
    const api = client(t, admin.token);
    const one = await api.get(`/crm_intakes/${intake.gid}`);
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ url: null, token_prefix: token.slice(0, 6), name: "amoCRM sales" });
    const listed = await api.get(`/workspaces/${ws.gid}/crm_intakes?opt_fields=name,url,token_prefix`);
    expect(listed.body.data).toEqual([
      {
        gid: intake.gid,
        resource_type: "crm_intake",
        name: "amoCRM sales",
        url: null,
        token_prefix: token.slice(0, 6),
      },
    ]);
    const compact = await api.get(`/workspaces/${ws.gid}/crm_intakes`);
    expect(compact.body.data[0]).toEqual({
      gid: intake.gid,
      resource_type: "crm_intake",
      name: "amoCRM sales",
      token_prefix: token.slice(0, 6),
    });
    const renamed = await api.put(`/crm_intakes/${intake.gid}`, { name: "amoCRM sales" });
    expect(renamed.body.data.url).toBeNull();
    const row = await t.handle.db
      .selectFrom("crm_intakes")
      .selectAll()
      .where("gid", "=", Number(intake.gid))
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(await t.handle.db.selectFrom("crm_intakes").selectAll().execute())).not.toContain(token);
  });

  it("refuses bad mappings naming the field", async () => {
    const api = client(t, admin.token);
    const unknownTemplate = await api.post(`/workspaces/${ws.gid}/crm_intakes`, {
      name: "x",
      mappings: [{ pipeline_id: "1", status_id: "2", project_template: "123456789" }],
    });
    expect(unknownTemplate.status).toBe(400);
    expect(unknownTemplate.body.errors[0].message).toContain("mappings.0.project_template");
    const noName = await api.post(`/workspaces/${ws.gid}/crm_intakes`, { mappings: [] });
    expect(noName.status).toBe(400);
    expect(noName.body.errors[0].message).toBe("name: Missing input");
    const badTeam = await api.put(`/crm_intakes/${intake.gid}`, {
      mappings: [{ pipeline_id: "1", status_id: "2", project_template: templateGid, team: "999" }],
    });
    expect(badTeam.status).toBe(400);
    expect(badTeam.body.errors[0].message).toContain("mappings.0.team");
  });

  it("turns an amoCRM lead into exactly one client project from the template, with the guest invited", async () => {
    const answer = await deliver(intake.url, amoPayload("25399013"));
    expect(answer.status).toBe(200);
    expect(answer.body.data.outcome).toBe("created");
    const projects = await projectsNamed("Acme website");
    expect(projects).toHaveLength(1);
    const [project] = projects;
    expect(project.team_gid).toBe(Number(team.gid));
    // The template's sections came along.
    const sections = await client(t, admin.token).get(`/projects/${project.gid}/sections`);
    expect(sections.body.data.map((section: { name: string }) => section.name)).toEqual(
      clientOnboarding().sections.map((section) => section.name),
    );
    const invitation = await t.handle.db
      .selectFrom("invitations")
      .selectAll()
      .where("project_gid", "=", project.gid)
      .executeTakeFirstOrThrow();
    expect(invitation).toMatchObject({ email: "ivan.petrov@client.test", role: "guest", delivery: "logged" });
    // The lead's data is the first comment of the project's first task.
    const tasks = await client(t, admin.token).get(`/projects/${project.gid}/tasks`);
    const stories = await client(t, admin.token).get(`/tasks/${tasks.body.data[0].gid}/stories`);
    const comments = stories.body.data.filter((story: { type: string }) => story.type === "comment");
    expect(comments).toHaveLength(1);
    expect(comments[0].text).toContain("CRM lead #25399013: Acme website");
    expect(comments[0].text).toContain("Ivan Petrov, ivan.petrov@client.test");
    expect(comments[0].text).toContain("Price: 5000");
  });

  it("a replayed webhook creates nothing twice", async () => {
    const again = await deliver(intake.url, amoPayload("25399013"));
    expect(again.status).toBe(200);
    expect(again.body.data.outcome).toBe("duplicate");
    expect(await projectsNamed("Acme website")).toHaveLength(1);
    const invitations = await t.handle.db
      .selectFrom("invitations")
      .select("gid")
      .where("email", "=", "ivan.petrov@client.test")
      .execute();
    expect(invitations).toHaveLength(1);
  });

  it("an unmapped pipeline is ignored with a clear message, logged, and answered 200", async () => {
    const answer = await deliver(intake.url, amoPayload("777", "999", WON));
    expect(answer.status).toBe(200);
    expect(answer.body.data.outcome).toBe("ignored");
    expect(answer.body.data.message).toContain("pipeline 999, status 142 is not mapped");
    const log = await client(t, admin.token).get(`/crm_intakes/${intake.gid}/log`);
    expect(log.status).toBe(200);
    expect(log.body.data.map((row: { outcome: string }) => row.outcome)).toEqual(["ignored", "duplicate", "created"]);
    expect(log.body.data[0].payload).toContain("leads%5Bstatus%5D");
    expect(log.body.data[2].results[0].project.name).toBe("Acme website");
  });

  it("accepts the generic JSON form, and refuses a bad token with 404", async () => {
    const json = JSON.stringify({
      lead: { id: 42, name: "Bolt Studio", status_id: WON, pipeline_id: Number(PIPELINE), contact: { name: "Ann" } },
    });
    const answer = await deliver(intake.url, json, "application/json");
    expect(answer.body.data.outcome).toBe("created");
    expect(await projectsNamed("Bolt Studio")).toHaveLength(1);
    const garbage = await deliver(intake.url, "{not json", "application/json");
    expect(garbage.status).toBe(200);
    expect(garbage.body.data.outcome).toBe("rejected");
    const wrong = await deliver("/api/1.0/crm/intake/not-a-real-token", amoPayload("1"));
    expect(wrong.status).toBe(404);
  });

  it("rotates the secret URL: the new one works at once, the old one never again, and the audit log says so", async () => {
    const api = client(t, admin.token);
    expect((await client(t, member.token).post(`/crm_intakes/${intake.gid}/rotate`, {})).status).toBe(403);
    expect((await client(t, guest.token).post(`/crm_intakes/${intake.gid}/rotate`, {})).status).toBe(403);
    expect((await client(t, outsider.token).post(`/crm_intakes/${intake.gid}/rotate`, {})).status).toBe(404);
    expect((await client(t).post(`/crm_intakes/${intake.gid}/rotate`, {})).status).toBe(401);
    expect((await api.post("/crm_intakes/123456789/rotate", {})).status).toBe(404);
    expect((await api.post("/crm_intakes/not-a-gid/rotate", {})).status).toBe(400);
    // Nobody's refused attempt changed the URL.
    expect((await deliver(intake.url, amoPayload("600", "999"))).status).toBe(200);

    const rotated = await api.post(`/crm_intakes/${intake.gid}/rotate`, {});
    expect(rotated.status).toBe(200);
    expect(rotated.body.data).toMatchObject({ gid: intake.gid, resource_type: "crm_intake", name: intake.name });
    expect(rotated.body.data.url).toMatch(/^\/api\/1\.0\/crm\/intake\/[A-Za-z0-9]{20,}$/);
    expect(rotated.body.data.url).not.toBe(intake.url);
    const token = rotated.body.data.url.split("/").pop();
    expect(rotated.body.data.token_prefix).toBe(token.slice(0, 6));
    expect((await api.get(`/crm_intakes/${intake.gid}`)).body.data).toMatchObject({
      url: null,
      token_prefix: token.slice(0, 6),
    });

    expect((await deliver(intake.url, amoPayload("601", "999"))).status).toBe(404);
    const fresh = await deliver(rotated.body.data.url, amoPayload("602", "999"));
    expect(fresh.status).toBe(200);
    expect(fresh.body.data.outcome).toBe("ignored");
    // Leads already received stay received under the new URL.
    expect((await deliver(rotated.body.data.url, amoPayload("25399013"))).body.data.outcome).toBe("duplicate");

    const audit = await api.get(`/workspaces/${ws.gid}/audit_log_events?event_type=crm_intake_token_rotated`);
    expect(audit.status).toBe(200);
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0]).toMatchObject({
      event_type: "crm_intake_token_rotated",
      actor: { gid: admin.gid },
      resource: { gid: intake.gid, resource_type: "crm_intake", name: intake.name },
    });
    expect(JSON.stringify(audit.body.data)).not.toContain(token);
    intake = { ...intake, url: rotated.body.data.url };
  });

  it("admins rename and delete an intake; its URL then stops working", async () => {
    const api = client(t, admin.token);
    const renamed = await api.put(`/crm_intakes/${intake.gid}`, { name: "Sales" });
    expect(renamed.body.data.name).toBe("Sales");
    expect((await client(t, member.token).delete(`/crm_intakes/${intake.gid}`)).status).toBe(403);
    expect((await api.delete(`/crm_intakes/${intake.gid}`)).status).toBe(200);
    expect((await deliver(intake.url, amoPayload("5"))).status).toBe(404);
  });
});

describe("migration 0017", () => {
  it("hashes the tokens of existing intakes in place, so their URLs keep working", async () => {
    const app = await startTestApp();
    try {
      const workspace = await makeWorkspace(app);
      const owner = await makeUser(app, workspace.gid, "admin", "Olive Owner");
      // The table as it was before 0017, with a token stored as it is.
      await migration0017.down(app.handle.db as unknown as Kysely<unknown>);
      const plain = "PlainToken0123456789abcdefXYZ";
      const old = app.handle.db as unknown as Kysely<{
        crm_intakes: Omit<CrmIntakesTable, "token_hash" | "token_prefix"> & { token: string };
      }>;
      await old
        .insertInto("crm_intakes")
        .values({
          gid: 4242,
          workspace_gid: Number(workspace.gid),
          name: "Legacy",
          token: plain,
          mappings: "[]",
          created_by_gid: Number(owner.gid),
          created_at: new Date().toISOString(),
          modified_at: new Date().toISOString(),
        })
        .execute();
      await migration0017.up(app.handle.db as unknown as Kysely<unknown>);

      const row = await app.handle.db
        .selectFrom("crm_intakes")
        .selectAll()
        .where("gid", "=", 4242)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        token_hash: createHash("sha256").update(plain).digest("hex"),
        token_prefix: "PlainT",
      });
      expect(JSON.stringify(row)).not.toContain(plain);
      const answer = await fetch(`${app.url}/api/1.0/crm/intake/${plain}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ lead: { id: 1, name: "Old lead", status_id: "1", pipeline_id: "1" } }),
      });
      expect(answer.status).toBe(200);
      const shown = await client(app, owner.token).get("/crm_intakes/4242");
      expect(shown.body.data).toMatchObject({ url: null, token_prefix: "PlainT" });
    } finally {
      await app.close();
    }
  });
});
