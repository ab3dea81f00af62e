import type { RuleCondition, RuleProblem, RuleStep } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { RuleRunsTable, RulesTable } from "../../db/schema.ts";

export function findRule(db: Db, gid: number): Promise<RulesTable | undefined> {
  return db.selectFrom("rules").selectAll().where("gid", "=", gid).executeTakeFirst();
}

export function findRuleByTrigger(db: Db, triggerGid: number): Promise<RulesTable | undefined> {
  return db.selectFrom("rules").selectAll().where("trigger_gid", "=", triggerGid).executeTakeFirst();
}

export function rulesOfProject(db: Db, projectGid: number, window: { limit: number; offset: number }) {
  return db
    .selectFrom("rules")
    .selectAll()
    .where("project_gid", "=", projectGid)
    .orderBy("gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

// A rule's runs, newest first.
export function runsOfRule(db: Db, ruleGid: number, window: { limit: number; offset: number }) {
  return db
    .selectFrom("rule_runs")
    .selectAll()
    .where("rule_gid", "=", ruleGid)
    .orderBy("created_at", "desc")
    .orderBy("gid", "desc")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

export async function taskIsInProject(db: Db, taskGid: number, projectGid: number): Promise<boolean> {
  const member = await db
    .selectFrom("task_memberships")
    .select("task_gid")
    .where("task_gid", "=", taskGid)
    .where("project_gid", "=", projectGid)
    .executeTakeFirst();
  return Boolean(member);
}

// What a run's log entry keeps beside its English message (rule_runs.details, written by rule.engine.ts): what it
// did, the condition that did not hold, or the problem that failed it.
export interface RunDetails {
  steps?: RuleStep[];
  condition?: RuleCondition;
  problem?: RuleProblem;
}

export function runDetailsOf(run: RuleRunsTable): RunDetails {
  return run.details ? (JSON.parse(run.details) as RunDetails) : {};
}
