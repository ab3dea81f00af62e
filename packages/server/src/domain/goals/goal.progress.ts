import type { GoalMetric } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { GoalsTable } from "../../db/schema-resources.ts";
import { projectProgress } from "../portfolios/portfolio.queries.ts";

export type StoredMetric = Omit<GoalMetric, "gid" | "resource_type" | "current_display_value">;

export function metricOf(goal: Pick<GoalsTable, "metric">): StoredMetric | null {
  if (!goal.metric) return null;
  try {
    return JSON.parse(goal.metric) as StoredMetric;
  } catch {
    return null;
  }
}

const clamp = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);

export function manualProgress(metric: StoredMetric) {
  const span = metric.target_number_value - metric.initial_number_value;
  if (span === 0) return metric.current_number_value >= metric.target_number_value ? 1 : 0;
  return clamp((metric.current_number_value - metric.initial_number_value) / span);
}

// Each goal's progress (0–1): by hand from its metric, or from its supporting projects' completed tasks (a
// portfolio counts its projects), or from its subgoals. Weighted by each relationship's contribution_weight.
// A few queries per level of subgoals, whatever the number of goals.
export async function goalProgress(db: Db, goals: GoalsTable[], depth = 0): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  if (goals.length === 0) return result;
  const relations = await db
    .selectFrom("goal_relationships")
    .selectAll()
    .where(
      "supported_goal_gid",
      "in",
      goals.map((goal) => goal.gid),
    )
    .execute();
  const portfolioGids = relations.filter((row) => row.supporting_type === "portfolio").map((row) => row.supporting_gid);
  const portfolioProjects = portfolioGids.length
    ? await db
        .selectFrom("portfolio_items")
        .select(["portfolio_gid", "item_gid"])
        .where("portfolio_gid", "in", portfolioGids)
        .where("item_type", "=", "project")
        .execute()
    : [];
  const projectGids = [
    ...new Set([
      ...relations.filter((row) => row.supporting_type === "project").map((row) => row.supporting_gid),
      ...portfolioProjects.map((row) => row.item_gid),
    ]),
  ];
  const tasks = await projectProgress(db, projectGids);
  const subgoalGids = relations.filter((row) => row.supporting_type === "goal").map((row) => row.supporting_gid);
  const subgoals =
    subgoalGids.length && depth < 4
      ? await db.selectFrom("goals").selectAll().where("gid", "in", subgoalGids).execute()
      : [];
  const subProgress = await goalProgress(db, subgoals, depth + 1);
  const ratio = (done: number, total: number) => (total === 0 ? 0 : done / total);
  for (const goal of goals) {
    const metric = metricOf(goal);
    const source = metric?.progress_source ?? "manual";
    if (source === "manual" || source === "external") {
      result.set(goal.gid, metric ? manualProgress(metric) : goal.status === "achieved" ? 1 : 0);
      continue;
    }
    const mine = relations.filter((row) =>
      source === "subgoal_progress" ? row.supporting_type === "goal" : row.supporting_type !== "goal",
    );
    let weighted = 0;
    let weights = 0;
    for (const row of mine) {
      let part = 0;
      if (row.supporting_type === "goal") part = subProgress.get(row.supporting_gid) ?? 0;
      else if (row.supporting_type === "project") {
        const counts = tasks.get(row.supporting_gid);
        part = ratio(counts?.completed ?? 0, counts?.total ?? 0);
      } else {
        let done = 0;
        let total = 0;
        for (const line of portfolioProjects.filter((item) => item.portfolio_gid === row.supporting_gid)) {
          done += tasks.get(line.item_gid)?.completed ?? 0;
          total += tasks.get(line.item_gid)?.total ?? 0;
        }
        part = ratio(done, total);
      }
      const weight = metric?.is_custom_weight ? row.contribution_weight : 1;
      weighted += part * weight;
      weights += weight;
    }
    result.set(goal.gid, weights === 0 ? 0 : clamp(weighted / weights));
  }
  return result;
}

export function displayValue(metric: StoredMetric, value: number): string {
  const number = value.toFixed(metric.precision);
  if (metric.unit === "percentage") return `${number}%`;
  if (metric.unit === "currency") return `${number} ${metric.currency_code ?? ""}`.trim();
  return number;
}
