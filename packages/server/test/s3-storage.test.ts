import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { migrateToLatest, openDb } from "../src/db/index.ts";
import { signS3Request } from "../src/domain/attachments/s3-signature.ts";
import { EventBus } from "../src/events/bus.ts";
import { buildApp } from "../src/http/app.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import type { TestApp } from "./helpers/test-app.ts";

const ACCESS_KEY = "TAKTTESTACCESS";
const SECRET_KEY = "takt/test+secret";
const REGION = "eu-test-1";

// A tiny S3-compatible server: PUT/GET/DELETE of objects in memory, refusing any request whose SigV4
// signature, payload hash or shape is wrong (as S3 answers: 403).
interface Seen {
  method: string;
  path: string;
  authorization: string;
}
const objects = new Map<string, Buffer>();
const seen: Seen[] = [];
const s3 = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks);
    const url = new URL(request.url ?? "/", `http://${request.headers.host}`);
    const authorization = String(request.headers.authorization ?? "");
    seen.push({ method: request.method ?? "", path: url.pathname, authorization });
    const shape = authorization.match(
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/,
    );
    const date = String(request.headers["x-amz-date"] ?? "");
    const payload = String(request.headers["x-amz-content-sha256"] ?? "");
    const signed = shape?.[4].split(";") ?? [];
    const valid =
      shape &&
      shape[1] === ACCESS_KEY &&
      shape[3] === REGION &&
      /^\d{8}T\d{6}Z$/.test(date) &&
      date.startsWith(shape[2]) &&
      ["host", "x-amz-content-sha256", "x-amz-date"].every((name) => signed.includes(name)) &&
      payload === createHash("sha256").update(body).digest("hex");
    // Recompute the signature from what arrived, with the shared secret.
    const expected = valid
      ? signS3Request(
          { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, region: REGION },
          {
            method: request.method ?? "GET",
            url,
            payloadSha256: payload,
            headers: Object.fromEntries(
              signed
                .filter((name) => !["host", "x-amz-date", "x-amz-content-sha256"].includes(name))
                .map((name) => [name, String(request.headers[name])]),
            ),
            now: new Date(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z")),
          },
        ).authorization
      : null;
    if (!valid || expected !== authorization) {
      response.writeHead(403, { "content-type": "application/xml" });
      response.end("<Error><Code>SignatureDoesNotMatch</Code></Error>");
      return;
    }
    const key = url.pathname;
    if (request.method === "PUT") {
      objects.set(key, body);
      response.writeHead(200, { etag: `"${createHash("md5").update(body).digest("hex")}"` }).end();
    } else if (request.method === "GET") {
      const object = objects.get(key);
      if (!object)
        response.writeHead(404, { "content-type": "application/xml" }).end("<Error><Code>NoSuchKey</Code></Error>");
      else response.writeHead(200, { "content-length": String(object.length) }).end(object);
    } else if (request.method === "DELETE") {
      objects.delete(key);
      response.writeHead(204).end();
    } else response.writeHead(405).end();
  });
});

let t: TestApp;
let dataDir: string;
let lead: TestUser;
let taskGid: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => s3.listen(0, "127.0.0.1", resolve));
  const address = s3.address();
  const endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-s3-test-"));
  // Storage does not depend on the database: this file runs on SQLite under both suites.
  const config = {
    ...loadConfig(
      { dataDir },
      {
        TAKT_S3_ENDPOINT: endpoint,
        TAKT_S3_BUCKET: "takt-files",
        TAKT_S3_ACCESS_KEY: ACCESS_KEY,
        TAKT_S3_SECRET_KEY: SECRET_KEY,
        TAKT_S3_REGION: REGION,
      },
    ),
    logLevel: "silent" as const,
  };
  const handle = openDb(config);
  await migrateToLatest(handle.db);
  const bus = new EventBus();
  const app = await buildApp({ db: handle.db, dialect: handle.dialect, bus, config });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const appAddress = app.server.address();
  const url = `http://127.0.0.1:${typeof appAddress === "object" && appAddress ? appAddress.port : 0}`;
  t = {
    app,
    handle,
    url,
    api: `${url}/api/1.0`,
    ctx: { db: handle.db, bus, actor: null },
    async close() {
      app.server.closeAllConnections();
      await app.close();
      await handle.destroy();
    },
  };
  const workspace = await makeWorkspace(t);
  lead = await makeUser(t, workspace.gid, "member", "Lena Lead");
  const project = await makeProject(t, workspace.gid, { members: [{ user: lead, access: "editor" }] });
  taskGid = (await client(t, lead.token).post("/tasks", { name: "Contract", projects: [project.gid] })).body.data.gid;
});

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => s3.close(resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const upload = async (bytes: Buffer, name: string) => {
  const form = new FormData();
  form.append("parent", taskGid);
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  return fetch(`${t.api}/attachments`, {
    method: "POST",
    headers: { authorization: `Bearer ${lead.token}` },
    body: form,
  });
};

describe("attachments in an S3-compatible bucket", () => {
  it("rejects a half S3 configuration, naming the missing setting", () => {
    expect(() => loadConfig({}, { TAKT_S3_ENDPOINT: "http://127.0.0.1:9000", TAKT_S3_BUCKET: "b" })).toThrow(
      /^Invalid configuration: s3AccessKey: required/,
    );
    expect(() => loadConfig({}, { TAKT_S3_ENDPOINT: "not a url" })).toThrow(/^Invalid configuration: s3Endpoint:/);
  });

  it("uploads with a signed PUT, downloads the same bytes, and deletes the object with the last attachment", async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, index) => (index * 7) % 256));
    const sha = createHash("sha256").update(bytes).digest("hex");
    const key = `/takt-files/attachments/${sha.slice(0, 2)}/${sha}`;
    const answer = await upload(bytes, "drawing.bin");
    expect(answer.status).toBe(201);
    const gid = ((await answer.json()) as { data: { gid: string } }).data.gid;
    expect(objects.get(key)?.equals(bytes)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ method: "PUT", path: key });
    // Nothing stays on local disk but the (emptied) staging directory.
    const local = fs.readdirSync(path.join(dataDir, "attachments"), { recursive: true });
    expect(local.filter((name) => String(name) !== "tmp")).toEqual([]);

    const downloaded = await fetch(`${t.api}/attachments/${gid}/download`, {
      headers: { authorization: `Bearer ${lead.token}` },
    });
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ method: "GET", path: key });

    // The same bytes twice share one object; it goes only with the last attachment using it.
    const twin = ((await (await upload(bytes, "copy.bin")).json()) as { data: { gid: string } }).data.gid;
    const api = client(t, lead.token);
    expect((await api.delete(`/attachments/${gid}`)).status).toBe(200);
    expect(objects.has(key)).toBe(true);
    expect((await api.delete(`/attachments/${twin}`)).status).toBe(200);
    expect(objects.has(key)).toBe(false);
    expect(seen.at(-1)).toMatchObject({ method: "DELETE", path: key });
    expect(seen.every((request) => request.authorization.startsWith("AWS4-HMAC-SHA256 "))).toBe(true);
  });

  it("answers 404, not 500, when the object is missing from the bucket", async () => {
    const answer = await upload(Buffer.from("lost soon"), "lost.txt");
    const gid = ((await answer.json()) as { data: { gid: string } }).data.gid;
    objects.clear();
    const downloaded = await fetch(`${t.api}/attachments/${gid}/download`, {
      headers: { authorization: `Bearer ${lead.token}` },
    });
    expect(downloaded.status).toBe(404);
  });
});
