import type { Db } from "../../db/index.ts";
import type { ProjectsTable, RulesTable } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { projectFor } from "../tasks/task.resolve.ts";

// A rule is its project's: readers of the project see its rules, editors create, change and run them.
// `what` names the rule in a 404 ("rule", or "rule_trigger" when reached through its trigger).
export async function authorizeRule(
  db: Db,
  actor: Actor,
  rule: RulesTable | undefined,
  action: "read" | "edit",
  what = "rule",
): Promise<{ rule: RulesTable; project: ProjectsTable }> {
  if (!rule) throw notFound(what);
  const project = await projectFor(db, actor, String(rule.project_gid), action, what);
  return { rule, project };
}
