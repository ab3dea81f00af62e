import type { FastifyInstance } from "fastify";
import { shape } from "../../domain/opt-fields.ts";
import { requireWorkspaceAdmin } from "../../domain/workspaces/workspace.policy.ts";
import { notFound } from "../../errors.ts";
import {
  checkMappings,
  createIntake,
  deleteIntake,
  intakeByToken,
  receivePayload,
  rotateIntakeToken,
  updateIntake,
} from "../../integrations/crm/crm.commands.ts";
import { parseBracketForm } from "../../integrations/crm/crm.parse.ts";
import { authorizeIntake } from "../../integrations/crm/crm.policy.ts";
import { INTAKE_COMPACT, presentIntake, presentLogEntry } from "../../integrations/crm/crm.presenter.ts";
import { CreateIntakeBody, UpdateIntakeBody } from "../../integrations/crm/crm.schemas.ts";
import { actorOf, baseUrl, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parseData } from "../validation.ts";

type IntakeParams = { Params: { crm_intake_gid: string } };

function readPayload(contentType: string, raw: string): unknown | null {
  if (contentType.includes("application/json")) {
    try {
      return JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (contentType.includes("application/x-www-form-urlencoded") || contentType === "") return parseBracketForm(raw);
  return null;
}

// CRM lead intake (Takt extension): admins manage intake endpoints; the CRM posts to the secret URL.
export async function crmRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function load(request: { params: { crm_intake_gid: string } } & Parameters<typeof actorOf>[0]) {
    const actor = actorOf(request);
    const intake = await db
      .selectFrom("crm_intakes")
      .selectAll()
      .where("gid", "=", gidParam(request.params.crm_intake_gid, "crm_intake"))
      .executeTakeFirst();
    return authorizeIntake(db, actor, intake);
  }

  app.get<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/crm_intakes", async (request) => {
    const actor = actorOf(request);
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    await requireWorkspaceAdmin(db, actor, workspaceGid);
    const page = pageOf(request);
    const rows = await db
      .selectFrom("crm_intakes")
      .selectAll()
      .where("workspace_gid", "=", workspaceGid)
      .orderBy("gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    const optFields = optFieldsOf(request);
    return listed(
      request,
      page,
      rows.map((row) => shape(presentIntake(row), optFields, INTAKE_COMPACT)),
    );
  });

  app.post<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/crm_intakes", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(CreateIntakeBody, request.body);
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    await requireWorkspaceAdmin(db, ctx.actor, workspaceGid);
    await checkMappings(db, workspaceGid, input.mappings);
    const { intake, token } = await createIntake(ctx, workspaceGid, input);
    return created(reply, "/crm_intakes", shape(presentIntake(intake, token), optFieldsOf(request)) as { gid: string });
  });

  app.get<IntakeParams>("/crm_intakes/:crm_intake_gid", async (request) => {
    const intake = await load(request);
    return { data: shape(presentIntake(intake), optFieldsOf(request)) };
  });

  app.put<IntakeParams>("/crm_intakes/:crm_intake_gid", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(UpdateIntakeBody, request.body);
    const intake = await load(request);
    if (input.mappings) await checkMappings(db, intake.workspace_gid, input.mappings);
    const updated = await updateIntake(ctx, intake, input);
    return { data: shape(presentIntake(updated), optFieldsOf(request)) };
  });

  // A new secret URL, shown in this answer only; the old URL stops working at once.
  app.post<IntakeParams>("/crm_intakes/:crm_intake_gid/rotate", async (request) => {
    const ctx = ctxOf(request);
    const intake = await load(request);
    const rotated = await rotateIntakeToken(ctx, intake);
    return { data: shape(presentIntake(rotated.intake, rotated.token), optFieldsOf(request)) };
  });

  app.delete<IntakeParams>("/crm_intakes/:crm_intake_gid", async (request) => {
    const ctx = ctxOf(request);
    const intake = await load(request);
    await deleteIntake(ctx, intake);
    return { data: {} };
  });

  app.get<IntakeParams>("/crm_intakes/:crm_intake_gid/log", async (request) => {
    const intake = await load(request);
    const page = pageOf(request);
    const rows = await db
      .selectFrom("crm_intake_log")
      .selectAll()
      .where("intake_gid", "=", intake.gid)
      .orderBy("gid", "desc")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    return listed(request, page, rows.map(presentLogEntry));
  });

  // The public endpoint reads its body itself: amoCRM posts form-encoded bracket keys, others JSON.
  await app.register(async (intakeApp) => {
    intakeApp.removeAllContentTypeParsers();
    intakeApp.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, body));
    intakeApp.post<{ Params: { token: string } }>("/crm/intake/:token", async (request) => {
      const intake = await intakeByToken(db, request.params.token);
      if (!intake) throw notFound("crm_intake");
      const contentType = String(request.headers["content-type"] ?? "").toLowerCase();
      const raw = typeof request.body === "string" ? request.body : "";
      const result = await receivePayload(
        intake,
        { contentType, raw, parsed: readPayload(contentType, raw) },
        { takt: app.takt, log: request.log, baseUrl: baseUrl(request) },
      );
      return { data: { resource_type: "crm_intake_receipt", ...result } };
    });
  });
}
