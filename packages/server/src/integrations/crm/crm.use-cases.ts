import type { CreateCrmIntakeBody, UpdateCrmIntakeBody } from "@takt/contracts";
import type { FastifyBaseLogger } from "fastify";
import { type Actor, type Ctx, unitOfWork } from "../../domain/context.ts";
import { notFound } from "../../errors.ts";
import type { Takt } from "../../takt.ts";
import {
  checkMappings,
  createIntake,
  deleteIntake,
  intakeByToken,
  receivePayload,
  rotateIntakeToken,
  updateIntake,
} from "./crm.commands.ts";
import { storedMappings } from "./crm.mappings.ts";
import { authorizeIntake, authorizeIntakeAdmin } from "./crm.policy.ts";
import { findIntake, intakeLogOf, intakesOf } from "./crm.queries.ts";

type AdminCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

const intakeOf = async (ctx: AdminCtx, intakeGid: number) =>
  authorizeIntake(ctx.db, ctx.actor, await findIntake(ctx.db, intakeGid));

export async function listIntakes(ctx: AdminCtx, workspaceGid: number, window: Window) {
  await authorizeIntakeAdmin(ctx.db, ctx.actor, workspaceGid);
  return intakesOf(ctx.db, workspaceGid, window);
}

// Every template and team the mappings name must be the workspace's before anything is written.
export async function addIntake(ctx: AdminCtx, workspaceGid: number, input: CreateCrmIntakeBody) {
  return unitOfWork(ctx, async (uow) => {
    await authorizeIntakeAdmin(uow.db, ctx.actor, workspaceGid);
    const mappings = storedMappings(input.mappings);
    await checkMappings(uow.db, workspaceGid, mappings);
    return createIntake(uow, workspaceGid, { name: input.name, mappings });
  });
}

export async function showIntake(ctx: AdminCtx, intakeGid: number) {
  return intakeOf(ctx, intakeGid);
}

export async function editIntake(ctx: AdminCtx, intakeGid: number, input: UpdateCrmIntakeBody) {
  return unitOfWork(ctx, async (uow) => {
    const intake = await intakeOf(uow, intakeGid);
    const mappings = input.mappings && storedMappings(input.mappings);
    if (mappings) await checkMappings(uow.db, intake.workspace_gid, mappings);
    return updateIntake(uow, intake, { name: input.name, mappings });
  });
}

// A new secret URL, shown in this answer only; the old URL stops working at once.
export async function rotateIntake(ctx: AdminCtx, intakeGid: number) {
  return unitOfWork(ctx, async (uow) => rotateIntakeToken(uow, await intakeOf(uow, intakeGid)));
}

export async function removeIntake(ctx: AdminCtx, intakeGid: number) {
  await unitOfWork(ctx, async (uow) => deleteIntake(uow, await intakeOf(uow, intakeGid)));
}

export async function listIntakeLog(ctx: AdminCtx, intakeGid: number, window: Window) {
  const intake = await intakeOf(ctx, intakeGid);
  return intakeLogOf(ctx.db, intake.gid, window);
}

// The CRM's webhook, on the intake's secret URL. Each lead is its own unit (a project made from a template, its
// comment, the contact's invitation): one lead failing leaves the others made, and the payload and every lead's
// outcome are logged whatever happened, since CRMs retry what they see fail.
export async function receiveLeads(
  takt: Takt,
  token: string,
  input: { contentType: string; raw: string; parsed: unknown | null },
  delivery: { log: FastifyBaseLogger; baseUrl: string },
) {
  const intake = await intakeByToken(takt.db, token);
  if (!intake) throw notFound("crm_intake");
  return receivePayload(intake, input, { takt, ...delivery });
}
