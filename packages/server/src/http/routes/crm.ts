import {
  CreateCrmIntakeBody,
  CrmIntake,
  CrmIntakeCompact,
  CrmIntakeLogEntry,
  CrmIntakeParams,
  CrmIntakeReceipt,
  CrmIntakeTokenParams,
  CrmWorkspaceParams,
  Empty,
  UpdateCrmIntakeBody,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { shape } from "../../domain/opt-fields.ts";
import { parseBracketForm } from "../../integrations/crm/crm.parse.ts";
import { INTAKE_COMPACT, presentIntake, presentLogEntry } from "../../integrations/crm/crm.presenter.ts";
import {
  addIntake,
  editIntake,
  listIntakeLog,
  listIntakes,
  receiveLeads,
  removeIntake,
  rotateIntake,
  showIntake,
} from "../../integrations/crm/crm.use-cases.ts";
import { contract } from "../contract.ts";
import { baseUrl, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parseData } from "../validation.ts";

type IntakeRoute = { Params: { crm_intake_gid: string } };
type WorkspaceRoute = { Params: { workspace_gid: string } };

const intakeGidOf = (request: FastifyRequest<IntakeRoute>) => gidParam(request.params.crm_intake_gid, "crm_intake");

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
  app.get<WorkspaceRoute>(
    "/workspaces/:workspace_gid/crm_intakes",
    contract({
      summary: "Get a workspace's CRM intakes",
      params: CrmWorkspaceParams,
      response: CrmIntakeCompact,
      list: true,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const page = pageOf(request);
      const rows = await listIntakes(ctx, gidParam(request.params.workspace_gid, "workspace"), page.window);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        rows.map((row) => shape(presentIntake(row), optFields, INTAKE_COMPACT)),
      );
    },
  );

  app.post<WorkspaceRoute>(
    "/workspaces/:workspace_gid/crm_intakes",
    contract({
      summary: "Create a CRM intake",
      params: CrmWorkspaceParams,
      body: CreateCrmIntakeBody,
      response: CrmIntake,
      status: 201,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(CreateCrmIntakeBody, request.body);
      const { intake, token } = await addIntake(ctx, gidParam(request.params.workspace_gid, "workspace"), input);
      return created(
        reply,
        "/crm_intakes",
        shape(presentIntake(intake, token), optFieldsOf(request)) as { gid: string },
      );
    },
  );

  app.get<IntakeRoute>(
    "/crm_intakes/:crm_intake_gid",
    contract({ summary: "Get a CRM intake", params: CrmIntakeParams, response: CrmIntake }),
    async (request) => {
      const intake = await showIntake(ctxOf(request), intakeGidOf(request));
      return { data: shape(presentIntake(intake), optFieldsOf(request)) };
    },
  );

  app.put<IntakeRoute>(
    "/crm_intakes/:crm_intake_gid",
    contract({
      summary: "Update a CRM intake",
      params: CrmIntakeParams,
      body: UpdateCrmIntakeBody,
      response: CrmIntake,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(UpdateCrmIntakeBody, request.body);
      const updated = await editIntake(ctx, intakeGidOf(request), input);
      return { data: shape(presentIntake(updated), optFieldsOf(request)) };
    },
  );

  // A new secret URL, shown in this answer only; the old URL stops working at once.
  app.post<IntakeRoute>(
    "/crm_intakes/:crm_intake_gid/rotate",
    contract({ summary: "Give a CRM intake a new secret URL", params: CrmIntakeParams, response: CrmIntake }),
    async (request) => {
      const rotated = await rotateIntake(ctxOf(request), intakeGidOf(request));
      return { data: shape(presentIntake(rotated.intake, rotated.token), optFieldsOf(request)) };
    },
  );

  app.delete<IntakeRoute>(
    "/crm_intakes/:crm_intake_gid",
    contract({ summary: "Delete a CRM intake", params: CrmIntakeParams, response: Empty }),
    async (request) => {
      await removeIntake(ctxOf(request), intakeGidOf(request));
      return { data: {} };
    },
  );

  app.get<IntakeRoute>(
    "/crm_intakes/:crm_intake_gid/log",
    contract({
      summary: "Get what a CRM intake received",
      params: CrmIntakeParams,
      response: CrmIntakeLogEntry,
      list: true,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const page = pageOf(request);
      const rows = await listIntakeLog(ctx, intakeGidOf(request), page.window);
      return listed(request, page, rows.map(presentLogEntry));
    },
  );

  // The public endpoint reads its body itself: amoCRM posts form-encoded bracket keys, others JSON.
  await app.register(async (intakeApp) => {
    intakeApp.removeAllContentTypeParsers();
    intakeApp.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, body));
    intakeApp.post<{ Params: { token: string } }>(
      "/crm/intake/:token",
      contract({
        summary: "Receive leads from a CRM (the intake's secret URL)",
        params: CrmIntakeTokenParams,
        response: CrmIntakeReceipt,
        public: true,
      }),
      async (request) => {
        const contentType = String(request.headers["content-type"] ?? "").toLowerCase();
        const raw = typeof request.body === "string" ? request.body : "";
        const result = await receiveLeads(
          app.takt,
          request.params.token,
          { contentType, raw, parsed: readPayload(contentType, raw) },
          { log: request.log, baseUrl: baseUrl(request) },
        );
        return { data: { resource_type: "crm_intake_receipt", ...result } };
      },
    );
  });
}
