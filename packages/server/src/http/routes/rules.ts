import {
  CreateRuleBody,
  Empty,
  Rule,
  RuleParams,
  RuleRun,
  RulesQuery,
  RuleTriggerParams,
  RuleTriggerRun,
  RunRuleTriggerBody,
  UpdateRuleBody,
} from "@takt/contracts";
import type { FastifyInstance } from "fastify";
import { shape } from "../../domain/opt-fields.ts";
import { presentRule, presentRuleRun, presentRuleToEditor } from "../../domain/rules/rule.presenter.ts";
import {
  addRule,
  editRule,
  listRuleRuns,
  listRules,
  removeRule,
  runRuleFromWeb,
  showRule,
} from "../../domain/rules/rule.use-cases.ts";
import { badRequest } from "../../errors.ts";
import { contract } from "../contract.ts";
import { created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type RuleRoute = { Params: { gid: string } };

export async function rulesRoutes(app: FastifyInstance) {
  const { takt } = app;

  app.get(
    "/rules",
    contract({ summary: "Get the rules of a project", query: RulesQuery, response: Rule, list: true }),
    async (request) => {
      const ctx = ctxOf(request);
      const query = parse(RulesQuery, request.query ?? {});
      if (!query.project) throw badRequest("project: Missing input");
      const page = pageOf(request);
      const { project, rules } = await listRules(ctx, query.project, page.window);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        rules.map((rule) => shape(presentRule(rule, project.name), optFields)),
      );
    },
  );

  app.post(
    "/rules",
    contract({ summary: "Create a rule", body: CreateRuleBody, response: Rule, status: 201 }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(CreateRuleBody, request.body);
      const { rule, project } = await addRule(ctx, takt.config, input);
      return created(reply, "/rules", await presentRuleToEditor(takt, rule, project.name));
    },
  );

  app.get<RuleRoute>(
    "/rules/:gid",
    contract({ summary: "Get a rule", params: RuleParams, response: Rule }),
    async (request) => {
      const { rule, project } = await showRule(ctxOf(request), gidParam(request.params.gid, "rule"));
      return { data: shape(presentRule(rule, project.name), optFieldsOf(request)) };
    },
  );

  app.put<RuleRoute>(
    "/rules/:gid",
    contract({ summary: "Update a rule", params: RuleParams, body: UpdateRuleBody, response: Rule }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(UpdateRuleBody, request.body);
      const { rule, project } = await editRule(ctx, takt.config, gidParam(request.params.gid, "rule"), input);
      return { data: shape(await presentRuleToEditor(takt, rule, project.name), optFieldsOf(request)) };
    },
  );

  app.delete<RuleRoute>(
    "/rules/:gid",
    contract({ summary: "Delete a rule", params: RuleParams, response: Empty }),
    async (request) => {
      await removeRule(ctxOf(request), gidParam(request.params.gid, "rule"));
      return { data: {} };
    },
  );

  app.get<RuleRoute>(
    "/rules/:gid/runs",
    contract({ summary: "Get a rule's runs, newest first", params: RuleParams, response: RuleRun, list: true }),
    async (request) => {
      const page = pageOf(request);
      const { runs, sight } = await listRuleRuns(ctxOf(request), gidParam(request.params.gid, "rule"), page.window);
      return listed(
        request,
        page,
        runs.map(({ run, details }) => presentRuleRun(run, details, sight)),
      );
    },
  );

  // Asana's incoming web request trigger: runs the rule on the task, in the background.
  app.post<RuleRoute>(
    "/rule_triggers/:gid/run",
    contract({
      summary: "Run a rule on a task (incoming web request)",
      params: RuleTriggerParams,
      body: RunRuleTriggerBody,
      response: RuleTriggerRun,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(RunRuleTriggerBody, request.body);
      await runRuleFromWeb(ctx, gidParam(request.params.gid, "rule_trigger"), input);
      return { data: { message: "The rule will run on the task." } };
    },
  );
}
