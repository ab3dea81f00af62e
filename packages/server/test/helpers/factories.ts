import type { WorkspaceRole } from "../../src/db/schema.ts";
import { createAccessToken } from "../../src/domain/auth/auth.commands.ts";
import { addUserToWorkspace, createUser } from "../../src/domain/users/user.commands.ts";
import { createWorkspace } from "../../src/domain/workspaces/workspace.commands.ts";
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
