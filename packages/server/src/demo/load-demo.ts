import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { createAccessToken, revokeAccessToken } from "../domain/auth/auth.commands.ts";
import { hashPassword } from "../domain/auth/passwords.ts";
import type { Actor, Ctx } from "../domain/context.ts";
import { loadTemplateGallery } from "../domain/templates/gallery.ts";
import { addUserToWorkspace, createUser } from "../domain/users/user.commands.ts";
import { createWorkspace } from "../domain/workspaces/workspace.commands.ts";
import type { Takt } from "../takt.ts";
import { type DemoApi, DemoLoadError, demoApi } from "./demo-api.ts";
import {
  CLIENT_BOARD_KEYS,
  type DemoLanguage,
  type DemoProject,
  type DemoTask,
  demoContent,
  type PersonKey,
  type ProjectKey,
  type TeamKey,
} from "./demo-content.ts";
import { loadManagerDemo } from "./demo-manager.ts";
import { loadPortalDemo } from "./demo-portal.ts";
import { loadDemoRules } from "./demo-rules.ts";
import { loadScrumDemo } from "./demo-scrum.ts";

export const DEMO_ADMIN_EMAIL = "admin@demo.takt";
export const DEMO_GUEST_EMAIL = "client@demo.takt";
export const DEMO_PASSWORD = "takt-demo";

export { DemoLoadError } from "./demo-api.ts";

export interface LoadedDemo {
  admin: Actor;
  workspaceGid: number;
}

interface LoadedProject {
  gid: string;
  sections: string[];
}

// YYYY-MM-DD of today + `offset` days, on the server's calendar.
export function dayFromToday(offset: number, today = new Date()): string {
  const day = new Date(today.getFullYear(), today.getMonth(), today.getDate() + offset);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

// The demo workspace: an agency with departments, client boards, a client guest and a private project. Only the
// workspace, the people and their loader tokens are made directly; everything else goes through /api/1.0 as the
// person who would do it, so validation, policies, events and activity stories are the real ones.
export async function loadDemo(app: FastifyInstance, language: DemoLanguage): Promise<LoadedDemo> {
  return withBulkLoadSync(app.takt, () => load(app, language));
}

// The demo is one bulk load into an empty database, ~300 small commits. On SQLite, syncing the WAL after each
// of them triples the load time, and a crash midway leaves half a demo either way: sync once, at the end.
async function withBulkLoadSync<T>(takt: Takt, work: () => Promise<T>): Promise<T> {
  if (takt.dialect !== "sqlite") return work();
  const { rows } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(takt.db);
  const level = Number(rows[0]?.synchronous ?? 2);
  await sql`PRAGMA synchronous = NORMAL`.execute(takt.db);
  try {
    return await work();
  } finally {
    await sql.raw(`PRAGMA synchronous = ${level}`).execute(takt.db);
    await sql`PRAGMA wal_checkpoint(FULL)`.execute(takt.db);
  }
}

async function load(app: FastifyInstance, language: DemoLanguage): Promise<LoadedDemo> {
  const { db, bus } = app.takt;
  const ctx: Ctx = { db, bus, actor: null };
  const content = demoContent(language);
  const tokens: { userGid: number; tokenGid: number }[] = [];
  try {
    const workspace = await createWorkspace(ctx, content.workspaceName);
    const workspaceGid = String(workspace.gid);
    const users = [];
    for (const person of content.people) {
      users.push(await createUser(ctx, { email: person.email, name: person.name, password: null, language }));
    }
    // Every demo account has the same published password: hashing it once saves a deliberate ~0.1 s per person.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await db
      .updateTable("users")
      .set({ password_hash: passwordHash })
      .where(
        "gid",
        "in",
        users.map((user) => user.gid),
      )
      .execute();
    const api = new Map<PersonKey, DemoApi>();
    const userGid = new Map<PersonKey, string>();
    for (const [index, person] of content.people.entries()) {
      const user = users[index];
      await addUserToWorkspace(ctx, workspace.gid, user.gid, person.role);
      const { row, token } = await createAccessToken(db, user.gid, "Demo loader");
      tokens.push({ userGid: user.gid, tokenGid: row.gid });
      api.set(person.key, demoApi(app, token, person.email));
      userGid.set(person.key, String(user.gid));
    }
    const as = (key: PersonKey) => api.get(key) as DemoApi;
    const gidOf = (key: PersonKey) => userGid.get(key) as string;

    // Teams and projects are created one by one, so they list in the order written; the rest runs side by side.
    const teams = new Map<TeamKey, string>();
    for (const team of content.teams) {
      const created = await as("ceo").post("/teams", {
        name: team.name,
        description: team.description,
        organization: workspaceGid,
      });
      teams.set(team.key, created.gid);
    }
    await allOrFirstFailure(
      content.teams.map(async (team) => {
        // The creator is already a member.
        for (const member of team.members.filter((key) => key !== "ceo")) {
          await as("ceo").post(`/teams/${teams.get(team.key)}/addUser`, { user: gidOf(member) });
        }
      }),
    );

    const projectGids = new Map<ProjectKey, string>();
    for (const project of content.projects) {
      const created = await as(project.owner).post("/projects", {
        name: project.name,
        notes: project.notes,
        color: project.color,
        default_view: project.defaultView,
        privacy_setting: project.privacy,
        workspace: workspaceGid,
        ...(project.team ? { team: teams.get(project.team) } : {}),
      });
      projectGids.set(project.key, created.gid);
    }
    const projects = new Map<ProjectKey, LoadedProject>();
    await allOrFirstFailure(
      content.projects.map(async (project) => {
        const gid = projectGids.get(project.key) as string;
        projects.set(project.key, await setUpProject(as(project.owner), project, gid, gidOf));
      }),
    );
    // Projects fill up side by side (on PostgreSQL that runs in parallel); each one's own steps stay in order.
    await allOrFirstFailure(content.projects.map((project) => loadTasks(project, projects, as, gidOf)));
    // The client portal: request forms and a status update on each client board (demo-portal.ts).
    await allOrFirstFailure(
      content.projects
        .filter((project) => CLIENT_BOARD_KEYS.includes(project.key))
        .map((project) => loadPortalDemo(as(project.owner), projects.get(project.key) as LoadedProject, language)),
    );
    // Each client board's rules (demo-rules.ts): completed → Done, In work → curator, request form → round robin.
    const curator = users[content.people.findIndex((person) => person.key === "curator")];
    const production = (content.teams.find((team) => team.key === "production")?.members ?? [])
      .filter((key) => key !== "curator" && key !== "ceo")
      .map(gidOf);
    await allOrFirstFailure(
      content.projects
        .filter((project) => CLIENT_BOARD_KEYS.includes(project.key))
        .map((project) =>
          loadDemoRules(
            as(project.owner),
            projects.get(project.key) as LoadedProject,
            { curator: { gid: String(curator.gid), name: curator.name }, production },
            language,
          ),
        ),
    );

    // Each board's Done column means done: set once the history is in, so moving a card there completes it.
    await allOrFirstFailure(
      content.projects.map(async (project) => {
        const loaded = projects.get(project.key) as LoadedProject;
        for (const [index, name] of project.sections.entries()) {
          if (DONE_NAMES.includes(name)) {
            await as(project.owner).put(`/sections/${loaded.sections[index]}`, { marks_complete: true });
          }
        }
      }),
    );

    // The Scrum project with its sprint history (demo-scrum.ts), led by the bot lead.
    const leadUser = users[content.people.findIndex((person) => person.key === "botLead")];
    await loadScrumDemo(
      ctx,
      {
        api: as("botLead"),
        actor: { gid: leadUser.gid, name: leadUser.name, email: leadUser.email, language: leadUser.language },
      },
      {
        workspaceGid,
        teamGid: teams.get("production"),
        language,
        assignees: ["developer", "designer", "qa", "botLead"].map((key) => gidOf(key as PersonKey)),
      },
    );

    // Portfolios, goals and billing (demo-manager.ts): the agency lead's view above the projects.
    await loadManagerDemo(
      (who) => as(who),
      (who) => gidOf(who),
      {
        workspaceGid,
        clients: CLIENT_BOARD_KEYS.map((key) => ({ gid: projectGids.get(key) as string })),
        today: dayFromToday(0),
      },
      language,
    );

    const adminUser = users[content.people.findIndex((person) => person.key === "ceo")];
    // The template gallery (domain/templates/gallery.ts): "Client onboarding" and "Scrum team".
    await loadTemplateGallery(
      { db, bus, actor: { gid: adminUser.gid, name: adminUser.name, email: adminUser.email, language } },
      workspace.gid,
      language,
    );
    return {
      admin: { gid: adminUser.gid, name: adminUser.name, email: adminUser.email, language: adminUser.language },
      workspaceGid: workspace.gid,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DemoLoadError(
      `Loading the demo failed: ${reason}. The database now holds part of the demo: start again with an empty one.`,
    );
  } finally {
    for (const { userGid, tokenGid } of tokens) await revokeAccessToken({ db, bus }, userGid, tokenGid);
  }
}

// Waits for every branch (so nothing keeps writing after a failure is reported), then throws the first failure.
async function allOrFirstFailure(work: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(work);
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
}

// The column names that mean done, in both languages.
export const DONE_NAMES = ["Done", "Готово"];

// Members with their access, then the sections in order.
async function setUpProject(
  owner: DemoApi,
  project: DemoProject,
  gid: string,
  gidOf: (key: PersonKey) => string,
): Promise<LoadedProject> {
  for (const member of project.members ?? []) {
    await owner.post(`/projects/${gid}/addMembers`, {
      members: gidOf(member.who),
      access_level: member.access,
    });
  }
  // A new project may come with a default section: it becomes the first one, renamed.
  const existing = await owner.get(`/projects/${gid}/sections`);
  const sections: string[] = [];
  for (const [index, name] of project.sections.entries()) {
    const reuse = existing[index];
    const section = reuse
      ? await owner.put(`/sections/${reuse.gid}`, { name })
      : await owner.post(`/projects/${gid}/sections`, { name });
    sections.push(section.gid);
  }
  return { gid, sections };
}

async function loadTasks(
  project: DemoProject,
  projects: Map<ProjectKey, LoadedProject>,
  as: (key: PersonKey) => DemoApi,
  gidOf: (key: PersonKey) => string,
) {
  const loaded = projects.get(project.key) as LoadedProject;
  const creator = as(project.owner);
  const created: { task: DemoTask; gid: string }[] = [];
  // Every card starts in the first column, as a new request does.
  for (const task of project.tasks) {
    const record = await creator.post("/tasks", {
      name: task.name,
      ...(task.notes ? { notes: task.notes } : {}),
      ...(task.assignee ? { assignee: gidOf(task.assignee) } : {}),
      ...(task.due === undefined ? {} : { due_on: dayFromToday(task.due) }),
      ...(task.recurrence ? { recurrence: task.recurrence } : {}),
      memberships: [{ project: loaded.gid, section: loaded.sections[0] }],
    });
    created.push({ task, gid: record.gid });
  }
  // Then the person doing the work drags it on; insert_after keeps the declared order within a column.
  const lastInSection = new Map<string, string>();
  for (const { task, gid } of created) {
    if (task.section === 0) continue;
    const section = loaded.sections[task.section];
    const previous = lastInSection.get(section);
    await as(task.movedBy ?? task.assignee ?? project.owner).post(`/sections/${section}/addTask`, {
      task: gid,
      ...(previous ? { insert_after: previous } : {}),
    });
    lastInSection.set(section, gid);
  }
  for (const { task, gid } of created) {
    for (const home of task.alsoIn ?? []) {
      const other = projects.get(home.project) as LoadedProject;
      await as(home.by).post(`/tasks/${gid}/addProject`, {
        project: other.gid,
        section: other.sections[home.section],
      });
    }
    for (const subtask of task.subtasks ?? []) {
      const record = await creator.post(`/tasks/${gid}/subtasks`, {
        name: subtask.name,
        ...(subtask.assignee ? { assignee: gidOf(subtask.assignee) } : {}),
        ...(subtask.due === undefined ? {} : { due_on: dayFromToday(subtask.due) }),
      });
      if (subtask.completed) {
        await as(subtask.assignee ?? project.owner).put(`/tasks/${record.gid}`, { completed: true });
      }
    }
    for (const comment of task.comments ?? []) {
      await as(comment.by).post(`/tasks/${gid}/stories`, { text: comment.text });
    }
    if (task.completed) {
      await as(task.assignee ?? project.owner).put(`/tasks/${gid}`, { completed: true });
    }
  }
}
