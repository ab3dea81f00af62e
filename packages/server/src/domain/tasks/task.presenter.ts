import { sql } from "kysely";
import type { Db } from "../../db/index.ts";
import { prepared, preparedVariants } from "../../db/prepared.ts";
import type { TasksTable } from "../../db/schema.ts";
import { approvalStatuses } from "../approvals/approval.commands.ts";
import { taskCustomFields } from "../custom-fields/custom-field.presenter.ts";
import { consideredFields, type OptFields, type Plan, pickPlan, planOf } from "../opt-fields.ts";
import { projectVisible } from "../projects/project.policy.ts";
import { recurrencesOf } from "../recurrence/recurrence.presenter.ts";
import { sprintsOfTasks } from "../sprints/task-scrum.ts";
import { taskTags } from "../tags/tag.presenter.ts";
import { userRef } from "../users/user.presenter.ts";
import { usersNamed } from "../users/user.queries.ts";
import { taskIsVisibleTo } from "./task.policy.ts";

export const TASK_COMPACT = ["name", "resource_subtype"] as const;

// Fields of the full record; num_comments is a Takt extension shown only when opt_fields asks for it.
export const FULL_TASK_FIELDS = [
  "name",
  "resource_subtype",
  "notes",
  "html_notes",
  "assignee",
  "assignee_status",
  "completed",
  "completed_at",
  "completed_by",
  "due_on",
  "due_at",
  "start_on",
  "created_at",
  "modified_at",
  "created_by",
  "followers",
  "memberships",
  "projects",
  "parent",
  "num_subtasks",
  "num_likes",
  "liked",
  "hearted",
  "tags",
  "workspace",
  "permalink_url",
  "dependencies",
  "dependents",
  "custom_fields",
  "story_points",
  "sprint",
  "recurrence",
  "approval_status",
  "actual_time_minutes",
  "estimated_minutes",
  "external",
  "start_at",
  "assigned_by",
  "assignee_section",
  "likes",
];

type Ref = { gid: string; resource_type: string; name?: string };
const ref = (gid: number, resourceType: string, name?: string): Ref =>
  name === undefined
    ? { gid: String(gid), resource_type: resourceType }
    : { gid: String(gid), resource_type: resourceType, name };

function group<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

type TaskColumn = keyof TasksTable;
// The columns of `tasks` each field is built from (the rest need only gid).
const COLUMNS_OF: Partial<Record<string, TaskColumn[]>> = {
  name: ["name"],
  resource_subtype: ["resource_subtype"],
  notes: ["notes"],
  html_notes: ["html_notes"],
  assignee: ["assignee_gid"],
  completed: ["completed"],
  completed_at: ["completed_at"],
  completed_by: ["completed_by_gid"],
  due_on: ["due_on"],
  due_at: ["due_at"],
  start_on: ["start_on"],
  created_at: ["created_at"],
  modified_at: ["modified_at"],
  created_by: ["created_by_gid"],
  parent: ["parent_gid"],
  workspace: ["workspace_gid"],
  story_points: ["story_points"],
  sprint: ["sprint_gid"],
  approval_status: ["resource_subtype"],
  estimated_minutes: ["estimated_minutes"],
  external: ["external_gid", "external_data"],
  start_at: ["start_at"],
  assigned_by: ["assigned_by_gid"],
};

// What a request shape (mode and opt_fields) asks of the presenter, worked out once per shape: the top-level
// fields, the order they are built in, the sub-paths each keeps, the columns of `tasks` they read, and the keys of
// custom field values asked for.
interface TaskPlan {
  wanted: ReadonlySet<string>;
  // With opt_fields: the record's keys in the order shape() gives them, each with its sub-plan (null: whole).
  entries: { key: string; sub: Plan | null }[] | null;
  // Without: the full record's keys in order.
  keys: string[];
  columns: TaskColumn[];
  fieldKeys: string[] | undefined;
}

const PLAN_CACHE_SIZE = 200;
const planCache = new Map<string, TaskPlan>();

function compileTaskPlan(optFields: OptFields, mode: "compact" | "full"): TaskPlan {
  const wanted = new Set<string>(
    optFields ? optFields.map((field) => field.split(".")[0]) : mode === "full" ? FULL_TASK_FIELDS : TASK_COMPACT,
  );
  const keys = [...FULL_TASK_FIELDS, ...(optFields ? ["num_comments"] : [])].filter((key) => wanted.has(key));
  const built = new Set(keys);
  // custom_fields.display_value asks for only that key of each value; plain custom_fields for whole values.
  const fieldPaths = optFields?.filter((path) => path.startsWith("custom_fields.")) ?? [];
  const fieldKeys =
    optFields && !optFields.includes("custom_fields") ? fieldPaths.map((path) => path.split(".")[1]) : undefined;
  // Values built with only those keys, none asked deeper (custom_fields.enum_value.color), need no cutting after.
  const fieldsShaped = fieldKeys !== undefined && fieldPaths.every((path) => path.split(".").length === 2);
  const entries = optFields
    ? planOf(optFields)
        .filter((entry) => built.has(entry.key))
        .map((entry) => ({
          key: entry.key,
          sub: entry.paths === null || (entry.key === "custom_fields" && fieldsShaped) ? null : planOf(entry.paths),
        }))
    : null;
  const columns = new Set<TaskColumn>(["gid"]);
  for (const key of keys) for (const column of COLUMNS_OF[key] ?? []) columns.add(column);
  return { wanted, entries, keys, columns: [...columns], fieldKeys };
}

function taskPlan(optFields: OptFields, mode: "compact" | "full"): TaskPlan {
  const key = `${mode}:${optFields ? optFields.join(",") : ""}`;
  let plan = planCache.get(key);
  if (!plan) {
    plan = compileTaskPlan(optFields, mode);
    if (planCache.size >= PLAN_CACHE_SIZE) planCache.delete(planCache.keys().next().value as string);
    planCache.set(key, plan);
  }
  return plan;
}

// The columns of `tasks` a list needs to present its rows for this request shape (gid always): a list query
// selects only these, instead of every column of every row.
export function taskColumnsFor(optFields: OptFields, mode: "compact" | "full"): TaskColumn[] {
  return taskPlan(optFields, mode).columns;
}

// The presenter's loads, compiled once per variant (db/prepared.ts): a page and a single task run the same few
// statements on every request.
const followersOf = prepared(
  ["taskGids"],
  (db, params: { taskGids: number[] }) =>
    db.selectFrom("task_followers").select(["task_gid", "user_gid"]).where("task_gid", "in", params.taskGids),
  { lists: ["taskGids"] },
);

// Every membership of the page, each with whether the viewer (when there is one) sees its project.
const placementsOf = preparedVariants((viewed: boolean) =>
  prepared(
    ["taskGids", "viewerGid"],
    (db, params: { taskGids: number[]; viewerGid: number }) =>
      db
        .selectFrom("task_memberships as tm")
        .innerJoin("projects as p", "p.gid", "tm.project_gid")
        .innerJoin("sections as s", "s.gid", "tm.section_gid")
        .select(["tm.task_gid", "p.gid as project_gid", "p.name as project_name", "s.gid as section_gid"])
        .select("s.name as section_name")
        // Probes each membership's project: listing every visible project first made SQLite loop over
        // them all for each task of the page.
        .select((eb) =>
          viewed
            ? projectVisible(db, params.viewerGid, eb.ref("tm.project_gid"))(eb).as("seen")
            : sql<number>`1`.as("seen"),
        )
        .where("tm.task_gid", "in", params.taskGids)
        .orderBy("tm.created_at")
        .orderBy("p.gid"),
    { lists: ["taskGids"] },
  ),
);

// A parent the viewer cannot see is not found: it is shown by its gid alone (see `parent` below).
const parentsOf = preparedVariants((viewed: boolean) =>
  prepared(
    ["gids", "viewerGid"],
    (db, params: { gids: number[]; viewerGid: number }) =>
      db
        .selectFrom("tasks")
        .select(["gid", "name", "resource_subtype"])
        .where("gid", "in", params.gids)
        .$if(viewed, (query) => query.where(taskIsVisibleTo(db, params.viewerGid))),
    { lists: ["gids"] },
  ),
);

// Counts and sums per task and the workspace's name, as scalar subqueries; `variant` says which, one digit each
// (subtasks, comments, minutes, workspace).
const countsOf = preparedVariants((variant: string) =>
  prepared(
    ["taskGids"],
    (db, params: { taskGids: number[] }) =>
      db
        .selectFrom("tasks as t")
        .select("t.gid")
        .$if(variant[0] === "1", (query) =>
          query.select((eb) =>
            eb
              .selectFrom("tasks as st")
              .select(eb.fn.countAll<number>().as("n"))
              .whereRef("st.parent_gid", "=", "t.gid")
              .as("subtasks"),
          ),
        )
        .$if(variant[1] === "1", (query) =>
          query.select((eb) =>
            eb
              .selectFrom("stories as cs")
              .select(eb.fn.countAll<number>().as("n"))
              .whereRef("cs.task_gid", "=", "t.gid")
              .where("cs.type", "=", "comment")
              .as("comments"),
          ),
        )
        .$if(variant[2] === "1", (query) =>
          query.select((eb) =>
            eb
              .selectFrom("time_tracking_entries as te")
              .select((inner) => inner.fn.sum<number | string>("te.duration_minutes").as("n"))
              .whereRef("te.task_gid", "=", "t.gid")
              .as("minutes"),
          ),
        )
        .$if(variant[3] === "1", (query) =>
          query.select((eb) =>
            eb.selectFrom("workspaces as w").select("w.name").whereRef("w.gid", "=", "t.workspace_gid").as("workspace"),
          ),
        )
        .where("t.gid", "in", params.taskGids),
    { lists: ["taskGids"] },
  ),
);

// Dependencies, dependents or both (a union), each left out when the viewer cannot see it. `variant`:
// "<direction>:<whether a viewer filters>".
const linksOf = preparedVariants((variant: string) => {
  const [direction, viewed] = variant.split(":");
  return prepared(
    ["taskGids", "viewerGid"],
    (db, params: { taskGids: number[]; viewerGid: number }) => {
      const side = (which: "dependencies" | "dependents") => {
        const [own, other] =
          which === "dependencies"
            ? (["task_gid", "depends_on_gid"] as const)
            : (["depends_on_gid", "task_gid"] as const);
        return db
          .selectFrom("task_dependencies as td")
          .innerJoin("tasks", "tasks.gid", `td.${other}`)
          .select([sql.lit(which === "dependencies" ? 1 : 0).as("forward"), `td.${own} as owner`, "tasks.gid"])
          .select("tasks.name")
          .where(`td.${own}`, "in", params.taskGids)
          .$if(viewed === "true", (query) => query.where(taskIsVisibleTo(db, params.viewerGid)));
      };
      return direction === "both"
        ? side("dependencies").unionAll(side("dependents")).orderBy("gid")
        : side(direction as "dependencies" | "dependents").orderBy("tasks.gid");
    },
    { lists: ["taskGids"] },
  );
});

type Placement = {
  task_gid: number;
  project_gid: number;
  project_name: string;
  section_gid: number;
  section_name: string;
  seen: boolean;
};

// What a page's statements loaded, by task (or by user, parent, sprint): what the builders below read.
interface Loaded {
  users: Map<number, { gid: number; name: string }>;
  followers: Map<number, { task_gid: number; user_gid: number }[]>;
  memberships: Map<number, Placement[]>;
  parents: Map<number, { gid: number; name: string; resource_subtype: string }>;
  scalars: Map<number, { subtasks: number; comments: number; minutes: number; workspace: string }>;
  dependencies: Map<number, { gid: number; name: string }[]>;
  dependents: Map<number, { gid: number; name: string }[]>;
  recurrences: Map<number, unknown>;
  customFields: Map<number, unknown[]>;
  tagsOf: Map<number, unknown[]>;
  approvals: Map<number, unknown>;
  sprints: Map<number, unknown>;
}

const userOf = (loaded: Loaded, gid: number | null) =>
  gid ? userRef(loaded.users.get(gid) ?? { gid, name: "" }) : null;
const placedOf = (loaded: Loaded, row: TasksTable): Placement[] => loaded.memberships.get(row.gid) ?? [];
const scalarsOf = (loaded: Loaded, row: TasksTable) => loaded.scalars.get(row.gid);

// How each field of a task is built from its row and what the page loaded. Made once, not per request: the
// production build keeps function names, which costs a property definition for every closure made.
const BUILD: Record<string, (row: TasksTable, loaded: Loaded) => unknown> = {
  name: (row) => row.name,
  resource_subtype: (row) => row.resource_subtype,
  notes: (row) => row.notes,
  html_notes: (row) => row.html_notes || "<body></body>",
  assignee: (row, loaded) => userOf(loaded, row.assignee_gid),
  assignee_status: () => "inbox",
  completed: (row) => row.completed === 1,
  completed_at: (row) => row.completed_at,
  completed_by: (row, loaded) => userOf(loaded, row.completed_by_gid),
  due_on: (row) => row.due_on,
  due_at: (row) => row.due_at,
  start_on: (row) => row.start_on,
  created_at: (row) => row.created_at,
  modified_at: (row) => row.modified_at,
  created_by: (row) => (row.created_by_gid ? ref(row.created_by_gid, "user") : null),
  followers: (row, loaded) =>
    (loaded.followers.get(row.gid) ?? []).map((follower) => userOf(loaded, follower.user_gid)),
  memberships: (row, loaded) =>
    placedOf(loaded, row).map((membership) => ({
      project: ref(membership.project_gid, "project", membership.project_name),
      section: ref(membership.section_gid, "section", membership.section_name),
    })),
  projects: (row, loaded) =>
    placedOf(loaded, row).map((membership) => ref(membership.project_gid, "project", membership.project_name)),
  parent: (row, loaded) => {
    const parent = row.parent_gid ? loaded.parents.get(row.parent_gid) : undefined;
    if (parent) return { ...ref(parent.gid, "task", parent.name), resource_subtype: parent.resource_subtype };
    return row.parent_gid ? ref(row.parent_gid, "task") : null;
  },
  num_subtasks: (row, loaded) => scalarsOf(loaded, row)?.subtasks ?? 0,
  num_likes: () => 0,
  liked: () => false,
  hearted: () => false,
  tags: (row, loaded) => loaded.tagsOf.get(row.gid) ?? [],
  workspace: (row, loaded) => ref(row.workspace_gid, "workspace", scalarsOf(loaded, row)?.workspace ?? ""),
  permalink_url: (row, loaded) => {
    const placed = placedOf(loaded, row);
    return placed.length ? `/projects/${placed[0].project_gid}/tasks/${row.gid}` : `/tasks/${row.gid}`;
  },
  dependencies: (row, loaded) =>
    (loaded.dependencies.get(row.gid) ?? []).map((task) => ref(task.gid, "task", task.name)),
  dependents: (row, loaded) => (loaded.dependents.get(row.gid) ?? []).map((task) => ref(task.gid, "task", task.name)),
  custom_fields: (row, loaded) => loaded.customFields.get(row.gid) ?? [],
  // Scrum (Takt): points as a number or null, and the compact sprint the task is in (null: backlog).
  story_points: (row) => row.story_points ?? null,
  sprint: (row, loaded) =>
    row.sprint_gid
      ? (loaded.sprints.get(row.sprint_gid) ?? { gid: String(row.sprint_gid), resource_type: "sprint" })
      : null,
  // Takt: {rule: {rrule} | {every_n_days_after_completion}, text} in the viewer's language, or null.
  recurrence: (row, loaded) => loaded.recurrences.get(row.gid) ?? null,
  // Approval tasks only (approvals area): pending | approved | rejected | changes_requested.
  approval_status: (row, loaded) => loaded.approvals.get(row.gid),
  // Time tracking (domain/time): minutes logged on the task, and the planned effort (null when unset).
  actual_time_minutes: (row, loaded) => scalarsOf(loaded, row)?.minutes ?? 0,
  estimated_minutes: (row) => row.estimated_minutes ?? null,
  external: (row) =>
    row.external_gid || row.external_data ? { gid: row.external_gid ?? null, data: row.external_data ?? null } : null,
  start_at: (row) => row.start_at ?? null,
  assigned_by: (row, loaded) => userOf(loaded, row.assigned_by_gid ?? null),
  // Takt's My Tasks has no sections of its own.
  assignee_section: () => null,
  likes: () => [],
  // Takt extension, only when opt_fields asks for it.
  num_comments: (row, loaded) => scalarsOf(loaded, row)?.comments ?? 0,
};

// Every related object is loaded for all rows at once: one query per kind of relation, never one per row.
// With viewerGid, projects and dependencies the viewer cannot see are left out (a guest never learns of them),
// and a parent they cannot see is a bare {gid, resource_type}: the subtask still says it is one, not of what.
// The rows need only the columns taskColumnsFor names for the same opt_fields and mode.
export async function presentTasks(
  db: Db,
  rows: TasksTable[],
  optFields: OptFields,
  mode: "compact" | "full",
  viewerGid?: number,
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const plan = taskPlan(optFields, mode);
  const { wanted } = plan;
  const needs = (...fields: string[]) => fields.some((field) => wanted.has(field));
  const gids = rows.map((row) => row.gid);

  const followers = needs("followers")
    ? group(await followersOf.all(db, { taskGids: gids }), (row) => row.task_gid)
    : new Map<number, { task_gid: number; user_gid: number }[]>();

  const userGids = new Set<number>();
  const wantsAssignee = needs("assignee");
  const wantsCompletedBy = needs("completed_by");
  const wantsAssignedBy = needs("assigned_by");
  for (const row of rows) {
    if (row.assignee_gid && wantsAssignee) userGids.add(row.assignee_gid);
    if (row.completed_by_gid && wantsCompletedBy) userGids.add(row.completed_by_gid);
    if (row.assigned_by_gid && wantsAssignedBy) userGids.add(row.assigned_by_gid);
  }
  for (const list of followers.values()) for (const follower of list) userGids.add(follower.user_gid);
  const users = new Map(
    userGids.size ? (await usersNamed.all(db, { gids: [...userGids] })).map((user) => [user.gid, user] as const) : [],
  );

  // Every membership of the page, each with whether the viewer sees its project, in one statement: the
  // memberships shown and the custom fields that reach a task through a project both follow from it.
  const wantsFields = needs("custom_fields");
  const placements: Placement[] =
    needs("memberships", "projects", "permalink_url") || wantsFields
      ? (await placementsOf(viewerGid !== undefined).all(db, { taskGids: gids, viewerGid: viewerGid ?? 0 })).map(
          (row) => ({ ...row, seen: Boolean(row.seen) }),
        )
      : [];
  const memberships = group(
    placements.filter((placement) => placement.seen),
    (row) => row.task_gid,
  );

  const parentGids = [...new Set(rows.map((row) => row.parent_gid).filter((gid): gid is number => gid != null))];
  const parents = new Map(
    parentGids.length && needs("parent")
      ? (await parentsOf(viewerGid !== undefined).all(db, { gids: parentGids, viewerGid: viewerGid ?? 0 })).map(
          (parent) => [parent.gid, parent] as const,
        )
      : [],
  );

  // Counts and sums per task and the workspace's name, as one statement of scalar subqueries for the page.
  const wantsSubtasks = needs("num_subtasks");
  const wantsComments = needs("num_comments");
  const wantsMinutes = needs("actual_time_minutes");
  const wantsWorkspace = needs("workspace");
  const scalars = new Map<number, { subtasks: number; comments: number; minutes: number; workspace: string }>();
  if (wantsSubtasks || wantsComments || wantsMinutes || wantsWorkspace) {
    const variant = [wantsSubtasks, wantsComments, wantsMinutes, wantsWorkspace].map(Number).join("");
    const found = await countsOf(variant).all(db, { taskGids: gids });
    for (const row of found as {
      gid: number;
      subtasks?: number | string | null;
      comments?: number | string | null;
      minutes?: number | string | null;
      workspace?: string | null;
    }[]) {
      scalars.set(Number(row.gid), {
        subtasks: Number(row.subtasks ?? 0),
        comments: Number(row.comments ?? 0),
        minutes: Number(row.minutes ?? 0),
        workspace: row.workspace ?? "",
      });
    }
  }

  // Both directions of dependencies in one statement (a union) when both are asked for.
  const wantsDependencies = needs("dependencies");
  const wantsDependents = needs("dependents");
  const dependencies = new Map<number, { gid: number; name: string }[]>();
  const dependents = new Map<number, { gid: number; name: string }[]>();
  if (wantsDependencies || wantsDependents) {
    const direction = wantsDependencies && wantsDependents ? "both" : wantsDependencies ? "dependencies" : "dependents";
    const found = await linksOf(`${direction}:${viewerGid !== undefined}`).all(db, {
      taskGids: gids,
      viewerGid: viewerGid ?? 0,
    });
    for (const row of found) {
      const into = Number(row.forward) === 1 ? dependencies : dependents;
      const other = { gid: row.gid, name: row.name };
      const list = into.get(row.owner);
      if (list) list.push(other);
      else into.set(row.owner, [other]);
    }
  }
  const recurrences = needs("recurrence") ? await recurrencesOf(db, gids, viewerGid) : new Map();

  const customFields = wantsFields
    ? await taskCustomFields(db, gids, plan.fieldKeys, viewerGid, placements)
    : new Map();
  const tagsOf = needs("tags") ? await taskTags(db, gids) : new Map();

  const approvals = needs("approval_status") ? await approvalStatuses(db, rows) : new Map();

  const sprints = needs("sprint") ? await sprintsOfTasks(db, rows, viewerGid) : new Map();

  const loaded: Loaded = {
    users,
    followers,
    memberships,
    parents,
    scalars,
    dependencies,
    dependents,
    recurrences,
    customFields,
    tagsOf,
    approvals,
    sprints,
  };
  const { entries, keys } = plan;
  return rows.map((row) => {
    const record: Record<string, unknown> = { gid: String(row.gid), resource_type: "task" };
    if (entries) {
      // The record as shape(full, optFields) would cut it, built directly in that order.
      for (const entry of entries) {
        if (entry.key === "approval_status" && !approvals.has(row.gid)) continue;
        const value = BUILD[entry.key](row, loaded);
        record[entry.key] = entry.sub === null ? value : pickPlan(value, entry.sub);
      }
      consideredFields.set(record, wanted);
      return record;
    }
    for (const key of keys) {
      if (key === "approval_status" && !approvals.has(row.gid)) continue;
      record[key] = BUILD[key](row, loaded);
    }
    return record;
  });
}

export async function presentTask(
  db: Db,
  row: TasksTable,
  optFields: OptFields,
  viewerGid?: number,
): Promise<Record<string, unknown>> {
  const [presented] = await presentTasks(db, [row], optFields, "full", viewerGid);
  return presented;
}
