import type { CreateRuleBody, RunRuleTriggerBody, UpdateRuleBody } from "@takt/contracts";
import type { Config } from "../../config.ts";
import { badRequest } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { outboundPolicy } from "../../integrations/webhooks/target-guard.ts";
import { enqueueJob } from "../../jobs/queue.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { projectsOfSteps } from "../stories/story.render.ts";
import { projectFor, taskFor } from "../tasks/task.resolve.ts";
import { sightOf } from "../visible-references.ts";
import {
  checkRuleReferences,
  createRule,
  definitionOf,
  deleteRule,
  type RuleDefinition,
  updateRule,
} from "./rule.commands.ts";
import { RULE_RUN } from "./rule.due.ts";
import { authorizeRule } from "./rule.policy.ts";
import {
  findRule,
  findRuleByTrigger,
  rulesOfProject,
  runDetailsOf,
  runsOfRule,
  taskIsInProject,
} from "./rule.queries.ts";

type RuleCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

// The admin setting on outgoing requests is read per request: it may change while the server runs.
const targetPolicyOf = (config: Config) => ({ targetPolicy: outboundPolicy(config) });

export async function listRules(ctx: RuleCtx, projectRef: string, window: Window) {
  const project = await projectFor(ctx.db, ctx.actor, projectRef, "read");
  return { project, rules: await rulesOfProject(ctx.db, project.gid, window) };
}

export async function showRule(ctx: RuleCtx, ruleGid: number) {
  return authorizeRule(ctx.db, ctx.actor, await findRule(ctx.db, ruleGid), "read");
}

export async function listRuleRuns(ctx: RuleCtx, ruleGid: number, window: Window) {
  const { rule } = await authorizeRule(ctx.db, ctx.actor, await findRule(ctx.db, ruleGid), "read");
  const runs = (await runsOfRule(ctx.db, rule.gid, window)).map((run) => ({ run, details: runDetailsOf(run) }));
  // The projects the runs' steps name, as the reader sees them.
  const projects = runs.flatMap(({ details }) => projectsOfSteps(details.steps ?? []));
  return { runs, sight: await sightOf(ctx.db, ctx.actor.gid, { tasks: [], projects }) };
}

// Everything the rule names is checked before it is stored, in the same unit as the write.
export async function addRule(ctx: RuleCtx, config: Config, input: CreateRuleBody) {
  return unitOfWork(ctx, async (uow) => {
    const project = await projectFor(uow.db, ctx.actor, input.project, "edit");
    const definition: RuleDefinition = {
      name: input.name,
      enabled: input.enabled ?? true,
      trigger: input.trigger,
      conditions: input.conditions ?? [],
      actions: input.actions,
    };
    await checkRuleReferences(uow.db, ctx.actor, project, definition, targetPolicyOf(config));
    return { rule: await createRule(uow, project, definition), project };
  });
}

export async function editRule(ctx: RuleCtx, config: Config, ruleGid: number, input: UpdateRuleBody) {
  return unitOfWork(ctx, async (uow) => {
    const { rule, project } = await authorizeRule(uow.db, ctx.actor, await findRule(uow.db, ruleGid), "edit");
    const current = definitionOf(rule);
    const next: RuleDefinition = {
      name: input.name ?? current.name,
      enabled: input.enabled ?? current.enabled,
      trigger: input.trigger ?? current.trigger,
      conditions: input.conditions ?? current.conditions,
      actions: input.actions ?? current.actions,
    };
    await checkRuleReferences(uow.db, ctx.actor, project, next, targetPolicyOf(config));
    return { rule: await updateRule(uow, rule, next), project };
  });
}

export async function removeRule(ctx: RuleCtx, ruleGid: number) {
  await unitOfWork(ctx, async (uow) => {
    const { rule } = await authorizeRule(uow.db, ctx.actor, await findRule(uow.db, ruleGid), "edit");
    await deleteRule(uow, rule);
  });
}

// Asana's incoming web request trigger: the run is queued with the request; the worker runs it afterwards.
export async function runRuleFromWeb(ctx: RuleCtx, triggerGid: number, input: RunRuleTriggerBody) {
  await unitOfWork(ctx, async (uow) => {
    const found = await findRuleByTrigger(uow.db, triggerGid);
    const { rule } = await authorizeRule(uow.db, ctx.actor, found, "edit", "rule_trigger");
    if (definitionOf(rule).trigger.type !== "incoming_web_request") {
      throw badRequest("rule_trigger: this rule is not triggered by incoming web requests");
    }
    const task = await taskFor(uow.db, ctx.actor, input.resource, "read", "resource");
    if (!(await taskIsInProject(uow.db, task.gid, rule.project_gid))) {
      throw badRequest("resource: the task is not in the rule's project");
    }
    const key = `web:${newGid()}`;
    await enqueueJob(uow.db, {
      kind: RULE_RUN,
      payload: { rule: rule.gid, task: task.gid, key },
      key: `${RULE_RUN}:${key}`,
    });
  });
  ctx.bus.notifyJobs();
}
