import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessToken } from "../src/domain/auth/auth.commands.ts";
import { resetSubmissionSlots } from "../src/domain/forms/form.spam.ts";
import { newGid } from "../src/ids.ts";
import { client, makeProject, makeTeam, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// Every /api/1.0 route, called by six people, against ONE table of expected status codes.
// Callers, in this order: admin (workspace admin and admin of the client project P), member (editor of P),
// otherMember (workspace member, editor of another private project Q only), guest (guest of the workspace,
// commenter on P), otherGuest (guest, commenter on Q), anon (no credentials).
// Path parameters name the fixture's objects in P (see PARAMS); "fresh" routes get a new object per caller.
// A new endpoint fails "every route is in the table" until it is added to EXPECTED below. To see what a new
// route answers, run this file with TAKT_AUTHZ_RECORD=1: it prints table lines instead of checking them —
// then check each status by hand before pasting (an outsider must never get a 2xx on P's things).
const CALLERS = ["admin", "member", "otherMember", "guest", "otherGuest", "anon"] as const;
type Caller = (typeof CALLERS)[number];

interface Case {
  body?: (fx: Fixture) => unknown;
  query?: (fx: Fixture) => string;
  // Path parameters made anew for each caller (for routes that delete or use up what they are given).
  fresh?: (fx: Fixture, param: string) => Promise<string | undefined>;
}

// New objects for routes that delete what they are given: each caller gets their own copy in P.
const freshOf: Record<string, (param: string) => Promise<string | undefined>> = {
  project: async (param) => (param === "project_gid" ? (await createProject("Disposable")).gid : undefined),
  section: async (param) =>
    param === "section_gid"
      ? post(users.member, `/projects/${fx.project}/sections`, { name: "Disposable" })
      : undefined,
  task: async (param) =>
    param === "task_gid" ? post(users.member, "/tasks", { name: "Disposable", projects: [fx.project] }) : undefined,
  approval: async (param) =>
    param === "task_gid"
      ? post(users.member, "/tasks", {
          name: "Approve me",
          resource_subtype: "approval",
          assignee: users.guest.gid,
          projects: [fx.project],
        })
      : undefined,
  story: async (param) =>
    param === "story_gid" ? post(users.member, `/tasks/${fx.task}/stories`, { text: "Bye" }) : undefined,
  guestStory: async (param) =>
    param === "story_gid" ? post(users.guest, `/tasks/${fx.task}/stories`, { text: "From the client" }) : undefined,
  statusUpdate: async (param) =>
    param === "status_update_gid"
      ? post(users.member, "/status_updates", { parent: fx.project, status_type: "at_risk", title: "Disposable" })
      : undefined,
  form: async (param) =>
    param === "form_gid"
      ? post(users.member, `/projects/${fx.project}/forms`, {
          title: "Disposable",
          fields: [{ label: "What", type: "text" }],
        })
      : undefined,
  ooo: async (param) =>
    param === "ooo_entry_gid"
      ? post(users.member, "/ooo_entries", {
          user: users.member.gid,
          workspace: fx.workspace,
          start_date: "2031-07-01",
          end_date: "2031-07-02",
        })
      : undefined,
  tag: async (param) =>
    param === "tag_gid" ? post(users.member, "/tags", { workspace: fx.workspace, name: "Disposable" }) : undefined,
  attachment: async (param) => (param === "attachment_gid" ? upload() : undefined),
  timeEntry: async (param) =>
    param === "time_tracking_entry_gid"
      ? post(users.member, `/tasks/${fx.task}/time_tracking_entries`, { duration_minutes: 10 })
      : undefined,
  crmIntake: async (param) =>
    param === "crm_intake_gid"
      ? post(users.admin, `/workspaces/${fx.workspace}/crm_intakes`, { name: "Disposable" })
      : undefined,
  portfolio: async (param) =>
    param === "portfolio_gid"
      ? post(users.admin, "/portfolios", { workspace: fx.workspace, name: "Disposable" })
      : undefined,
  goal: async (param) =>
    param === "goal_gid" ? post(users.admin, "/goals", { workspace: fx.workspace, name: "Disposable" }) : undefined,
  category: async (param) =>
    param === "time_tracking_category_gid"
      ? post(users.admin, "/time_tracking_categories", { workspace: fx.workspace, name: "Disposable" })
      : undefined,
  rate: async (param) => {
    if (param !== "rate_gid") return undefined;
    await t.handle.db.deleteFrom("rates").where("project_gid", "is", null).execute();
    return post(users.admin, "/rates", { parent: fx.workspace, resource: users.member.gid, rate: 1 });
  },
  budget: async (param) => {
    if (param !== "budget_gid") return undefined;
    const project = await createProject("Disposable");
    return post(users.admin, "/budgets", { parent: project.gid, budget_type: "time" });
  },
  allocation: async (param) =>
    param === "allocation_gid"
      ? post(users.member, "/allocations", {
          parent: fx.project,
          assignee: users.member.gid,
          start_date: "2030-01-07",
          end_date: "2030-01-11",
        })
      : undefined,
  brief: async (param) => {
    if (param !== "project_brief_gid") return undefined;
    const project = await createProject("Briefed");
    return post(users.member, `/projects/${project.gid}/project_briefs`, { title: "Disposable", text: "Goals" });
  },
  // A new workspace member asks to join P; each caller tries to decide.
  accessRequest: async (param) => {
    if (param !== "access_request_gid") return undefined;
    const asker = await makeUser(t, fx.workspace, "member");
    return post(asker, "/access_requests", { target: fx.project, message: "Let me in" });
  },
  projectStatus: async (param) =>
    param === "project_status_gid"
      ? post(users.member, `/projects/${fx.project}/project_statuses`, { title: "Disposable", color: "red" })
      : undefined,
  // A new person on P, whose membership each caller tries to end.
  membership: async (param) => {
    if (param !== "membership_gid") return undefined;
    const person = await makeUser(t, fx.workspace, "member");
    return post(users.admin, "/memberships", { parent: fx.project, member: person.gid, access_level: "viewer" });
  },
};
// A task the admin deleted: only the admin may restore it.
freshOf.trashed = async (param) => {
  if (param !== "resource_gid") return undefined;
  const gid = await post(users.admin, "/tasks", { name: "Deleted", projects: [fx.project] });
  await client(t, users.admin.token).delete(`/tasks/${gid}`);
  return gid;
};
freshOf.person = async (param) =>
  param === "user_gid" ? (await makeUser(t, fx.workspace ?? null, "member")).gid : undefined;
// A team that admits members by request, where otherMember asks to join; each caller tries to answer.
freshOf.joinRequest = async (param) => {
  if (param !== "team_join_request_gid") return undefined;
  const team = await makeTeam(t, fx.workspace, "By request");
  await t.handle.db
    .updateTable("teams")
    .set({ visibility: "request_to_join" })
    .where("gid", "=", Number(team.gid))
    .execute();
  return post(users.otherMember, `/teams/${team.gid}/join_requests`, { message: "Let me in" });
};
const fresh = (kind: string) => (_fx: Fixture, param: string) => freshOf[kind](param);

// How a route is called when an empty body, no query and the shared fixture would not test much.
const CASES: Record<string, Case> = {
  "POST /tasks": { body: (f) => ({ name: "New", projects: [f.project] }) },
  "GET /tasks": { query: (f) => `project=${f.project}` },
  "POST /tasks/:task_gid/time_tracking_entries": { body: () => ({ duration_minutes: 15 }) },
  "PUT /time_tracking_entries/:time_tracking_entry_gid": { body: () => ({ duration_minutes: 20 }) },
  "DELETE /time_tracking_entries/:time_tracking_entry_gid": { fresh: fresh("timeEntry") },
  "POST /workspaces/:workspace_gid/crm_intakes": { body: () => ({ name: "Sales" }) },
  "PUT /crm_intakes/:crm_intake_gid": { body: () => ({ name: "Renamed" }) },
  "DELETE /crm_intakes/:crm_intake_gid": { fresh: fresh("crmIntake") },
  "DELETE /tasks/:task_gid": { fresh: fresh("task") },
  "DELETE /projects/:project_gid": { fresh: fresh("project") },
  "DELETE /sections/:section_gid": { fresh: fresh("section") },
  "POST /projects/:project_gid/sections": { body: () => ({ name: "QA" }) },
  "POST /tasks/:task_gid/stories": { body: () => ({ text: "A comment" }) },
  "PUT /stories/:story_gid": { body: () => ({ text: "Edited" }), fresh: fresh("story") },
  "DELETE /stories/:story_gid": { fresh: fresh("story") },
  "GET /events": { query: (f) => `resource=${f.project}` },
  "GET /attachments": { query: (f) => `parent=${f.task}` },
  "DELETE /attachments/:attachment_gid": { fresh: fresh("attachment") },
  "GET /users": { query: (f) => `workspace=${f.workspace}` },
  "GET /webhooks": { query: (f) => `workspace=${f.workspace}` },
  "GET /invitations": { query: (f) => `workspace=${f.workspace}` },
  "GET /tags": { query: (f) => `workspace=${f.workspace}` },
  "DELETE /tags/:tag_gid": { fresh: fresh("tag") },
  "GET /workspaces/:workspace_gid/typeahead": { query: () => "resource_type=user&query=a" },
  "GET /status_updates": { query: (f) => `parent=${f.project}` },
  "POST /status_updates": { body: (f) => ({ parent: f.project, status_type: "on_track", title: "Weekly" }) },
  "DELETE /status_updates/:status_update_gid": { fresh: fresh("statusUpdate") },
  "POST /tasks/:task_gid/approve": { fresh: fresh("approval") },
  "POST /tasks/:task_gid/requestChanges": { body: () => ({ text: "Change it" }), fresh: fresh("approval") },
  "POST /tasks/:task_gid/reject": { body: () => ({ text: "No" }), fresh: fresh("approval") },
  "POST /projects/:project_gid/forms": {
    body: () => ({ title: "Review", fields: [{ label: "Stars", type: "number" }] }),
  },
  "PUT /forms/:form_gid": { body: () => ({ description: "Tell us" }) },
  "DELETE /forms/:form_gid": { fresh: fresh("form") },
  "POST /forms/:form_gid/submit": { body: () => ({ values: { product: "Mugs" }, fill_token: "x.y" }) },
  "GET /inbox": { query: (f) => `workspace=${f.workspace}` },
  "GET /memberships": { query: (f) => `parent=${f.project}` },
  "POST /memberships": { body: (f) => ({ parent: f.project, member: f.spareUser, access_level: "viewer" }) },
  "PUT /memberships/:membership_gid": { body: () => ({ access_level: "commenter" }) },
  "DELETE /memberships/:membership_gid": { fresh: fresh("membership") },
  "GET /time_tracking_entries": { query: (f) => `workspace=${f.workspace}` },
  "GET /ooo_entries": { query: (f) => `user=${f.memberUser}&workspace=${f.workspace}` },
  "POST /ooo_entries": {
    body: (f) => ({ user: f.memberUser, workspace: f.workspace, start_date: "2031-08-03", end_date: "2031-08-07" }),
  },
  "PUT /ooo_entries/:ooo_entry_gid": { body: () => ({ end_date: "2031-09-09" }) },
  "DELETE /ooo_entries/:ooo_entry_gid": { fresh: fresh("ooo") },
  "GET /workspaces/:workspace_gid/projects/search": { query: () => "text=Client" },
  "POST /projects/:project_gid/duplicate": { body: () => ({ name: "Copy of P" }) },
  "POST /batch": { body: (f) => ({ actions: [{ method: "get", relative_path: `/projects/${f.project}` }] }) },
  "GET /reactions": { query: (f) => `target=${f.story}&emoji_base=${encodeURIComponent("👍")}` },
  "GET /users/:user_gid/favorites": { query: (f) => `resource_type=project&workspace=${f.workspace}` },
  "GET /users/:user_gid/team_memberships": { query: (f) => `workspace=${f.workspace}` },
  "POST /teams/:team_gid/join_requests": { body: () => ({ message: "Hello" }) },
  "POST /team_join_requests/:team_join_request_gid/approve": { fresh: fresh("joinRequest") },
  "POST /team_join_requests/:team_join_request_gid/decline": { fresh: fresh("joinRequest") },
  "GET /team_join_requests/:team_join_request_gid": { fresh: fresh("joinRequest") },
  "DELETE /team_join_requests/:team_join_request_gid": { fresh: fresh("joinRequest") },
  "POST /projects/:project_gid/project_statuses": { body: () => ({ title: "Weekly", color: "green" }) },
  "DELETE /project_statuses/:project_status_gid": { fresh: fresh("projectStatus") },
  "POST /projects/:project_gid/project_briefs": {
    body: () => ({ title: "Brief", text: "Why" }),
    fresh: fresh("project"),
  },
  "PUT /project_briefs/:project_brief_gid": { body: () => ({ title: "Renamed" }) },
  "GET /access_requests": { query: (f) => `target=${f.project}` },
  "POST /access_requests": { body: (f) => ({ target: f.project, message: "Please" }) },
  "POST /access_requests/:access_request_gid/approve": { fresh: fresh("accessRequest") },
  "POST /access_requests/:access_request_gid/reject": { fresh: fresh("accessRequest") },
  "DELETE /project_briefs/:project_brief_gid": { fresh: fresh("brief") },
  "GET /inbox/unread_count": { query: (f) => `workspace=${f.workspace}` },
  "POST /inbox/readAll": { body: (f) => ({ workspace: f.workspace }) },
  "GET /portfolios": { query: (f) => `workspace=${f.workspace}` },
  "POST /portfolios": { body: (f) => ({ workspace: f.workspace, name: "Clients" }) },
  "PUT /portfolios/:portfolio_gid": { body: () => ({ name: "Renamed" }) },
  "DELETE /portfolios/:portfolio_gid": { fresh: fresh("portfolio") },
  "POST /portfolios/:portfolio_gid/addItem": { body: (f) => ({ item: f.project }) },
  "POST /portfolios/:portfolio_gid/removeItem": { body: () => ({ item: UNKNOWN }) },
  "POST /portfolios/:portfolio_gid/addMembers": { body: (f) => ({ members: [f.memberUser] }) },
  "POST /portfolios/:portfolio_gid/removeMembers": { body: (f) => ({ members: [f.otherMemberUser] }) },
  "POST /portfolios/:portfolio_gid/addCustomFieldSetting": { body: (f) => ({ custom_field: f.customField }) },
  "POST /portfolios/:portfolio_gid/removeCustomFieldSetting": { body: () => ({ custom_field: UNKNOWN }) },
  "GET /portfolio_memberships": { query: (f) => `portfolio=${f.portfolio}` },
  "POST /portfolios/:portfolio_gid/duplicate": { body: () => ({ name: "Clients (copy)" }) },
  "PUT /project_portfolio_settings/:project_portfolio_setting_gid": {
    body: () => ({ is_access_control_inherited: false }),
  },
  "POST /goals/:goal_gid/stories": { body: () => ({ text: "On track" }) },
  "POST /goals/:goal_gid/addCustomFieldSetting": { body: (f) => ({ custom_field: f.customField }) },
  "POST /goals/:goal_gid/removeCustomFieldSetting": { body: () => ({ custom_field: UNKNOWN }) },
  "POST /exports/graph": { body: (f) => ({ parent: f.project }) },
  "POST /exports/resource": {
    body: (f) => ({ workspace: f.workspace, export_request_parameters: [{ resource_type: "team" }] }),
  },
  "GET /goals": { query: (f) => `workspace=${f.workspace}` },
  "POST /goals": { body: (f) => ({ workspace: f.workspace, name: "Grow" }) },
  "PUT /goals/:goal_gid": { body: () => ({ name: "Renamed" }) },
  "DELETE /goals/:goal_gid": { fresh: fresh("goal") },
  "POST /goals/:goal_gid/setMetric": { body: () => ({ target_number_value: 10 }) },
  "POST /goals/:goal_gid/setMetricCurrentValue": { body: () => ({ current_number_value: 3 }) },
  "POST /goals/:goal_gid/addFollowers": { body: (f) => ({ followers: [f.memberUser] }) },
  "POST /goals/:goal_gid/removeFollowers": { body: (f) => ({ followers: [f.adminUser] }) },
  "POST /goals/:goal_gid/addSupportingRelationship": { body: (f) => ({ supporting_resource: f.project }) },
  "POST /goals/:goal_gid/removeSupportingRelationship": { body: () => ({ supporting_resource: UNKNOWN }) },
  "POST /goals/:goal_gid/status_updates": { body: () => ({ status_type: "on_track", title: "Fine" }) },
  "GET /goal_relationships": { query: (f) => `supported_goal=${f.goal}` },
  "PUT /goal_relationships/:goal_relationship_gid": { body: () => ({ contribution_weight: 0.5 }) },
  "GET /time_periods": { query: (f) => `workspace=${f.workspace}` },
  "GET /time_tracking_categories": { query: (f) => `workspace=${f.workspace}` },
  "POST /time_tracking_categories": { body: (f) => ({ workspace: f.workspace, name: "Design" }) },
  "PUT /time_tracking_categories/:time_tracking_category_gid": { body: () => ({ name: "Renamed" }) },
  "DELETE /time_tracking_categories/:time_tracking_category_gid": { fresh: fresh("category") },
  "GET /rates": { query: (f) => `parent=${f.project}` },
  "POST /rates": { body: (f) => ({ parent: f.project, resource: f.adminUser, rate: 10 }) },
  "PUT /rates/:rate_gid": { body: () => ({ rate: 20 }) },
  "DELETE /rates/:rate_gid": { fresh: fresh("rate") },
  "GET /budgets": { query: (f) => `parent=${f.project}` },
  "POST /budgets": { body: (f) => ({ parent: f.project, budget_type: "time" }) },
  "PUT /budgets/:budget_gid": { body: () => ({ total: { value: 120 } }) },
  "DELETE /budgets/:budget_gid": { fresh: fresh("budget") },
  "GET /timesheet_approval_statuses": { query: (f) => `workspace=${f.workspace}` },
  "POST /timesheet_approval_statuses": { body: (f) => ({ workspace: f.workspace, start_date: "2030-03-04" }) },
  "PUT /timesheet_approval_statuses/:timesheet_approval_status_gid": { body: () => ({ approval_status: "SUBMITTED" }) },
  "GET /allocations": { query: (f) => `parent=${f.project}` },
  "POST /allocations": {
    body: (f) => ({ parent: f.project, assignee: f.memberUser, start_date: "2030-01-07", end_date: "2030-01-11" }),
  },
  "PUT /allocations/:allocation_gid": { body: () => ({ end_date: "2030-01-18" }) },
  "DELETE /allocations/:allocation_gid": { fresh: fresh("allocation") },
  "GET /workspaces/:workspace_gid/billing": { query: () => "month=2030-01" },
  "GET /workspaces/:workspace_gid/billing.csv": { query: () => "month=2030-01" },
  "PUT /workspaces/:workspace_gid/people/:user_gid": { body: () => ({ role: "member" }), fresh: fresh("person") },
  "POST /workspaces/:workspace_gid/people/:user_gid/deactivate": { body: () => ({}), fresh: fresh("person") },
  "POST /workspaces/:workspace_gid/people/:user_gid/reactivate": { fresh: fresh("person") },
  "POST /projects/:project_gid/setStage": { body: () => ({ section: null }) },
  "POST /trash/:resource_gid/restore": { fresh: fresh("trashed") },
};

// "METHOD /path": the status each caller gets — admin member otherMember guest otherGuest anon.
const EXPECTED: Record<string, string> = {
  "GET /admin/jobs": "200 403 403 403 403 401",
  "POST /admin/jobs/:job_gid/retry": "404 403 403 403 403 401",
  // No SMTP server in this suite: the admin is told so (400); admin-email.test.ts sends through a real one.
  "GET /admin/email": "200 403 403 403 403 401",
  "POST /admin/email/test": "400 403 403 403 403 401",
  "GET /setup": "200 200 200 200 200 200",
  "GET /openapi.json": "200 200 200 200 200 200",
  "GET /docs": "200 200 200 200 200 200",
  "GET /docs/:file": "200 200 200 200 200 200",
  "POST /setup": "400 400 400 400 400 400",
  "POST /auth/login": "400 400 400 400 400 400",
  "POST /auth/logout": "200 200 200 200 200 200",
  "GET /personal_access_tokens": "200 200 200 200 200 401",
  "POST /personal_access_tokens": "400 400 400 400 400 401",
  "POST /auth/signup": "400 400 400 400 400 400",
  "POST /auth/password_reset": "400 400 400 400 400 400",
  "POST /auth/password_reset/confirm": "400 400 400 400 400 400",
  "PUT /users/me/password": "400 400 400 400 400 401",
  "GET /workspaces/:workspace_gid/audit_log_events": "200 403 403 403 403 401",
  "GET /realtime": "101 101 101 101 101 401",
  "GET /users/:user_gid": "200 200 200 200 404 401",
  "PUT /users/:user_gid": "400 200 400 400 404 401",
  "GET /users": "200 200 200 403 403 401",
  "GET /workspaces/:workspace_gid/users": "200 200 200 403 403 401",
  "GET /workspaces": "200 200 200 200 200 401",
  "GET /workspaces/:workspace_gid": "200 200 200 200 200 401",
  "PUT /workspaces/:workspace_gid": "400 403 403 403 403 401",
  "POST /workspaces/:workspace_gid/addUser": "400 403 403 403 403 401",
  "POST /workspaces/:workspace_gid/removeUser": "400 403 403 403 403 401",
  "GET /teams/:team_gid": "200 200 200 404 404 401",
  "POST /teams": "400 400 400 400 400 401",
  "PUT /teams/:team_gid": "200 403 403 404 404 401",
  "GET /workspaces/:workspace_gid/teams": "200 200 200 403 403 401",
  "GET /users/:user_gid/teams": "400 400 400 400 400 401",
  "GET /teams/:team_gid/users": "200 200 200 404 404 401",
  "POST /teams/:team_gid/addUser": "400 400 400 404 404 401",
  "POST /teams/:team_gid/removeUser": "400 400 400 404 404 401",
  "GET /teams/:team_gid/team_memberships": "200 200 200 404 404 401",
  "GET /team_memberships": "400 400 400 400 400 401",
  "GET /team_memberships/:team_membership_gid": "200 200 200 404 404 401",
  "POST /teams/:team_gid/join_requests": "400 400 400 404 404 401",
  "GET /teams/:team_gid/join_requests": "200 200 200 404 404 401",
  "POST /team_join_requests/:team_join_request_gid/approve": "200 403 403 404 404 401",
  "POST /team_join_requests/:team_join_request_gid/decline": "200 403 403 404 404 401",
  // Who asked to join is the requester's and the answerers' business: to other members it does not exist.
  "GET /team_join_requests/:team_join_request_gid": "200 404 200 404 404 401",
  "DELETE /team_join_requests/:team_join_request_gid": "200 403 200 404 404 401",
  "GET /projects": "200 200 200 200 200 401",
  "GET /workspaces/:workspace_gid/projects": "200 200 200 200 200 401",
  "GET /teams/:team_gid/projects": "200 200 200 404 404 401",
  "POST /projects": "400 400 400 400 400 401",
  "POST /workspaces/:workspace_gid/projects": "400 400 400 400 400 401",
  "POST /teams/:team_gid/projects": "400 400 400 404 404 401",
  "GET /projects/:project_gid": "200 200 404 200 404 401",
  "PUT /projects/:project_gid": "200 200 404 403 404 401",
  "POST /projects/:project_gid/addMembers": "400 400 400 400 400 400",
  "POST /projects/:project_gid/removeMembers": "400 400 400 400 400 400",
  "POST /projects/:project_gid/addFollowers": "400 400 400 400 400 400",
  "POST /projects/:project_gid/removeFollowers": "400 400 400 400 400 400",
  "GET /projects/:project_gid/project_memberships": "200 200 404 200 404 401",
  "GET /project_memberships/:membership_gid": "200 200 404 200 404 401",
  "PUT /project_memberships/:membership_gid": "400 400 400 400 400 401",
  "GET /projects/:project_gid/task_counts": "200 200 404 200 404 401",
  "GET /projects/:project_gid/sections": "200 200 404 200 404 401",
  "POST /projects/:project_gid/sections": "201 201 404 403 404 401",
  "GET /sections/:section_gid": "200 200 404 200 404 401",
  "PUT /sections/:section_gid": "200 200 404 403 404 401",
  "POST /projects/:project_gid/sections/insert": "400 400 400 400 400 401",
  "POST /tasks": "201 201 404 403 404 401",
  "POST /tasks/:task_gid/subtasks": "201 201 404 403 404 401",
  "GET /tasks": "200 200 404 200 404 401",
  "GET /projects/:project_gid/tasks": "200 200 404 200 404 401",
  "GET /sections/:section_gid/tasks": "200 200 404 200 404 401",
  "GET /tasks/:task_gid": "200 200 404 200 404 401",
  "PUT /tasks/:task_gid": "200 200 404 403 404 401",
  "GET /tasks/:task_gid/subtasks": "200 200 404 200 404 401",
  "POST /tasks/:task_gid/setParent": "400 400 400 400 400 401",
  "GET /tasks/:task_gid/dependencies": "200 200 404 200 404 401",
  "GET /tasks/:task_gid/dependents": "200 200 404 200 404 401",
  "POST /tasks/:task_gid/addDependencies": "400 400 400 400 400 401",
  "POST /tasks/:task_gid/removeDependencies": "400 400 400 400 400 401",
  "POST /tasks/:task_gid/addDependents": "400 400 400 400 400 401",
  "POST /tasks/:task_gid/removeDependents": "400 400 400 400 400 401",
  "POST /tasks/:task_gid/addProject": "400 400 400 400 400 401",
  "POST /tasks/:task_gid/removeProject": "400 400 400 400 400 401",
  "POST /sections/:section_gid/addTask": "400 400 400 400 400 401",
  "POST /tasks/:task_gid/addFollowers": "400 400 400 400 400 401",
  "POST /tasks/:task_gid/removeFollowers": "400 400 400 400 400 401",
  "POST /tasks/:task_gid/duplicate": "400 400 400 400 400 401",
  "GET /tasks/:task_gid/stories": "200 200 404 200 404 401",
  "POST /tasks/:task_gid/stories": "201 201 404 201 404 401",
  "GET /stories/:story_gid": "200 200 404 200 404 401",
  "PUT /stories/:story_gid": "403 200 404 403 404 401",
  "POST /stories/:story_gid/addLike": "200 200 404 200 404 401",
  "POST /stories/:story_gid/removeLike": "200 200 404 200 404 401",
  "GET /stories/:story_gid/edits": "200 200 404 200 404 401",
  "GET /users/:user_gid/user_task_list": "400 400 400 400 400 401",
  "GET /user_task_lists/:list_gid": "403 200 403 403 404 401",
  "GET /user_task_lists/:list_gid/tasks": "403 200 403 403 404 401",
  "GET /events": "412 412 404 412 404 401",
  "POST /webhooks": "400 400 400 400 400 401",
  "GET /webhooks": "200 200 200 200 200 401",
  "GET /workspaces/:workspace_gid/webhooks": "200 200 200 200 200 401",
  "GET /webhooks/:webhook_gid": "200 200 404 404 404 401",
  "PUT /webhooks/:webhook_gid": "400 400 404 404 404 401",
  "GET /webhooks/:webhook_gid/deliveries": "200 200 404 404 404 401",
  "POST /webhooks/:webhook_gid/deliveries/:delivery_gid/redeliver": "404 404 404 404 404 401",
  "POST /invitations": "400 400 400 400 400 401",
  "GET /invitations": "200 200 200 403 403 401",
  "GET /invitations/:invitation_gid": "200 403 403 404 404 401",
  "POST /invitations/:invitation_gid/resend": "200 403 403 404 404 401",
  "GET /invitations/accept/:token": "404 404 404 404 404 404",
  "POST /invitations/accept/:token": "400 400 400 400 400 400",
  "POST /attachments": "400 400 400 400 400 401",
  "GET /attachments/:attachment_gid": "200 200 404 200 404 401",
  "GET /attachments": "200 200 404 200 404 401",
  "GET /tasks/:task_gid/attachments": "200 200 404 200 404 401",
  "GET /attachments/:attachment_gid/download": "200 200 404 200 404 401",
  "POST /custom_fields": "400 400 400 400 400 401",
  "GET /custom_fields/:custom_field_gid": "200 200 200 404 404 401",
  "PUT /custom_fields/:custom_field_gid": "200 200 200 404 404 401",
  "GET /workspaces/:workspace_gid/custom_fields": "200 200 200 403 403 401",
  "POST /custom_fields/:custom_field_gid/enum_options": "400 400 400 400 400 401",
  "POST /custom_fields/:custom_field_gid/enum_options/insert": "400 400 400 400 400 401",
  "PUT /enum_options/:enum_option_gid": "200 200 200 404 404 401",
  "GET /projects/:project_gid/custom_field_settings": "200 200 404 200 404 401",
  "POST /projects/:project_gid/addCustomFieldSetting": "400 400 400 400 400 401",
  "POST /projects/:project_gid/removeCustomFieldSetting": "400 400 400 400 400 401",
  "POST /tasks/:task_gid/custom_fields/:custom_field_gid/reveal": "400 400 404 403 404 401",
  "POST /tags": "400 400 400 400 400 401",
  "POST /workspaces/:workspace_gid/tags": "400 400 400 400 400 401",
  "GET /tags": "200 200 200 403 403 401",
  "GET /workspaces/:workspace_gid/tags": "200 200 200 403 403 401",
  "GET /tags/:tag_gid": "200 200 200 404 404 401",
  "PUT /tags/:tag_gid": "200 200 200 404 404 401",
  "GET /tags/:tag_gid/tasks": "200 200 200 404 404 401",
  "GET /tasks/:task_gid/tags": "200 200 404 200 404 401",
  "POST /tasks/:task_gid/addTag": "400 400 400 400 400 401",
  "POST /tasks/:task_gid/removeTag": "400 400 400 400 400 401",
  "GET /workspaces/:workspace_gid/tasks/search": "200 200 200 200 200 401",
  "GET /workspaces/:workspace_gid/tasks/custom_id/:custom_id": "200 200 404 200 404 401",
  "GET /ooo_entries": "200 200 200 403 403 401",
  "POST /ooo_entries": "201 201 403 403 403 401",
  "GET /ooo_entries/:ooo_entry_gid": "200 200 200 404 404 401",
  "PUT /ooo_entries/:ooo_entry_gid": "200 200 403 404 404 401",
  "DELETE /ooo_entries/:ooo_entry_gid": "200 200 403 404 404 401",
  "GET /workspaces/:workspace_gid/typeahead": "200 200 200 200 200 401",
  "GET /workspaces/:workspace_gid/crm_intakes": "200 403 403 403 403 401",
  "POST /workspaces/:workspace_gid/crm_intakes": "201 403 403 403 403 401",
  "POST /workspaces/:workspace_gid/imports": "400 400 400 403 403 401",
  "POST /workspaces/:workspace_gid/imports/preview": "400 400 400 403 403 401",
  "POST /workspaces/:workspace_gid/merge_people": "400 400 400 400 400 401",
  "GET /imports/:import_gid": "404 404 404 404 404 401",
  "GET /projects/:project_gid/export.csv": "200 200 404 200 404 401",
  "GET /projects/:project_gid/export.json": "200 200 404 200 404 401",
  "POST /workspaces/:workspace_gid/export": "201 403 403 403 403 401",
  "GET /workspace_exports/:export_gid": "404 404 404 404 404 401",
  "GET /workspace_exports/:export_gid/download": "404 404 404 404 404 401",
  "GET /crm_intakes/:crm_intake_gid": "200 403 403 403 403 401",
  "PUT /crm_intakes/:crm_intake_gid": "200 403 403 403 403 401",
  "GET /crm_intakes/:crm_intake_gid/log": "200 403 403 403 403 401",
  "POST /crm_intakes/:crm_intake_gid/rotate": "200 403 403 403 403 401",
  "POST /crm/intake/:token": "404 404 404 404 404 404",
  "GET /tasks/:task_gid/time_tracking_entries": "200 200 404 200 404 401",
  "POST /tasks/:task_gid/time_tracking_entries": "201 201 404 201 404 401",
  "GET /time_tracking_entries/:time_tracking_entry_gid": "200 200 404 200 404 401",
  "PUT /time_tracking_entries/:time_tracking_entry_gid": "200 200 404 403 404 401",
  "GET /timer": "200 200 200 200 200 401",
  "POST /tasks/:task_gid/timer/start": "200 200 404 200 404 401",
  "POST /timer/stop": "200 200 404 200 404 401",
  "GET /workspaces/:workspace_gid/timesheet": "200 200 200 200 200 401",
  "POST /projects/:project_gid/scrum": "400 400 400 400 400 401",
  "GET /projects/:project_gid/sprints": "200 200 404 200 404 401",
  "POST /projects/:project_gid/sprints": "400 400 400 400 400 401",
  "GET /sprints/:sprint_gid": "200 200 404 200 404 401",
  "PUT /sprints/:sprint_gid": "200 200 404 403 404 401",
  "GET /sprints/:sprint_gid/tasks": "200 200 404 200 404 401",
  "POST /sprints/:sprint_gid/addTask": "400 400 400 400 400 401",
  "POST /sprints/:sprint_gid/removeTask": "400 400 400 400 400 401",
  "POST /sprints/:sprint_gid/start": "200 400 404 403 404 401",
  "POST /sprints/:sprint_gid/complete": "400 400 400 400 400 401",
  "GET /sprints/:sprint_gid/burndown": "200 200 404 200 404 401",
  "GET /sprints/:sprint_gid/report": "200 200 404 200 404 401",
  "GET /projects/:project_gid/backlog": "200 200 404 200 404 401",
  "POST /projects/:project_gid/backlog/insert": "400 400 400 400 400 401",
  "GET /projects/:project_gid/velocity": "200 200 404 200 404 401",
  "GET /projects/:project_gid/cumulative_flow": "200 200 404 200 404 401",
  "GET /workspaces/:workspace_gid/people_report": "200 403 403 403 403 401",
  "GET /workspaces/:workspace_gid/workload": "200 200 200 403 403 401",
  "PUT /workspaces/:workspace_gid/capacity": "400 400 400 400 400 401",
  "GET /project_templates": "400 400 400 400 400 401",
  "GET /teams/:team_gid/project_templates": "200 200 200 404 404 401",
  "GET /project_templates/:gid": "404 404 404 404 404 401",
  "POST /projects/:project_gid/saveAsTemplate": "400 400 400 400 400 401",
  "POST /project_templates/:gid/instantiateProject": "400 400 400 400 400 401",
  "GET /jobs/:gid": "404 404 404 404 404 401",
  "GET /task_templates": "400 400 400 400 400 401",
  "GET /task_templates/:gid": "404 404 404 404 404 401",
  "POST /task_templates": "400 400 400 400 400 401",
  "POST /task_templates/:gid/instantiateTask": "404 404 404 404 404 401",
  "POST /sections/:section_gid/setDefaultTemplate": "400 400 400 400 400 401",
  "GET /rules": "400 400 400 400 400 401",
  "POST /rules": "400 400 400 400 400 401",
  "GET /rules/:gid": "404 404 404 404 404 401",
  "PUT /rules/:gid": "404 404 404 404 404 401",
  "GET /rules/:gid/runs": "404 404 404 404 404 401",
  "POST /rule_triggers/:gid/run": "400 400 400 400 400 401",
  "GET /workspaces/:workspace_gid/guest_home": "200 200 200 200 200 401",
  "GET /workspaces/:workspace_gid/people": "200 200 200 403 403 401",
  "PUT /workspaces/:workspace_gid/people/:user_gid": "200 403 403 403 403 401",
  "POST /workspaces/:workspace_gid/people/:user_gid/deactivate": "200 403 403 403 403 401",
  "POST /workspaces/:workspace_gid/people/:user_gid/reactivate": "400 403 403 403 403 401",
  "GET /projects/:project_gid/stage": "200 200 404 200 404 401",
  "POST /projects/:project_gid/setStage": "200 200 404 403 404 401",
  "GET /workspaces/:workspace_gid/trash": "200 200 200 200 200 401",
  "POST /trash/:resource_gid/restore": "200 404 404 404 404 401",
  "GET /status_updates": "200 200 404 200 404 401",
  "POST /status_updates": "201 201 404 403 404 401",
  "GET /status_updates/:status_update_gid": "200 200 404 200 404 401",
  "POST /tasks/:task_gid/approve": "200 200 404 200 404 401",
  "POST /tasks/:task_gid/requestChanges": "200 200 404 200 404 401",
  "POST /tasks/:task_gid/reject": "200 200 404 200 404 401",
  "GET /projects/:project_gid/forms": "200 200 404 200 404 401",
  "POST /projects/:project_gid/forms": "201 201 404 403 404 401",
  "GET /forms/:form_gid": "200 200 404 200 404 401",
  "PUT /forms/:form_gid": "200 200 404 403 404 401",
  "GET /forms/:form_gid/public": "200 200 404 200 404 401",
  "POST /forms/:form_gid/submit": "400 400 404 400 404 401",
  "GET /inbox": "200 200 200 200 200 401",
  "GET /inbox/unread_count": "200 200 200 200 200 401",
  "POST /inbox/readAll": "200 200 200 200 200 401",
  "POST /inbox/:notification_gid/read": "404 200 404 404 404 401",
  "POST /inbox/:notification_gid/archive": "404 200 404 404 404 401",
  "POST /inbox/:notification_gid/unarchive": "404 200 404 404 404 401",
  "DELETE /personal_access_tokens/:token_gid": "200 404 404 404 404 401",
  "DELETE /projects/:project_gid": "200 403 404 403 404 401",
  "DELETE /sections/:section_gid": "200 200 404 403 404 401",
  "DELETE /tasks/:task_gid": "200 200 404 403 404 401",
  "DELETE /stories/:story_gid": "200 200 404 403 404 401",
  "DELETE /webhooks/:webhook_gid": "200 404 404 404 404 401",
  "DELETE /invitations/:invitation_gid": "200 403 403 404 404 401",
  "DELETE /attachments/:attachment_gid": "200 200 404 403 404 401",
  "DELETE /custom_fields/:custom_field_gid": "200 404 404 404 404 401",
  "DELETE /tags/:tag_gid": "200 200 200 404 404 401",
  "DELETE /sprints/:sprint_gid": "400 400 404 403 404 401",
  "DELETE /project_templates/:gid": "404 404 404 404 404 401",
  "DELETE /task_templates/:gid": "404 404 404 404 404 401",
  "DELETE /rules/:gid": "404 404 404 404 404 401",
  "DELETE /status_updates/:status_update_gid": "200 200 404 403 404 401",
  "DELETE /forms/:form_gid": "200 200 404 403 404 401",
  "DELETE /crm_intakes/:crm_intake_gid": "200 403 403 403 403 401",
  "DELETE /time_tracking_entries/:time_tracking_entry_gid": "200 200 404 403 404 401",
  "GET /time_tracking_categories": "200 200 200 403 403 401",
  "POST /time_tracking_categories": "201 403 403 403 403 401",
  "GET /time_tracking_categories/:time_tracking_category_gid": "200 200 200 404 404 401",
  "PUT /time_tracking_categories/:time_tracking_category_gid": "200 403 403 404 404 401",
  "GET /time_tracking_categories/:time_tracking_category_gid/time_tracking_entries": "200 200 200 404 404 401",
  "GET /rates": "200 403 404 403 404 401",
  "POST /rates": "201 403 404 403 404 401",
  "GET /rates/:rate_gid": "200 403 403 404 404 401",
  "PUT /rates/:rate_gid": "200 403 403 404 404 401",
  "GET /budgets": "200 200 404 403 404 401",
  "POST /budgets": "400 403 404 403 404 401",
  "GET /budgets/:budget_gid": "200 200 404 403 404 401",
  "PUT /budgets/:budget_gid": "200 403 404 403 404 401",
  "GET /timesheet_approval_statuses": "200 200 200 403 403 401",
  "POST /timesheet_approval_statuses": "201 201 201 403 403 401",
  "GET /timesheet_approval_statuses/:timesheet_approval_status_gid": "200 200 404 404 404 401",
  "PUT /timesheet_approval_statuses/:timesheet_approval_status_gid": "200 200 404 404 404 401",
  "GET /allocations": "200 200 404 404 404 401",
  "POST /allocations": "201 201 404 403 404 401",
  "GET /allocations/:allocation_gid": "200 200 404 404 404 401",
  "PUT /allocations/:allocation_gid": "200 200 404 403 404 401",
  "GET /workspaces/:workspace_gid/billing": "200 403 403 403 403 401",
  "GET /workspaces/:workspace_gid/billing.csv": "200 403 403 403 403 401",
  "GET /portfolios": "200 200 200 200 200 401",
  "POST /portfolios": "201 201 201 403 403 401",
  "GET /portfolios/:portfolio_gid": "200 200 404 404 404 401",
  "PUT /portfolios/:portfolio_gid": "200 200 404 404 404 401",
  "GET /portfolios/:portfolio_gid/items": "200 200 404 404 404 401",
  "POST /portfolios/:portfolio_gid/addItem": "200 200 404 404 404 401",
  "POST /portfolios/:portfolio_gid/removeItem": "200 200 404 404 404 401",
  "POST /portfolios/:portfolio_gid/addMembers": "200 403 404 404 404 401",
  "POST /portfolios/:portfolio_gid/removeMembers": "200 403 404 404 404 401",
  "GET /portfolios/:portfolio_gid/portfolio_memberships": "200 200 404 404 404 401",
  "GET /portfolio_memberships": "200 200 404 404 404 401",
  "GET /portfolio_memberships/:portfolio_membership_gid": "200 200 404 404 404 401",
  "GET /portfolios/:portfolio_gid/custom_field_settings": "200 200 404 404 404 401",
  "POST /portfolios/:portfolio_gid/addCustomFieldSetting": "200 200 404 404 404 401",
  "POST /portfolios/:portfolio_gid/removeCustomFieldSetting": "404 404 404 404 404 401",
  "POST /portfolios/:portfolio_gid/duplicate": "201 201 404 404 404 401",
  "GET /portfolios/:portfolio_gid/project_portfolio_settings": "200 200 404 404 404 401",
  "GET /projects/:project_gid/project_portfolio_settings": "200 200 404 200 404 401",
  "GET /project_portfolio_settings/:project_portfolio_setting_gid": "200 200 404 404 404 401",
  "PUT /project_portfolio_settings/:project_portfolio_setting_gid": "200 403 404 404 404 401",
  "GET /goals/:goal_gid/stories": "200 200 404 404 404 401",
  "POST /goals/:goal_gid/stories": "201 201 404 404 404 401",
  "POST /goals/:goal_gid/addCustomFieldSetting": "200 403 404 404 404 401",
  "POST /goals/:goal_gid/removeCustomFieldSetting": "404 403 404 404 404 401",
  "POST /exports/graph": "201 201 404 201 404 401",
  "POST /exports/resource": "201 403 403 403 403 401",
  "GET /exports/:export_gid/download": "404 404 404 404 404 401",
  "GET /goals": "200 200 200 200 200 401",
  "POST /goals": "201 201 201 403 403 401",
  "GET /goals/:goal_gid": "200 200 404 404 404 401",
  "GET /goals/:goal_gid/custom_field_settings": "200 200 404 404 404 401",
  "PUT /goals/:goal_gid": "200 403 404 404 404 401",
  "POST /goals/:goal_gid/setMetric": "200 403 404 404 404 401",
  "POST /goals/:goal_gid/setMetricCurrentValue": "200 403 404 404 404 401",
  "POST /goals/:goal_gid/addFollowers": "200 200 404 404 404 401",
  "POST /goals/:goal_gid/removeFollowers": "200 403 404 404 404 401",
  "GET /goals/:goal_gid/parentGoals": "200 200 404 404 404 401",
  "POST /goals/:goal_gid/addSupportingRelationship": "200 403 404 404 404 401",
  "POST /goals/:goal_gid/removeSupportingRelationship": "200 403 404 404 404 401",
  "GET /goal_relationships": "200 200 404 404 404 401",
  "GET /goal_relationships/:goal_relationship_gid": "200 200 404 404 404 401",
  "PUT /goal_relationships/:goal_relationship_gid": "200 403 404 404 404 401",
  "GET /goals/:goal_gid/status_updates": "200 200 404 404 404 401",
  "POST /goals/:goal_gid/status_updates": "201 403 404 404 404 401",
  "GET /time_periods": "200 200 200 403 403 401",
  "GET /time_periods/:time_period_gid": "200 200 200 404 404 401",
  "DELETE /time_tracking_categories/:time_tracking_category_gid": "200 403 403 404 404 401",
  "DELETE /rates/:rate_gid": "200 403 403 404 404 401",
  "DELETE /budgets/:budget_gid": "200 403 404 403 404 401",
  "DELETE /allocations/:allocation_gid": "200 200 404 403 404 401",
  "DELETE /portfolios/:portfolio_gid": "200 404 404 404 404 401",
  "DELETE /goals/:goal_gid": "200 403 403 404 404 401",
  // Asana parity, second wave.
  "GET /access_requests": "200 403 404 403 404 401",
  "POST /access_requests": "201 201 201 404 404 401",
  "POST /access_requests/:access_request_gid/approve": "200 404 404 404 404 401",
  "POST /access_requests/:access_request_gid/reject": "200 404 404 404 404 401",
  "POST /projects/:project_gid/project_briefs": "201 201 404 403 404 401",
  "GET /project_briefs/:project_brief_gid": "200 200 404 200 404 401",
  "PUT /project_briefs/:project_brief_gid": "200 200 404 403 404 401",
  "DELETE /project_briefs/:project_brief_gid": "200 200 404 403 404 401",
  "POST /batch": "200 200 200 200 200 401",
  "GET /memberships": "200 200 404 200 404 401",
  "POST /memberships": "201 201 404 403 404 401",
  "GET /memberships/:membership_gid": "200 200 404 200 404 401",
  "PUT /memberships/:membership_gid": "200 403 404 403 404 401",
  "GET /workspace_memberships/:workspace_membership_gid": "200 200 200 404 404 401",
  "GET /users/:user_gid/workspace_memberships": "200 200 200 200 404 401",
  "GET /workspaces/:workspace_gid/workspace_memberships": "200 200 200 200 200 401",
  "GET /workspaces/:workspace_gid/users/:user_gid": "200 200 200 200 404 401",
  "PUT /workspaces/:workspace_gid/users/:user_gid": "200 200 200 200 404 401",
  "GET /users/:user_gid/favorites": "403 200 403 403 404 401",
  "GET /users/:user_gid/team_memberships": "200 200 200 403 403 401",
  "GET /workspaces/:workspace_gid/projects/search": "200 200 200 200 200 401",
  "GET /tasks/:task_gid/projects": "200 200 404 200 404 401",
  "POST /projects/:project_gid/duplicate": "201 201 404 403 404 401",
  "GET /reactions": "200 200 404 200 404 401",
  "GET /workspaces/:workspace_gid/events": "412 412 412 404 404 401",
  "GET /teams/:team_gid/custom_field_settings": "200 200 200 404 404 401",
  "GET /projects/:project_gid/project_statuses": "200 200 404 200 404 401",
  "POST /projects/:project_gid/project_statuses": "201 201 404 403 404 401",
  "GET /project_statuses/:project_status_gid": "200 200 404 200 404 401",
  "GET /time_tracking_entries": "200 200 200 200 200 401",
  "DELETE /memberships/:membership_gid": "200 403 404 403 404 401",
  "DELETE /project_statuses/:project_status_gid": "200 200 404 403 404 401",
};

type Fixture = Record<string, string>;
let t: TestApp;
const fx: Fixture = {};
const users = {} as Record<Exclude<Caller, "anon">, TestUser>;
const RECORD = process.env.TAKT_AUTHZ_RECORD === "1";

// A placeholder for objects this fixture does not build: an unknown id, which must answer 404 (or 401/400).
const UNKNOWN = "1";

function paramValue(route: string, param: string): string {
  if (param === "gid") {
    if (route.includes("/project_templates/")) return fx.project_template ?? UNKNOWN;
    if (route.includes("/task_templates/")) return fx.task_template ?? UNKNOWN;
    if (route.includes("/rules/")) return fx.rule ?? UNKNOWN;
    return UNKNOWN;
  }
  const named: Record<string, string | undefined> = {
    workspace_gid: fx.workspace,
    project_gid: fx.project,
    section_gid: fx.section,
    task_gid: fx.task,
    story_gid: fx.story,
    user_gid: fx.memberUser,
    team_gid: fx.team,
    team_membership_gid: fx.teamMembership,
    membership_gid: fx.projectMembership,
    list_gid: fx.userTaskList,
    webhook_gid: fx.webhook,
    delivery_gid: UNKNOWN,
    job_gid: UNKNOWN,
    invitation_gid: fx.invitation,
    token: "not-a-real-token",
    file: "swagger-ui.css",
    token_gid: fx.accessToken,
    attachment_gid: fx.attachment,
    custom_field_gid: fx.customField,
    enum_option_gid: fx.enumOption,
    tag_gid: fx.tag,
    sprint_gid: fx.sprint,
    status_update_gid: fx.statusUpdate,
    project_status_gid: fx.statusUpdate,
    project_brief_gid: fx.projectBrief,
    access_request_gid: UNKNOWN,
    workspace_membership_gid: fx.workspaceMembership,
    form_gid: fx.form,
    notification_gid: fx.notification,
    time_tracking_entry_gid: fx.timeEntry,
    crm_intake_gid: fx.crmIntake,
    import_gid: UNKNOWN,
    export_gid: UNKNOWN,
    portfolio_gid: fx.portfolio,
    portfolio_membership_gid: fx.portfolioMembership,
    project_portfolio_setting_gid: fx.projectPortfolioSetting,
    goal_gid: fx.goal,
    goal_relationship_gid: fx.goalRelationship,
    time_period_gid: fx.timePeriod,
    time_tracking_category_gid: fx.category,
    rate_gid: fx.rate,
    budget_gid: fx.budget,
    timesheet_approval_status_gid: fx.timesheetApproval,
    allocation_gid: fx.allocation,
    custom_id: fx.customId,
    ooo_entry_gid: fx.oooEntry,
    team_join_request_gid: UNKNOWN,
  };
  if (!(param in named)) throw new Error(`${route}: no fixture for :${param}; add it to paramValue()`);
  return named[param] ?? UNKNOWN;
}

async function createProject(name: string, privacy: "private" | "public_to_workspace" = "private") {
  return makeProject(t, fx.workspace, {
    name,
    privacy,
    owner: users.admin,
    members: [
      { user: users.admin, access: "admin" },
      { user: users.member, access: "editor" },
      { user: users.guest, access: "commenter" },
    ],
    sections: ["Onboarding", "In work", "Done"],
  });
}

async function post(user: TestUser, path: string, data: unknown): Promise<string | undefined> {
  const answer = await client(t, user.token).post(path, data);
  if (answer.status >= 300) {
    if (RECORD) console.warn(`fixture: POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return undefined;
  }
  return answer.body?.data?.gid;
}

beforeAll(async () => {
  t = await startTestApp();
  const workspace = await makeWorkspace(t, "Matrix Agency");
  fx.workspace = workspace.gid;
  users.admin = await makeUser(t, fx.workspace, "admin", "Ada Admin");
  users.member = await makeUser(t, fx.workspace, "member", "Mia Member");
  users.otherMember = await makeUser(t, fx.workspace, "member", "Otto Other");
  users.guest = await makeUser(t, fx.workspace, "guest", "Gina Guest");
  users.otherGuest = await makeUser(t, fx.workspace, "guest", "Olga Otherguest");
  fx.memberUser = users.member.gid;
  const team = await makeTeam(t, fx.workspace, "Production", [users.admin, users.member]);
  fx.team = team.gid;
  const project = await createProject("Client P");
  fx.project = project.gid;
  fx.section = project.sections[0].gid;
  await makeProject(t, fx.workspace, {
    name: "Client Q",
    privacy: "private",
    members: [
      { user: users.otherMember, access: "editor" },
      { user: users.otherGuest, access: "commenter" },
    ],
  });
  fx.task =
    (await post(users.member, "/tasks", { name: "Design", projects: [fx.project], assignee: users.member.gid })) ??
    UNKNOWN;
  fx.approvalTask =
    (await post(users.member, "/tasks", {
      name: "Approve design",
      resource_subtype: "approval",
      assignee: users.guest.gid,
      projects: [fx.project],
    })) ?? UNKNOWN;
  fx.story = (await post(users.member, `/tasks/${fx.task}/stories`, { text: "First draft attached" })) ?? UNKNOWN;
  fx.statusUpdate =
    (await post(users.member, "/status_updates", {
      parent: fx.project,
      status_type: "on_track",
      title: "Going well",
    })) ?? UNKNOWN;
  fx.form =
    (await post(users.member, `/projects/${fx.project}/forms`, {
      title: "Re-order",
      fields: [{ key: "product", label: "Product", type: "text", required: true, maps_to: "name" }],
    })) ?? UNKNOWN;
  fx.invitation =
    (await post(users.admin, "/invitations", {
      email: "invitee@example.test",
      role: "guest",
      workspace: fx.workspace,
      project: fx.project,
      access_level: "commenter",
    })) ?? UNKNOWN;
  fx.customField =
    (await post(users.admin, "/custom_fields", {
      workspace: fx.workspace,
      name: "Budget",
      resource_subtype: "number",
    })) ?? UNKNOWN;
  const enumField = await client(t, users.admin.token).post("/custom_fields", {
    workspace: fx.workspace,
    name: "Priority",
    resource_subtype: "enum",
    enum_options: [{ name: "High" }],
  });
  fx.enumOption = enumField.body?.data?.enum_options?.[0]?.gid ?? UNKNOWN;
  fx.oooEntry =
    (await post(users.member, "/ooo_entries", {
      user: users.member.gid,
      workspace: fx.workspace,
      start_date: "2031-06-01",
      end_date: "2031-06-14",
    })) ?? UNKNOWN;
  // A custom ID field on P numbers P's task: GET …/tasks/custom_id/{id} finds it for those who see the task.
  const idField = await post(users.admin, "/custom_fields", {
    workspace: fx.workspace,
    name: "Ticket",
    resource_subtype: "number",
    id_prefix: "MX",
  });
  await client(t, users.admin.token).post(`/projects/${fx.project}/addCustomFieldSetting`, { custom_field: idField });
  const numbered = await client(t, users.admin.token).get(`/tasks/${fx.task}?opt_fields=custom_fields.display_value`);
  fx.customId =
    numbered.body?.data?.custom_fields?.find((value: { gid: string }) => value.gid === idField)?.display_value ??
    UNKNOWN;
  fx.tag = (await post(users.member, "/tags", { workspace: fx.workspace, name: "Urgent" })) ?? UNKNOWN;
  await client(t, users.member.token).post(`/projects/${fx.project}/scrum`, { scrum_enabled: true });
  fx.sprint = (await post(users.member, `/projects/${fx.project}/sprints`, { name: "Sprint 1" })) ?? UNKNOWN;

  const db = t.handle.db;
  const now = new Date().toISOString();
  const membership = await db
    .selectFrom("project_memberships")
    .select("gid")
    .where("project_gid", "=", Number(fx.project))
    .where("user_gid", "=", Number(users.guest.gid))
    .executeTakeFirstOrThrow();
  fx.projectMembership = String(membership.gid);
  const workspaceMembership = await db
    .selectFrom("workspace_memberships")
    .select("gid")
    .where("workspace_gid", "=", Number(fx.workspace))
    .where("user_gid", "=", Number(users.member.gid))
    .executeTakeFirstOrThrow();
  fx.workspaceMembership = String(workspaceMembership.gid);
  fx.projectBrief =
    (await post(users.member, `/projects/${fx.project}/project_briefs`, { title: "Brief", text: "Goals" })) ?? UNKNOWN;
  // A workspace member outside every project, whom POST /memberships adds to P.
  fx.spareUser = (await makeUser(t, fx.workspace, "member", "Spare")).gid;
  const teamMembership = await db
    .selectFrom("team_memberships")
    .select("gid")
    .where("team_gid", "=", Number(fx.team))
    .executeTakeFirstOrThrow();
  fx.teamMembership = String(teamMembership.gid);
  const list = await client(t, users.member.token).get(`/users/me/user_task_list?workspace=${fx.workspace}`);
  fx.userTaskList = list.body?.data?.gid ?? UNKNOWN;
  fx.accessToken = String((await createAccessToken(db, Number(users.admin.gid), "matrix")).row.gid);
  const webhookGid = newGid();
  await db
    .insertInto("webhooks")
    .values({
      gid: webhookGid,
      workspace_gid: Number(fx.workspace),
      resource_type: "project",
      resource_gid: Number(fx.project),
      target: "https://hooks.example.test/takt",
      secret: "s",
      filters: "[]",
      active: 1,
      created_by_gid: Number(users.member.gid),
      first_event_id: 0,
      created_at: now,
      last_success_at: null,
      last_failure_at: null,
      last_failure_content: null,
      failing_since: null,
      delivery_retry_count: 0,
      next_attempt_after: null,
      lease_owner: null,
      lease_until: null,
    })
    .execute();
  fx.webhook = String(webhookGid);
  const notificationGid = newGid();
  await db
    .insertInto("inbox_notifications")
    .values({
      gid: notificationGid,
      workspace_gid: Number(fx.workspace),
      user_gid: Number(users.member.gid),
      event_id: newGid(),
      kind: "comment",
      actor_gid: Number(users.admin.gid),
      task_gid: Number(fx.task),
      project_gid: null,
      story_gid: null,
      text: "Ada Admin commented",
      created_at: now,
      read_at: null,
      archived_at: null,
      emailed_at: null,
    })
    .execute();
  fx.notification = String(notificationGid);
  fx.attachment = (await upload()) ?? UNKNOWN;
  fx.timeEntry =
    (await post(users.member, `/tasks/${fx.task}/time_tracking_entries`, { duration_minutes: 30 })) ?? UNKNOWN;
  fx.crmIntake = (await post(users.admin, `/workspaces/${fx.workspace}/crm_intakes`, { name: "amoCRM" })) ?? UNKNOWN;
  // Portfolios, goals and billing: a members-only portfolio holding P (admin and member), a members-only goal P
  // supports (admin, followed by member), P's budget and rate, a category, the member's week and allocation on P.
  fx.adminUser = users.admin.gid;
  fx.otherMemberUser = users.otherMember.gid;
  fx.portfolio =
    (await post(users.admin, "/portfolios", {
      workspace: fx.workspace,
      name: "Clients",
      members: [users.member.gid],
    })) ?? UNKNOWN;
  await post(users.admin, `/portfolios/${fx.portfolio}/addItem`, { item: fx.project });
  const portfolioMemberships = await client(t, users.admin.token).get(
    `/portfolios/${fx.portfolio}/portfolio_memberships`,
  );
  fx.portfolioMembership = portfolioMemberships.body?.data?.[0]?.gid ?? UNKNOWN;
  const portfolioSettings = await client(t, users.admin.token).get(
    `/portfolios/${fx.portfolio}/project_portfolio_settings`,
  );
  fx.projectPortfolioSetting = portfolioSettings.body?.data?.[0]?.gid ?? UNKNOWN;
  fx.goal =
    (await post(users.admin, "/goals", {
      workspace: fx.workspace,
      name: "Deliver P",
      privacy_setting: "members_only",
      followers: [users.member.gid],
    })) ?? UNKNOWN;
  await post(users.admin, `/goals/${fx.goal}/setMetric`, { target_number_value: 10 });
  fx.goalRelationship =
    (await post(users.admin, `/goals/${fx.goal}/addSupportingRelationship`, { supporting_resource: fx.project })) ??
    UNKNOWN;
  const periods = await client(t, users.admin.token).get(`/time_periods?workspace=${fx.workspace}`);
  fx.timePeriod = periods.body?.data?.[0]?.gid ?? UNKNOWN;
  fx.category =
    (await post(users.admin, "/time_tracking_categories", { workspace: fx.workspace, name: "Meetings" })) ?? UNKNOWN;
  fx.rate =
    (await post(users.admin, "/rates", { parent: fx.project, resource: users.member.gid, rate: 50 })) ?? UNKNOWN;
  fx.budget = (await post(users.admin, "/budgets", { parent: fx.project, budget_type: "time" })) ?? UNKNOWN;
  fx.timesheetApproval =
    (await post(users.member, "/timesheet_approval_statuses", { workspace: fx.workspace, start_date: "2030-01-07" })) ??
    UNKNOWN;
  fx.allocation =
    (await post(users.member, "/allocations", {
      parent: fx.project,
      assignee: users.member.gid,
      start_date: "2030-01-07",
      end_date: "2030-01-11",
    })) ?? UNKNOWN;
}, 60_000);

async function upload(): Promise<string | undefined> {
  const form = new FormData();
  form.append("parent", fx.task);
  form.append("file", new Blob([Buffer.from("hello")], { type: "text/plain" }), "brief.txt");
  const answer = await fetch(`${t.api}/attachments`, {
    method: "POST",
    headers: { authorization: `Bearer ${users.member.token}` },
    body: form,
  });
  return ((await answer.json()) as { data?: { gid: string } }).data?.gid;
}

afterAll(async () => {
  await t?.close();
});

function apiRoutes(): string[] {
  return [
    ...new Set(
      t.app.routeList
        .filter((route) => route.url.startsWith("/api/1.0/") && route.method !== "HEAD" && route.method !== "OPTIONS")
        .map((route) => `${route.method} ${route.url.replace(/^\/api\/1\.0/, "")}`),
    ),
  ];
}

// Deletions last, so the shared fixture stays whole while the other routes run.
const order = (route: string) => (route.startsWith("DELETE ") ? 1 : 0);

async function call(route: string, spec: Case, caller: Caller): Promise<number> {
  const [method, template] = route.split(" ");
  let path = template;
  for (const [, param] of template.matchAll(/:([a-z_]+)/g)) {
    const value = (spec.fresh ? await spec.fresh(fx, param) : undefined) ?? paramValue(route, param);
    path = path.replace(`:${param}`, value);
  }
  if (path === "/realtime") return caller === "anon" ? 401 : 101;
  const query = spec.query ? spec.query(fx) : "";
  const token = caller === "anon" ? undefined : users[caller].token;
  const api = client(t, token);
  const fullPath = `${path}${query ? `?${query}` : ""}`;
  await resetSubmissionSlots(t.handle.db);
  const body = spec.body ? spec.body(fx) : method === "GET" || method === "DELETE" ? undefined : {};
  const answer =
    method === "GET"
      ? await api.get(fullPath)
      : method === "DELETE"
        ? await api.delete(fullPath)
        : method === "PUT"
          ? await api.put(fullPath, body)
          : await api.post(fullPath, body);
  return answer.status;
}

describe("authorization matrix", () => {
  it("every /api/1.0 route is in the table, and the table names no route that is gone", () => {
    const routes = apiRoutes();
    const missing = routes.filter((route) => !(route in EXPECTED));
    if (!RECORD) {
      expect(
        missing,
        `Add these routes to EXPECTED in test/authorization-matrix.test.ts (run it with TAKT_AUTHZ_RECORD=1 to see what they answer): ${missing.join(", ")}`,
      ).toEqual([]);
      const stale = Object.keys(EXPECTED).filter((route) => !routes.includes(route));
      expect(stale, "These routes in EXPECTED no longer exist: remove them").toEqual([]);
    }
  });

  it("lists and searches tell outsiders nothing of P", async () => {
    const secrets = [fx.project, fx.task, fx.story, fx.statusUpdate, fx.form, fx.attachment, fx.webhook];
    const probes = [
      `/projects?workspace=${fx.workspace}`,
      `/workspaces/${fx.workspace}/projects`,
      `/workspaces/${fx.workspace}/tasks/search?text=Design`,
      `/workspaces/${fx.workspace}/typeahead?resource_type=task&query=Des`,
      `/workspaces/${fx.workspace}/typeahead?resource_type=project&query=Client`,
      `/workspaces/${fx.workspace}/webhooks`,
      `/workspaces/${fx.workspace}/guest_home`,
      `/inbox?workspace=${fx.workspace}`,
      `/events?resource=${fx.workspace}`,
      `/workspaces/${fx.workspace}/projects/search?text=Client`,
      `/time_tracking_entries?workspace=${fx.workspace}`,
      `/memberships?member=${users.guest.gid}`,
    ];
    for (const caller of ["otherMember", "otherGuest"] as const) {
      for (const probe of probes) {
        const answer = await client(t, users[caller].token).get(probe);
        const text = JSON.stringify(answer.body);
        for (const secret of secrets) expect(text.includes(secret), `${caller} ${probe} shows ${secret}`).toBe(false);
      }
    }
  });

  it("each caller gets exactly the expected status from each route", async () => {
    const routes = apiRoutes().sort((a, b) => order(a) - order(b));
    const failures: string[] = [];
    const lines: string[] = [];
    for (const route of routes) {
      const expected = EXPECTED[route];
      const spec: Case = CASES[route] ?? {};
      if (!expected && !RECORD) continue;
      const got: number[] = [];
      for (const caller of CALLERS) got.push(await call(route, spec, caller));
      const actual = got.join(" ");
      if (RECORD) lines.push(`  "${route}": "${actual}",`);
      else if (actual !== expected) failures.push(`${route}: expected ${expected}, got ${actual}`);
      expect(
        got.some((status) => status >= 500),
        `${route} answered a 5xx: ${actual}`,
      ).toBe(false);
    }
    if (RECORD) console.log(lines.join("\n"));
    expect(failures).toEqual([]);
  }, 300_000);
});
