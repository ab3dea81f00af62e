// The requests each row sends, built from the seeded workspace's state (bench/lib/seed-workspace.mjs).
// Every row rotates over the five people of the first team (all members of the list project and of their
// team's projects) so no single token or cache line gets all the traffic.

const API = "/api/1.0";
export const LIST_FIELDS =
  "name,completed,assignee.name,due_on,start_on,num_subtasks,memberships.section.name,custom_fields.display_value";
// What the web app asks for each board column / list section (TASK_ROW_FIELDS in
// packages/web/src/features/tasks/fields.ts; a unit test there holds the two the same).
export const WEB_ROW_FIELDS =
  "name,completed,assignee.name,due_on,start_on,num_subtasks,num_comments,memberships.project.name," +
  "memberships.section.name,created_at,resource_subtype,approval_status," +
  "custom_fields.name,custom_fields.resource_subtype,custom_fields.type,custom_fields.display_value,custom_fields.text_value,custom_fields.number_value,custom_fields.enum_value,custom_fields.multi_enum_values,custom_fields.date_value,custom_fields.people_value,custom_fields.precision,custom_fields.format,custom_fields.currency_code,custom_fields.custom_label,custom_fields.custom_label_position,custom_fields.is_value_read_only," +
  "tags.name,tags.color,dependencies.name,dependents.name,permissions";
export const MY_TASKS_FIELDS =
  "name,completed,assignee.name,due_on,start_on,num_subtasks,memberships.section.name,projects.name";
export const SEARCH_FIELDS = "name,completed,assignee.name,due_on,projects.name";
// From about 0.05 % (two rare words) to about 5 % of the tasks (one common word); the last word is a prefix.
export const SEARCH_TERMS = [
  "invoice",
  "review",
  "acme",
  "newsletter acme",
  "chatb",
  "globex invoice",
  "podcast gringotts",
  "translate landing",
];
export const TYPEAHEAD_TERMS = ["inv", "news", "acme", "chat", "land", "pod", "glob", "che"];

// Deterministic choices, so two runs send the same requests.
function chooser(seed) {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

export async function prepare(server, state) {
  const team = state.teams[0];
  const byGid = new Map(state.people.map((person) => [person.gid, person]));
  const people = team.members.map((gid) => byGid.get(gid));
  const headersOf = (person) => ({ authorization: `Bearer ${person.token}`, accept: "application/json" });
  // My Tasks lists (made when each person joined the workspace).
  for (const person of people) {
    const response = await fetch(`${server.api}/users/me/user_task_list?workspace=${state.workspace}`, {
      headers: headersOf(person),
    });
    if (!response.ok) throw new Error(`GET /users/me/user_task_list -> ${response.status}`);
    person.taskList = (await response.json()).data.gid;
  }
  const projects = new Map(state.projects.map((project) => [project.gid, project]));
  const teamProjects = state.projects.filter((project) => project.team === team.gid);
  return { state, people, headersOf, projects, teamProjects, tasks: state.actorTasks };
}

export function scenarios(context) {
  const { state, people, headersOf, projects, teamProjects, tasks } = context;
  const topLevel = tasks.filter((task) => task.project);
  const pick = chooser(7);
  const person = () => people[pick(people.length)];
  const get = (path, who = person()) => ({ method: "GET", path: `${API}${path}`, headers: headersOf(who) });
  const send = (method, path, data, who = person()) => ({
    method,
    path: `${API}${path}`,
    headers: { ...headersOf(who), "content-type": "application/json" },
    body: { data },
  });
  let writes = 0;
  const visits = new Map();

  const requests = {
    list: () => get(`/projects/${state.listProject}/tasks?limit=100&opt_fields=${LIST_FIELDS}`),
    column: () => {
      const sections = projects.get(state.listProject).sections;
      return get(`/sections/${sections[pick(sections.length)]}/tasks?limit=100&opt_fields=${WEB_ROW_FIELDS}`);
    },
    task: () => get(`/tasks/${tasks[pick(tasks.length)].gid}`),
    stories: () => get(`/tasks/${tasks[pick(tasks.length)].gid}/stories`),
    myTasks: () => {
      const who = person();
      return get(
        `/user_task_lists/${who.taskList}/tasks?completed_since=now&limit=100&opt_fields=${MY_TASKS_FIELDS}`,
        who,
      );
    },
    search: () =>
      get(
        `/workspaces/${state.workspace}/tasks/search?text=${encodeURIComponent(SEARCH_TERMS[pick(SEARCH_TERMS.length)])}&opt_fields=${SEARCH_FIELDS}`,
      ),
    typeahead: () =>
      get(
        `/workspaces/${state.workspace}/typeahead?resource_type=task&count=10&query=${TYPEAHEAD_TERMS[pick(TYPEAHEAD_TERMS.length)]}`,
      ),
    create: () => {
      writes += 1;
      const project = teamProjects[pick(teamProjects.length)];
      const who = person();
      return send(
        "POST",
        "/tasks",
        {
          name: `Load task ${writes}`,
          memberships: [
            { project: String(project.gid), section: String(project.sections[pick(project.sections.length)]) },
          ],
          assignee: writes % 3 === 0 ? String(who.gid) : null,
          due_on: writes % 2 === 0 ? `2026-0${1 + (writes % 9)}-1${writes % 10}` : null,
        },
        who,
      );
    },
    rename: () => {
      writes += 1;
      return send("PUT", `/tasks/${tasks[pick(tasks.length)].gid}`, { name: `Renamed ${writes}` });
    },
    complete: () => {
      const task = tasks[pick(tasks.length)];
      const seen = (visits.get(task.gid) ?? 0) + 1;
      visits.set(task.gid, seen);
      return send("PUT", `/tasks/${task.gid}`, { completed: seen % 2 === 1 });
    },
    move: () => {
      const task = topLevel[pick(topLevel.length)];
      const sections = projects.get(task.project).sections;
      return send("POST", `/sections/${sections[pick(sections.length)]}/addTask`, { task: String(task.gid) });
    },
    comment: () => {
      writes += 1;
      return send("POST", `/tasks/${tasks[pick(tasks.length)].gid}/stories`, { text: `Load comment ${writes}` });
    },
  };

  // 80 % reads, 20 % writes, in the proportions a team's day has them.
  const MIX = [
    ["list", 25],
    ["task", 15],
    ["stories", 15],
    ["myTasks", 10],
    ["search", 10],
    ["typeahead", 5],
    ["create", 6],
    ["rename", 5],
    ["complete", 4],
    ["move", 3],
    ["comment", 2],
  ];
  const wheel = MIX.flatMap(([kind, weight]) => Array.from({ length: weight }, () => kind));

  const row = (name, kind, describe, next) => ({ name, kind, describe, next });
  const reads = ["list", "search", "typeahead", "column", "myTasks", "task", "stories"];
  return {
    // Not measured: a freshly started server runs its first seconds at half speed (JIT, lazy paths).
    warm: row("warm-up", "read", "every read row in turn", () => requests[reads[pick(reads.length)]]()),
    list: row(
      "list project tasks",
      "read",
      `GET /projects/{gid}/tasks?limit=100&opt_fields=${LIST_FIELDS} (a project of 400+ top-level tasks)`,
      requests.list,
    ),
    column: row(
      "board column (web app fields)",
      "read",
      `GET /sections/{gid}/tasks?limit=100&opt_fields=… (the web app's 17 row fields, full custom_fields) over the list project's 5 sections`,
      requests.column,
    ),
    task: row("get task", "read", "GET /tasks/{gid} (all default fields), rotating over 5,000 tasks", requests.task),
    stories: row("task stories", "read", "GET /tasks/{gid}/stories, rotating over the same tasks", requests.stories),
    myTasks: row(
      "My Tasks",
      "read",
      `GET /user_task_lists/{gid}/tasks?completed_since=now&limit=100&opt_fields=${MY_TASKS_FIELDS}`,
      requests.myTasks,
    ),
    search: row(
      "text search",
      "read",
      `GET /workspaces/{gid}/tasks/search?text=…&opt_fields=${SEARCH_FIELDS} over ${SEARCH_TERMS.length} queries (${SEARCH_TERMS.join(", ")})`,
      requests.search,
    ),
    typeahead: row(
      "typeahead",
      "read",
      `GET /workspaces/{gid}/typeahead?resource_type=task&count=10&query=… (${TYPEAHEAD_TERMS.join(", ")})`,
      requests.typeahead,
    ),
    create: row(
      "create task",
      "create",
      "POST /tasks into a section of one of the team's projects; a third assigned, half with a due date",
      requests.create,
    ),
    rename: row("update: rename", "update", "PUT /tasks/{gid} {name}", requests.rename),
    complete: row(
      "update: complete",
      "update",
      "PUT /tasks/{gid} {completed: true/false, alternating}",
      requests.complete,
    ),
    move: row(
      "update: move section",
      "update",
      "POST /sections/{gid}/addTask {task} (another section of the task's project)",
      requests.move,
    ),
    mixed: row(
      "mixed 80/20",
      "mixed",
      `one request at random per send: ${MIX.map(([kind, weight]) => `${kind} ${weight} %`).join(", ")}`,
      () => requests[wheel[pick(wheel.length)]](),
    ),
  };
}

// The ceiling server's rows (bench/ceiling.mjs).
export function ceilingScenarios() {
  const pick = chooser(11);
  const headers = { "content-type": "application/json" };
  let count = 0;
  const requests = {
    insert: () => {
      count += 1;
      return { method: "POST", path: "/items", headers, body: { data: { name: `Load item ${count}` } } };
    },
    update: () => {
      count += 1;
      const id = 1 + pick(100000);
      return {
        method: "PUT",
        path: `/items/${id}`,
        headers,
        body: { data: { name: `Renamed ${count}`, completed: count % 2 === 0 } },
      };
    },
    select: () => ({ method: "GET", path: `/items?list=${pick(200)}`, headers: {} }),
  };
  const wheel = [...Array(80).fill("select"), ...Array(10).fill("insert"), ...Array(10).fill("update")];
  return {
    insert: {
      name: "ceiling insert",
      kind: "create",
      describe: "POST /items: one row inserted in a transaction",
      next: requests.insert,
    },
    update: {
      name: "ceiling update",
      kind: "update",
      describe: "PUT /items/{id}: one row updated by key in a transaction",
      next: requests.update,
    },
    select: {
      name: "ceiling select",
      kind: "read",
      describe: "GET /items?list=: 100 rows through an index",
      next: requests.select,
    },
    mixed: {
      name: "ceiling mixed 80/20",
      kind: "mixed",
      describe: "80 % select, 10 % insert, 10 % update",
      next: () => requests[wheel[pick(wheel.length)]](),
    },
  };
}
