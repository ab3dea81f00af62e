import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUERY_COUNT_HEADER } from "../src/http/query-count.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import {
  client,
  makeProject,
  makeTask,
  makeTeam,
  makeUser,
  makeWorkspace,
  type TestUser,
} from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// No N+1: a list costs the same number of SQL statements for a page of 5 as for a page of 100, whatever
// opt_fields expands (assignees, memberships, custom fields, tags, followers, parents, dependencies…).
// The server is opened with query counting on, so every answer says how many statements it ran.

// Every expansion any presenter knows, asked of every list: names a presenter does not have are ignored.
const RICH = [
  "name",
  "resource_subtype",
  "notes",
  "html_notes",
  "assignee.name",
  "assignee.email",
  "assignee_status",
  "completed",
  "completed_at",
  "completed_by.name",
  "due_on",
  "due_at",
  "start_on",
  "created_at",
  "modified_at",
  "created_by.name",
  "followers.name",
  "memberships.project.name",
  "memberships.section.name",
  "projects.name",
  "parent.name",
  "num_subtasks",
  "num_comments",
  "num_likes",
  "likes.user.name",
  "liked",
  "tags.name",
  "workspace.name",
  "permalink_url",
  "dependencies.name",
  "dependents.name",
  "custom_fields.name",
  "custom_fields.display_value",
  "custom_fields.enum_value.name",
  "custom_field_settings.custom_field.name",
  "custom_field.name",
  "custom_field.enum_options.name",
  "story_points",
  "sprint.name",
  "recurrence",
  "approval_status",
  "actual_time_minutes",
  "estimated_minutes",
  "owner.name",
  "team.name",
  "members.name",
  "current_status",
  "current_status_update.title",
  "color",
  "archived",
  "privacy_setting",
  "default_view",
  "user.name",
  "project.name",
  "parent",
  "access_level",
  "text",
  "html_text",
  "type",
  "is_edited",
  "is_pinned",
  "hearts",
  "email",
  "photo",
  "workspaces.name",
  "section.name",
  "task.name",
  "target.name",
  "resource.name",
  "read",
  "kind",
  "enum_options.name",
  "is_important",
  // The caller's abilities, wherever a workspace, project, section, task or custom field appears.
  "permissions",
  "workspace.permissions",
  "workspaces.permissions",
  "projects.permissions",
  "project.permissions",
  "memberships.project.permissions",
  "memberships.section.permissions",
  "parent.permissions",
  "custom_fields.permissions",
  "custom_field.permissions",
  "custom_field_settings.custom_field.permissions",
].join(",");

// Nested paths to any depth: each reference along them is loaded in one batch per type and depth, so a list
// costs the same for 5 records as for 100 (the events test keeps RICH: which kinds of reference an event page
// holds depends on what happened, not on its length).
const NESTED = [
  "followers.email",
  "created_by.email",
  "owner.email",
  "projects.team.name",
  "projects.owner.email",
  "memberships.project.team.name",
  "parent.assignee.email",
  "current_status_update.text",
  "current_status_update.author.email",
  "team.organization.name",
].join(",");
const RICH_NESTED = `${RICH},${NESTED}`;

let t: TestApp;
let worker: Worker;
let ws: { gid: string };
let admin: TestUser;
let people: TestUser[];
let team: { gid: string };
let project: Awaited<ReturnType<typeof makeProject>>;
let other: Awaited<ReturnType<typeof makeProject>>;
let taskGids: string[];
let commented: string;
let parentTask: string;
let blocked: string;
let tag: string;
let sprint: string;
let myList: string;

const as = (user: TestUser) => client(t, user.token);

async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function ok(answer: Promise<{ status: number; body: any }>) {
  const done = await answer;
  if (done.status >= 300) throw new Error(`${done.status} ${JSON.stringify(done.body)}`);
  return done.body.data;
}

// Statements run for one GET, and the number of records it answered.
async function measure(user: TestUser, path: string): Promise<{ queries: number; items: number }> {
  const answer = await fetch(`${t.api}${path}`, { headers: { authorization: `Bearer ${user.token}` } });
  const body = (await answer.json()) as { data: unknown };
  expect(answer.status, `${path}: ${JSON.stringify(body)}`).toBe(200);
  const header = answer.headers.get(QUERY_COUNT_HEADER);
  expect(header, `${path} carries ${QUERY_COUNT_HEADER}`).not.toBeNull();
  return { queries: Number(header), items: Array.isArray(body.data) ? body.data.length : 1 };
}

function withQuery(path: string, query: string) {
  return `${path}${path.includes("?") ? "&" : "?"}${query}`;
}

// The same list as a page of 5 and as a page of up to 100: as many statements either way. (A presenter skips
// a query when no record on the page needs it, e.g. no parent to name: the data above gives every record of
// a list the same kinds of relations, so both pages need the same queries.)
async function expectBounded(path: string, user: TestUser = admin, minimum = 20) {
  const rich = withQuery(path, `opt_fields=${RICH_NESTED}`);
  await measure(user, withQuery(rich, "limit=5")); // warm-up: a first request may record token use
  const small = await measure(user, withQuery(rich, "limit=5"));
  const large = await measure(user, withQuery(rich, "limit=100"));
  expect(small.items, `${path} with limit=5`).toBe(5);
  expect(large.items, `${path} with limit=100 answers a long page`).toBeGreaterThanOrEqual(minimum);
  expect({ path, queries: large.queries }).toEqual({ path, queries: small.queries });
  return large;
}

beforeAll(async () => {
  t = await startTestApp({ countQueries: true });
  worker = startWorker(
    { db: t.handle.db, dialect: t.handle.dialect, bus: t.ctx.bus, config: t.app.takt.config },
    { pollMs: 50 },
  );
  ws = await makeWorkspace(t);
  admin = await makeUser(t, ws.gid, "admin", "Ada Admin");
  people = [];
  for (let index = 0; index < 7; index++) people.push(await makeUser(t, ws.gid, "member", `Person ${index}`));
  team = await makeTeam(t, ws.gid, "Production", [admin, ...people]);
  project = await makeProject(t, ws.gid, {
    name: "Board",
    team: team.gid,
    owner: admin,
    members: [{ user: admin, access: "admin" }, ...people.map((user) => ({ user, access: "editor" as const }))],
    sections: ["To do", "Doing", "Done"],
  });
  other = await makeProject(t, ws.gid, { name: "Curator board", team: team.gid, sections: ["Inbox"] });
  for (let index = 0; index < 24; index++) {
    await makeProject(t, ws.gid, { name: `Project ${index}`, team: team.gid, owner: people[index % people.length] });
  }
  const api = as(admin);
  const text = await ok(api.post("/custom_fields", { workspace: ws.gid, name: "Client", resource_subtype: "text" }));
  const points = await ok(
    api.post("/custom_fields", { workspace: ws.gid, name: "Budget", resource_subtype: "number", precision: 0 }),
  );
  const stage = await ok(
    api.post("/custom_fields", {
      workspace: ws.gid,
      name: "Stage",
      resource_subtype: "enum",
      enum_options: [{ name: "Brief" }, { name: "Draft" }, { name: "Review" }],
    }),
  );
  for (const field of [text, points, stage]) {
    await ok(api.post(`/projects/${project.gid}/addCustomFieldSetting`, { custom_field: field.gid }));
  }
  for (let index = 0; index < 22; index++) {
    const field = await ok(
      api.post("/custom_fields", { workspace: ws.gid, name: `Extra ${index}`, resource_subtype: "text" }),
    );
    await ok(api.post(`/projects/${other.gid}/addCustomFieldSetting`, { custom_field: field.gid }));
  }
  const tags = [];
  for (const name of ["Urgent", "Client", "Internal"])
    tags.push(await ok(api.post("/tags", { workspace: ws.gid, name })));
  tag = tags[0].gid;
  await ok(api.post(`/projects/${project.gid}/scrum`, { scrum_enabled: true }));
  sprint = (await ok(api.post(`/projects/${project.gid}/sprints`, { name: "Sprint 1" }))).gid;

  taskGids = [];
  for (let index = 0; index < 105; index++) {
    const task = await ok(
      api.post("/tasks", {
        name: `Task ${index}`,
        notes: `Notes of task ${index} about the launch`,
        memberships: [{ project: project.gid, section: project.sections[index % 3].gid }],
        projects: index % 4 === 0 ? [other.gid] : undefined,
        assignee: index % 2 === 0 ? admin.gid : people[index % 3].gid,
        followers: [people[(index + 1) % people.length].gid],
        tags: [tags[index % tags.length].gid, tag],
        due_on: `2031-0${1 + (index % 9)}-1${index % 10}`,
        custom_fields: {
          [text.gid]: `Client ${index % 5}`,
          [points.gid]: index,
          [stage.gid]: stage.enum_options[index % 3].gid,
        },
      }),
    );
    taskGids.push(task.gid);
    await ok(api.post(`/sprints/${sprint}/addTask`, { task: task.gid }));
  }
  parentTask = taskGids[0];
  for (let index = 0; index < 22; index++) {
    await ok(api.post(`/tasks/${parentTask}/subtasks`, { name: `Step ${index}` }));
  }
  blocked = taskGids[1];
  await ok(api.post(`/tasks/${blocked}/addDependencies`, { dependencies: taskGids.slice(2, 24) }));
  await ok(api.post(`/tasks/${taskGids[3]}/addDependents`, { dependents: taskGids.slice(30, 36) }));
  commented = taskGids[2];
  for (let index = 0; index < 22; index++) {
    await ok(as(people[index % people.length]).post(`/tasks/${commented}/stories`, { text: `Comment ${index}` }));
  }
  myList = (await ok(api.get(`/users/me/user_task_list?workspace=${ws.gid}`))).gid;
  // People assign work to the admin: notifications arrive in the admin's inbox through the worker.
  for (let index = 0; index < 24; index++) {
    await ok(as(people[index % people.length]).put(`/tasks/${taskGids[57 + index * 2]}`, { assignee: admin.gid }));
  }
  await eventually(async () => {
    const inbox = await ok(as(admin).get(`/inbox?workspace=${ws.gid}&limit=100`));
    return inbox.length >= 20;
  }, "the admin's inbox to fill");
}, 240_000);

afterAll(async () => {
  await worker?.stop(5000);
  await t?.close();
});

describe("list endpoints run as many statements for 100 items as for 5", () => {
  it("tasks of a project, a section, a sprint, a tag, a parent, a dependency list", async () => {
    await expectBounded(`/projects/${project.gid}/tasks`);
    await expectBounded(`/tasks?project=${project.gid}`);
    await expectBounded(`/sections/${project.sections[1].gid}/tasks`, admin, 30);
    await expectBounded(`/tasks?section=${project.sections[0].gid}&completed_since=now`, admin, 30);
    await expectBounded(`/projects/${other.gid}/tasks`, admin, 25);
    await expectBounded(`/sprints/${sprint}/tasks`);
    await expectBounded(`/tags/${tag}/tasks`);
    await expectBounded(`/tasks/${parentTask}/subtasks`);
    await expectBounded(`/tasks/${blocked}/dependencies`);
  });

  it("a member who is not in the project reads the same lists in bounded statements too", async () => {
    const outsider = await makeUser(t, ws.gid, "member", "Outsider");
    await expectBounded(`/projects/${project.gid}/tasks`, outsider);
    await expectBounded(`/workspaces/${ws.gid}/tasks/search?text=launch`, outsider);
  });

  it("My Tasks, a person's assigned tasks, and search", async () => {
    await expectBounded(`/user_task_lists/${myList}/tasks`);
    await expectBounded(`/tasks?assignee=me&workspace=${ws.gid}`);
    await expectBounded(`/tasks?assignee=${people[1].gid}&workspace=${ws.gid}`, admin, 7);
    await expectBounded(`/workspaces/${ws.gid}/tasks/search?text=launch`);
    await expectBounded(`/workspaces/${ws.gid}/tasks/search?projects.any=${project.gid}&sort_by=due_date`);
    await expectBounded(`/workspaces/${ws.gid}/tasks/search?tags.any=${tag}&assignee.any=${admin.gid}`);
  });

  it("stories, inbox, projects, memberships, custom field settings, people and teams", async () => {
    await expectBounded(`/tasks/${commented}/stories`);
    await expectBounded(`/inbox?workspace=${ws.gid}`);
    await expectBounded(`/workspaces/${ws.gid}/projects`);
    await expectBounded(`/projects?workspace=${ws.gid}`);
    await expectBounded(`/teams/${team.gid}/projects`);
    await expectBounded(`/projects/${other.gid}/custom_field_settings`);
    await expectBounded(`/workspaces/${ws.gid}/custom_fields`);
    await expectBounded(`/projects/${project.gid}/project_memberships`, admin, 8);
    await expectBounded(`/workspaces/${ws.gid}/users`, admin, 8);
    await expectBounded(`/teams/${team.gid}/users`, admin, 8);
    await expectBounded(`/teams/${team.gid}/team_memberships`, admin, 8);
  });
});

describe("the events API checks a page of events in bounded statements", () => {
  async function syncToken(user: TestUser) {
    const first = await fetch(`${t.api}/events?resource=${board.gid}`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(first.status).toBe(412);
    return ((await first.json()) as { sync: string }).sync;
  }

  // A project of its own, its tasks written directly: the sync token then lists only the changes below.
  let board: Awaited<ReturnType<typeof makeProject>>;
  const boardTasks: string[] = [];

  async function eventsAfter(user: TestUser, changes: number) {
    const sync = await syncToken(user);
    for (let index = 0; index < changes; index++) {
      await ok(as(admin).put(`/tasks/${boardTasks[index]}`, { name: `Renamed ${index} ${Date.now()}` }));
    }
    // A token's use is recorded at most once a minute: on a slow machine the renames above can outlast that, so
    // a warm-up request records it here rather than inside the measured one.
    await measure(user, "/users/me");
    return measure(user, `/events?resource=${board.gid}&sync=${encodeURIComponent(sync)}&opt_fields=${RICH}`);
  }

  it("5 events and 60 events cost the same", async () => {
    board = await makeProject(t, ws.gid, { name: "Events", sections: ["One", "Two"] });
    for (let index = 0; index < 60; index++) {
      boardTasks.push((await makeTask(t, ws.gid, { project: board, section: board.sections[index % 2] })).gid);
    }
    for (const user of [admin, people[0]]) {
      const few = await eventsAfter(user, 5);
      const many = await eventsAfter(user, 60);
      expect(few.items).toBeGreaterThanOrEqual(5);
      expect(many.items).toBeGreaterThanOrEqual(60);
      expect(many.queries).toBe(few.queries);
    }
  });
});
