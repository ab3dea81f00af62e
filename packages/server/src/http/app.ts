import fs from "node:fs";
import path from "node:path";
import cookie from "@fastify/cookie";
import websocket from "@fastify/websocket";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Config } from "../config.ts";
import { walSyncOf } from "../db/wal-sync.ts";
import type { Actor } from "../domain/context.ts";
import { newGid } from "../ids.ts";
import { serverPackageDir } from "../package-dir.ts";
import type { Takt } from "../takt.ts";
import { requestTurn } from "../turns.ts";
import { AccessLogController } from "./access-log.ts";
import { apiDocsRoutes } from "./api-docs.ts";
import { registerAuth } from "./auth.ts";
import { clientErrorHandler, errorBody, handleError } from "./errors.ts";
import { healthRoutes } from "./health.ts";
import { REDACT_PATHS, requestSerializer } from "./log-redaction.ts";
import { registerMetrics } from "./metrics.ts";
import { registerNestedFields } from "./nested-fields.ts";
import type { ApiRoute } from "./openapi.ts";
import { registerPermissions } from "./permissions.ts";
import { registerQueryCount } from "./query-count.ts";
import { registerRateLimits } from "./rate-limit.ts";
import { registerRequestLimits } from "./request-limits.ts";
import { adminEmailRoutes } from "./routes/admin-email.ts";
import { adminJobsRoutes } from "./routes/admin-jobs.ts";
import { apiRoutes } from "./routes/index.ts";
import { registerSecurityHeaders } from "./security-headers.ts";
import { registerWebApp } from "./web-app.ts";
import { registerWireFormat } from "./wire-format.ts";

declare module "fastify" {
  interface FastifyInstance {
    takt: Takt;
    // Every route registered, as "METHOD /url" (the authorization test walks them all), with its contract.
    routeList: ApiRoute[];
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

function webDistDir(config: Config): string | null {
  const dir = config.webDir ?? path.resolve(serverPackageDir, "../web/dist");
  return fs.existsSync(path.join(dir, "index.html")) ? dir : null;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export async function buildApp(takt: Takt): Promise<FastifyInstance> {
  const app = Fastify({
    // Request lines carry no secret: token paths and free-text query values are redacted (log-redaction.ts).
    logger:
      takt.config.logLevel === "silent"
        ? false
        : {
            level: takt.config.logLevel,
            serializers: { req: requestSerializer },
            redact: { paths: REDACT_PATHS, censor: "[redacted]" },
          },
    // One access line per request, at the level the admin chose (http/access-log.ts).
    logController: new AccessLogController(takt.config),
    bodyLimit: takt.config.maxBodyBytes,
    // Only these proxies may name the client address (X-Forwarded-For) that per-address limits count.
    trustProxy: takt.config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // Errors the router raises before any route runs get the same {"errors":[…]} shape as ours.
    frameworkErrors: (error, request, reply) =>
      handleError(error, request as unknown as FastifyRequest, reply as unknown as FastifyReply),
    clientErrorHandler,
    // Request ids are unique across nodes and restarts (time-ordered gids). Behind a trusted proxy on this machine, its
    // X-Request-Id is kept so one id follows the request through the proxy's logs, ours, jobs and webhooks.
    requestIdHeader: false,
    // Late requests during shutdown get our own 503 (below), not Fastify's.
    return503OnClosing: false,
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      const peer = request.socket?.remoteAddress ?? "";
      const fromLocalProxy = takt.config.trustProxy && /^(127\.|::1$|::ffff:127\.)/.test(peer);
      if (fromLocalProxy && typeof given === "string" && REQUEST_ID.test(given)) return given;
      return String(newGid());
    },
  });
  // SQLite: one request starts per turn of the event loop, first come first served (turns.ts). The first hook.
  if (takt.dialect === "sqlite" && takt.config.sqliteRequestTurns) {
    app.addHook("onRequest", (_request, _reply, done) => {
      const wait = requestTurn();
      if (wait) void wait.then(() => done());
      else done();
    });
  }
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    // A request that arrives while the node shuts down: Asana's error shape, and where to go instead.
    if (takt.lifecycle?.closing) {
      reply.header("Retry-After", "1").header("Connection", "close");
      return reply.status(503).send(errorBody("This server is restarting. Please retry."));
    }
  });
  app.decorate("takt", takt);
  registerSecurityHeaders(app);
  if (takt.countQueries) registerQueryCount(app);
  // Asana's clients send Content-Type: application/json on bodiless DELETEs; an empty body is no body, not an error.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    if (typeof body === "string" && body.trim() === "") return done(null, undefined);
    return parseJson(request, body.toString(), done);
  });
  registerWireFormat(app);
  const routeList: ApiRoute[] = [];
  app.decorate("routeList", routeList);
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) {
      const websocket = (route as { websocket?: boolean }).websocket === true;
      routeList.push({ method, url: route.url, contract: route.config?.contract, ...(websocket ? { websocket } : {}) });
    }
  });
  app.setErrorHandler(handleError);
  await app.register(cookie);
  await app.register(websocket);
  registerAuth(app);
  registerRateLimits(app);
  registerRequestLimits(app);
  // References along nested opt_fields paths are expanded before the abilities join them.
  registerNestedFields(app);
  registerPermissions(app);

  // JSON answers leave as UTF-8 bytes: encoded once here, their length is known without scanning the text again
  // for Content-Length (a page of tasks is 50–200 KB).
  app.setReplySerializer((payload) => Buffer.from(JSON.stringify(payload)) as unknown as string);

  // SQLite: no answer leaves before the commits made before it are on disk, whether it wrote them or read what
  // another request wrote (db/wal-sync.ts). Usually nothing is waiting and the answer goes at once.
  const walSync = walSyncOf(takt.db);
  if (walSync) {
    app.addHook("onSend", (request, reply, payload, done) => {
      const flushed = walSync.durable();
      if (!flushed) return done(null, payload);
      flushed.then(
        () => done(null, payload),
        (error) => {
          // The disk refused a flush: what this answer would tell may not survive a power cut.
          request.log.error({ err: error }, "write-ahead log flush failed");
          reply.code(503).header("content-type", "application/json; charset=utf-8");
          done(
            null,
            JSON.stringify(errorBody("The server could not save data to its disk. Please tell its administrator.")),
          );
        },
      );
    });
  }

  // opt_pretty: indent the JSON answer, for people reading it by hand.
  app.addHook("onSend", async (request, _reply, payload) => {
    const query = request.query as Record<string, unknown> | undefined;
    const wantsPretty = query && "opt_pretty" in query && query.opt_pretty !== "false";
    if (!wantsPretty) return payload;
    const text = Buffer.isBuffer(payload) ? payload.toString() : payload;
    if (typeof text !== "string" || !text.startsWith("{")) return payload;
    return JSON.stringify(JSON.parse(text), null, 2);
  });

  await app.register(healthRoutes);
  registerMetrics(app);
  await app.register(apiDocsRoutes, { prefix: "/api/1.0" });
  await app.register(adminJobsRoutes, { prefix: "/api/1.0" });
  await app.register(adminEmailRoutes, { prefix: "/api/1.0" });
  await app.register(apiRoutes, { prefix: "/api/1.0" });

  const dist = webDistDir(takt.config);
  if (dist) {
    await registerWebApp(app, dist);
  } else {
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send(errorBody(`No route for ${request.method} ${request.url.split("?")[0]}`)),
    );
  }
  return app;
}
