import type {
  AllocationsTable,
  BudgetsTable,
  RatesTable,
  TimesheetApprovalStatusesTable,
  TimeTrackingCategoriesTable,
} from "../../db/schema-resources.ts";
import { newGid } from "../../ids.ts";
import { type Ctx, transact } from "../context.ts";

// Billing's writes, each one statement in the request's transaction. Billing rows raise no events: events reach
// everyone in the workspace, guests included, and rates and budgets are for admins and project editors only.

export function insertCategory(ctx: Ctx, row: Omit<TimeTrackingCategoriesTable, "gid" | "created_at">) {
  return transact(ctx, async (tx) => {
    const full = { ...row, gid: newGid(), created_at: tx.now };
    await tx.trx.insertInto("time_tracking_categories").values(full).execute();
    return full;
  });
}

export function updateCategory(ctx: Ctx, row: TimeTrackingCategoriesTable) {
  return transact(ctx, async (tx) => {
    await tx.trx.updateTable("time_tracking_categories").set(row).where("gid", "=", row.gid).execute();
    return row;
  });
}

export function deleteCategory(ctx: Ctx, gid: number) {
  return transact(ctx, async (tx) => {
    await tx.trx
      .updateTable("time_tracking_entries")
      .set({ category_gid: null })
      .where("category_gid", "=", gid)
      .execute();
    await tx.trx.deleteFrom("time_tracking_categories").where("gid", "=", gid).execute();
  });
}

export function insertRate(ctx: Ctx, row: Omit<RatesTable, "gid" | "created_at">) {
  return transact(ctx, async (tx) => {
    const full = { ...row, gid: newGid(), created_at: tx.now };
    await tx.trx.insertInto("rates").values(full).execute();
    return full;
  });
}

export function updateRate(ctx: Ctx, row: RatesTable) {
  return transact(ctx, async (tx) => {
    await tx.trx
      .updateTable("rates")
      .set({ rate: row.rate, currency_code: row.currency_code })
      .where("gid", "=", row.gid)
      .execute();
    return row;
  });
}

export function deleteRow(ctx: Ctx, table: "rates" | "budgets" | "allocations", gid: number) {
  return transact(ctx, async (tx) => {
    await tx.trx.deleteFrom(table).where("gid", "=", gid).execute();
  });
}

export function insertBudget(ctx: Ctx, row: Omit<BudgetsTable, "gid" | "created_at">) {
  return transact(ctx, async (tx) => {
    const full = { ...row, gid: newGid(), created_at: tx.now };
    await tx.trx.insertInto("budgets").values(full).execute();
    return full;
  });
}

export function updateBudget(ctx: Ctx, row: BudgetsTable) {
  return transact(ctx, async (tx) => {
    const { gid, ...rest } = row;
    await tx.trx.updateTable("budgets").set(rest).where("gid", "=", gid).execute();
    return row;
  });
}

export function insertApproval(
  ctx: Ctx,
  row: Omit<TimesheetApprovalStatusesTable, "gid" | "created_at" | "modified_at">,
) {
  return transact(ctx, async (tx) => {
    const full = { ...row, gid: newGid(), created_at: tx.now, modified_at: tx.now };
    await tx.trx.insertInto("timesheet_approval_statuses").values(full).execute();
    return full;
  });
}

export function updateApproval(ctx: Ctx, row: TimesheetApprovalStatusesTable) {
  return transact(ctx, async (tx) => {
    const next = { ...row, modified_at: tx.now };
    await tx.trx
      .updateTable("timesheet_approval_statuses")
      .set({
        approval_status: next.approval_status,
        decided_by_gid: next.decided_by_gid,
        message: next.message,
        modified_at: next.modified_at,
      })
      .where("gid", "=", row.gid)
      .execute();
    return next;
  });
}

export function insertAllocation(ctx: Ctx, row: Omit<AllocationsTable, "gid" | "created_at">) {
  return transact(ctx, async (tx) => {
    const full = { ...row, gid: newGid(), created_at: tx.now };
    await tx.trx.insertInto("allocations").values(full).execute();
    return full;
  });
}

export function updateAllocation(ctx: Ctx, row: AllocationsTable) {
  return transact(ctx, async (tx) => {
    const { gid, ...rest } = row;
    await tx.trx.updateTable("allocations").set(rest).where("gid", "=", gid).execute();
    return row;
  });
}
