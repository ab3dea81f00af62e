import type { Db } from "../../db/index.ts";
import type { BudgetsTable } from "../../db/schema-resources.ts";
import { DEFAULT_CURRENCY, estimatesByProject, minutesByProjectAndUser, rateBook } from "./billing.queries.ts";

export interface Burn {
  budget: BudgetsTable;
  units: string;
  total: number | null;
  actual: number;
  estimate: number | null;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

// Each budget's actual (time logged, or its cost at the rates that bill it) and estimate, for many projects at
// once: four queries whatever their number. Time is in minutes; cost in the currency of the rates.
export async function budgetBurns(db: Db, workspaceGid: number, budgets: BudgetsTable[]): Promise<Map<number, Burn>> {
  const result = new Map<number, Burn>();
  if (budgets.length === 0) return result;
  const projectGids = budgets.map((budget) => budget.project_gid);
  const logged = await minutesByProjectAndUser(db, projectGids);
  const estimated = await estimatesByProject(db, projectGids);
  const rateOf = await rateBook(db, workspaceGid, projectGids);
  for (const budget of budgets) {
    const cost = budget.budget_type === "cost";
    let actual = 0;
    let currency: string | null = null;
    // The budget's filter: billable time (the default), non-billable time, or any.
    const counted = (line: { billable: boolean }) =>
      budget.billable_status_filter === "any" || line.billable === (budget.billable_status_filter === "billable");
    for (const row of logged.filter((line) => line.project_gid === budget.project_gid && counted(line))) {
      if (!cost) {
        actual += row.minutes;
        continue;
      }
      const rate = rateOf(budget.project_gid, row.user_gid);
      if (rate) {
        actual += (row.minutes / 60) * rate.rate;
        currency ??= rate.currency_code;
      }
    }
    let estimate = 0;
    for (const row of estimated.filter((line) => line.project_gid === budget.project_gid)) {
      if (!cost) estimate += row.minutes;
      else {
        const rate = rateOf(budget.project_gid, row.assignee_gid);
        if (rate) {
          estimate += (row.minutes / 60) * rate.rate;
          currency ??= rate.currency_code;
        }
      }
    }
    if (cost && !currency) currency = rateOf(budget.project_gid, null)?.currency_code ?? DEFAULT_CURRENCY;
    result.set(budget.project_gid, {
      budget,
      units: cost ? (currency ?? DEFAULT_CURRENCY) : "minutes",
      total: budget.total_enabled ? (cost ? budget.cost_total : budget.time_total) : null,
      actual: round2(actual),
      estimate: budget.estimate_enabled ? round2(estimate) : null,
    });
  }
  return result;
}
