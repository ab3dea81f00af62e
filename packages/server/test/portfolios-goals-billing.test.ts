import * as contracts from "@takt/contracts";
import Asana from "asana";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { client, makeProject, makeTask, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// Portfolios, goals and agency billing: what an agency lead, a member and a client guest each get.
let t: TestApp;
let workspace: string;
let lead: TestUser;
let member: TestUser;
let outsider: TestUser;
let guest: TestUser;
let clientA: { gid: string; sections: { gid: string }[] };
let clientB: { gid: string; sections: { gid: string }[] };
let secret: { gid: string };

const as = (user: TestUser) => client(t, user.token);

beforeAll(async () => {
  t = await startTestApp();
  workspace = (await makeWorkspace(t, "Agency")).gid;
  lead = await makeUser(t, workspace, "admin", "Lena Lead");
  member = await makeUser(t, workspace, "member", "Max Member");
  outsider = await makeUser(t, workspace, "member", "Olga Outsider");
  guest = await makeUser(t, workspace, "guest", "Gleb Guest");
  clientA = await makeProject(t, workspace, {
    name: "Client A",
    privacy: "private",
    owner: lead,
    members: [
      { user: lead, access: "admin" },
      { user: member, access: "editor" },
      { user: guest, access: "commenter" },
    ],
  });
  clientB = await makeProject(t, workspace, { name: "Client B", owner: member });
  secret = await makeProject(t, workspace, {
    name: "Secret",
    privacy: "private",
    members: [{ user: lead, access: "admin" }],
  });
  const done = await makeTask(t, workspace, { name: "Brief", project: clientA, section: clientA.sections[0] });
  await makeTask(t, workspace, { name: "Design", project: clientA, section: clientA.sections[0], assignee: member });
  await as(lead).put(`/tasks/${done.gid}`, { completed: true });
});
afterAll(() => t?.close());

describe("portfolios", () => {
  it("lists projects with status, progress and burn; hides what a reader may not see; nests without cycles", async () => {
    const created = await as(lead).post("/portfolios", {
      workspace,
      name: "Clients",
      color: "dark-green",
      public: true,
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      resource_type: "portfolio",
      name: "Clients",
      owner: { gid: lead.gid },
      public: true,
    });
    const portfolio = created.body.data.gid;
    for (const project of [clientA, clientB, secret]) {
      expect((await as(lead).post(`/portfolios/${portfolio}/addItem`, { item: project.gid })).status).toBe(200);
    }
    await as(lead).post("/status_updates", { parent: clientA.gid, status_type: "at_risk", title: "Waiting on copy" });
    await as(lead).post("/budgets", { parent: clientA.gid, budget_type: "time", total: { value: 600 } });

    const items = await as(lead).get(
      `/portfolios/${portfolio}/items?opt_fields=name,progress,current_status_update,budget,owner`,
    );
    expect(items.body.data.map((item: { name: string }) => item.name)).toEqual(["Client A", "Client B", "Secret"]);
    expect(items.body.data[0]).toMatchObject({
      progress: { completed: 1, total: 2 },
      current_status_update: { status_type: "at_risk", title: "Waiting on copy" },
      budget: { budget_type: "time", total: 600, actual: 0, units: "minutes" },
      owner: { name: "Lena Lead" },
    });

    // A member sees the public portfolio, without the private project they are not in.
    const seen = await as(outsider).get(`/portfolios/${portfolio}/items?opt_fields=name,budget`);
    expect(seen.body.data.map((item: { name: string }) => item.name)).toEqual(["Client B"]);
    // An editor of a public project sees that it has no budget; a client guest is never told about budgets.
    expect(seen.body.data[0].budget).toBeNull();
    const guestProject = await as(guest).get(`/projects/${clientA.gid}?opt_fields=permissions`);
    expect(guestProject.body.data.permissions).toMatchObject({ view_billing: false, manage_billing: false });
    const memberProject = await as(member).get(`/projects/${clientA.gid}?opt_fields=permissions`);
    expect(memberProject.body.data.permissions).toMatchObject({ view_billing: true, manage_billing: false });
    expect((await as(outsider).put(`/portfolios/${portfolio}`, { name: "Mine" })).status).toBe(200);
    expect((await as(outsider).delete(`/portfolios/${portfolio}`)).status).toBe(403);

    // A guest sees no portfolio that was not shared with them, whatever id they try.
    expect((await as(guest).get(`/portfolios/${portfolio}`)).status).toBe(404);
    expect((await as(guest).get(`/portfolios?workspace=${workspace}`)).body.data).toEqual([]);
    expect((await as(guest).post(`/portfolios/${portfolio}/addItem`, { item: clientA.gid })).status).toBe(404);

    // Nested portfolios add up their projects; a portfolio cannot hold one that holds it.
    const parent = (await as(lead).post("/portfolios", { workspace, name: "Agency" })).body.data.gid;
    expect((await as(lead).post(`/portfolios/${parent}/addItem`, { item: portfolio })).status).toBe(200);
    const cycle = await as(lead).post(`/portfolios/${portfolio}/addItem`, { item: parent });
    expect(cycle.status).toBe(400);
    expect(cycle.body.errors[0].message).toMatch(/^item:/);
    const nested = await as(lead).get(`/portfolios/${parent}/items?opt_fields=name,progress`);
    expect(nested.body.data).toEqual([
      expect.objectContaining({ resource_type: "portfolio", name: "Mine", progress: { completed: 1, total: 2 } }),
    ]);
    // The private "Agency" portfolio stays with its members; sharing it with the guest lets them in.
    expect((await as(member).get(`/portfolios/${parent}`)).status).toBe(404);
    await as(lead).post(`/portfolios/${parent}/addMembers`, { members: [guest.gid] });
    expect((await as(guest).get(`/portfolios/${parent}?opt_fields=name,permissions`)).body.data).toMatchObject({
      name: "Agency",
      permissions: { edit: true, delete: false, view_billing: false },
    });
    // …but not into the projects it holds that are not theirs.
    const guestItems = await as(guest).get(`/portfolios/${portfolio}/items`);
    expect(guestItems.status).toBe(404);

    const memberships = await as(lead).get(
      `/portfolios/${parent}/portfolio_memberships?opt_fields=user.name,access_level`,
    );
    expect(memberships.body.data.map((row: { user: { name: string } }) => row.user.name).sort()).toEqual([
      "Gleb Guest",
      "Lena Lead",
    ]);

    const removed = await as(lead).post(`/portfolios/${portfolio}/removeItem`, { item: secret.gid });
    expect(removed.status).toBe(200);
    const field = await as(lead).post("/custom_fields", { workspace, name: "Tier", resource_subtype: "text" });
    await as(lead).post(`/portfolios/${portfolio}/addCustomFieldSetting`, {
      custom_field: field.body.data.gid,
      is_important: true,
    });
    const settings = await as(member).get(`/portfolios/${portfolio}/custom_field_settings`);
    expect(settings.body.data).toEqual([
      expect.objectContaining({ is_important: true, custom_field: expect.objectContaining({ name: "Tier" }) }),
    ]);
    expect(
      (await as(lead).post("/portfolios", { workspace, name: "Bad", due_on: "2026-01-01", start_on: "2026-02-01" }))
        .body.errors[0].message,
    ).toMatch(/^due_on/);
  });
});

describe("goals", () => {
  it("tracks progress by hand and from projects, with subgoals, followers, status updates and privacy", async () => {
    const periods = await as(member).get(`/time_periods?workspace=${workspace}`);
    const quarter = periods.body.data.find((period: { period: string }) => period.period === "Q1");
    expect(quarter.parent).toMatchObject({ resource_type: "time_period", period: "H1" });

    const goal = await as(lead).post("/goals", {
      workspace,
      name: "Grow revenue",
      time_period: quarter.gid,
      due_on: "2030-03-31",
    });
    expect(goal.status).toBe(201);
    const goalGid = goal.body.data.gid;
    await as(lead).post(`/goals/${goalGid}/setMetric`, {
      unit: "currency",
      currency_code: "RUB",
      initial_number_value: 0,
      target_number_value: 1000000,
    });
    const moved = await as(lead).post(`/goals/${goalGid}/setMetricCurrentValue`, { current_number_value: 250000 });
    expect(moved.body.data).toMatchObject({ progress: 0.25, metric: { current_display_value: "250000 RUB" } });
    expect((await as(member).post(`/goals/${goalGid}/setMetricCurrentValue`, { current_number_value: 1 })).status).toBe(
      403,
    );

    const delivery = await as(lead).post("/goals", {
      workspace,
      name: "Deliver client A",
      privacy_setting: "members_only",
    });
    const deliveryGid = delivery.body.data.gid;
    await as(lead).post(`/goals/${deliveryGid}/setMetric`, {
      progress_source: "project_task_completion",
      unit: "percentage",
    });
    const link = await as(lead).post(`/goals/${deliveryGid}/addSupportingRelationship`, {
      supporting_resource: clientA.gid,
    });
    expect(link.body.data).toMatchObject({
      resource_subtype: "supporting_work",
      supporting_resource: { name: "Client A" },
      progress: 0.5,
    });
    expect((await as(lead).get(`/goals/${deliveryGid}`)).body.data).toMatchObject({
      progress: 0.5,
      metric: { current_number_value: 50 },
    });

    // Subgoal progress; no cycle.
    await as(lead).post(`/goals/${goalGid}/setMetric`, { progress_source: "subgoal_progress" });
    await as(lead).post(`/goals/${goalGid}/addSupportingRelationship`, { supporting_resource: deliveryGid });
    expect((await as(lead).get(`/goals/${goalGid}`)).body.data.progress).toBe(0.5);
    expect(
      (await as(lead).post(`/goals/${deliveryGid}/addSupportingRelationship`, { supporting_resource: goalGid })).status,
    ).toBe(400);
    const parents = await as(lead).get(`/goals/${deliveryGid}/parentGoals`);
    expect(parents.body.data.map((row: { name: string }) => row.name)).toEqual(["Grow revenue"]);

    // A members-only goal: hidden from members and guests until they follow it.
    expect((await as(member).get(`/goals/${deliveryGid}`)).status).toBe(404);
    const listed = await as(member).get(`/goals?workspace=${workspace}`);
    expect(listed.body.data.map((row: { name: string }) => row.name)).toEqual(["Grow revenue"]);
    expect((await as(guest).get(`/goals?workspace=${workspace}`)).body.data).toEqual([]);
    await as(lead).post(`/goals/${deliveryGid}/addFollowers`, { followers: [guest.gid] });
    const shared = await as(guest).get(`/goals/${deliveryGid}?opt_fields=name,followers.name,permissions`);
    expect(shared.body.data).toMatchObject({ name: "Deliver client A", permissions: { edit: false, follow: true } });
    // The guest reads the relationship, and what supports it only by name when they see it.
    const relations = await as(guest).get(`/goal_relationships?supported_goal=${deliveryGid}`);
    expect(relations.body.data[0].supporting_resource.name).toBe("Client A");

    // Status updates on goals go through /status_updates, as Asana's do.
    const update = await as(lead).post("/status_updates", {
      parent: goalGid,
      status_type: "on_track",
      title: "Ahead of plan",
    });
    expect(update.status).toBe(201);
    expect(update.body.data).toMatchObject({ resource_subtype: "goal_status_update", parent: { gid: goalGid } });
    expect(
      (await as(member).post("/status_updates", { parent: goalGid, status_type: "off_track", title: "No" })).status,
    ).toBe(403);
    const updates = await as(member).get(`/status_updates?parent=${goalGid}`);
    expect(updates.body.data.map((row: { title: string }) => row.title)).toEqual(["Ahead of plan"]);
    expect(
      (await as(member).get(`/goals/${goalGid}?opt_fields=status,current_status_update.title`)).body.data,
    ).toMatchObject({
      status: "green",
      current_status_update: { title: "Ahead of plan" },
    });
    expect((await as(lead).delete(`/status_updates/${update.body.data.gid}`)).status).toBe(200);
    expect((await as(lead).get(`/status_updates/${update.body.data.gid}`)).status).toBe(404);
  });
});

describe("billing", () => {
  it("prices approved time into the month's CSV; budgets burn; leads approve timesheets; guests see none of it", async () => {
    const task = await makeTask(t, workspace, {
      name: "Landing",
      project: clientA,
      section: clientA.sections[0],
      assignee: member,
    });
    // Monday 2030-01-07 and 2030-01-14: two weeks of January.
    await as(member).post(`/tasks/${task.gid}/time_tracking_entries`, {
      duration_minutes: 120,
      entered_on: "2030-01-08",
    });
    await as(member).post(`/tasks/${task.gid}/time_tracking_entries`, {
      duration_minutes: 60,
      entered_on: "2030-01-15",
    });
    await as(lead).post(`/tasks/${task.gid}/time_tracking_entries`, { duration_minutes: 30, entered_on: "2030-01-09" });

    const rate = await as(lead).post("/rates", {
      parent: clientA.gid,
      resource: member.gid,
      rate: 3000,
      currency_code: "RUB",
    });
    expect(rate.status).toBe(201);
    expect(rate.body.data).toMatchObject({
      resource_type: "rate",
      parent: { gid: clientA.gid },
      resource: { gid: member.gid },
      rate: 3000,
    });
    await as(lead).post("/rates", { parent: clientA.gid, rate: 2000, currency_code: "RUB" });
    expect((await as(member).post("/rates", { parent: clientA.gid, rate: 1 })).status).toBe(403);
    expect((await as(member).get(`/rates?parent=${clientA.gid}`)).status).toBe(403);
    expect((await as(guest).get(`/rates?parent=${clientA.gid}`)).status).toBe(403);

    const budgets = await as(member).get(`/budgets?parent=${clientA.gid}`);
    expect(budgets.body.data[0]).toMatchObject({
      budget_type: "time",
      total: { value: 600 },
      actual: { value: 210, units: "minutes" },
    });
    const budgetGid = budgets.body.data[0].gid;
    expect((await as(member).put(`/budgets/${budgetGid}`, { budget_type: "cost" })).status).toBe(403);
    expect((await as(guest).get(`/budgets?parent=${clientA.gid}`)).status).toBe(403);
    const cost = await as(lead).put(`/budgets/${budgetGid}`, { budget_type: "cost", total: { value: 100000 } });
    // 3 h × 3000 (the member's rate) + 0.5 h × 2000 (the project's rate).
    expect(cost.body.data).toMatchObject({
      budget_type: "cost",
      total: { value: 100000, units: "RUB" },
      actual: { value: 10000, units: "RUB" },
    });

    // The member submits a week; only a lead approves it.
    const week = await as(member).post("/timesheet_approval_statuses", { workspace, start_date: "2030-01-07" });
    expect(week.status).toBe(201);
    expect(week.body.data).toMatchObject({ approval_status: "DRAFT", end_date: "2030-01-13", total_minutes: 120 });
    expect(
      (await as(member).post("/timesheet_approval_statuses", { workspace, start_date: "2030-01-08" })).body.errors[0]
        .message,
    ).toMatch(/^start_date: must be a Monday/);
    const weekGid = week.body.data.gid;
    expect(
      (await as(member).put(`/timesheet_approval_statuses/${weekGid}`, { approval_status: "APPROVED" })).status,
    ).toBe(403);
    expect(
      (await as(member).put(`/timesheet_approval_statuses/${weekGid}`, { approval_status: "SUBMITTED" })).body.data
        .approval_status,
    ).toBe("SUBMITTED");
    expect((await as(outsider).get(`/timesheet_approval_statuses/${weekGid}`)).status).toBe(404);
    const pending = await as(lead).get(
      `/timesheet_approval_statuses?workspace=${workspace}&approval_statuses=SUBMITTED`,
    );
    expect(pending.body.data.map((row: { user: { name: string } }) => row.user.name)).toEqual(["Max Member"]);
    const approved = await as(lead).put(`/timesheet_approval_statuses/${weekGid}`, { approval_status: "APPROVED" });
    expect(approved.body.data).toMatchObject({ approval_status: "APPROVED", decided_by: { gid: lead.gid } });
    expect((await as(member).put(`/timesheet_approval_statuses/${weekGid}`, { approval_status: "DRAFT" })).status).toBe(
      400,
    );

    // Only approved weeks are billed: the member's first week; the second week and the lead's time wait.
    const report = await as(lead).get(`/workspaces/${workspace}/billing?month=2030-01`);
    expect(report.body.data).toMatchObject({
      lines: [{ project: { name: "Client A" }, user: { name: "Max Member" }, minutes: 120, rate: 3000, amount: 6000 }],
      unapproved_minutes: 90,
    });
    const csv = await t.app.inject({
      method: "GET",
      url: `/api/1.0/workspaces/${workspace}/billing.csv?month=2030-01`,
      headers: { authorization: `Bearer ${lead.token}` },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-disposition"]).toContain("billing-2030-01.csv");
    expect(csv.body.replace(/^\ufeff/, "").split("\r\n")).toEqual([
      '"Project","Person","Hours","Rate","Currency","Amount","Non-billable hours"',
      '"Client A","Max Member",2,3000,"RUB",6000,0',
      "",
    ]);
    expect((await as(member).get(`/workspaces/${workspace}/billing?month=2030-01`)).status).toBe(403);
    expect((await as(lead).get(`/workspaces/${workspace}/billing?month=2030-13`)).body.errors[0].message).toMatch(
      /^month/,
    );

    const category = await as(lead).post("/time_tracking_categories", { workspace, name: "Design", color: "blue" });
    expect(category.status).toBe(201);
    expect(
      (await as(member).get(`/time_tracking_categories?workspace=${workspace}`)).body.data.map(
        (row: { name: string }) => row.name,
      ),
    ).toEqual(["Design"]);
    expect((await as(member).post("/time_tracking_categories", { workspace, name: "Nope" })).status).toBe(403);
    expect((await as(guest).get(`/time_tracking_categories?workspace=${workspace}`)).status).toBe(403);

    const allocation = await as(member).post("/allocations", {
      parent: clientA.gid,
      assignee: member.gid,
      start_date: "2030-01-07",
      end_date: "2030-01-31",
      effort: { type: "percent", value: 50 },
    });
    expect(allocation.status).toBe(201);
    expect(allocation.body.data).toMatchObject({
      resource_subtype: "project_allocation",
      effort: { type: "percent", value: 50 },
    });
    expect((await as(outsider).get(`/allocations/${allocation.body.data.gid}`)).status).toBe(404);
    expect((await as(member).put(`/allocations/${allocation.body.data.gid}`, { end_date: "2029-01-01" })).status).toBe(
      400,
    );
    expect((await as(guest).get(`/allocations?parent=${clientA.gid}`)).status).toBe(404);
  });
});

describe("the official Asana client", () => {
  it("drives portfolios, goals, time periods, rates, budgets, categories, approvals and allocations", async () => {
    const api = Asana.ApiClient.instance;
    api.basePath = t.api;
    api.authentications.token.accessToken = lead.token;
    const portfolios = new Asana.PortfoliosApi();
    const memberships = new Asana.PortfolioMembershipsApi();
    const fieldSettings = new Asana.CustomFieldSettingsApi();
    const goals = new Asana.GoalsApi();
    const relationships = new Asana.GoalRelationshipsApi();
    const periods = new Asana.TimePeriodsApi();
    const statuses = new Asana.StatusUpdatesApi();
    const rates = new Asana.RatesApi();
    const budgets = new Asana.BudgetsApi();
    const categories = new Asana.TimeTrackingCategoriesApi();
    const approvals = new Asana.TimesheetApprovalStatusesApi();
    const allocations = new Asana.AllocationsApi();

    const portfolio = (await portfolios.createPortfolio({ data: { workspace, name: "Via client", public: false } }, {}))
      .data;
    await portfolios.updatePortfolio({ data: { color: "light-blue" } }, portfolio.gid, {});
    await portfolios.addItemForPortfolio({ data: { item: clientB.gid } }, portfolio.gid);
    expect(
      (await portfolios.getItemsForPortfolio(portfolio.gid, {})).data.map((item: { gid: string }) => item.gid),
    ).toEqual([clientB.gid]);
    await portfolios.addMembersForPortfolio({ data: { members: member.gid } }, portfolio.gid, {});
    const listedMemberships = (await memberships.getPortfolioMembershipsForPortfolio(portfolio.gid, {})).data;
    expect(listedMemberships).toHaveLength(2);
    expect((await memberships.getPortfolioMembership(listedMemberships[0].gid, {})).data.resource_type).toBe(
      "portfolio_membership",
    );
    expect((await memberships.getPortfolioMemberships({ portfolio: portfolio.gid })).data).toHaveLength(2);
    await portfolios.removeMembersForPortfolio({ data: { members: member.gid } }, portfolio.gid, {});
    const field = await client(t, lead.token).post("/custom_fields", {
      workspace,
      name: "Health",
      resource_subtype: "text",
    });
    await portfolios.addCustomFieldSettingForPortfolio({ data: { custom_field: field.body.data.gid } }, portfolio.gid);
    expect((await fieldSettings.getCustomFieldSettingsForPortfolio(portfolio.gid, {})).data).toHaveLength(1);
    await portfolios.removeCustomFieldSettingForPortfolio(
      { data: { custom_field: field.body.data.gid } },
      portfolio.gid,
    );
    await portfolios.removeItemForPortfolio({ data: { item: clientB.gid } }, portfolio.gid);
    expect((await portfolios.getPortfolio(portfolio.gid, {})).data.color).toBe("light-blue");
    expect((await portfolios.getPortfolios(workspace, {})).data.map((row: { name: string }) => row.name)).toContain(
      "Via client",
    );
    await portfolios.deletePortfolio(portfolio.gid);

    const period = (await periods.getTimePeriods(workspace, {})).data[0];
    expect((await periods.getTimePeriod(period.gid, {})).data.gid).toBe(period.gid);
    const goal = (await goals.createGoal({ data: { workspace, name: "Client NPS", time_period: period.gid } }, {}))
      .data;
    await goals.updateGoal({ data: { notes: "Ask every client" } }, goal.gid, {});
    await goals.createGoalMetric({ data: { target_number_value: 10, initial_number_value: 0 } }, goal.gid, {});
    expect((await goals.updateGoalMetric({ data: { current_number_value: 7 } }, goal.gid, {})).data.progress).toBe(0.7);
    await goals.addFollowers({ data: { followers: [member.gid] } }, goal.gid, {});
    await goals.removeFollowers({ data: { followers: [member.gid] } }, goal.gid, {});
    const sub = (await goals.createGoal({ data: { workspace, name: "Survey sent" } }, {})).data;
    const relation = (
      await relationships.addSupportingRelationship({ data: { supporting_resource: sub.gid } }, goal.gid, {})
    ).data;
    expect((await relationships.getGoalRelationship(relation.gid, {})).data.resource_subtype).toBe("subgoal");
    await relationships.updateGoalRelationship({ data: { contribution_weight: 0.5 } }, relation.gid, {});
    expect((await relationships.getGoalRelationships(goal.gid, {})).data[0].contribution_weight).toBe(0.5);
    expect((await goals.getParentGoalsForGoal(sub.gid, {})).data.map((row: { gid: string }) => row.gid)).toEqual([
      goal.gid,
    ]);
    await relationships.removeSupportingRelationship({ data: { supporting_resource: sub.gid } }, goal.gid);
    const status = (
      await statuses.createStatusForObject({ data: { parent: goal.gid, status_type: "at_risk", title: "Slow" } }, {})
    ).data;
    expect((await statuses.getStatus(status.gid, {})).data.title).toBe("Slow");
    expect((await statuses.getStatusesForObject(goal.gid, {})).data).toHaveLength(1);
    await statuses.deleteStatus(status.gid);
    expect((await goals.getGoal(goal.gid, {})).data.notes).toBe("Ask every client");
    expect((await goals.getGoals({ workspace })).data.map((row: { gid: string }) => row.gid)).toContain(goal.gid);
    await goals.deleteGoal(sub.gid);

    const rate = (await rates.createRate({ data: { parent: clientB.gid, resource: member.gid, rate: 50 } }, {})).data;
    await rates.updateRate({ data: { rate: 55 } }, rate.gid, {});
    expect((await rates.getRate(rate.gid, {})).data.rate).toBe(55);
    expect((await rates.getRates({ parent: clientB.gid })).data).toHaveLength(1);
    await rates.deleteRate(rate.gid);

    const budget = (
      await budgets.createBudget({ data: { parent: clientB.gid, budget_type: "time", total: { value: 60 } } })
    ).data;
    await budgets.updateBudget({ data: { total: { value: 120 } } }, budget.gid, {});
    expect((await budgets.getBudget(budget.gid, {})).data.total.value).toBe(120);
    expect((await budgets.getBudgets(clientB.gid)).data).toHaveLength(1);
    await budgets.deleteBudget(budget.gid);

    const category = (await categories.createTimeTrackingCategory({ data: { workspace, name: "Meetings" } }, {})).data;
    await categories.updateTimeTrackingCategory({ data: { is_archived: true } }, category.gid, {});
    expect((await categories.getTimeTrackingCategory(category.gid, {})).data.is_archived).toBe(true);
    expect((await categories.getTimeTrackingCategories(workspace, { is_archived: true })).data).toHaveLength(1);
    expect((await categories.getTimeTrackingEntriesForTimeTrackingCategory(category.gid, {})).data).toEqual([]);
    await categories.deleteTimeTrackingCategory(category.gid);

    const week = (await approvals.createTimesheetApprovalStatus({ data: { workspace, start_date: "2030-02-04" } }, {}))
      .data;
    await approvals.updateTimesheetApprovalStatus({ data: { approval_status: "SUBMITTED" } }, week.gid, {});
    expect((await approvals.getTimesheetApprovalStatus(week.gid, {})).data.approval_status).toBe("SUBMITTED");
    expect(
      (await approvals.getTimesheetApprovalStatuses(workspace, { user: "me" })).data.map(
        (row: { gid: string }) => row.gid,
      ),
    ).toContain(week.gid);

    const allocation = (
      await allocations.createAllocation(
        { data: { parent: clientB.gid, assignee: member.gid, start_date: "2030-02-04", end_date: "2030-02-08" } },
        {},
      )
    ).data;
    await allocations.updateAllocation({ data: { effort: { type: "hours", value: 20 } } }, allocation.gid, {});
    expect((await allocations.getAllocation(allocation.gid, {})).data.effort).toEqual({ type: "hours", value: 20 });
    expect((await allocations.getAllocations({ parent: clientB.gid })).data).toHaveLength(1);
    await allocations.deleteAllocation(allocation.gid);
  });
});

describe("answers match their contracts", () => {
  // A missing or mistyped field fails the parse; an undeclared one fails the equality.
  async function honest(schema: z.ZodType, path: string, list = false) {
    const answer = await as(lead).get(path);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const items = list ? answer.body.data : [answer.body.data];
    expect(items.length, path).toBeGreaterThan(0);
    for (const item of items) {
      const parsed = schema.safeParse(item);
      expect(parsed.error?.issues ?? [], `${path}: ${JSON.stringify(item)}`).toEqual([]);
      expect(parsed.data).toEqual(item);
    }
    return items;
  }

  it("portfolios, goals and billing answer as their contracts declare", async () => {
    const [portfolio] = await honest(
      contracts.PortfolioCompact,
      `/portfolios?workspace=${workspace}&opt_fields=name`,
      true,
    );
    await honest(contracts.Portfolio, `/portfolios/${portfolio.gid}`);
    const full = "name,color,owner,start_on,due_on,archived,current_status_update,progress,budget";
    await honest(contracts.PortfolioItem, `/portfolios/${portfolio.gid}/items?opt_fields=${full}`, true);
    await honest(contracts.PortfolioMembership, `/portfolios/${portfolio.gid}/portfolio_memberships`, true);
    await honest(contracts.TimePeriod, `/time_periods?workspace=${workspace}`, true);
    const goals = await as(lead).get(`/goals?workspace=${workspace}`);
    for (const goal of goals.body.data) await honest(contracts.Goal, `/goals/${goal.gid}`);
    const supported = goals.body.data.find((goal: { name: string }) => goal.name === "Deliver client A");
    await honest(contracts.GoalRelationship, `/goal_relationships?supported_goal=${supported.gid}`, true);
    await honest(contracts.Rate, `/rates?parent=${clientA.gid}`, true);
    await honest(contracts.Budget, `/budgets?parent=${clientA.gid}`, true);
    await honest(contracts.TimesheetApprovalStatus, `/timesheet_approval_statuses?workspace=${workspace}`, true);
    await honest(contracts.Allocation, `/allocations?parent=${clientA.gid}`, true);
    await honest(contracts.TimeTrackingCategory, `/time_tracking_categories?workspace=${workspace}`, true);
    await honest(contracts.BillingReport, `/workspaces/${workspace}/billing?month=2030-01`);
  });
});
