import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { loadConfig } from "../src/config.ts";
import { client, makeProject, makeTask, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let webDir: string;
let member: TestUser;
let task: { gid: string };

const EVIL_HTML =
  "<!doctype html><html><body><script>window.__xss=1</script><img src=x onerror=alert(1)></body></html>";
const EVIL_SVG =
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

function directives(csp: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (csp ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

async function get(url: string, headers: Record<string, string> = {}) {
  return fetch(`${t.url}${url}`, { headers, redirect: "manual" });
}

async function login(email: string, extra: Record<string, string> = {}) {
  const response = await fetch(`${t.api}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...extra },
    body: JSON.stringify({ data: { email, password: "correct horse battery" } }),
  });
  return { status: response.status, setCookie: response.headers.get("set-cookie") ?? "" };
}

function cookieWrite(cookie: string, headers: Record<string, string>, proto?: string) {
  return fetch(`${t.api}/personal_access_tokens`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      cookie,
      ...(proto ? { "x-forwarded-proto": proto } : {}),
      ...headers,
    },
    body: JSON.stringify({ data: { name: "from the browser" } }),
  });
}

async function upload(token: string, bytes: Buffer | string, name: string, type: string, shownName?: string) {
  const form = new FormData();
  form.append("parent", task.gid);
  if (shownName !== undefined) form.append("name", shownName);
  form.append("file", new Blob([bytes], { type }), name);
  const response = await fetch(`${t.api}/attachments`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = (await response.json()) as { data: { gid: string; name: string } };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.data;
}

async function messageOf(response: Response): Promise<string> {
  const body = (await response.json()) as { errors: { message: string }[] };
  return body.errors[0].message;
}

function download(token: string, gid: string) {
  return fetch(`${t.api}/attachments/${gid}/download`, { headers: { authorization: `Bearer ${token}` } });
}

beforeAll(async () => {
  // A stand-in build of the web app, so these tests do not depend on packages/web/dist being built.
  webDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-web-"));
  fs.writeFileSync(
    path.join(webDir, "index.html"),
    '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>',
  );
  t = await startTestApp({ config: { webDir, formFrameAncestors: "'self' https://client.example" } });
  const workspace = await makeWorkspace(t);
  member = await makeUser(t, workspace.gid, "member", "Boris Member");
  const project = await makeProject(t, workspace.gid, { members: [{ user: member, access: "editor" }] });
  task = await makeTask(t, workspace.gid, { project, section: project.sections[0] });
});
afterAll(async () => {
  await t?.close();
  if (webDir) fs.rmSync(webDir, { recursive: true, force: true });
});

describe("security headers", () => {
  it("serves the web app with a CSP that allows no inline or foreign script and no framing", async () => {
    for (const page of ["/", "/projects/123", "/login"]) {
      const response = await get(page);
      expect(response.status, page).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/text\/html/);
      const csp = directives(response.headers.get("content-security-policy"));
      expect(csp.get("script-src")).toEqual(["'self'"]);
      expect(csp.get("default-src")).toEqual(["'self'"]);
      expect(csp.get("object-src")).toEqual(["'none'"]);
      expect(csp.get("base-uri")).toEqual(["'self'"]);
      expect(csp.get("form-action")).toEqual(["'self'"]);
      expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
      expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
      const host = new URL(t.url).host;
      expect(csp.get("connect-src")).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
      // Mantine writes inline styles; scripts stay strict.
      expect(csp.get("style-src")).toContain("'unsafe-inline'");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(response.headers.get("permissions-policy")).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
      // Plain HTTP: no HSTS (it would lock browsers out of a server that has no certificate).
      expect(response.headers.get("strict-transport-security")).toBeNull();
    }
  });

  it("answers a missing file with 404, serves files built after the start, and never caches the app's page", async () => {
    const missing = await get("/assets/app.js");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).not.toMatch(/html/);
    expect((await get("/assets/..%2F..%2Findex.html")).status).toBe(404);
    expect((await get("/favicon.ico")).status).toBe(404);
    // A rebuild while the server runs: its new files are served at once.
    fs.mkdirSync(path.join(webDir, "assets"), { recursive: true });
    fs.writeFileSync(path.join(webDir, "assets", "app.js"), "export const built = 2;");
    const built = await get("/assets/app.js");
    expect(built.status).toBe(200);
    expect(built.headers.get("content-type")).toMatch(/javascript/);
    expect(await built.text()).toBe("export const built = 2;");
    const page = await get("/projects/42");
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.headers.get("cache-control")).toBe("no-cache");
    // Only features browsers know: an unknown one is logged as an error on every page.
    expect(page.headers.get("permissions-policy")).not.toMatch(/bluetooth/);
  });

  it("gives API answers, errors included, a CSP that loads nothing", async () => {
    const answers = [
      await get("/api/1.0/users/me", { authorization: `Bearer ${member.token}` }),
      await get("/api/1.0/users/me"),
      await get("/api/1.0/no/such/route"),
      await get("/api/1.0/tasks/not-a-gid", { authorization: `Bearer ${member.token}` }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 404, 400]);
    for (const answer of answers) {
      const csp = directives(answer.headers.get("content-security-policy"));
      expect(csp.get("default-src")).toEqual(["'none'"]);
      expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it("lets only the configured sites frame the public request form", async () => {
    const form = await get("/forms/1234567");
    const csp = directives(form.headers.get("content-security-policy"));
    expect(csp.get("frame-ancestors")).toEqual(["'self'", "https://client.example"]);
    // X-Frame-Options cannot name another site; CSP frame-ancestors governs, so the old header is left out.
    expect(form.headers.get("x-frame-options")).toBeNull();
    expect(csp.get("script-src")).toEqual(["'self'"]);
    t.app.takt.config.formFrameAncestors = "'self'";
    try {
      const own = await get("/forms/1234567");
      expect(directives(own.headers.get("content-security-policy")).get("frame-ancestors")).toEqual(["'self'"]);
      expect(own.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    } finally {
      t.app.takt.config.formFrameAncestors = "'self' https://client.example";
    }
    // Other pages stay unframeable whatever the form setting.
    expect(
      directives((await get("/projects/1")).headers.get("content-security-policy")).get("frame-ancestors"),
    ).toEqual(["'none'"]);
  });

  it("sends no Referer from pages whose URL carries a token", async () => {
    expect((await get("/invite/secret-token-123")).headers.get("referrer-policy")).toBe("no-referrer");
    expect((await get("/reset-password/secret-token-123")).headers.get("referrer-policy")).toBe("no-referrer");
    expect((await get("/inbox")).headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it("sends HSTS only over TLS, unless the admin says otherwise", async () => {
    const overTls = await get("/", { "x-forwarded-proto": "https" });
    expect(overTls.headers.get("strict-transport-security")).toMatch(/^max-age=\d{7,}/);
    const apiOverTls = await get("/api/1.0/users/me", { "x-forwarded-proto": "https" });
    expect(apiOverTls.headers.get("strict-transport-security")).toMatch(/^max-age=/);
    expect((await get("/")).headers.get("strict-transport-security")).toBeNull();
    t.app.takt.config.hsts = "always";
    try {
      expect((await get("/")).headers.get("strict-transport-security")).toMatch(/^max-age=/);
      t.app.takt.config.hsts = "off";
      expect((await get("/", { "x-forwarded-proto": "https" })).headers.get("strict-transport-security")).toBeNull();
    } finally {
      t.app.takt.config.hsts = "auto";
    }
  });
});

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax and Path=/, and not Secure over plain HTTP", async () => {
    const answer = await login(member.email);
    expect(answer.status).toBe(200);
    expect(answer.setCookie).toMatch(/^takt_session=[^;]+;/);
    expect(answer.setCookie).toMatch(/; HttpOnly/i);
    expect(answer.setCookie).toMatch(/; SameSite=Lax/i);
    expect(answer.setCookie).toMatch(/; Path=\/(;|$)/);
    expect(answer.setCookie).not.toMatch(/Secure/i);
    expect(answer.setCookie).not.toMatch(/Domain=/i);
  });

  it("is Secure and __Host- prefixed over TLS, and each scheme reads only its own cookie", async () => {
    const answer = await login(member.email, { "x-forwarded-proto": "https" });
    expect(answer.status).toBe(200);
    expect(answer.setCookie).toMatch(/^__Host-takt_session=[^;]+;/);
    expect(answer.setCookie).toMatch(/; Secure/i);
    expect(answer.setCookie).toMatch(/; HttpOnly/i);
    expect(answer.setCookie).toMatch(/; Path=\/(;|$)/);
    expect(answer.setCookie).not.toMatch(/Domain=/i);
    const secureCookie = answer.setCookie.split(";")[0];
    const me = (proto: string, cookie: string) =>
      fetch(`${t.api}/users/me`, { headers: { cookie, "x-forwarded-proto": proto } });
    expect((await me("https", secureCookie)).status).toBe(200);
    // A plain-named cookie (say, planted by a sibling subdomain) is not read over TLS.
    const plain = secureCookie.replace(/^__Host-/, "");
    expect((await me("https", plain)).status).toBe(401);
  });
});

describe("CSRF on cookie-authenticated writes", () => {
  let cookie: string;
  const own = () => t.url;
  beforeAll(async () => {
    cookie = (await login(member.email)).setCookie.split(";")[0];
  });

  it("needs X-Requested-With", async () => {
    const forged = await cookieWrite(cookie, {});
    expect(forged.status).toBe(403);
    expect(await messageOf(forged)).toMatch(/^X-Requested-With/);
  });

  it("refuses a foreign Origin or Referer, and accepts the site's own", async () => {
    const xrw = { "x-requested-with": "XMLHttpRequest" };
    const foreigns: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: own().replace("127.0.0.1", "localhost") },
      { referer: "https://evil.example/page" },
    ];
    for (const foreign of foreigns) {
      const answer = await cookieWrite(cookie, { ...xrw, ...foreign });
      expect(answer.status, JSON.stringify(foreign)).toBe(403);
      expect(await messageOf(answer)).toMatch(/^Origin:/);
    }
    expect((await cookieWrite(cookie, { ...xrw, origin: own() })).status).toBe(201);
    expect((await cookieWrite(cookie, { ...xrw, referer: `${own()}/profile/tokens` })).status).toBe(201);
    // No Origin and no Referer (not a browser, or a browser that hides them): X-Requested-With still guards.
    expect((await cookieWrite(cookie, xrw)).status).toBe(201);
  });

  it("leaves token requests alone, whatever their Origin", async () => {
    const answer = await fetch(`${t.api}/personal_access_tokens`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${member.token}`,
        origin: "https://evil.example",
      },
      body: JSON.stringify({ data: { name: "script" } }),
    });
    expect(answer.status).toBe(201);
  });

  it("refuses a sign-in posted from another site (login CSRF)", async () => {
    const answer = await login(member.email, { origin: "https://evil.example" });
    expect(answer.status).toBe(403);
    expect(answer.setCookie).toBe("");
    expect((await login(member.email, { origin: own() })).status).toBe(200);
  });

  it("refuses a realtime socket opened with the cookie from another site", async () => {
    const open = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(`${t.url.replace("http", "ws")}/api/1.0/realtime`, {
          headers: { cookie, origin },
        });
        socket.on("unexpected-response", (_request, response) => {
          resolve(`refused ${response.statusCode}`);
          socket.terminate();
        });
        socket.on("message", (raw) => {
          resolve(JSON.parse(raw.toString()).type);
          socket.close();
        });
        socket.on("error", (error) => resolve(`error ${error.message}`));
      });
    expect(await open("https://evil.example")).toBe("refused 403");
    expect(await open(own())).toBe("hello");
  });
});

describe("attachment downloads", () => {
  it("never serves an uploaded HTML or SVG page as a page", async () => {
    for (const [bytes, name, type] of [
      [EVIL_HTML, "invoice.html", "text/html"],
      [EVIL_SVG, "logo.svg", "image/svg+xml"],
    ]) {
      const made = await upload(member.token, bytes, name, type);
      const answer = await download(member.token, made.gid);
      expect(answer.status).toBe(200);
      const contentType = answer.headers.get("content-type") ?? "";
      expect(contentType, name).not.toMatch(/html|svg|xml/);
      expect(contentType, name).toMatch(/^(text\/plain|application\/octet-stream)/);
      expect(answer.headers.get("content-disposition")).toMatch(/^attachment; filename="/);
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
      expect(await answer.text()).toBe(bytes);
    }
  });

  it("shows only harmless images inline, still sandboxed", async () => {
    const made = await upload(member.token, PNG, "photo.png", "image/png");
    const answer = await download(member.token, made.gid);
    expect(answer.headers.get("content-type")).toBe("image/png");
    expect(answer.headers.get("content-disposition")).toMatch(/^inline; filename="photo\.png"/);
    expect(answer.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
  });

  it("offers unicode names with RFC 5987 filename* and strips header-breaking characters", async () => {
    // The name field, unlike a multipart file name, reaches the server with its quotes and line breaks intact.
    const made = await upload(
      member.token,
      "hello",
      "report.txt",
      "text/plain",
      'Отчёт "Q1"\r\nSet-Cookie: x=1 (final)\'s.txt',
    );
    expect(made.name).toBe('Отчёт "Q1"Set-Cookie: x=1 (final)\'s.txt');
    expect(made.name).not.toMatch(/[\r\n]/);
    const answer = await download(member.token, made.gid);
    expect(answer.headers.get("set-cookie")).toBeNull();
    const disposition = answer.headers.get("content-disposition") ?? "";
    expect(disposition).not.toMatch(/[\r\n]/);
    const fallback = /filename="([^"]*)"/.exec(disposition)?.[1] ?? "";
    expect(fallback).toMatch(/^[\x20-\x7e]+$/);
    expect(fallback).not.toMatch(/["\\]/);
    const encoded = /filename\*=UTF-8''([^;\s]+)/.exec(disposition)?.[1] ?? "";
    // attr-chars only: the name cannot end the parameter early.
    expect(encoded).toMatch(/^[A-Za-z0-9!#$&+.^_`|~%-]+$/);
    expect(decodeURIComponent(encoded)).toBe(made.name);
    expect(decodeURIComponent(encoded)).toContain('Отчёт "Q1"');
  });
});

describe("cross-site use of the API from a token-less page", () => {
  it("answers no CORS headers, so other sites cannot read API answers", async () => {
    const answer = await get("/api/1.0/users/me", {
      authorization: `Bearer ${member.token}`,
      origin: "https://evil.example",
    });
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    const client_ = client(t, member.token);
    expect((await client_.get("/users/me")).status).toBe(200);
  });
});

describe("header settings", () => {
  it("reads TAKT_HSTS and TAKT_FORM_FRAME_ANCESTORS and refuses values that would break the header", () => {
    expect(loadConfig({}, {})).toMatchObject({ hsts: "auto", formFrameAncestors: "'self'" });
    expect(
      loadConfig({}, { TAKT_HSTS: "always", TAKT_FORM_FRAME_ANCESTORS: "https://client.example 'self'" }),
    ).toMatchObject({ hsts: "always", formFrameAncestors: "https://client.example 'self'" });
    expect(() => loadConfig({}, { TAKT_HSTS: "sometimes" })).toThrow(/^Invalid configuration: hsts:/);
    expect(() => loadConfig({}, { TAKT_FORM_FRAME_ANCESTORS: "* ; script-src *" })).toThrow(
      /^Invalid configuration: formFrameAncestors: must be CSP sources/,
    );
  });
});
