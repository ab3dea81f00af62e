import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUserToWorkspace } from "../src/domain/users/user.commands.ts";
import { client, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let ws: { gid: string };
let other: { gid: string };
let admin: TestUser;

const signIn = async (email: string) => {
  const response = await fetch(`${t.api}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data: { email, password: "correct horse battery" } }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { errors?: { message: string }[] },
    cookie: /takt_session=[^;]+/.exec(response.headers.get("set-cookie") ?? "")?.[0],
  };
};
const me = async (cookie: string) => (await fetch(`${t.api}/users/me`, { headers: { cookie } })).status;

beforeAll(async () => {
  t = await startTestApp();
  ws = await makeWorkspace(t);
  other = await makeWorkspace(t, "Other Agency");
  admin = await makeUser(t, ws.gid, "admin", "Ada Admin");
});
afterAll(() => t?.close());

describe("a deactivated person", () => {
  it("can no longer sign in or use a token or session, unless they belong to another workspace", async () => {
    const leaver = await makeUser(t, ws.gid, "member", "Leo Leaver");
    const session = await signIn(leaver.email);
    expect(session.status).toBe(200);
    expect(await me(session.cookie!)).toBe(200);

    const deactivate = (user: TestUser) =>
      client(t, admin.token).post(`/workspaces/${ws.gid}/people/${user.gid}/deactivate`, {});
    expect((await deactivate(leaver)).status).toBe(200);

    const refused = await signIn(leaver.email);
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0].message).toContain("deactivated");
    expect(refused.cookie).toBeUndefined();
    expect(await me(session.cookie!)).toBe(401);
    const token = await client(t, leaver.token).get("/users/me");
    expect(token.status).toBe(401);
    expect(token.body.errors[0].message).toContain("deactivated");

    // Reactivated, they are back in.
    expect(
      (await client(t, admin.token).post(`/workspaces/${ws.gid}/people/${leaver.gid}/reactivate`, {})).status,
    ).toBe(200);
    expect((await signIn(leaver.email)).status).toBe(200);
    expect((await client(t, leaver.token).get("/users/me")).status).toBe(200);

    // Someone who also works in another workspace keeps signing in there.
    const freelancer = await makeUser(t, ws.gid, "member", "Fay Freelancer");
    await addUserToWorkspace(t.ctx, Number(other.gid), Number(freelancer.gid), "member");
    expect((await deactivate(freelancer)).status).toBe(200);
    expect((await signIn(freelancer.email)).status).toBe(200);
    const workspaces = await client(t, freelancer.token).get("/workspaces");
    expect(workspaces.status).toBe(200);
    expect(workspaces.body.data.map((row: { name: string }) => row.name)).toEqual(["Other Agency"]);
  });
});
