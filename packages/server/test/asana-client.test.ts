import Asana from "asana";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// Asana's official Node client (v3), pointed at Takt: scripts written for Asana must keep working.
let t: TestApp;
let workspace: { gid: string; name: string };
let lead: TestUser;

type Page = { data: Record<string, any>[] | null; nextPage(): Promise<Page> };

// The client rejects with superagent's error; surface the status and Takt's message when a call fails.
async function call<T>(label: string, promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    const failure = error as { status?: number; response?: { body?: unknown } };
    throw new Error(`${label} failed: ${failure.status} ${JSON.stringify(failure.response?.body ?? error)}`);
  }
}

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t, "Acme Agency");
  lead = await makeUser(t, workspace.gid, "admin", "Lena Lead");
  const client = Asana.ApiClient.instance;
  client.basePath = t.api;
  client.authentications.token.accessToken = lead.token;
});
afterAll(() => t?.close());

describe("the official Asana client against Takt", () => {
  it("runs an agency's day: workspace, team project, sections, tasks, subtasks, multi-homing, comments", async () => {
    const workspaces = new Asana.WorkspacesApi();
    const teams = new Asana.TeamsApi();
    const projects = new Asana.ProjectsApi();
    const sections = new Asana.SectionsApi();
    const tasks = new Asana.TasksApi();
    const stories = new Asana.StoriesApi();

    const listed = (await call("getWorkspaces", workspaces.getWorkspaces({}))) as Page;
    expect(listed.data?.map((item) => item.gid)).toContain(workspace.gid);
    expect(listed.data?.find((item) => item.gid === workspace.gid)).toMatchObject({
      resource_type: "workspace",
      name: "Acme Agency",
    });

    const team = await call(
      "createTeam",
      teams.createTeam({ data: { name: "Production", organization: workspace.gid } }, {}),
    );
    expect(team.data).toMatchObject({ resource_type: "team", name: "Production" });

    const project = await call(
      "createProjectForTeam",
      projects.createProjectForTeam({ data: { name: "Client X", default_view: "board" } }, team.data.gid, {}),
    );
    expect(project.data).toMatchObject({ resource_type: "project", name: "Client X" });
    const projectGid: string = project.data.gid;

    const sectionGids: Record<string, string> = {};
    for (const name of ["Onboarding", "In work", "Done"]) {
      const section = await call(
        `createSectionForProject ${name}`,
        sections.createSectionForProject(projectGid, { body: { data: { name } } }),
      );
      expect(section.data).toMatchObject({ resource_type: "section", name });
      sectionGids[name] = section.data.gid;
    }
    const sectionList = (await call("getSectionsForProject", sections.getSectionsForProject(projectGid, {}))) as Page;
    expect(sectionList.data?.map((section) => section.name)).toEqual(
      expect.arrayContaining(["Onboarding", "In work", "Done"]),
    );

    const task = await call(
      "createTask",
      tasks.createTask(
        { data: { name: "Landing page", projects: [projectGid], assignee: "me", due_on: "2030-11-30" } },
        { opt_fields: "name,assignee,projects,due_on,memberships.section.name" },
      ),
    );
    expect(task.data).toMatchObject({
      name: "Landing page",
      assignee: { gid: lead.gid },
      due_on: "2030-11-30",
      projects: [{ gid: projectGid }],
    });
    const taskGid: string = task.data.gid;

    await call(
      "addTaskForSection",
      sections.addTaskForSection(sectionGids["In work"], { body: { data: { task: taskGid } } }),
    );
    const subtask = await call(
      "createSubtaskForTask",
      tasks.createSubtaskForTask({ data: { name: "Hero image" } }, taskGid, {}),
    );
    expect(subtask.data).toMatchObject({ resource_type: "task", name: "Hero image" });
    const subtasks = (await call("getSubtasksForTask", tasks.getSubtasksForTask(taskGid, {}))) as Page;
    expect(subtasks.data?.map((item) => item.gid)).toEqual([subtask.data.gid]);

    // Multi-homing: the same task also lives on the curator's board, in a chosen section.
    const curatorBoard = await call(
      "createProjectForTeam (board)",
      projects.createProjectForTeam({ data: { name: "Curator board" } }, team.data.gid, {}),
    );
    const review = await call(
      "createSectionForProject Review",
      sections.createSectionForProject(curatorBoard.data.gid, { body: { data: { name: "Review" } } }),
    );
    await call(
      "addProjectForTask",
      tasks.addProjectForTask({ data: { project: curatorBoard.data.gid, section: review.data.gid } }, taskGid),
    );
    const homed = await call(
      "getTask",
      tasks.getTask(taskGid, { opt_fields: "memberships.project.name,memberships.section.name" }),
    );
    expect(homed.data.memberships).toEqual(
      expect.arrayContaining([
        {
          project: { gid: projectGid, resource_type: "project", name: "Client X" },
          section: { gid: sectionGids["In work"], resource_type: "section", name: "In work" },
        },
        {
          project: { gid: curatorBoard.data.gid, resource_type: "project", name: "Curator board" },
          section: { gid: review.data.gid, resource_type: "section", name: "Review" },
        },
      ]),
    );
    const inReview = (await call("getTasksForSection", tasks.getTasksForSection(review.data.gid, {}))) as Page;
    expect(inReview.data?.map((item) => item.gid)).toEqual([taskGid]);

    const comment = await call(
      "createStoryForTask",
      stories.createStoryForTask({ data: { text: "Draft ready for review" } }, taskGid, {}),
    );
    expect(comment.data).toMatchObject({
      resource_type: "story",
      resource_subtype: "comment_added",
      type: "comment",
      text: "Draft ready for review",
    });

    const completed = await call("updateTask", tasks.updateTask({ data: { completed: true } }, taskGid, {}));
    expect(completed.data.completed).toBe(true);

    const feed = (await call(
      "getStoriesForTask",
      stories.getStoriesForTask(taskGid, { opt_fields: "resource_subtype,text,type" }),
    )) as Page;
    const subtypes = feed.data?.map((story) => story.resource_subtype);
    expect(subtypes).toEqual(
      expect.arrayContaining(["added_to_project", "section_changed", "comment_added", "marked_complete"]),
    );
    // As in Asana, a new project starts with an "Untitled section", where a task lands unless told otherwise.
    expect(feed.data?.find((story) => story.resource_subtype === "section_changed")?.text).toBe(
      'moved this task from "Untitled section" to "In work" in Client X',
    );

    const myTasks = new Asana.UserTaskListsApi();
    const list = await call("getUserTaskListForUser", myTasks.getUserTaskListForUser("me", workspace.gid, {}));
    expect(list.data).toMatchObject({ resource_type: "user_task_list", owner: { gid: lead.gid } });
    const mine = (await call(
      "getTasksForUserTaskList",
      tasks.getTasksForUserTaskList(list.data.gid, { completed_since: "2000-01-01T00:00:00Z" }),
    )) as Page;
    expect(mine.data?.map((item) => item.gid)).toContain(taskGid);
  });

  it("pages through 250 tasks, 100 at a time, with Collection.nextPage()", async () => {
    const projects = new Asana.ProjectsApi();
    const tasks = new Asana.TasksApi();
    const project = await call(
      "createProjectForWorkspace",
      projects.createProjectForWorkspace({ data: { name: "Backlog" } }, workspace.gid, {}),
    );
    const projectGid: string = project.data.gid;
    const created: string[] = [];
    for (let batch = 0; batch < 25; batch += 1) {
      const made = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          call(
            "createTask",
            tasks.createTask({ data: { name: `Item ${batch * 10 + index + 1}`, projects: [projectGid] } }, {}),
          ),
        ),
      );
      created.push(...made.map((answer) => answer.data.gid as string));
    }

    const seen: string[] = [];
    const sizes: number[] = [];
    let page = (await call(
      "getTasksForProject",
      tasks.getTasksForProject(projectGid, { limit: 100, opt_fields: "name" }),
    )) as Page;
    while (page.data) {
      sizes.push(page.data.length);
      seen.push(...page.data.map((item) => item.gid));
      page = await call("nextPage", page.nextPage());
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(seen).size).toBe(250);
    expect([...seen].sort()).toEqual([...created].sort());
  });
});

describe("the official Asana client's events flow", () => {
  it("follows a project: 412 with a sync token, then the changes since, then a fresh token", async () => {
    const projects = new Asana.ProjectsApi();
    const tasks = new Asana.TasksApi();
    const events = new Asana.EventsApi();
    const project = await call(
      "createProjectForWorkspace",
      projects.createProjectForWorkspace({ data: { name: "Followed board" } }, workspace.gid, {}),
    );
    const projectGid: string = project.data.gid;

    // As in the client's README: the first call fails with 412 and carries the sync token in its body.
    const opts: Record<string, string> = {};
    const first = await events.getEvents(projectGid, opts).then(
      () => null,
      (error: { status: number; response: { body: { sync: string } } }) => error,
    );
    expect(first?.status).toBe(412);
    expect(first?.response.body.sync).toEqual(expect.any(String));
    opts.sync = first?.response.body.sync as string;

    const task = await call(
      "createTask",
      tasks.createTask({ data: { name: "Prepare the brief", projects: [projectGid] } }, {}),
    );
    await call("updateTask", tasks.updateTask({ data: { completed: true } }, task.data.gid, {}));

    const changes = (await call("getEvents", events.getEvents(projectGid, opts))) as {
      data: { action: string; resource: { gid: string; resource_type: string }; change?: { field: string } }[];
      _response: { sync: string; has_more: boolean };
    };
    const aboutTask = changes.data.filter((event) => event.resource.gid === task.data.gid);
    expect(aboutTask.map((event) => event.action)).toContain("added");
    expect(aboutTask.some((event) => event.action === "changed" && event.change?.field === "completed")).toBe(true);
    expect(changes._response.sync).toEqual(expect.any(String));
    expect(changes._response.sync).not.toBe(opts.sync);

    // Nothing new since the fresh token.
    const quiet = (await call("getEvents", events.getEvents(projectGid, { sync: changes._response.sync }))) as {
      data: unknown[];
    };
    expect(quiet.data).toEqual([]);
  });
});

describe("the official Asana client on the second wave's endpoints", () => {
  it("batches, manages memberships, reads workspace memberships, statuses, reactions, time, jobs and duplicates", async () => {
    const projects = new Asana.ProjectsApi();
    const tasks = new Asana.TasksApi();
    const stories = new Asana.StoriesApi();
    const users = new Asana.UsersApi();
    const teams = new Asana.TeamsApi();
    const member = await makeUser(t, workspace.gid, "member", "Mia Member");
    const team = await call("createTeam", teams.createTeam({ data: { name: "Ops", organization: workspace.gid } }, {}));
    const project = await call(
      "createProjectForTeam",
      projects.createProjectForTeam({ data: { name: "Retainer", icon: "rocket" } }, team.data.gid, {}),
    );
    const projectGid: string = project.data.gid;
    const task = await call(
      "createTask",
      tasks.createTask({ data: { name: "Monthly report", projects: [projectGid], assignee: member.gid } }, {}),
    );
    const taskGid: string = task.data.gid;

    const batch = await call(
      "createBatchRequest",
      new Asana.BatchAPIApi().createBatchRequest(
        { data: { actions: [{ method: "get", relative_path: `/tasks/${taskGid}`, options: { fields: ["name"] } }] } },
        {},
      ),
    );
    expect(batch.data[0]).toMatchObject({ status_code: 200, body: { data: { name: "Monthly report" } } });

    const memberships = new Asana.MembershipsApi();
    const added = await call(
      "createMembership",
      memberships.createMembership({
        body: { data: { parent: projectGid, member: member.gid, access_level: "editor" } },
      }),
    );
    expect(added.data).toMatchObject({ access_level: "editor", member: { gid: member.gid } });
    const listed = await call("getMemberships", memberships.getMemberships({ parent: projectGid }));
    expect(listed.data.map((row: { gid: string }) => row.gid)).toContain(added.data.gid);
    const changed = await call(
      "updateMembership",
      memberships.updateMembership({ data: { access_level: "commenter" } }, added.data.gid),
    );
    expect(changed.data.access_level).toBe("commenter");
    expect((await call("getMembership", memberships.getMembership(added.data.gid))).data.gid).toBe(added.data.gid);

    const workspaceMemberships = new Asana.WorkspaceMembershipsApi();
    const ofWorkspace = await call(
      "getWorkspaceMembershipsForWorkspace",
      workspaceMemberships.getWorkspaceMembershipsForWorkspace(workspace.gid, {}),
    );
    const mine = ofWorkspace.data.find((row: { user: { gid: string } }) => row.user.gid === lead.gid);
    expect(mine).toMatchObject({ resource_type: "workspace_membership" });
    const one = await call(
      "getWorkspaceMembership",
      workspaceMemberships.getWorkspaceMembership(mine.gid, { opt_fields: "is_admin,user.name" }),
    );
    expect(one.data).toMatchObject({ is_admin: true, user: { name: "Lena Lead" } });
    const forUser = await call(
      "getWorkspaceMembershipsForUser",
      workspaceMemberships.getWorkspaceMembershipsForUser("me", {}),
    );
    expect(forUser.data.length).toBeGreaterThan(0);
    const teamMemberships = await call(
      "getTeamMembershipsForUser",
      new Asana.TeamMembershipsApi().getTeamMembershipsForUser("me", workspace.gid, {}),
    );
    expect(teamMemberships.data.map((row: { team: { gid: string } }) => row.team.gid)).toContain(team.data.gid);
    const person = await call("getUserForWorkspace", users.getUserForWorkspace(workspace.gid, member.gid, {}));
    expect(person.data).toMatchObject({ gid: member.gid, name: "Mia Member" });
    const favorites = await call("getFavoritesForUser", users.getFavoritesForUser("me", "project", workspace.gid, {}));
    expect(favorites.data).toEqual([]);

    const statuses = new Asana.ProjectStatusesApi();
    const status = await call(
      "createProjectStatusForProject",
      statuses.createProjectStatusForProject(
        { data: { title: "Behind", color: "red", text: "Waiting" } },
        projectGid,
        {},
      ),
    );
    expect(status.data).toMatchObject({ resource_type: "project_status", color: "red", title: "Behind" });
    const statusList = await call(
      "getProjectStatusesForProject",
      statuses.getProjectStatusesForProject(projectGid, {}),
    );
    expect(statusList.data.map((row: { gid: string }) => row.gid)).toContain(status.data.gid);
    expect((await call("getProjectStatus", statuses.getProjectStatus(status.data.gid, {}))).data.color).toBe("red");
    await call("deleteProjectStatus", statuses.deleteProjectStatus(status.data.gid));

    const comment = await call(
      "createStoryForTask",
      stories.createStoryForTask({ data: { text: "Sent" } }, taskGid, {}),
    );
    await call("updateStory", stories.updateStory({ data: { liked: true } }, comment.data.gid, {}));
    const reactions = await call(
      "getReactionsOnObject",
      new Asana.ReactionsApi().getReactionsOnObject(comment.data.gid, "👍", {}),
    );
    expect(reactions.data).toEqual([
      expect.objectContaining({ emoji_base: "👍", user: expect.objectContaining({ gid: lead.gid }) }),
    ]);

    const time = new Asana.TimeTrackingEntriesApi();
    await call(
      "createTimeTrackingEntry",
      time.createTimeTrackingEntry({ data: { duration_minutes: 45, entered_on: "2030-04-04" } }, taskGid, {}),
    );
    const billed = await call(
      "getTimeTrackingEntries",
      time.getTimeTrackingEntries({
        workspace: workspace.gid,
        entered_on_start_date: "2030-04-01",
        opt_fields: "duration_minutes",
      }),
    );
    expect(billed.data).toEqual([expect.objectContaining({ duration_minutes: 45 })]);

    const inTask = await call("getProjectsForTask", projects.getProjectsForTask(taskGid, {}));
    expect(inTask.data.map((row: { gid: string }) => row.gid)).toEqual([projectGid]);
    const found = await call(
      "searchProjectsForWorkspace",
      projects.searchProjectsForWorkspace(workspace.gid, { text: "retainer" }),
    );
    expect(found.data.map((row: { gid: string }) => row.gid)).toContain(projectGid);
    const settings = await call(
      "getCustomFieldSettingsForTeam",
      new Asana.CustomFieldSettingsApi().getCustomFieldSettingsForTeam(team.data.gid, {}),
    );
    expect(settings.data).toEqual([]);

    const copy = await call("duplicateTask", tasks.duplicateTask({ data: { name: "Next month" } }, taskGid, {}));
    const job = await call("getJob", new Asana.JobsApi().getJob(copy.data.gid, {}));
    expect(job.data).toMatchObject({ status: "succeeded", new_task: { name: "Next month" } });
    const projectCopy = await call(
      "duplicateProject",
      projects.duplicateProject(projectGid, { body: { data: { name: "Retainer (copy)" } } }),
    );
    expect(projectCopy.data).toMatchObject({ resource_type: "job", resource_subtype: "duplicate_project" });

    await call("deleteMembership", memberships.deleteMembership(added.data.gid));
    const after = await call("getMemberships", memberships.getMemberships({ parent: projectGid }));
    expect(after.data.map((row: { gid: string }) => row.gid)).not.toContain(added.data.gid);
    const stream = await new Asana.WorkspacesApi().getWorkspaceEvents(workspace.gid, {}).then(
      () => null,
      (error: { status: number }) => error,
    );
    expect(stream?.status).toBe(412);
  });
});
