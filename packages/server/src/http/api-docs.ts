import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { notFound } from "../errors.ts";
import { serverPackageDir } from "../package-dir.ts";
import { contract } from "./contract.ts";
import { API_PREFIX, buildOpenApiDocument } from "./openapi.ts";
import { DOCS_CSP } from "./security-headers.ts";

// The viewer (Swagger UI) is served from node_modules: the page loads nothing from other sites.
const viewerDir = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const VIEWER_FILES: Record<string, string> = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
};

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Takt API</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${API_PREFIX}/docs/swagger-ui.css">
  </head>
  <body>
    <div id="docs"></div>
    <script src="${API_PREFIX}/docs/swagger-ui-bundle.js"></script>
    <script src="${API_PREFIX}/docs/docs.js"></script>
  </body>
</html>
`;

// Draws the document; then shows the section the address names (#errors, from an error's help link), which the
// viewer draws only after the browser looked for it. The address is read first: the viewer rewrites it.
const SCRIPT = `"use strict";
var addressedSection = decodeURIComponent(location.hash.slice(1));
function showAddressedSection() {
  var id = addressedSection;
  if (!id || id.charAt(0) === "/") return;
  var tries = 0;
  (function look() {
    var target = document.getElementById(id);
    if (target) target.scrollIntoView();
    else if (++tries < 50) setTimeout(look, 100);
  })();
}
window.addEventListener("DOMContentLoaded", function () {
  window.SwaggerUIBundle({
    url: "${API_PREFIX}/openapi.json",
    dom_id: "#docs",
    deepLinking: true,
    validatorUrl: null,
    docExpansion: "none",
    defaultModelsExpandDepth: 0,
    onComplete: function () {
      setTimeout(showAddressedSection, 0);
    },
  });
});
`;

const version = (
  JSON.parse(fs.readFileSync(path.join(serverPackageDir, "package.json"), "utf8")) as { version: string }
).version;

// The API describes itself: the OpenAPI document, and a page that renders it. Both are public, as Asana's are.
export async function apiDocsRoutes(app: FastifyInstance) {
  let document: Record<string, unknown> | undefined;

  app.get(
    "/openapi.json",
    contract({
      summary: "The OpenAPI 3.1 document of this API",
      tags: ["Docs"],
      public: true,
      content: "application/json",
    }),
    async () => {
      // Built once, when first asked: every route is registered by then.
      document ??= buildOpenApiDocument(app.routeList, {
        version,
        serverUrl: app.takt.config.publicUrl ? `${app.takt.config.publicUrl}${API_PREFIX}` : undefined,
      });
      return document;
    },
  );

  app.get(
    "/docs",
    contract({ summary: "This API reference, as a web page", tags: ["Docs"], public: true, content: "text/html" }),
    async (_request, reply) =>
      reply.header("Content-Security-Policy", DOCS_CSP).type("text/html; charset=utf-8").send(PAGE),
  );

  app.get<{ Params: { file: string } }>(
    "/docs/:file",
    contract({
      summary: "A script or style sheet of the API reference page",
      tags: ["Docs"],
      public: true,
      content: "*/*",
    }),
    async (request, reply) => {
      const { file } = request.params;
      reply.header("Cache-Control", "public, max-age=3600");
      if (file === "docs.js") return reply.type("text/javascript; charset=utf-8").send(SCRIPT);
      // An own key only: "toString" or "constructor" must not reach the file system.
      if (!Object.hasOwn(VIEWER_FILES, file)) throw notFound("file");
      const type = VIEWER_FILES[file];
      return reply.type(type).send(fs.createReadStream(path.join(viewerDir, file)));
    },
  );
}
