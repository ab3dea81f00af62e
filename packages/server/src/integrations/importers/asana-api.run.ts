import type { Db } from "../../db/index.ts";
import type { ImportsTable } from "../../db/schema.ts";
import { type Actor, type Ctx, transact } from "../../domain/context.ts";
import { newGid } from "../../ids.ts";
import type { OutboundPolicy } from "../webhooks/target-guard.ts";
import { planAsanaTasks } from "./asana.ts";
import {
  ASANA_API,
  AsanaClient,
  ATTACHMENT_FIELDS,
  isObject,
  type Json,
  STORY_FIELDS,
  TASK_FIELDS,
} from "./asana-api.ts";
import { type ImportFiles, stageFiles } from "./import.files.ts";
import { type PersonChoice, peopleSource } from "./import.people.ts";
import {
  emptyCounts,
  type ImportCounts,
  ImportInputError,
  type PlanLink,
  type PlanTask,
  type PlanUser,
  text,
} from "./import.plan.ts";
import { distinct, type ImportProblem, problem } from "./import.problems.ts";
import type { ImportOptions } from "./import.run.ts";
import { insertDependencies, writePlan } from "./import.writer.ts";

export interface AsanaAccount {
  workspace: { gid: string; name: string };
  users: PlanUser[];
  projects: { gid: string; name: string; team: { gid: string; name: string } | null; defaultView: string }[];
}

const gidOf = (value: unknown): string | null =>
  isObject(value) && (typeof value.gid === "string" || typeof value.gid === "number") ? String(value.gid) : null;

export function asanaClient(options: ImportOptions, token: string, policy: OutboundPolicy): AsanaClient {
  return new AsanaClient(options.url ?? ASANA_API, token, policy);
}

// The workspace to copy (the one named, or the account's only one), its people and its projects.
export async function readAsanaAccount(client: AsanaClient, workspaceGid?: string): Promise<AsanaAccount> {
  const workspaces = await client.list("/workspaces", { opt_fields: "name" });
  const workspace = workspaceGid
    ? workspaces.find((item) => gidOf(item) === workspaceGid)
    : workspaces.length === 1
      ? workspaces[0]
      : undefined;
  if (!workspace) {
    const names = workspaces.map((item) => `${gidOf(item)} (${text(item.name, 100)})`).join(", ");
    throw workspaceGid
      ? new ImportInputError("asana_workspace", "asana_api_no_workspace", {
          workspace: workspaceGid,
          names: names || "none",
        })
      : new ImportInputError("asana_workspace", "asana_api_several_workspaces", { names });
  }
  const gid = String(gidOf(workspace));
  const users = (await client.list(`/workspaces/${gid}/users`, { opt_fields: "name,email" })).flatMap(
    (user): PlanUser[] => {
      const userGid = gidOf(user);
      if (!userGid) return [];
      const email = typeof user.email === "string" && user.email.includes("@") ? user.email.toLowerCase() : null;
      return [{ key: `user:${userGid}`, name: text(user.name, 200) || email || "Asana user", email }];
    },
  );
  const projects = (
    await client.list("/projects", { workspace: gid, opt_fields: "name,team.name,default_view,archived" })
  ).flatMap((project) => {
    const projectGid = gidOf(project);
    if (!projectGid) return [];
    const teamGid = gidOf(project.team);
    return [
      {
        gid: projectGid,
        name: text(project.name, 200) || "Untitled project",
        team: teamGid && isObject(project.team) ? { gid: teamGid, name: text(project.team.name, 200) || "Team" } : null,
        defaultView: typeof project.default_view === "string" ? project.default_view : "list",
      },
    ];
  });
  return { workspace: { gid, name: text(workspace.name, 200) }, users, projects };
}

// Runs work over items, a few at a time (the source's rate limit is kinder to a few parallel requests).
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(lanes);
}

// A task with its stories, attachments and subtasks (nested as Asana's export would nest them). A task in several
// projects is read once: later projects reuse what the first read.
async function readTask(client: AsanaClient, task: Json, depth: number, read: Map<string, Json>): Promise<void> {
  const gid = gidOf(task);
  if (!gid) return;
  const earlier = read.get(gid);
  if (earlier) {
    task.stories = earlier.stories;
    task.attachments = earlier.attachments;
    task.subtasks = earlier.subtasks;
    return;
  }
  read.set(gid, task);
  task.stories = await client.list(`/tasks/${gid}/stories`, { opt_fields: STORY_FIELDS });
  task.attachments = await client.list(`/tasks/${gid}/attachments`, { opt_fields: ATTACHMENT_FIELDS });
  if (depth < 4 && (typeof task.num_subtasks !== "number" || task.num_subtasks > 0)) {
    const subtasks = await client.list(`/tasks/${gid}/subtasks`, { opt_fields: TASK_FIELDS });
    for (const subtask of subtasks) await readTask(client, subtask, depth + 1, read);
    task.subtasks = subtasks;
  }
}

const ACCESS = new Set(["admin", "editor", "commenter", "viewer"]);

async function ensureTeam(ctx: Ctx & { actor: Actor }, workspaceGid: number, team: { gid: string; name: string }) {
  return transact(ctx, async (tx) => {
    const known = await tx.trx
      .selectFrom("import_keys")
      .innerJoin("teams", "teams.gid", "import_keys.resource_gid")
      .select("teams.gid")
      .where("import_keys.workspace_gid", "=", workspaceGid)
      .where("import_keys.source", "=", "asana-teams")
      .where("import_keys.external_id", "=", team.gid)
      .executeTakeFirst();
    if (known) return { gid: known.gid, created: false };
    const gid = newGid();
    await tx.trx
      .insertInto("teams")
      .values({ gid, workspace_gid: workspaceGid, name: team.name, description: "", created_at: tx.now })
      .execute();
    await tx.trx
      .insertInto("team_memberships")
      .values({ gid: newGid(), team_gid: gid, user_gid: ctx.actor.gid, is_admin: 1, created_at: tx.now })
      .execute();
    await tx.trx
      .insertInto("import_keys")
      .values({
        workspace_gid: workspaceGid,
        source: "asana-teams",
        external_id: team.gid,
        resource_gid: gid,
        created_at: tx.now,
      })
      .execute();
    await tx.emit({
      workspace_gid: workspaceGid,
      resource_type: "team",
      resource_gid: gid,
      parent_type: "workspace",
      parent_gid: workspaceGid,
      action: "added",
    });
    return { gid, created: true };
  });
}

// The team's people from the source, once each person has a place here (after the projects are written).
async function ensureTeamMembers(db: Db, workspaceGid: number, teamGid: number, memberKeys: string[]) {
  if (memberKeys.length === 0) return;
  const people = await db
    .selectFrom("import_keys")
    .select("resource_gid")
    .where("workspace_gid", "=", workspaceGid)
    .where("source", "=", peopleSource("asana:"))
    .where("external_id", "in", memberKeys)
    .execute();
  const there = new Set(
    (await db.selectFrom("team_memberships").select("user_gid").where("team_gid", "=", teamGid).execute()).map(
      (row) => row.user_gid,
    ),
  );
  const now = new Date().toISOString();
  for (const { resource_gid } of people) {
    if (there.has(resource_gid)) continue;
    there.add(resource_gid);
    await db
      .insertInto("team_memberships")
      .values({ gid: newGid(), team_gid: teamGid, user_gid: resource_gid, is_admin: 0, created_at: now })
      .execute();
  }
}

type Progress = { done: string[] };

// A live migration from Asana's API: teams, then each project in its own unit of work (sections, tasks, subtasks,
// custom fields and values, tags, comments with their authors and dates, uploaded attachments as files (links
// when over the upload limit), followers, members), then dependencies across projects. A task in several
// projects is one task here, in each of them. Keyed by the source's gids: running it again, or resuming after a
// crash, updates what is there and creates only what is missing.
export async function runAsanaApiImport(
  ctx: Ctx & { actor: Actor },
  row: ImportsTable,
  options: ImportOptions & Partial<Progress>,
  people: Map<string, PersonChoice>,
  policy: OutboundPolicy,
  files: ImportFiles,
): Promise<{ projectGid: number | null; counts: ImportCounts & Record<string, number>; notes: ImportProblem[] }> {
  const token = Buffer.from(row.content, "base64").toString("utf8");
  if (!token) throw new ImportInputError("token", "asana_api_token_missing");
  const client = asanaClient(options, token, policy);
  const account = await readAsanaAccount(client, options.asana_workspace);
  const counts: ImportCounts & Record<string, number> = { ...emptyCounts(), projects: 0, teams: 0 };
  const notes: ImportProblem[] = [];
  const done = new Set(options.done ?? []);
  const dependencies: { task: string; dependsOn: string }[] = [];
  const teamMembers = new Map<number, string[]>();
  let firstProject: number | null = null;
  const total = account.projects.length;
  const read = new Map<string, Json>();
  // The token goes with a download only to the API's own host (Takt serves files there); Asana's download_url
  // is a signed address that takes no token.
  const apiHost = new URL(client.base).host;
  const auth = (url: URL) => (url.host === apiHost ? { authorization: `Bearer ${token}` } : null);
  const refresh = async (link: PlanLink) => {
    const answer = await client.get(`/attachments/${link.key.replace(/^attachment:/, "")}`, {
      opt_fields: "download_url",
    });
    const data = isObject(answer.data) ? answer.data : {};
    return typeof data.download_url === "string" && data.download_url !== link.download ? data.download_url : null;
  };

  for (const [index, project] of account.projects.entries()) {
    let teamGid = row.team_gid;
    if (project.team) {
      const team = await ensureTeam(ctx, row.workspace_gid, project.team);
      if (team.created) counts.teams += 1;
      teamGid = team.gid;
      if (!teamMembers.has(team.gid)) {
        const members = await client.list(`/teams/${project.team.gid}/users`, { opt_fields: "name,email" });
        teamMembers.set(
          team.gid,
          members.map((member) => `user:${gidOf(member)}`),
        );
      }
    }
    if (done.has(project.gid)) continue;
    const tasks = await client.list(`/projects/${project.gid}/tasks`, { opt_fields: TASK_FIELDS });
    await eachLimited(tasks, 4, (task) => readTask(client, task, 0, read));
    const sections = await client.list(`/projects/${project.gid}/sections`, { opt_fields: "name" });
    const memberships = await client.list(`/projects/${project.gid}/project_memberships`, {
      opt_fields: "user.name,user.email,access_level",
    });
    // A task's custom_fields are those of all its projects: this project gets only its own (all of them when
    // the account may not list a project's fields, as on Asana's free plan).
    const settings = await client
      .list(`/projects/${project.gid}/custom_field_settings`, { opt_fields: "custom_field.name" })
      .catch((error) => {
        if (error instanceof ImportInputError && error.field === "url") return null;
        throw error;
      });
    const plan = planAsanaTasks({ data: tasks }, () => project.gid, project.gid);
    if (settings) {
      const own = new Set(settings.map((setting) => `field:${gidOf(setting.custom_field)}`));
      plan.customFields = plan.customFields?.filter((field) => own.has(field.key));
    }
    plan.sourceId = `asana:${project.gid}`;
    plan.projectName = project.name;
    plan.defaultView = project.defaultView === "board" ? "board" : "list";
    // Every section in the source's order, empty ones too.
    const listed = sections.flatMap((section) => {
      const gid = gidOf(section);
      return gid ? [{ key: `section:${gid}`, name: text(section.name, 200) || "Untitled section" }] : [];
    });
    plan.sections = [...listed, ...plan.sections.filter((section) => !listed.some((item) => item.key === section.key))];
    // The account's people go with the first project, so everyone has a place before teams are filled.
    const known = new Set(plan.users.map((user) => user.key));
    if (index === 0 || firstProject === null) plan.users.push(...account.users.filter((user) => !known.has(user.key)));
    plan.members = memberships.flatMap((membership) => {
      const userGid = gidOf(membership.user);
      if (!userGid || !isObject(membership.user)) return [];
      const key = `user:${userGid}`;
      if (!plan.users.some((user) => user.key === key)) {
        const email = typeof membership.user.email === "string" ? membership.user.email.toLowerCase() : null;
        plan.users.push({ key, name: text(membership.user.name, 200) || email || "Asana user", email });
      }
      const level = String(membership.access_level ?? "editor");
      return [{ userKey: key, accessLevel: (ACCESS.has(level) ? level : "editor") as "editor" }];
    });
    if (plan.problems.length > 0) {
      const [first] = plan.problems;
      throw new ImportInputError(`project ${project.name}`, first.code, first.params);
    }
    const visit = (task: PlanTask) => {
      for (const dependsOn of task.dependencyKeys) dependencies.push({ task: task.key, dependsOn });
      task.subtasks.forEach(visit);
    };
    plan.tasks.forEach(visit);
    const staged = await stageFiles(ctx.db, row.workspace_gid, plan, files, { auth, policy, refresh });
    let result: Awaited<ReturnType<typeof writePlan>>;
    try {
      result = await writePlan(ctx, plan, { workspaceGid: row.workspace_gid, teamGid, people, files: staged.files });
    } catch (error) {
      await staged.settle(new Set());
      throw error;
    }
    await staged.settle(result.usedFiles);
    notes.push(...staged.notes);
    firstProject ??= result.projectGid;
    for (const [name, value] of Object.entries(result.counts)) counts[name] = (counts[name] ?? 0) + (value ?? 0);
    counts.projects += 1;
    notes.push(...result.notes);
    done.add(project.gid);
    await ctx.db
      .updateTable("imports")
      .set({
        progress: Math.min(99, Math.round(((index + 1) / Math.max(total, 1)) * 100)),
        counts: JSON.stringify(counts),
        project_gid: firstProject,
        options: JSON.stringify({ ...options, done: [...done] }),
      })
      .where("gid", "=", row.gid)
      .execute();
  }
  for (const [teamGid, members] of teamMembers) await ensureTeamMembers(ctx.db, row.workspace_gid, teamGid, members);
  await linkDependencies(ctx, row.workspace_gid, dependencies);
  if (total === 0) notes.push(problem("asana_api_no_projects", { workspace: account.workspace.name }));
  return { projectGid: firstProject, counts, notes: distinct(notes) };
}

// Dependencies may cross projects: resolved once every project is written, through the keys of every project.
async function linkDependencies(
  ctx: Ctx & { actor: Actor },
  workspaceGid: number,
  dependencies: { task: string; dependsOn: string }[],
) {
  if (dependencies.length === 0) return;
  const wanted = [...new Set(dependencies.flatMap((pair) => [pair.task, pair.dependsOn]))];
  const gids = new Map<string, number>();
  for (let index = 0; index < wanted.length; index += 500) {
    const rows = await ctx.db
      .selectFrom("import_keys")
      .select(["external_id", "resource_gid"])
      .where("workspace_gid", "=", workspaceGid)
      .where("source", "like", "asana:%")
      .where("external_id", "in", wanted.slice(index, index + 500))
      .execute();
    for (const row of rows) gids.set(row.external_id, row.resource_gid);
  }
  const pairs = dependencies.flatMap((pair) => {
    const task = gids.get(pair.task);
    const dependsOn = gids.get(pair.dependsOn);
    return task && dependsOn && task !== dependsOn ? [{ task_gid: task, depends_on_gid: dependsOn }] : [];
  });
  await transact(ctx, (tx) => insertDependencies(tx, pairs));
}
