import type { Db } from "../db/index.ts";
import { consideredFields, type OptFields, shape } from "./opt-fields.ts";
import { projectIsVisible } from "./projects/project.policy.ts";
import { presentProject } from "./projects/project.presenter.ts";
import { projectRefs } from "./projects/project.queries.ts";
import { presentProjectBrief } from "./projects/project-brief.ts";
import { presentSection } from "./sections/section.presenter.ts";
import { presentStatusUpdate } from "./status-updates/status-update.presenter.ts";
import { presentTags } from "./tags/tag.presenter.ts";
import { taskIsVisible } from "./tasks/task.policy.ts";
import { FULL_TASK_FIELDS, presentTasks } from "./tasks/task.presenter.ts";
import { visibleTeamGids } from "./teams/team.policy.ts";
import { presentTeam } from "./teams/team.presenter.ts";
import { presentUser } from "./users/user.presenter.ts";
import { userIsVisible } from "./users/user.queries.ts";
import { memberOfWorkspace } from "./workspaces/workspace.policy.ts";
import { presentWorkspace } from "./workspaces/workspace.presenter.ts";

// Nested opt_fields to any depth (assignee.email, projects.team.name, current_status_update.text, …): after a
// presenter has built its records, every reference {gid, resource_type} that a path goes through and that lacks
// a field the path asks for is loaded, with every other reference of its type at that depth, in one batch per type
// and depth — so a page of 5 and a page of 100 cost the same statements. References the viewer may not see stay
// as they are.

type Json = Record<string, unknown>;
interface Loader {
  // The fields the resource's record has (a path asking for anything else loads nothing).
  fields: ReadonlySet<string>;
  load(db: Db, viewerGid: number, gids: number[], optFields: string[], baseUrl: string): Promise<Map<string, Json>>;
}

const byGid = (records: Json[]) => new Map(records.map((record) => [String(record.gid), record] as const));

const USER_FIELDS = new Set(["name", "email", "photo", "language", "workspaces"]);
const PROJECT_FIELDS = new Set([
  "name",
  "archived",
  "color",
  "created_at",
  "modified_at",
  "current_status",
  "current_status_update",
  "default_view",
  "due_on",
  "due_date",
  "start_on",
  "notes",
  "html_notes",
  "owner",
  "team",
  "workspace",
  "members",
  "followers",
  "privacy_setting",
  "scrum_enabled",
  "public",
  "permalink_url",
  "completed",
  "completed_at",
  "completed_by",
  "icon",
  "default_access_level",
  "project_brief",
]);

const LOADERS: Record<string, Loader> = {
  user: {
    fields: USER_FIELDS,
    async load(db, viewerGid, gids, optFields) {
      const users = await db
        .selectFrom("users")
        .select(["gid", "name", "email", "language"])
        .where("gid", "in", gids)
        .where(userIsVisible(db, viewerGid))
        .execute();
      const wantsWorkspaces = optFields.some((field) => field.split(".")[0] === "workspaces");
      // Only the workspaces the viewer shares with each person.
      const memberships =
        wantsWorkspaces && users.length
          ? await db
              .selectFrom("workspace_memberships as wm")
              .innerJoin("workspaces as w", "w.gid", "wm.workspace_gid")
              .select(["wm.user_gid", "w.gid", "w.name"])
              .where(
                "wm.user_gid",
                "in",
                users.map((user) => user.gid),
              )
              .where("w.gid", "in", (eb) =>
                eb.selectFrom("workspace_memberships").select("workspace_gid").where("user_gid", "=", viewerGid),
              )
              .orderBy("w.gid")
              .execute()
          : [];
      return byGid(
        users.map((user) =>
          presentUser(
            user,
            memberships.filter((row) => row.user_gid === user.gid),
          ),
        ),
      );
    },
  },
  project: {
    fields: PROJECT_FIELDS,
    async load(db, viewerGid, gids, _optFields, baseUrl) {
      const projects = await db
        .selectFrom("projects")
        .selectAll()
        .where("gid", "in", gids)
        .where(projectIsVisible(db, viewerGid))
        .execute();
      const refs = await projectRefs(db, projects);
      const records: Json[] = [];
      for (const project of projects) {
        const own = refs.get(project.gid);
        if (own) records.push(presentProject(project, own, baseUrl));
      }
      return byGid(records);
    },
  },
  team: {
    fields: new Set(["name", "description", "html_description", "organization", "permalink_url", "visibility"]),
    async load(db, viewerGid, gids, _optFields, baseUrl) {
      const teams = await db
        .selectFrom("teams")
        .innerJoin("workspaces", "workspaces.gid", "teams.workspace_gid")
        .selectAll("teams")
        .select("workspaces.name as workspace_name")
        .where("teams.gid", "in", gids)
        .where("teams.gid", "in", visibleTeamGids(db, viewerGid))
        .execute();
      return byGid(
        teams.map((team) => presentTeam(team, { gid: team.workspace_gid, name: team.workspace_name }, baseUrl)),
      );
    },
  },
  workspace: {
    fields: new Set(["name", "is_organization", "email_domains"]),
    async load(db, viewerGid, gids) {
      const workspaces = await db
        .selectFrom("workspaces")
        .selectAll()
        .where("gid", "in", gids)
        .where(memberOfWorkspace(viewerGid))
        .execute();
      return byGid(workspaces.map((workspace) => presentWorkspace(workspace)));
    },
  },
  section: {
    fields: new Set(["name", "created_at", "project", "projects"]),
    async load(db, viewerGid, gids) {
      const sections = await db
        .selectFrom("sections")
        .innerJoin("projects", "projects.gid", "sections.project_gid")
        .selectAll("sections")
        .select("projects.name as project_name")
        .where("sections.gid", "in", gids)
        .where(projectIsVisible(db, viewerGid))
        .execute();
      return byGid(
        sections.map((section) => presentSection(section, { gid: section.project_gid, name: section.project_name })),
      );
    },
  },
  task: {
    fields: new Set([...FULL_TASK_FIELDS, "num_comments"]),
    async load(db, viewerGid, gids, optFields) {
      const tasks = await db
        .selectFrom("tasks")
        .selectAll()
        .where("gid", "in", gids)
        .where(taskIsVisible(db, viewerGid))
        .execute();
      return byGid(await presentTasks(db, tasks, optFields, "full", viewerGid));
    },
  },
  tag: {
    fields: new Set(["name", "color", "notes", "created_at", "followers", "workspace", "permalink_url"]),
    async load(db, viewerGid, gids, optFields) {
      const tags = await db
        .selectFrom("tags")
        .selectAll()
        .where("gid", "in", gids)
        .where("workspace_gid", "in", (eb) =>
          eb.selectFrom("workspace_memberships").select("workspace_gid").where("user_gid", "=", viewerGid),
        )
        .execute();
      return byGid(await presentTags(db, tags, optFields, "full"));
    },
  },
  project_brief: {
    fields: new Set(["title", "text", "html_text", "project", "permalink_url"]),
    async load(db, viewerGid, gids, _optFields, baseUrl) {
      const rows = await db
        .selectFrom("project_briefs")
        .innerJoin("projects", "projects.gid", "project_briefs.project_gid")
        .selectAll("project_briefs")
        .select("projects.name as project_name")
        .where("project_briefs.gid", "in", gids)
        .where(projectIsVisible(db, viewerGid))
        .execute();
      return byGid(
        rows.map((row) => presentProjectBrief(row, { gid: row.project_gid, name: row.project_name }, baseUrl)),
      );
    },
  },
  status_update: {
    fields: new Set([
      "resource_subtype",
      "title",
      "text",
      "html_text",
      "status_type",
      "author",
      "created_by",
      "created_at",
      "modified_at",
      "parent",
      "liked",
      "likes",
      "num_likes",
    ]),
    async load(db, viewerGid, gids) {
      const rows = await db
        .selectFrom("status_updates")
        .innerJoin("projects", "projects.gid", "status_updates.parent_gid")
        .leftJoin("users", "users.gid", "status_updates.created_by_gid")
        .selectAll("status_updates")
        .select(["users.name as author_name", "projects.name as project_name"])
        .where("status_updates.gid", "in", gids)
        .where(projectIsVisible(db, viewerGid))
        .execute();
      return byGid(rows.map((row) => presentStatusUpdate(row)));
    },
  },
};

// One place where a reference sits, and the sub-paths asked of it there.
interface Spot {
  holder: Json | unknown[];
  key: string | number;
  paths: string[];
}

// Split once per list of paths: a page walks the same lists for each of its records, and the sub-lists a split
// returns are themselves kept, so the next level down is found here too. Arrays, not a Map: the walk visits every
// record of a page (a hundred tasks, their assignees, memberships and field values), and iterating a Map there
// made an iterator and an entry pair per record.
interface Split {
  // The first segment of each path, once each.
  heads: string[];
  // The heads with deeper paths, and those paths.
  deeper: { head: string; sub: string[] }[];
}
const splits = new WeakMap<readonly string[], Split>();

function split(paths: readonly string[]): Split {
  let found = splits.get(paths);
  if (!found) {
    found = splitPaths(paths);
    splits.set(paths, found);
  }
  return found;
}

function splitPaths(paths: readonly string[]): Split {
  const heads = new Map<string, string[] | null>();
  for (const path of paths) {
    const dot = path.indexOf(".");
    const head = dot === -1 ? path : path.slice(0, dot);
    if (dot === -1) {
      if (!heads.has(head)) heads.set(head, null);
      continue;
    }
    const list = heads.get(head) ?? [];
    list.push(path.slice(dot + 1));
    heads.set(head, list);
  }
  const deeper: Split["deeper"] = [];
  for (const [head, sub] of heads) if (sub) deeper.push({ head, sub });
  return { heads: [...heads.keys()], deeper };
}

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Walks `value` along `paths`; a reference missing an asked field becomes a spot, anything else is walked deeper.
function collect(holder: Json | unknown[], key: string | number, paths: string[], spots: Spot[], depth: number): void {
  const value = (holder as Json)[key as string];
  if (depth > 12 || value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) collect(value, index, paths, spots, depth + 1);
    return;
  }
  if (!isRecord(value)) return;
  const { heads, deeper } = split(paths);
  const loader = typeof value.resource_type === "string" ? LOADERS[value.resource_type] : undefined;
  if (loader && typeof value.gid === "string") {
    const considered = consideredFields.get(value);
    for (const head of heads) {
      if (!(head in value) && loader.fields.has(head) && !considered?.has(head)) {
        spots.push({ holder, key, paths });
        return;
      }
    }
  }
  for (const { head, sub } of deeper) if (head in value) collect(value, head, sub, spots, depth + 1);
}

// Absolute links, as Asana gives (TAKT_PUBLIC_URL, or the address the request came to).
function absolutize(value: unknown, baseUrl: string): void {
  if (Array.isArray(value)) {
    for (const item of value) absolutize(item, baseUrl);
    return;
  }
  if (isRecord(value) && typeof value.permalink_url === "string" && value.permalink_url.startsWith("/")) {
    value.permalink_url = `${baseUrl}${value.permalink_url}`;
  }
}

export async function expandReferences(
  db: Db,
  viewerGid: number | null,
  data: unknown,
  optFields: OptFields,
  baseUrl: string,
): Promise<void> {
  absolutize(data, baseUrl);
  if (!optFields || viewerGid === null || !optFields.some((field) => field.includes("."))) return;
  const root = { data };
  let spots: Spot[] = [];
  collect(root, "data", optFields, spots, 0);
  // Each round loads one depth of references; a round finds the next depth in what it loaded.
  for (let round = 0; round < 8 && spots.length; round++) {
    const byType = new Map<string, { gids: Set<number>; paths: Set<string> }>();
    for (const spot of spots) {
      const ref = (spot.holder as Json)[spot.key as string] as Json;
      const entry = byType.get(ref.resource_type as string) ?? { gids: new Set(), paths: new Set() };
      entry.gids.add(Number(ref.gid));
      for (const path of spot.paths) entry.paths.add(path);
      byType.set(ref.resource_type as string, entry);
    }
    const loaded = new Map<string, Map<string, Json>>();
    for (const [type, entry] of byType) {
      const records = await LOADERS[type].load(db, viewerGid, [...entry.gids], [...entry.paths], baseUrl);
      loaded.set(type, records);
    }
    const next: Spot[] = [];
    for (const spot of spots) {
      const ref = (spot.holder as Json)[spot.key as string] as Json;
      const record = loaded.get(ref.resource_type as string)?.get(ref.gid as string);
      if (!record) continue;
      const picked = shape(record, spot.paths);
      absolutize(picked, baseUrl);
      // What the reference already said (a custom field's value on its task, a name) stays; the rest is added.
      const merged: Json = { ...picked, ...ref };
      for (const head of split(spot.paths).heads) if (!(head in ref) && head in picked) merged[head] = picked[head];
      const placed = shape(merged, spot.paths);
      (spot.holder as Json)[spot.key as string] = placed;
      for (const { head, sub } of split(spot.paths).deeper) if (head in placed) collect(placed, head, sub, next, 0);
    }
    spots = next;
  }
}
