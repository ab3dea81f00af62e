import type { AccessLevel, WorkspaceRole } from "../../src/db/schema.ts";
import { createAccessToken } from "../../src/domain/auth/auth.commands.ts";
import { keyAfter, keysAfter } from "../../src/domain/ordering.ts";
import { clientOnboarding } from "../../src/domain/templates/gallery.ts";
import { createProjectTemplate } from "../../src/domain/templates/project-template.commands.ts";
import { addUserToWorkspace, createUser } from "../../src/domain/users/user.commands.ts";
import { createWorkspace } from "../../src/domain/workspaces/workspace.commands.ts";
import { newGid } from "../../src/ids.ts";
import type { TestApp } from "./test-app.ts";

let counter = 0;

export interface TestUser {
  gid: string;
  email: string;
  name: string;
  token: string;
}

export async function makeWorkspace(t: TestApp, name = "Acme Agency") {
  const workspace = await createWorkspace(t.ctx, name);
  return { gid: String(workspace.gid), name: workspace.name };
}

export async function makeUser(
  t: TestApp,
  workspaceGid: string | null,
  role: WorkspaceRole = "member",
  name?: string,
): Promise<TestUser> {
  counter += 1;
  const label = name ?? `User ${counter}`;
  const user = await createUser(t.ctx, {
    email: `user${counter}.${Date.now()}@example.test`,
    name: label,
    password: "correct horse battery",
  });
  if (workspaceGid) await addUserToWorkspace(t.ctx, Number(workspaceGid), user.gid, role);
  const { token } = await createAccessToken(t.handle.db, user.gid, "test");
  return { gid: String(user.gid), email: user.email, name: user.name, token };
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

// Plain HTTP against the running server, as any client would send it.
export function client(t: TestApp, token?: string) {
  async function call(method: string, path: string, body?: unknown, raw?: string): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined || raw !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${t.api}${path}`, {
      method,
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    return { status: response.status, body: parsed, headers: response.headers };
  }
  return {
    get: (path: string) => call("GET", path),
    post: (path: string, data?: unknown) => call("POST", path, data === undefined ? undefined : { data }),
    put: (path: string, data?: unknown) => call("PUT", path, data === undefined ? undefined : { data }),
    delete: (path: string) => call("DELETE", path),
    raw: (method: string, path: string, raw: string) => call(method, path, undefined, raw),
  };
}

// Rows written directly, so each area's tests can set up the others' objects without depending on their routes.
export async function makeTeam(t: TestApp, workspaceGid: string, name: string, members: TestUser[] = []) {
  const now = new Date().toISOString();
  const gid = newGid();
  await t.handle.db
    .insertInto("teams")
    .values({ gid, workspace_gid: Number(workspaceGid), name, description: "", created_at: now })
    .execute();
  for (const member of members) {
    await t.handle.db
      .insertInto("team_memberships")
      .values({ gid: newGid(), team_gid: gid, user_gid: Number(member.gid), is_admin: 0, created_at: now })
      .execute();
  }
  return { gid: String(gid), name };
}

export async function makeProject(
  t: TestApp,
  workspaceGid: string,
  options: {
    name?: string;
    team?: string | null;
    privacy?: "public_to_workspace" | "private";
    owner?: TestUser;
    members?: { user: TestUser; access: AccessLevel }[];
    sections?: string[];
  } = {},
) {
  const now = new Date().toISOString();
  const gid = newGid();
  await t.handle.db
    .insertInto("projects")
    .values({
      gid,
      workspace_gid: Number(workspaceGid),
      team_gid: options.team ? Number(options.team) : null,
      owner_gid: options.owner ? Number(options.owner.gid) : null,
      name: options.name ?? "Client project",
      notes: "",
      html_notes: "",
      color: null,
      default_view: "list",
      privacy_setting: options.privacy ?? "public_to_workspace",
      archived: 0,
      due_on: null,
      start_on: null,
      created_at: now,
      modified_at: now,
    })
    .execute();
  for (const member of options.members ?? []) {
    await t.handle.db
      .insertInto("project_memberships")
      .values({
        gid: newGid(),
        project_gid: gid,
        user_gid: Number(member.user.gid),
        access_level: member.access,
        created_at: now,
      })
      .execute();
  }
  const sections: { gid: string; name: string }[] = [];
  const keys = keysAfter(null, Math.max(1, options.sections?.length ?? 1));
  for (const [index, name] of (options.sections ?? ["Untitled section"]).entries()) {
    const sectionGid = newGid();
    await t.handle.db
      .insertInto("sections")
      .values({ gid: sectionGid, project_gid: gid, name, order_key: keys[index], created_at: now })
      .execute();
    sections.push({ gid: String(sectionGid), name });
  }
  return { gid: String(gid), name: options.name ?? "Client project", sections };
}

// A task written directly, placed last in a section of a project (or in no project), for tests that need one to act on.
export async function makeTask(
  t: TestApp,
  workspaceGid: string,
  options: { name?: string; project?: { gid: string }; section?: { gid: string }; assignee?: TestUser } = {},
) {
  const now = new Date().toISOString();
  const gid = newGid();
  await t.handle.db
    .insertInto("tasks")
    .values({
      gid,
      workspace_gid: Number(workspaceGid),
      root_gid: gid,
      parent_gid: null,
      subtask_order_key: null,
      name: options.name ?? "A task",
      notes: "",
      html_notes: "",
      resource_subtype: "default_task",
      assignee_gid: options.assignee ? Number(options.assignee.gid) : null,
      due_on: null,
      due_at: null,
      start_on: null,
      completed: 0,
      completed_at: null,
      completed_by_gid: null,
      created_by_gid: null,
      created_at: now,
      modified_at: now,
    })
    .execute();
  if (options.project && options.section) {
    const last = await t.handle.db
      .selectFrom("task_memberships")
      .select((eb) => eb.fn.max("order_key").as("key"))
      .where("section_gid", "=", Number(options.section.gid))
      .executeTakeFirst();
    await t.handle.db
      .insertInto("task_memberships")
      .values({
        task_gid: gid,
        project_gid: Number(options.project.gid),
        section_gid: Number(options.section.gid),
        order_key: keyAfter(last?.key ?? null),
        created_at: now,
      })
      .execute();
  }
  return { gid: String(gid), name: options.name ?? "A task" };
}

// A task's "changed" event written straight into the log with an id of the test's choosing: an event whose id was
// taken earlier than events already read, committing only now (a late commit; events/consumer.ts).
export async function commitLateTaskEvent(
  t: TestApp,
  event: { id: number; workspaceGid: string; actorGid: string; taskGid: string; field: string; createdAt?: string },
) {
  await t.handle.db
    .insertInto("events")
    .values({
      id: event.id,
      workspace_gid: Number(event.workspaceGid),
      actor_gid: Number(event.actorGid),
      resource_type: "task",
      resource_gid: Number(event.taskGid),
      resource_subtype: "default_task",
      parent_type: null,
      parent_gid: null,
      action: "changed",
      change: JSON.stringify({ field: event.field, action: "changed" }),
      created_at: event.createdAt ?? new Date().toISOString(),
    })
    .execute();
}

// The gallery's "Client onboarding" as a public project template of the workspace, owned by `owner`; its gid.
export async function makeOnboardingTemplate(t: TestApp, workspaceGid: string, owner: TestUser): Promise<string> {
  const template = await createProjectTemplate(
    { db: t.handle.db, bus: t.app.takt.bus, actor: { gid: Number(owner.gid), name: "", email: "", language: "en" } },
    {
      workspace_gid: Number(workspaceGid),
      team_gid: null,
      owner_gid: Number(owner.gid),
      name: "Client onboarding",
      description: "A new client's first weeks",
      color: null,
      public: 1,
      content: clientOnboarding(),
    },
  );
  return String(template.gid);
}
