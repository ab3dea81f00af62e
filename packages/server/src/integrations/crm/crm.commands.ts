import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/index.ts";
import type { CrmIntakeLogTable, CrmIntakesTable, ProjectsTable } from "../../db/schema.ts";
import { auditInTx } from "../../domain/audit/audit.record.ts";
import { hashSecret, newSecret } from "../../domain/auth/passwords.ts";
import { type Actor, type Ctx, transact } from "../../domain/context.ts";
import { createInvitation, recordDelivery } from "../../domain/invitations/invitation.commands.ts";
import { invitationContext } from "../../domain/invitations/invitation.queries.ts";
import { addComment } from "../../domain/stories/story.commands.ts";
import { insertTask } from "../../domain/tasks/task.commands.ts";
import { instantiateProject } from "../../domain/templates/project-template.commands.ts";
import { invitationEmail } from "../../email/invitation-email.ts";
import { sendMail } from "../../email/mailer.ts";
import { badRequest } from "../../errors.ts";
import { newGid, parseGid } from "../../ids.ts";
import type { Takt } from "../../takt.ts";
import { parseMappings, type StoredMapping } from "./crm.mappings.ts";
import { type Lead, leadSummary, leadsOf, projectName } from "./crm.parse.ts";

type AdminCtx = Ctx & { actor: Actor };

// A gid a mapping names, for a lookup: one that can't be an id finds nothing (0 is never a gid).
const lookupGid = (raw: string) => parseGid(raw) ?? 0;

// Every referenced template and team must belong to the workspace before anything is written.
export async function checkMappings(db: Db, workspaceGid: number, mappings: StoredMapping[]) {
  for (const [index, mapping] of mappings.entries()) {
    const template = await db
      .selectFrom("project_templates")
      .select(["gid", "team_gid"])
      .where("gid", "=", lookupGid(mapping.project_template))
      .where("workspace_gid", "=", workspaceGid)
      .executeTakeFirst();
    if (!template) {
      throw badRequest(`mappings.${index}.project_template: Not a recognized ID: ${mapping.project_template}`);
    }
    // A client project is private: without a team nobody but the intake's owner would ever find it.
    if (!mapping.team && !template.team_gid) {
      throw badRequest(`mappings.${index}.team: Missing input. Name the team the client's project goes to.`);
    }
    if (mapping.team) {
      const team = await db
        .selectFrom("teams")
        .select("gid")
        .where("gid", "=", lookupGid(mapping.team))
        .where("workspace_gid", "=", workspaceGid)
        .executeTakeFirst();
      if (!team) throw badRequest(`mappings.${index}.team: Not a recognized ID: ${mapping.team}`);
    }
  }
}

function intakeEvent(intake: CrmIntakesTable, action: "added" | "changed" | "deleted") {
  return {
    workspace_gid: intake.workspace_gid,
    resource_type: "crm_intake",
    resource_gid: intake.gid,
    parent_type: "workspace",
    parent_gid: intake.workspace_gid,
    action,
  } as const;
}

// Characters of the token kept in clear, so admins can tell intakes (and an old URL from a new one) apart.
const TOKEN_PREFIX_LENGTH = 6;

// The intake URL's secret: only its SHA-256 is stored; the raw token goes once to the admin who made it.
function newIntakeToken() {
  const token = newSecret("").replace(/[^A-Za-z0-9]/g, "");
  return { token, token_hash: hashSecret(token), token_prefix: token.slice(0, TOKEN_PREFIX_LENGTH) };
}

export function intakeByToken(db: Db, token: string) {
  return db.selectFrom("crm_intakes").selectAll().where("token_hash", "=", hashSecret(token)).executeTakeFirst();
}

export function createIntake(
  ctx: AdminCtx,
  workspaceGid: number,
  input: { name: string; mappings: StoredMapping[] },
): Promise<{ intake: CrmIntakesTable; token: string }> {
  return transact(ctx, async (tx) => {
    const { token, ...secret } = newIntakeToken();
    const intake: CrmIntakesTable = {
      gid: newGid(),
      workspace_gid: workspaceGid,
      name: input.name,
      ...secret,
      mappings: JSON.stringify(input.mappings),
      created_by_gid: ctx.actor.gid,
      created_at: tx.now,
      modified_at: tx.now,
    };
    await tx.trx.insertInto("crm_intakes").values(intake).execute();
    await tx.emit(intakeEvent(intake, "added"));
    return { intake, token };
  });
}

// A new secret URL; the old one stops working with the commit.
export function rotateIntakeToken(
  ctx: AdminCtx,
  intake: CrmIntakesTable,
): Promise<{ intake: CrmIntakesTable; token: string }> {
  return transact(ctx, async (tx) => {
    const { token, ...secret } = newIntakeToken();
    const next = { ...secret, modified_at: tx.now };
    await tx.trx.updateTable("crm_intakes").set(next).where("gid", "=", intake.gid).execute();
    await tx.emit(intakeEvent(intake, "changed"));
    await auditInTx(tx, {
      workspaceGid: intake.workspace_gid,
      eventType: "crm_intake_token_rotated",
      category: "apps",
      resource: { type: "crm_intake", gid: intake.gid, name: intake.name },
      details: { token_prefix: secret.token_prefix },
    });
    return { intake: { ...intake, ...next }, token };
  });
}

export function updateIntake(
  ctx: AdminCtx,
  intake: CrmIntakesTable,
  input: { name?: string; mappings?: StoredMapping[] },
): Promise<CrmIntakesTable> {
  return transact(ctx, async (tx) => {
    const next = {
      name: input.name ?? intake.name,
      mappings: input.mappings ? JSON.stringify(input.mappings) : intake.mappings,
      modified_at: tx.now,
    };
    await tx.trx.updateTable("crm_intakes").set(next).where("gid", "=", intake.gid).execute();
    await tx.emit(intakeEvent(intake, "changed"));
    return { ...intake, ...next };
  });
}

export function deleteIntake(ctx: AdminCtx, intake: CrmIntakesTable) {
  return transact(ctx, async (tx) => {
    await tx.trx.deleteFrom("crm_intakes").where("gid", "=", intake.gid).execute();
    await tx.emit(intakeEvent(intake, "deleted"));
  });
}

type Outcome = CrmIntakeLogTable["outcome"];
interface LeadResult {
  lead_id: string;
  outcome: Outcome;
  message: string;
  project?: { gid: string; resource_type: "project"; name: string };
}

interface Delivery {
  takt: Takt;
  log: FastifyBaseLogger;
  baseUrl: string;
}

// The lead's data goes on the project's first task (a "CRM lead" task when the template has none).
async function postLeadComment(ctx: AdminCtx, project: ProjectsTable, lead: Lead) {
  const first = await ctx.db
    .selectFrom("task_memberships")
    .innerJoin("sections", "sections.gid", "task_memberships.section_gid")
    .innerJoin("tasks", "tasks.gid", "task_memberships.task_gid")
    .select(["tasks.gid", "tasks.workspace_gid"])
    .where("task_memberships.project_gid", "=", project.gid)
    .orderBy("sections.order_key")
    .orderBy("task_memberships.order_key")
    .executeTakeFirst();
  const task =
    first ??
    (await transact(ctx, async (tx) => {
      const section = await tx.trx
        .selectFrom("sections")
        .select("gid")
        .where("project_gid", "=", project.gid)
        .orderBy("order_key")
        .executeTakeFirst();
      return insertTask(tx, ctx.actor, {
        workspaceGid: project.workspace_gid,
        fields: {
          name: `CRM lead: ${lead.name || lead.id}`,
          notes: "",
          html_notes: "",
          resource_subtype: "default_task",
          assignee_gid: null,
          due_on: null,
          due_at: null,
          start_on: null,
          completed: 0,
        },
        parent: null,
        placements: [{ projectGid: project.gid, sectionGid: section?.gid ?? null, slot: { at: "start" } }],
        followerGids: [],
      });
    }));
  await addComment(ctx, task, { text: leadSummary(lead) });
}

// The contact joins the project as a guest (a full member of the workspace keeps their role) by invitation.
async function inviteContact(ctx: AdminCtx, delivery: Delivery, project: ProjectsTable, email: string) {
  const existing = await ctx.db
    .selectFrom("users")
    .leftJoin("workspace_memberships", (join) =>
      join
        .onRef("workspace_memberships.user_gid", "=", "users.gid")
        .on("workspace_memberships.workspace_gid", "=", project.workspace_gid),
    )
    .select(["users.gid", "workspace_memberships.role"])
    .where("users.email", "=", email)
    .executeTakeFirst();
  const role = existing?.role === "admin" || existing?.role === "member" ? "member" : "guest";
  const { invitation, token } = await createInvitation(ctx, {
    workspace_gid: project.workspace_gid,
    email,
    role,
    team_gid: null,
    project_gid: project.gid,
    access_level: "commenter",
  });
  const context = await invitationContext(ctx.db, invitation);
  const message = invitationEmail({
    to: email,
    language: ctx.actor.language,
    inviterName: ctx.actor.name,
    workspaceName: context.workspace.name,
    targetName: project.name,
    link: `${delivery.baseUrl}/invite/${token}`,
    expiresAt: invitation.expires_at,
  });
  const sent = await sendMail(delivery.takt.config, delivery.log, message);
  await recordDelivery(ctx, invitation, sent);
}

async function intakeActor(db: Db, intake: CrmIntakesTable): Promise<Actor | null> {
  if (!intake.created_by_gid) return null;
  const user = await db
    .selectFrom("users")
    .select(["gid", "name", "email", "language"])
    .where("gid", "=", intake.created_by_gid)
    .executeTakeFirst();
  return user ?? null;
}

async function handleLead(
  intake: CrmIntakesTable,
  mappings: StoredMapping[],
  lead: Lead,
  delivery: Delivery,
): Promise<LeadResult> {
  const { db, bus } = delivery.takt;
  const mapping = mappings.find(
    (candidate) => candidate.pipeline_id === lead.pipeline_id && candidate.status_id === lead.status_id,
  );
  if (!mapping) {
    return {
      lead_id: lead.id,
      outcome: "ignored",
      message: `Lead ${lead.id}: pipeline ${lead.pipeline_id || "(none)"}, status ${lead.status_id || "(none)"} is not mapped; nothing created.`,
    };
  }
  // The (intake, lead) key is claimed first: a replayed or concurrent webhook finds it taken.
  const claim = await db
    .insertInto("crm_leads")
    .values({ intake_gid: intake.gid, lead_id: lead.id, project_gid: null, created_at: new Date().toISOString() })
    .onConflict((conflict) => conflict.columns(["intake_gid", "lead_id"]).doNothing())
    .executeTakeFirst();
  if (Number(claim.numInsertedOrUpdatedRows ?? 0) === 0) {
    const earlier = await db
      .selectFrom("crm_leads")
      .leftJoin("projects", "projects.gid", "crm_leads.project_gid")
      .select(["projects.gid", "projects.name"])
      .where("crm_leads.intake_gid", "=", intake.gid)
      .where("crm_leads.lead_id", "=", lead.id)
      .executeTakeFirst();
    return {
      lead_id: lead.id,
      outcome: "duplicate",
      message: `Lead ${lead.id} was already received${earlier?.name ? ` (project "${earlier.name}")` : ""}; nothing created.`,
      ...(earlier?.gid
        ? { project: { gid: String(earlier.gid), resource_type: "project", name: earlier.name ?? "" } }
        : {}),
    };
  }
  const release = () =>
    db.deleteFrom("crm_leads").where("intake_gid", "=", intake.gid).where("lead_id", "=", lead.id).execute();
  const actor = await intakeActor(db, intake);
  const template = await db
    .selectFrom("project_templates")
    .selectAll()
    .where("gid", "=", lookupGid(mapping.project_template))
    .where("workspace_gid", "=", intake.workspace_gid)
    .executeTakeFirst();
  if (!actor || !template) {
    await release();
    const missing = actor ? `project template ${mapping.project_template} no longer exists` : "the intake has no owner";
    return { lead_id: lead.id, outcome: "failed", message: `Lead ${lead.id}: ${missing}; nothing created.` };
  }
  // The mapping's team, or else the template's.
  const teamRef = mapping.team ? lookupGid(mapping.team) : template.team_gid;
  const team = teamRef
    ? await db
        .selectFrom("teams")
        .select("gid")
        .where("gid", "=", teamRef)
        .where("workspace_gid", "=", intake.workspace_gid)
        .executeTakeFirst()
    : undefined;
  const ctx: AdminCtx = { db, bus, actor };
  let project: ProjectsTable;
  try {
    project = await instantiateProject(ctx, template, {
      name: projectName(mapping.name_pattern, lead),
      workspaceGid: intake.workspace_gid,
      teamGid: team?.gid ?? null,
      isPublic: false,
      startDate: new Date().toISOString().slice(0, 10),
      roles: new Map(),
    });
  } catch (error) {
    await release();
    delivery.log.error({ err: error, intake: intake.gid, lead: lead.id }, "CRM intake could not create a project");
    return { lead_id: lead.id, outcome: "failed", message: `Lead ${lead.id}: the project could not be created.` };
  }
  await db
    .updateTable("crm_leads")
    .set({ project_gid: project.gid })
    .where("intake_gid", "=", intake.gid)
    .where("lead_id", "=", lead.id)
    .execute();
  const notes: string[] = [];
  try {
    await postLeadComment(ctx, project, lead);
  } catch (error) {
    delivery.log.error({ err: error, project: project.gid }, "CRM intake could not post the lead comment");
    notes.push("the lead's comment could not be posted");
  }
  if (lead.contact.email) {
    try {
      await inviteContact(ctx, delivery, project, lead.contact.email);
      notes.push(`invited ${lead.contact.email}`);
    } catch (error) {
      delivery.log.error({ err: error, project: project.gid }, "CRM intake could not invite the contact");
      notes.push(`${lead.contact.email} could not be invited`);
    }
  } else notes.push("no contact email to invite");
  return {
    lead_id: lead.id,
    outcome: "created",
    message: `Lead ${lead.id}: created project "${project.name}"; ${notes.join("; ")}.`,
    project: { gid: String(project.gid), resource_type: "project", name: project.name },
  };
}

const RANK: Outcome[] = ["failed", "created", "duplicate", "ignored", "rejected"];
const MAX_LOGGED_PAYLOAD = 64_000;

// Every payload is logged with its outcome; the answer is 200 even for ignored leads, since CRMs retry errors.
export async function receivePayload(
  intake: CrmIntakesTable,
  input: { contentType: string; raw: string; parsed: unknown | null },
  delivery: Delivery,
) {
  const results: LeadResult[] = [];
  let outcome: Outcome;
  let message: string;
  if (input.parsed === null) {
    outcome = "rejected";
    message = "The payload could not be read: send amoCRM's form-encoded webhook or JSON {lead:{…}}.";
  } else {
    const leads = leadsOf(input.parsed);
    const mappings = parseMappings(intake.mappings);
    for (const lead of leads) results.push(await handleLead(intake, mappings, lead, delivery));
    outcome = RANK.find((rank) => results.some((result) => result.outcome === rank)) ?? "ignored";
    message = results.length
      ? results.map((result) => result.message).join("\n")
      : "No lead in the payload (expected leads[status] or leads[add] from amoCRM, or {lead:{id,…}}); nothing created.";
  }
  const row: CrmIntakeLogTable = {
    gid: newGid(),
    intake_gid: intake.gid,
    content_type: input.contentType.slice(0, 200),
    payload: input.raw.slice(0, MAX_LOGGED_PAYLOAD),
    outcome,
    message,
    results: JSON.stringify(results),
    created_at: new Date().toISOString(),
  };
  await delivery.takt.db.insertInto("crm_intake_log").values(row).execute();
  return { outcome, message, results };
}
