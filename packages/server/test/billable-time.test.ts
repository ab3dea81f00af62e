import Asana from "asana";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// Time entries carry a category, the project they count toward and whether they bill; the month's billing and a
// project's budget count billable time only, and show the rest apart.
let t: TestApp;
let workspace: string;
let lead: TestUser;
let member: TestUser;
let site: { gid: string; sections: { gid: string }[] };
let app: { gid: string; sections: { gid: string }[] };
let other: { gid: string };
let task: string;

const as = (user: TestUser) => client(t, user.token);

beforeAll(async () => {
  t = await startTestApp();
  workspace = (await makeWorkspace(t, "Agency")).gid;
  lead = await makeUser(t, workspace, "admin", "Lena Lead");
  member = await makeUser(t, workspace, "member", "Max Member");
  const members = [
    { user: lead, access: "admin" as const },
    { user: member, access: "editor" as const },
  ];
  site = await makeProject(t, workspace, { name: "Client site", members });
  app = await makeProject(t, workspace, { name: "Client app", members });
  other = await makeProject(t, workspace, { name: "Other", members });
  // One task in two client projects: its time counts toward the one it is attributed to.
  task = (await as(member).post("/tasks", { name: "Shared login", projects: [site.gid, app.gid] })).body.data.gid;
});
afterAll(() => t?.close());

describe("billable time", () => {
  it("attributes entries, categorises them, and bills only billable approved time", async () => {
    const dev = (await as(lead).post("/time_tracking_categories", { workspace, name: "Development" })).body.data;
    const internal = await as(lead).post("/time_tracking_categories", {
      workspace,
      name: "Internal",
      is_billable: false,
    });
    expect(internal.body.data).toMatchObject({ name: "Internal", is_billable: false });
    expect(dev.is_billable).toBe(true);

    asanaAs(member);
    const entries = new Asana.TimeTrackingEntriesApi();
    const billed = await entries.createTimeTrackingEntry(
      {
        data: {
          duration_minutes: 60,
          entered_on: "2030-01-08",
          attributable_to: site.gid,
          categories: [dev.gid],
        },
      },
      task,
      {},
    );
    expect(billed.data).toMatchObject({
      attributable_to: { gid: site.gid, name: "Client site" },
      categories: [{ gid: dev.gid, name: "Development" }],
      billable_status: "billable",
    });
    const meeting = await as(member).post(`/tasks/${task}/time_tracking_entries`, {
      duration_minutes: 30,
      entered_on: "2030-01-09",
      attributable_to: site.gid,
      categories: [internal.body.data.gid],
    });
    expect(meeting.body.data).toMatchObject({ billable_status: "nonBillable", categories: [{ name: "Internal" }] });
    const favour = await as(member).post(`/tasks/${task}/time_tracking_entries`, {
      duration_minutes: 45,
      entered_on: "2030-01-10",
      attributable_to: site.gid,
      billable_status: "billable",
    });
    // Marked non-billable afterwards (Asana's PUT): the entry's own status wins over its category's.
    const changed = await as(member).put(`/time_tracking_entries/${favour.body.data.gid}`, {
      billable_status: "nonBillable",
    });
    expect(changed.body.data.billable_status).toBe("nonBillable");

    // Refused, naming the field: a project the task is not in, two categories, an unknown category.
    const wrongProject = await as(member).post(`/tasks/${task}/time_tracking_entries`, {
      duration_minutes: 5,
      attributable_to: other.gid,
    });
    expect(wrongProject.status).toBe(400);
    expect(wrongProject.body.errors[0].message).toMatch(/^attributable_to:/);
    const two = await as(member).post(`/tasks/${task}/time_tracking_entries`, {
      duration_minutes: 5,
      categories: [dev.gid, internal.body.data.gid],
    });
    expect(two.status).toBe(400);
    expect(two.body.errors[0].message).toMatch(/^categories:/);
    const unknown = await as(member).post(`/tasks/${task}/time_tracking_entries`, {
      duration_minutes: 5,
      categories: ["123456789"],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].message).toMatch(/^categories\.0:/);
    expect((await as(lead).get(`/tasks/${task}/time_tracking_entries`)).body.data).toHaveLength(3);

    // Budgets: billable time on the site only (the app's budget gets nothing of it); "any" counts it all.
    await as(lead).post("/budgets", { parent: site.gid, budget_type: "time", total: { value: 600 } });
    await as(lead).post("/budgets", { parent: app.gid, budget_type: "time", total: { value: 600 } });
    const siteBudget = (await as(lead).get(`/budgets?parent=${site.gid}`)).body.data[0];
    expect(siteBudget.actual.value).toBe(60);
    expect((await as(lead).get(`/budgets?parent=${app.gid}`)).body.data[0].actual.value).toBe(0);
    const any = await as(lead).put(`/budgets/${siteBudget.gid}`, { actual: { billable_status_filter: "any" } });
    expect(any.body.data.actual.value).toBe(135);

    // The member's week, approved: billed 1 h at the rate; 1 h 15 min shown apart, unpriced.
    await as(lead).post("/rates", { parent: site.gid, resource: member.gid, rate: 100, currency_code: "USD" });
    const week = await as(member).post("/timesheet_approval_statuses", { workspace, start_date: "2030-01-07" });
    await as(member).put(`/timesheet_approval_statuses/${week.body.data.gid}`, { approval_status: "SUBMITTED" });
    await as(lead).put(`/timesheet_approval_statuses/${week.body.data.gid}`, { approval_status: "APPROVED" });
    const report = await as(lead).get(`/workspaces/${workspace}/billing?month=2030-01`);
    expect(report.body.data).toMatchObject({
      lines: [
        {
          project: { name: "Client site" },
          user: { name: "Max Member" },
          minutes: 60,
          amount: 100,
          non_billable_minutes: 75,
        },
      ],
      unapproved_minutes: 0,
      non_billable_minutes: 75,
    });
    const csv = await t.app.inject({
      method: "GET",
      url: `/api/1.0/workspaces/${workspace}/billing.csv?month=2030-01`,
      headers: { authorization: `Bearer ${lead.token}` },
    });
    expect(csv.body.replace(/^\ufeff/, "").split("\r\n")).toEqual([
      '"Project","Person","Hours","Rate","Currency","Amount","Non-billable hours"',
      '"Client site","Max Member",1,100,"USD",100,1.25',
      "",
    ]);
  });
});

function asanaAs(user: TestUser) {
  const api = Asana.ApiClient.instance;
  api.basePath = t.api;
  api.authentications.token.accessToken = user.token;
}
