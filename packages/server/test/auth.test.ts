import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

async function post(path: string, data: unknown, cookie?: string, extra: Record<string, string> = {}) {
  const response = await fetch(`${t.api}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}), ...extra },
    body: JSON.stringify({ data }),
  });
  const body: any = await response.json();
  return { status: response.status, body, cookie: response.headers.get("set-cookie") };
}

describe("first run, sessions and tokens", () => {
  it("sets up the first admin once, then signs in and out with a cookie", async () => {
    const status: any = await (await fetch(`${t.api}/setup`)).json();
    expect(status.data.needs_setup).toBe(true);
    const weak = await post("/setup", {
      workspace_name: "Studio",
      name: "Ira",
      email: "ira@studio.test",
      password: "short",
    });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].message).toMatch(/^password:/);
    const setup = await post("/setup", {
      workspace_name: "Studio",
      name: "Ira",
      email: "Ira@Studio.test",
      password: "long enough password",
    });
    expect(setup.status).toBe(200);
    expect(setup.cookie).toMatch(/takt_session=.*HttpOnly.*SameSite=Lax/i);
    const again = await post("/setup", {
      workspace_name: "X",
      name: "Y",
      email: "y@y.test",
      password: "long enough password",
    });
    expect(again.status).toBe(403);

    const wrong = await post("/auth/login", { email: "ira@studio.test", password: "nope nope" });
    expect(wrong.status).toBe(401);
    const login = await post("/auth/login", { email: "ira@studio.test", password: "long enough password" });
    expect(login.status).toBe(200);
    const cookie = (login.cookie ?? "").split(";")[0];
    const me = await fetch(`${t.api}/users/me`, { headers: { cookie } });
    const meBody: any = await me.json();
    expect(meBody.data.email).toBe("ira@studio.test");

    // A cookie alone cannot write: cross-site forms cannot add X-Requested-With.
    const forged = await post("/personal_access_tokens", { name: "forged" }, cookie);
    expect(forged.status).toBe(403);
    const made = await post("/personal_access_tokens", { name: "CLI" }, cookie, {
      "x-requested-with": "XMLHttpRequest",
    });
    expect(made.status).toBe(201);
    expect(made.body.data.token).toMatch(/^takt_pat_/);

    const viaToken = await fetch(`${t.api}/users/me`, { headers: { authorization: `Bearer ${made.body.data.token}` } });
    expect(viaToken.status).toBe(200);
    const revoke = await fetch(`${t.api}/personal_access_tokens/${made.body.data.gid}`, {
      method: "DELETE",
      headers: { cookie, "x-requested-with": "XMLHttpRequest" },
    });
    expect(revoke.status).toBe(200);
    const afterRevoke = await fetch(`${t.api}/users/me`, {
      headers: { authorization: `Bearer ${made.body.data.token}` },
    });
    expect(afterRevoke.status).toBe(401);

    await post("/auth/logout", {}, cookie, { "x-requested-with": "XMLHttpRequest" });
    expect((await fetch(`${t.api}/users/me`, { headers: { cookie } })).status).toBe(401);
  });
});

describe("health", () => {
  it("reports live and ready on a migrated database", async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe("ready");
  });
});

describe("request bodies", () => {
  it("treats an empty JSON body as no body, as Asana's clients send on DELETE", async () => {
    const empty = await fetch(`${t.api}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "",
    });
    expect(empty.status).toBe(400);
    const body: any = await empty.json();
    expect(body.errors[0].message).toMatch(/^data: Missing input/);
  });
});
