import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { RulesTable } from "../../db/schema.ts";
import type { Actor } from "../../domain/context.ts";
import { shape } from "../../domain/opt-fields.ts";
import {
  checkRuleReferences,
  createRule,
  definitionOf,
  deleteRule,
  updateRule,
} from "../../domain/rules/rule.commands.ts";
import { RULE_RUN } from "../../domain/rules/rule.jobs.ts";
import { CreateRuleBody, RunTriggerBody, UpdateRuleBody } from "../../domain/rules/rule.schemas.ts";
import { ruleWebhookSecret } from "../../domain/rules/rule.webhook.ts";
import { projectFor, taskFor } from "../../domain/tasks/task.resolve.ts";
import { badRequest, notFound } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { outboundPolicy } from "../../integrations/webhooks/target-guard.ts";
import { enqueueJob } from "../../jobs/queue.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

function presentRule(rule: RulesTable, projectName: string) {
  const definition = definitionOf(rule);
  return {
    gid: String(rule.gid),
    resource_type: "rule",
    name: rule.name,
    enabled: rule.enabled === 1,
    project: { gid: String(rule.project_gid), resource_type: "project", name: projectName },
    trigger: { gid: String(rule.trigger_gid), resource_type: "rule_trigger", ...definition.trigger },
    conditions: definition.conditions,
    actions: definition.actions,
    // Set when the rule stopped itself (a section, person or project it names is gone); saving it clears this.
    paused_reason: rule.paused_reason,
    created_by: { gid: String(rule.created_by_gid), resource_type: "user" },
    created_at: rule.created_at,
    modified_at: rule.modified_at,
  };
}

export async function rulesRoutes(app: FastifyInstance) {
  const { db, bus } = app.takt;
  // Read per request: the admin setting may change while the server runs.
  const guard = () => ({ targetPolicy: outboundPolicy(app.takt.config) });
  // Editors (create and update answers) get the secret a send_webhook action signs with.
  const withSecret = async (rule: RulesTable, data: ReturnType<typeof presentRule>) =>
    data.actions.some((action) => action.type === "send_webhook")
      ? { ...data, webhook_secret: await ruleWebhookSecret(app.takt, rule.gid) }
      : data;

  async function loadRule(actor: Actor, raw: string, action: "read" | "edit") {
    const rule = await db.selectFrom("rules").selectAll().where("gid", "=", gidParam(raw, "rule")).executeTakeFirst();
    if (!rule) throw notFound("rule");
    const project = await projectFor(db, actor, String(rule.project_gid), action, "rule");
    return { rule, project };
  }

  app.get("/rules", async (request) => {
    const actor = actorOf(request);
    const query = parse(z.object({ project: z.string().optional() }).loose(), request.query ?? {});
    if (!query.project) throw badRequest("project: Missing input");
    const project = await projectFor(db, actor, query.project, "read");
    const page = pageOf(request);
    const rows = await db
      .selectFrom("rules")
      .selectAll()
      .where("project_gid", "=", project.gid)
      .orderBy("gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    return listed(
      request,
      page,
      rows.map((row) => shape(presentRule(row, project.name), optFieldsOf(request))),
    );
  });

  app.post("/rules", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(CreateRuleBody, request.body);
    const project = await projectFor(db, ctx.actor, input.project, "edit");
    const definition = {
      name: input.name,
      enabled: input.enabled ?? true,
      trigger: input.trigger,
      conditions: input.conditions ?? [],
      actions: input.actions,
    };
    await checkRuleReferences(db, ctx.actor, project, definition, guard());
    const rule = await createRule(ctx, project, definition);
    return created(reply, "/rules", await withSecret(rule, presentRule(rule, project.name)));
  });

  app.get<{ Params: { gid: string } }>("/rules/:gid", async (request) => {
    const { rule, project } = await loadRule(actorOf(request), request.params.gid, "read");
    return { data: shape(presentRule(rule, project.name), optFieldsOf(request)) };
  });

  app.put<{ Params: { gid: string } }>("/rules/:gid", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(UpdateRuleBody, request.body);
    const { rule, project } = await loadRule(ctx.actor, request.params.gid, "edit");
    const current = definitionOf(rule);
    const next = {
      name: input.name ?? current.name,
      enabled: input.enabled ?? current.enabled,
      trigger: input.trigger ?? current.trigger,
      conditions: input.conditions ?? current.conditions,
      actions: input.actions ?? current.actions,
    };
    await checkRuleReferences(db, ctx.actor, project, next, guard());
    const updated = await updateRule(ctx, rule, next);
    return { data: shape(await withSecret(updated, presentRule(updated, project.name)), optFieldsOf(request)) };
  });

  app.delete<{ Params: { gid: string } }>("/rules/:gid", async (request) => {
    const ctx = ctxOf(request);
    const { rule } = await loadRule(ctx.actor, request.params.gid, "edit");
    await deleteRule(ctx, rule);
    return { data: {} };
  });

  app.get<{ Params: { gid: string } }>("/rules/:gid/runs", async (request) => {
    const { rule } = await loadRule(actorOf(request), request.params.gid, "read");
    const page = pageOf(request);
    const rows = await db
      .selectFrom("rule_runs")
      .selectAll()
      .where("rule_gid", "=", rule.gid)
      .orderBy("created_at", "desc")
      .orderBy("gid", "desc")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    return listed(
      request,
      page,
      rows.map((run) => ({
        gid: String(run.gid),
        resource_type: "rule_run",
        status: run.status,
        message: run.message,
        depth: run.depth,
        task: run.task_gid ? { gid: String(run.task_gid), resource_type: "task" } : null,
        created_at: run.created_at,
      })),
    );
  });

  // Asana's incoming web request trigger: runs the rule on the task, in the background.
  app.post<{ Params: { gid: string } }>("/rule_triggers/:gid/run", async (request) => {
    const actor = actorOf(request);
    const input = parseData(RunTriggerBody, request.body);
    const rule = await db
      .selectFrom("rules")
      .selectAll()
      .where("trigger_gid", "=", gidParam(request.params.gid, "rule_trigger"))
      .executeTakeFirst();
    if (!rule) throw notFound("rule_trigger");
    await projectFor(db, actor, String(rule.project_gid), "edit", "rule_trigger");
    if (definitionOf(rule).trigger.type !== "incoming_web_request") {
      throw badRequest("rule_trigger: this rule is not triggered by incoming web requests");
    }
    const task = await taskFor(db, actor, input.resource, "read", "resource");
    const member = await db
      .selectFrom("task_memberships")
      .select("task_gid")
      .where("task_gid", "=", task.gid)
      .where("project_gid", "=", rule.project_gid)
      .executeTakeFirst();
    if (!member) throw badRequest("resource: the task is not in the rule's project");
    const key = `web:${newGid()}`;
    await enqueueJob(db, {
      kind: RULE_RUN,
      payload: { rule: rule.gid, task: task.gid, key },
      key: `${RULE_RUN}:${key}`,
    });
    bus.notifyJobs();
    return { data: { message: "The rule will run on the task." } };
  });
}
