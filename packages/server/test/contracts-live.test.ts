import * as contracts from "@takt/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { formSpamSettings } from "../src/domain/forms/form.spam.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { type Answer, client, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// Each resource's contract against what the server really answers, for the resources openapi.test.ts does not
// walk field by field: a missing or mistyped field fails the parse, an undeclared one fails the equality.

let t: TestApp;
let worker: Worker;
let admin: TestUser;
let member: TestUser;
let workspace: { gid: string };

function honest(schema: z.ZodType, answer: Answer, status = 200) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  const parsed = schema.safeParse(answer.body.data);
  expect(parsed.error?.issues ?? [], JSON.stringify(answer.body.data, null, 1)).toEqual([]);
  expect(parsed.data).toEqual(answer.body.data);
  return answer.body.data;
}

// The route a request reached, by its path; its declared answer must hold what the server sent too.
function declaredAnswer(method: string, url: string): z.ZodType | undefined {
  const path = url.split("?")[0];
  const route = t.app.routeList.find(
    (candidate) =>
      candidate.method === method &&
      new RegExp(`^${candidate.url.replace(/:[A-Za-z0-9_]+/g, "[^/]+").replace(/\./g, "\\.")}$`).test(path),
  );
  const contract = route?.contract;
  if (!contract?.response) return undefined;
  if (contract.content) return undefined;
  return contract.list ? z.array(contract.response) : contract.response;
}

// client() whose every successful answer is also read through the contract its route declares.
function checked(token?: string) {
  const api = client(t, token);
  const check = async (method: string, url: string, answer: Promise<Answer>) => {
    const result = await answer;
    // The declared answer is the default one: opt_fields chooses other fields.
    const schema = url.includes("opt_fields=") ? undefined : declaredAnswer(method, `/api/1.0${url}`);
    if (schema && result.status < 300) {
      const parsed = schema.safeParse(result.body.data);
      expect(parsed.error?.issues ?? [], `${method} ${url} answered ${JSON.stringify(result.body.data)}`).toEqual([]);
      expect(parsed.data, `${method} ${url}: a field its contract does not declare`).toEqual(result.body.data);
      routesChecked.add(`${method} ${url.split("?")[0]}`);
    }
    return result;
  };
  return {
    get: (url: string) => check("GET", url, api.get(url)),
    post: (url: string, data?: unknown) => check("POST", url, api.post(url, data)),
    put: (url: string, data?: unknown) => check("PUT", url, api.put(url, data)),
    delete: (url: string) => check("DELETE", url, api.delete(url)),
  };
}
const routesChecked = new Set<string>();

const many = (schema: z.ZodType) => z.array(schema);

async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  t = await startTestApp();
  // Jobs (notifications, templates, imports) run as on a server; forms may be sent at once.
  worker = startWorker(t.app.takt, { pollMs: 25 });
  formSpamSettings.minFillMs = 0;
  workspace = await makeWorkspace(t);
  admin = await makeUser(t, workspace.gid, "admin", "Ada Admin");
  member = await makeUser(t, workspace.gid, "member", "Mia Member");
});

afterAll(async () => {
  formSpamSettings.minFillMs = 3000;
  await worker?.stop();
  await t?.close();
});

describe("every resource's contract matches the server's answers", () => {
  it("workspaces, people, teams, projects, sections, tags and custom fields", async () => {
    const api = checked(admin.token);
    honest(contracts.SetupStatus, await api.get("/setup"));
    honest(contracts.Workspace, await api.get(`/workspaces/${workspace.gid}`));
    const withPermissions = "opt_fields=name,is_organization,email_domains,permissions";
    const mine = honest(
      contracts.Workspace.partial(),
      await api.get(`/workspaces/${workspace.gid}?${withPermissions}`),
    );
    expect(mine.permissions.role).toBe("admin");
    honest(many(contracts.WorkspaceCompact), await api.get("/workspaces"));
    honest(many(contracts.UserCompact), await api.get(`/workspaces/${workspace.gid}/users`));
    honest(many(contracts.PersonalAccessToken), await api.get("/personal_access_tokens"));
    honest(contracts.PersonalAccessToken, await api.post("/personal_access_tokens", { name: "script" }), 201);
    honest(contracts.UserTaskList, await api.get(`/users/me/user_task_list?workspace=${workspace.gid}`));

    const team = honest(contracts.Team, await api.post("/teams", { name: "Studio", organization: workspace.gid }), 201);
    honest(contracts.TeamMembership, await api.post(`/teams/${team.gid}/addUser`, { user: member.gid }));
    honest(many(contracts.TeamMembership), await api.get(`/teams/${team.gid}/team_memberships`));
    honest(many(contracts.TeamCompact), await api.get(`/workspaces/${workspace.gid}/teams`));

    const project = honest(
      contracts.Project,
      await api.post("/projects", { name: "Site", team: team.gid, color: "dark-green", due_on: "2031-01-31" }),
      201,
    );
    honest(many(contracts.ProjectCompact), await api.get(`/workspaces/${workspace.gid}/projects`));
    honest(contracts.Project, await api.post(`/projects/${project.gid}/addMembers`, { members: [member.gid] }));
    const memberships = honest(
      many(contracts.ProjectMembershipCompact),
      await api.get(`/projects/${project.gid}/project_memberships`),
    );
    honest(contracts.ProjectMembership, await api.get(`/project_memberships/${memberships[0].gid}`));
    honest(
      contracts.TaskCounts,
      await api.get(`/projects/${project.gid}/task_counts?opt_fields=num_tasks,num_incomplete_milestones`),
    );

    const section = honest(
      contracts.Section,
      await api.post(`/projects/${project.gid}/sections`, { name: "Done" }),
      201,
    );
    honest(contracts.Section, await api.get(`/sections/${section.gid}`));
    const sectionFields = Object.keys(contracts.Section.shape).join(",");
    const able = honest(contracts.Section, await api.get(`/sections/${section.gid}?opt_fields=${sectionFields}`));
    expect(able.permissions).toBeDefined();
    honest(many(contracts.SectionCompact), await api.get(`/projects/${project.gid}/sections`));

    const tag = honest(contracts.Tag, await api.post("/tags", { name: "vip", workspace: workspace.gid }), 201);
    honest(many(contracts.TagCompact), await api.get(`/workspaces/${workspace.gid}/tags`));
    honest(contracts.Tag, await api.put(`/tags/${tag.gid}`, { color: "light-blue" }));

    const field = honest(
      contracts.CustomField,
      await api.post("/custom_fields", {
        workspace: workspace.gid,
        name: "Stage",
        resource_subtype: "enum",
        enum_options: [{ name: "Draft", color: "blue" }],
      }),
      201,
    );
    honest(
      contracts.EnumOption,
      await api.post(`/custom_fields/${field.gid}/enum_options`, { name: "Final", color: "green" }),
      201,
    );
    honest(many(contracts.CustomFieldCompact), await api.get(`/workspaces/${workspace.gid}/custom_fields`));
    const fieldFields = Object.keys(contracts.CustomField.shape).join(",");
    const editable = honest(
      contracts.CustomField,
      await api.get(`/custom_fields/${field.gid}?opt_fields=${fieldFields}`),
    );
    expect(editable.permissions).toBeDefined();
    honest(
      contracts.CustomFieldSetting,
      await api.post(`/projects/${project.gid}/addCustomFieldSetting`, { custom_field: field.gid }),
    );
    honest(
      contracts.CustomFieldSetting,
      await api.post(`/projects/${project.gid}/addCustomFieldSetting`, {
        custom_field: { name: "Password", resource_subtype: "secret" },
      }),
    );
    const settings = honest(
      many(contracts.CustomFieldSetting),
      await api.get(`/projects/${project.gid}/custom_field_settings`),
    );
    const secret = settings.find(
      (setting: { custom_field: { name: string } }) => setting.custom_field.name === "Password",
    );
    const task = honest(
      contracts.Task,
      await api.post("/tasks", {
        name: "Launch",
        projects: [project.gid],
        custom_fields: { [secret.custom_field.gid]: "hunter2" },
      }),
      201,
    );
    honest(
      contracts.RevealedSecret,
      await api.post(`/tasks/${task.gid}/custom_fields/${secret.custom_field.gid}/reveal`, {}),
    );
    honest(many(contracts.TaskCompact), await api.get(`/projects/${project.gid}/tasks`));
    // Abilities asked for on nested records and list items are declared there too.
    const ableTasks = honest(
      many(contracts.TaskCompact),
      await api.get(`/projects/${project.gid}/tasks?opt_fields=name,resource_subtype,permissions`),
    );
    expect(ableTasks[0].permissions.edit).toBe(true);
    const me = honest(
      contracts.User.partial(),
      await api.get("/users/me?opt_fields=name,workspaces.name,workspaces.permissions"),
    );
    expect(me.workspaces[0].permissions.role).toBe("admin");
    const placed = honest(
      contracts.Task.partial(),
      await api.get(`/tasks/${task.gid}?opt_fields=name,projects.name,projects.permissions,workspace.name`),
    );
    expect(placed.projects[0].permissions.edit).toBe(true);
    honest(many(contracts.TypeaheadResult), await api.get(`/workspaces/${workspace.gid}/typeahead?resource_type=task`));
    honest(
      many(contracts.TypeaheadResult),
      await api.get(`/workspaces/${workspace.gid}/typeahead?resource_type=project`),
    );
    honest(contracts.DuplicateTaskJob, await api.post(`/tasks/${task.gid}/duplicate`, { name: "Launch (copy)" }), 201);
  });

  it("stories, attachments, status updates, time, forms, rules and templates", async () => {
    const api = checked(admin.token);
    const project = (await api.post("/projects", { name: "Ops", workspace: workspace.gid })).body.data;
    const task = (await api.post("/tasks", { name: "Report", projects: [project.gid], assignee: member.gid })).body
      .data;

    const comment = honest(contracts.Story, await api.post(`/tasks/${task.gid}/stories`, { text: "Draft" }), 201);
    honest(contracts.Story, await api.put(`/stories/${comment.gid}`, { text: "Final" }));
    honest(many(contracts.StoryEdit), await api.get(`/stories/${comment.gid}/edits`));
    honest(many(contracts.StoryCompact), await api.get(`/tasks/${task.gid}/stories`));

    const link = honest(
      contracts.Attachment,
      await api.post("/attachments", {
        parent: task.gid,
        resource_subtype: "external",
        url: "https://example.com/brief",
        name: "Brief",
      }),
      201,
    );
    honest(contracts.Attachment, await api.get(`/attachments/${link.gid}`));
    const form = new FormData();
    form.append("parent", task.gid);
    form.append("file", new Blob([Buffer.from("hello")], { type: "text/plain" }), "notes.txt");
    const upload = await fetch(`${t.api}/attachments`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin.token}` },
      body: form,
    });
    honest(contracts.Attachment, { status: upload.status, body: await upload.json(), headers: upload.headers }, 201);
    honest(many(contracts.AttachmentCompact), await api.get(`/tasks/${task.gid}/attachments`));

    honest(
      contracts.StatusUpdate,
      await api.post("/status_updates", { parent: project.gid, status_type: "at_risk", title: "Late copy" }),
      201,
    );
    honest(many(contracts.StatusUpdateCompact), await api.get(`/status_updates?parent=${project.gid}`));
    honest(contracts.Project, await api.get(`/projects/${project.gid}`));

    const entry = honest(
      contracts.TimeTrackingEntry,
      await api.post(`/tasks/${task.gid}/time_tracking_entries`, { duration_minutes: 45 }),
      201,
    );
    honest(contracts.TimeTrackingEntry, await api.get(`/time_tracking_entries/${entry.gid}`));
    honest(many(contracts.TimeTrackingEntryCompact), await api.get(`/tasks/${task.gid}/time_tracking_entries`));
    honest(contracts.StartedTimer, await api.post(`/tasks/${task.gid}/timer/start`, {}));
    honest(contracts.Timer, await api.get("/timer"));
    honest(contracts.TimeTrackingEntry, await api.post("/timer/stop", {}));
    honest(contracts.Timesheet, await api.get(`/workspaces/${workspace.gid}/timesheet`));

    const created = honest(
      contracts.Form,
      await api.post(`/projects/${project.gid}/forms`, {
        title: "Request",
        fields: [{ label: "What do you need?", type: "text", required: true, maps_to: "name" }],
      }),
      201,
    );
    honest(many(contracts.FormCompact), await api.get(`/projects/${project.gid}/forms`));
    const filling = honest(contracts.PublicForm, await api.get(`/forms/${created.gid}/public`));
    const key = created.fields[0].key;
    honest(
      contracts.FormSubmission,
      await api.post(`/forms/${created.gid}/submit`, { values: { [key]: "A banner" }, fill_token: filling.fill_token }),
      201,
    );

    const sections = (await api.get(`/projects/${project.gid}/sections`)).body.data;
    const rule = honest(
      contracts.Rule,
      await api.post("/rules", {
        project: project.gid,
        name: "Done goes last",
        trigger: { type: "task_completed" },
        conditions: [{ type: "assignee_set", value: true }],
        actions: [{ type: "move_to_section", section: sections[0].gid }],
      }),
      201,
    );
    honest(contracts.Rule, await api.get(`/rules/${rule.gid}`));
    honest(many(contracts.RuleRun), await api.get(`/rules/${rule.gid}/runs`));

    const template = honest(
      contracts.TaskTemplate,
      await api.post("/task_templates", {
        project: project.gid,
        template: { name: "Checklist", subtasks: [{ name: "Proofread", assignee: member.gid }] },
      }),
      201,
    );
    honest(many(contracts.TaskTemplateCompact), await api.get(`/task_templates?project=${project.gid}`));
    const job = honest(contracts.Job, await api.post(`/task_templates/${template.gid}/instantiateTask`, {}), 201);
    const saving = honest(
      contracts.Job,
      await api.post(`/projects/${project.gid}/saveAsTemplate`, { name: "Ops template", public: true }),
      201,
    );
    // Once done, a job names what it made.
    for (const started of [job, saving]) {
      const done = await eventually(async () => {
        const answer = await api.get(`/jobs/${started.gid}`);
        return answer.body.data.status === "succeeded" && answer;
      }, "a finished job");
      honest(contracts.Job, done);
    }
    const templates = honest(
      many(contracts.ProjectTemplateCompact),
      await api.get(`/project_templates?workspace=${workspace.gid}`),
    );
    honest(contracts.ProjectTemplate, await api.get(`/project_templates/${templates[0].gid}`));
    honest(
      contracts.SectionDefaultTemplate,
      await api.post(`/sections/${sections[0].gid}/setDefaultTemplate`, { task_template: template.gid }),
    );
  });

  it("sprints and reports", async () => {
    const api = checked(admin.token);
    const project = (await api.post("/projects", { name: "Bot", workspace: workspace.gid })).body.data;
    honest(contracts.ProjectScrum, await api.post(`/projects/${project.gid}/scrum`, { scrum_enabled: true }));
    const sprint = honest(
      contracts.Sprint,
      await api.post(`/projects/${project.gid}/sprints`, {
        name: "Sprint 1",
        start_on: "2030-01-07",
        end_on: "2030-01-18",
      }),
      201,
    );
    const task = (await api.post("/tasks", { name: "Intent", projects: [project.gid] })).body.data;
    await api.put(`/tasks/${task.gid}`, { story_points: 3, sprint: sprint.gid });
    honest(contracts.Sprint, await api.post(`/sprints/${sprint.gid}/start`, {}));
    honest(many(contracts.SprintListItem), await api.get(`/projects/${project.gid}/sprints`));
    honest(contracts.Burndown, await api.get(`/sprints/${sprint.gid}/burndown`));
    honest(contracts.SprintReport, await api.get(`/sprints/${sprint.gid}/report`));
    honest(contracts.Sprint, await api.post(`/sprints/${sprint.gid}/complete`, { move_incomplete_to: "backlog" }));
    honest(contracts.Velocity, await api.get(`/projects/${project.gid}/velocity`));
    honest(contracts.CumulativeFlow, await api.get(`/projects/${project.gid}/cumulative_flow`));
    honest(contracts.PeopleReport, await api.get(`/workspaces/${workspace.gid}/people_report`));
    honest(contracts.Workload, await api.get(`/workspaces/${workspace.gid}/workload`));
    honest(
      contracts.WeeklyCapacity,
      await api.put(`/workspaces/${workspace.gid}/capacity`, { weekly_capacity_points: 20 }),
    );
    honest(many(contracts.TaskCompact), await api.get(`/projects/${project.gid}/backlog`));
  });

  it("invitations, the inbox, the audit log, events, imports, exports and CRM intake", async () => {
    const api = checked(admin.token);
    const project = (await api.post("/projects", { name: "Client", workspace: workspace.gid })).body.data;
    const invitation = honest(
      contracts.Invitation,
      await api.post("/invitations", { workspace: workspace.gid, email: "new.person@example.test", role: "member" }),
      201,
    );
    honest(many(contracts.InvitationCompact), await api.get(`/invitations?workspace=${workspace.gid}`));
    const token = String(invitation.invite_url).split("/invite/")[1];
    honest(contracts.InvitationPreview, await checked().get(`/invitations/accept/${token}`));

    await api.post("/tasks", { name: "For Mia", projects: [project.gid], assignee: member.gid });
    const inbox = await eventually(async () => {
      const found = honest(
        many(contracts.Notification),
        await checked(member.token).get(`/inbox?workspace=${workspace.gid}`),
      );
      return found.length > 0 && found;
    }, "an inbox entry");
    honest(contracts.UnreadCount, await checked(member.token).get(`/inbox/unread_count?workspace=${workspace.gid}`));
    honest(contracts.Notification, await checked(member.token).post(`/inbox/${inbox[0].gid}/read`, {}));

    const audit = honest(many(contracts.AuditLogEvent), await api.get(`/workspaces/${workspace.gid}/audit_log_events`));
    expect(audit.length).toBeGreaterThan(0);

    const first = await api.get(`/events?resource=${project.gid}`);
    expect(first.status).toBe(412);
    await api.post("/tasks", { name: "Evented", projects: [project.gid] });
    const page = await api.get(`/events?resource=${project.gid}&sync=${encodeURIComponent(first.body.sync)}`);
    expect(page.status).toBe(200);
    const parsed = contracts.EventsPage.safeParse(page.body);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toEqual(page.body);
    expect(page.body.data.length).toBeGreaterThan(0);

    honest(
      contracts.Import,
      await api.post(`/workspaces/${workspace.gid}/imports`, {
        source: "csv",
        content: "Name,Section\nWrite copy,To do\n",
        project_name: "Imported",
      }),
      201,
    );
    honest(contracts.WorkspaceExport, await api.post(`/workspaces/${workspace.gid}/export`, {}), 201);

    const intake = honest(
      contracts.CrmIntake,
      await api.post(`/workspaces/${workspace.gid}/crm_intakes`, { name: "amoCRM" }),
      201,
    );
    honest(many(contracts.CrmIntakeCompact), await api.get(`/workspaces/${workspace.gid}/crm_intakes`));
    const receipt = await fetch(`${t.url}${intake.url}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ leads: { status: [{ id: "1", name: "Lead", status_id: "1", pipeline_id: "1" }] } }),
    });
    honest(contracts.CrmIntakeReceipt, {
      status: receipt.status,
      body: await receipt.json(),
      headers: receipt.headers,
    });
    honest(many(contracts.CrmIntakeLogEntry), await api.get(`/crm_intakes/${intake.gid}/log`));
  });

  it("read those answers through the contracts their routes declare as well", () => {
    // Routes declare their answers as their areas adopt contracts; those walked above were all checked.
    console.log(`contracts-live: ${routesChecked.size} routes checked against their declared answers`);
    expect(routesChecked.size).toBeGreaterThan(25);
  });
});
