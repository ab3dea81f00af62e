import type { Db } from "../db/index.ts";
import type { Actor } from "./context.ts";
import { customFieldPermissions } from "./custom-fields/custom-field.abilities.ts";
import { goalPermissions } from "./goals/goal.abilities.ts";
import type { OptFields } from "./opt-fields.ts";
import { portfolioPermissions, projectPortfolioSettingPermissions } from "./portfolios/portfolio.abilities.ts";
import { projectPermissions } from "./projects/project.abilities.ts";
import { sectionPermissions } from "./sections/section.abilities.ts";
import { taskPermissions } from "./tasks/task.abilities.ts";
import { teamPermissions } from "./teams/team.abilities.ts";
import { workspacePermissions } from "./workspaces/workspace.abilities.ts";

// `permissions`: the caller's abilities on a presented workspace, project, section, task, custom field, portfolio,
// goal, team or project portfolio setting, sent only
// where opt_fields asks for it (`permissions`, `workspaces.permissions`, `custom_field_settings.custom_field.permissions`…).
// Records are gathered from the whole answer first, so a page of 100 tasks costs as many queries as one.

const KINDS = [
  "workspace",
  "project",
  "section",
  "task",
  "custom_field",
  "portfolio",
  "goal",
  "team",
  "project_portfolio_setting",
] as const;
type Kind = (typeof KINDS)[number];

type Json = Record<string, unknown>;
// A compiled opt_fields level: `asks` when `permissions` is named there, and the keys to descend into.
interface Plan {
  asks: boolean;
  children: Map<string, Plan>;
}

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isKind(value: unknown): value is Kind {
  return (KINDS as readonly unknown[]).includes(value);
}

export function asksForPermissions(optFields: OptFields): boolean {
  return optFields?.some((path) => path.split(".").includes("permissions")) ?? false;
}

function compile(optFields: string[]): Plan {
  const root: Plan = { asks: false, children: new Map() };
  for (const path of optFields) {
    let plan = root;
    for (const key of path.split(".")) {
      if (key === "permissions") {
        plan.asks = true;
        break;
      }
      let child = plan.children.get(key);
      if (!child) {
        child = { asks: false, children: new Map() };
        plan.children.set(key, child);
      }
      plan = child;
    }
  }
  return prune(root);
}

// Only the paths that lead to a `permissions` are walked: a page of tasks asking for `name,custom_fields,…,
// permissions` looks at each task once instead of at every value, membership and tag below it.
function prune(plan: Plan): Plan {
  for (const [key, child] of plan.children) {
    prune(child);
    if (!child.asks && child.children.size === 0) plan.children.delete(key);
  }
  return plan;
}

// A field's value is set by editing the task that shows it: inside a task's custom_fields, `set_value` is that task's.
interface Visit {
  kind: Kind;
  gid: number;
  onTask?: number;
}

function walk(
  value: unknown,
  plan: Plan,
  onTask: number | undefined,
  visit: (record: Json, found: Visit | null) => Json,
): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, plan, onTask, visit));
  if (!isRecord(value)) return value;
  let record = value;
  for (const [key, child] of plan.children) {
    if (!(key in record)) continue;
    const within = record.resource_type === "task" && key === "custom_fields" ? Number(record.gid) : undefined;
    const next = walk(record[key], child, within, visit);
    if (next !== record[key]) record = { ...record, [key]: next };
  }
  const gid = Number(record.gid);
  const found =
    plan.asks && isKind(record.resource_type) && Number.isSafeInteger(gid)
      ? { kind: record.resource_type, gid, onTask }
      : null;
  return visit(record, found);
}

export async function withPermissions(db: Db, actor: Actor, data: unknown, optFields: string[]): Promise<unknown> {
  const plan = compile(optFields);
  const wanted: Record<Kind, Set<number>> = {
    workspace: new Set(),
    project: new Set(),
    section: new Set(),
    task: new Set(),
    custom_field: new Set(),
    portfolio: new Set(),
    goal: new Set(),
    team: new Set(),
    project_portfolio_setting: new Set(),
  };
  walk(data, plan, undefined, (record, found) => {
    if (found) {
      wanted[found.kind].add(found.gid);
      if (found.onTask !== undefined) wanted.task.add(found.onTask);
    }
    return record;
  });
  const workspaces = await workspacePermissions(db, actor, [...wanted.workspace]);
  const projects = await projectPermissions(db, actor, [...wanted.project]);
  const sections = await sectionPermissions(db, actor, [...wanted.section]);
  const tasks = await taskPermissions(db, actor, [...wanted.task]);
  const fields = await customFieldPermissions(db, actor, [...wanted.custom_field]);
  const portfolios = await portfolioPermissions(db, actor, [...wanted.portfolio]);
  const goals = await goalPermissions(db, actor, [...wanted.goal]);
  const teams = await teamPermissions(db, actor, [...wanted.team]);
  const settings = await projectPortfolioSettingPermissions(db, actor, [...wanted.project_portfolio_setting]);
  const computed: Record<Kind, Map<number, object>> = {
    workspace: workspaces,
    project: projects,
    section: sections,
    task: tasks,
    custom_field: fields,
    portfolio: portfolios,
    goal: goals,
    team: teams,
    project_portfolio_setting: settings,
  };
  return walk(data, plan, undefined, (record, found) => {
    if (!found) return record;
    let permissions = computed[found.kind].get(found.gid);
    if (!permissions) return record;
    if (found.kind === "custom_field" && found.onTask !== undefined) {
      permissions = { ...permissions, set_value: tasks.get(found.onTask)?.edit ?? false };
    }
    return { ...record, permissions };
  });
}
