import type { Db } from "../../db/index.ts";
import type { TasksTable } from "../../db/schema.ts";
import { approvalStatuses } from "../approvals/approval.commands.ts";
import { taskCustomFields } from "../custom-fields/custom-field.presenter.ts";
import { type OptFields, shape } from "../opt-fields.ts";
import { projectVisible } from "../projects/project.policy.ts";
import { recurrencesOf } from "../recurrence/recurrence.presenter.ts";
import { sprintsOfTasks } from "../sprints/task-scrum.ts";
import { taskTags } from "../tags/tag.presenter.ts";
import { actualMinutes } from "../time/time.queries.ts";
import { userRef } from "../users/user.presenter.ts";
import { taskIsVisible } from "./task.policy.ts";

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
    const list = groups.get(key(row)) ?? [];
    list.push(row);
    groups.set(key(row), list);
  }
  return groups;
}

// Every related object is loaded for all rows at once: one query per kind of relation, never one per row.
// With viewerGid, projects and dependencies the viewer cannot see are left out (a guest never learns of them),
// and a parent they cannot see is a bare {gid, resource_type}: the subtask still says it is one, not of what.
export async function presentTasks(
  db: Db,
  rows: TasksTable[],
  optFields: OptFields,
  mode: "compact" | "full",
  viewerGid?: number,
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const wanted = new Set(
    optFields ? optFields.map((field) => field.split(".")[0]) : mode === "full" ? FULL_TASK_FIELDS : TASK_COMPACT,
  );
  const needs = (...fields: string[]) => fields.some((field) => wanted.has(field));
  const gids = rows.map((row) => row.gid);

  const followers = needs("followers")
    ? group(
        await db.selectFrom("task_followers").select(["task_gid", "user_gid"]).where("task_gid", "in", gids).execute(),
        (row) => row.task_gid,
      )
    : new Map<number, { task_gid: number; user_gid: number }[]>();

  const userGids = new Set<number>();
  for (const row of rows) {
    if (row.assignee_gid && needs("assignee")) userGids.add(row.assignee_gid);
    if (row.completed_by_gid && needs("completed_by")) userGids.add(row.completed_by_gid);
    if (row.created_by_gid && needs("created_by")) userGids.add(row.created_by_gid);
    if (row.assigned_by_gid && needs("assigned_by")) userGids.add(row.assigned_by_gid);
  }
  for (const list of followers.values()) for (const follower of list) userGids.add(follower.user_gid);
  const users = new Map(
    userGids.size
      ? (
          await db
            .selectFrom("users")
            .select(["gid", "name"])
            .where("gid", "in", [...userGids])
            .execute()
        ).map((user) => [user.gid, user] as const)
      : [],
  );
  const userOf = (gid: number | null) => (gid ? userRef(users.get(gid) ?? { gid, name: "" }) : null);

  const memberships = needs("memberships", "projects", "permalink_url")
    ? group(
        await db
          .selectFrom("task_memberships as tm")
          .innerJoin("projects as p", "p.gid", "tm.project_gid")
          .innerJoin("sections as s", "s.gid", "tm.section_gid")
          .select(["tm.task_gid", "p.gid as project_gid", "p.name as project_name", "s.gid as section_gid"])
          .select("s.name as section_name")
          .where("tm.task_gid", "in", gids)
          // Probes each membership's project: listing every visible project first made SQLite loop over
          // them all for each task of the page.
          .$if(viewerGid !== undefined, (query) =>
            query.where((eb) => projectVisible(db, viewerGid ?? 0, eb.ref("tm.project_gid"))(eb)),
          )
          .orderBy("tm.created_at")
          .orderBy("p.gid")
          .execute(),
        (row) => row.task_gid,
      )
    : new Map();

  const parentGids = [...new Set(rows.map((row) => row.parent_gid).filter((gid): gid is number => gid !== null))];
  const parents = new Map(
    parentGids.length && needs("parent")
      ? (
          await db
            .selectFrom("tasks")
            .select(["gid", "name", "resource_subtype"])
            .where("gid", "in", parentGids)
            // A parent the viewer cannot see is shown by its gid alone (see `parent` below).
            .$if(viewerGid !== undefined, (query) => query.where(taskIsVisible(db, viewerGid ?? 0)))
            .execute()
        ).map((parent) => [parent.gid, parent] as const)
      : [],
  );

  const countBy = async (kind: "subtasks" | "comments") => {
    const counted =
      kind === "subtasks"
        ? await db
            .selectFrom("tasks")
            .select((eb) => ["parent_gid as owner", eb.fn.countAll().as("count")])
            .where("parent_gid", "in", gids)
            .groupBy("parent_gid")
            .execute()
        : await db
            .selectFrom("stories")
            .select((eb) => ["task_gid as owner", eb.fn.countAll().as("count")])
            .where("task_gid", "in", gids)
            .where("type", "=", "comment")
            .groupBy("task_gid")
            .execute();
    return new Map(counted.map((row) => [Number(row.owner), Number(row.count)]));
  };
  const subtaskCounts = needs("num_subtasks") ? await countBy("subtasks") : new Map<number, number>();
  const commentCounts = needs("num_comments") ? await countBy("comments") : new Map<number, number>();

  const edges = async (direction: "dependencies" | "dependents") => {
    const [own, other] =
      direction === "dependencies"
        ? (["task_gid", "depends_on_gid"] as const)
        : (["depends_on_gid", "task_gid"] as const);
    const found = await db
      .selectFrom("task_dependencies as td")
      .innerJoin("tasks", "tasks.gid", `td.${other}`)
      .select([`td.${own} as owner`, "tasks.gid", "tasks.name"])
      .where(`td.${own}`, "in", gids)
      .$if(viewerGid !== undefined, (query) => query.where(taskIsVisible(db, viewerGid ?? 0)))
      .orderBy("tasks.gid")
      .execute();
    return group(found, (row) => row.owner);
  };
  const dependencies = needs("dependencies") ? await edges("dependencies") : new Map();
  const dependents = needs("dependents") ? await edges("dependents") : new Map();
  const recurrences = needs("recurrence") ? await recurrencesOf(db, gids, viewerGid) : new Map();

  // custom_fields.display_value asks for only that key of each value; plain custom_fields for whole values.
  const fieldKeys =
    optFields && !optFields.includes("custom_fields")
      ? optFields.filter((path) => path.startsWith("custom_fields.")).map((path) => path.split(".")[1])
      : undefined;
  const customFields = needs("custom_fields") ? await taskCustomFields(db, gids, fieldKeys, viewerGid) : new Map();
  const tagsOf = needs("tags") ? await taskTags(db, gids) : new Map();

  const workspaces = new Map(
    needs("workspace")
      ? (
          await db
            .selectFrom("workspaces")
            .select(["gid", "name"])
            .where("gid", "in", [...new Set(rows.map((row) => row.workspace_gid))])
            .execute()
        ).map((workspace) => [workspace.gid, workspace] as const)
      : [],
  );

  const approvals = needs("approval_status") ? await approvalStatuses(db, rows) : new Map();

  const sprints = needs("sprint") ? await sprintsOfTasks(db, rows, viewerGid) : new Map();
  const loggedMinutes = needs("actual_time_minutes") ? await actualMinutes(db, gids) : new Map<number, number>();

  type Placed = { project_gid: number; project_name: string; section_gid: number; section_name: string };
  const placedOf = (row: TasksTable): Placed[] => memberships.get(row.gid) ?? [];
  // Only the fields asked for are built: a list page of a few fields allocates nothing for the others.
  const build: Record<string, (row: TasksTable) => unknown> = {
    name: (row) => row.name,
    resource_subtype: (row) => row.resource_subtype,
    notes: (row) => row.notes,
    html_notes: (row) => row.html_notes || "<body></body>",
    assignee: (row) => userOf(row.assignee_gid),
    assignee_status: () => "inbox",
    completed: (row) => row.completed === 1,
    completed_at: (row) => row.completed_at,
    completed_by: (row) => userOf(row.completed_by_gid),
    due_on: (row) => row.due_on,
    due_at: (row) => row.due_at,
    start_on: (row) => row.start_on,
    created_at: (row) => row.created_at,
    modified_at: (row) => row.modified_at,
    created_by: (row) => (row.created_by_gid ? ref(row.created_by_gid, "user") : null),
    followers: (row) => (followers.get(row.gid) ?? []).map((follower) => userOf(follower.user_gid)),
    memberships: (row) =>
      placedOf(row).map((membership) => ({
        project: ref(membership.project_gid, "project", membership.project_name),
        section: ref(membership.section_gid, "section", membership.section_name),
      })),
    projects: (row) =>
      placedOf(row).map((membership) => ref(membership.project_gid, "project", membership.project_name)),
    parent: (row) => {
      const parent = row.parent_gid ? parents.get(row.parent_gid) : undefined;
      if (parent) return { ...ref(parent.gid, "task", parent.name), resource_subtype: parent.resource_subtype };
      return row.parent_gid ? ref(row.parent_gid, "task") : null;
    },
    num_subtasks: (row) => subtaskCounts.get(row.gid) ?? 0,
    num_likes: () => 0,
    liked: () => false,
    hearted: () => false,
    tags: (row) => tagsOf.get(row.gid) ?? [],
    workspace: (row) => ref(row.workspace_gid, "workspace", workspaces.get(row.workspace_gid)?.name ?? ""),
    permalink_url: (row) => {
      const placed = placedOf(row);
      return placed.length ? `/projects/${placed[0].project_gid}/tasks/${row.gid}` : `/tasks/${row.gid}`;
    },
    dependencies: (row) =>
      (dependencies.get(row.gid) ?? []).map((task: { gid: number; name: string }) => ref(task.gid, "task", task.name)),
    dependents: (row) =>
      (dependents.get(row.gid) ?? []).map((task: { gid: number; name: string }) => ref(task.gid, "task", task.name)),
    custom_fields: (row) => customFields.get(row.gid) ?? [],
    // Scrum (Takt): points as a number or null, and the compact sprint the task is in (null: backlog).
    story_points: (row) => row.story_points ?? null,
    sprint: (row) =>
      row.sprint_gid ? (sprints.get(row.sprint_gid) ?? { gid: String(row.sprint_gid), resource_type: "sprint" }) : null,
    // Takt: {rule: {rrule} | {every_n_days_after_completion}, text} in the viewer's language, or null.
    recurrence: (row) => recurrences.get(row.gid) ?? null,
    // Approval tasks only (approvals area): pending | approved | rejected | changes_requested.
    approval_status: (row) => approvals.get(row.gid),
    // Time tracking (domain/time): minutes logged on the task, and the planned effort (null when unset).
    actual_time_minutes: (row) => loggedMinutes.get(row.gid) ?? 0,
    estimated_minutes: (row) => row.estimated_minutes ?? null,
    external: (row) =>
      row.external_gid || row.external_data ? { gid: row.external_gid ?? null, data: row.external_data ?? null } : null,
    start_at: (row) => row.start_at ?? null,
    assigned_by: (row) => userOf(row.assigned_by_gid ?? null),
    // Takt's My Tasks has no sections of its own.
    assignee_section: () => null,
    likes: () => [],
    // Takt extension, only when opt_fields asks for it.
    num_comments: (row) => commentCounts.get(row.gid) ?? 0,
  };
  const keys = [...FULL_TASK_FIELDS, ...(optFields ? ["num_comments"] : [])].filter((key) => wanted.has(key));
  return rows.map((row) => {
    const full: Record<string, unknown> = { gid: String(row.gid), resource_type: "task" };
    for (const key of keys) {
      if (key === "approval_status" && !approvals.has(row.gid)) continue;
      full[key] = build[key](row);
    }
    return optFields ? shape(full, optFields) : full;
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
