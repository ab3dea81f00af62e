import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { errorBody } from "./errors.ts";

// A request for a file (a script, a style sheet, an image), not for a page of the app.
const FILE_REQUEST = /^\/assets\/|\/[^/]+\.[A-Za-z0-9]{1,8}$/;

// The built web app. Pages get index.html (never cached, so a new build is picked up on the next load); files are
// looked up when asked for, so a build made while the server runs is served; a missing file is a 404, never the
// app's page (a script answered with HTML breaks the page that asked for it, and the app could not tell).
export async function registerWebApp(app: FastifyInstance, dist: string) {
  await app.register(fastifyStatic, { root: dist, wildcard: false, index: false });
  const root = path.resolve(dist);
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split("?")[0];
    if (pathname.startsWith("/api/") || (request.method !== "GET" && request.method !== "HEAD")) {
      return reply.status(404).send(errorBody(`No route for ${request.method} ${pathname}`));
    }
    if (FILE_REQUEST.test(pathname)) {
      const relative = safeRelative(root, pathname);
      if (relative) return reply.sendFile(relative);
      return reply.status(404).type("text/plain; charset=utf-8").send("Not found");
    }
    reply.header("cache-control", "no-cache");
    return reply.sendFile("index.html", { cacheControl: false });
  });
}

// The file under root that the path names, when it exists; null for anything else (including ../ escapes).
function safeRelative(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const file = path.resolve(root, `.${decoded}`);
  if (!file.startsWith(root + path.sep)) return null;
  try {
    return fs.statSync(file).isFile() ? path.relative(root, file) : null;
  } catch {
    return null;
  }
}
