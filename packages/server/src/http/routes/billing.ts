import {
  Allocation,
  AllocationPathParams,
  AllocationsQuery,
  BillingReport,
  BillingReportQuery,
  Budget,
  BudgetPathParams,
  BudgetsQuery,
  CategoryEntry,
  CreateAllocationBody,
  CreateBudgetBody,
  CreateRateBody,
  CreateTimesheetApprovalStatusBody,
  CreateTimeTrackingCategoryBody,
  Empty,
  Rate,
  RatePathParams,
  RatesQuery,
  TimesheetApprovalStatus,
  TimesheetApprovalStatusesQuery,
  TimesheetApprovalStatusPathParams,
  TimeTrackingCategoriesQuery,
  TimeTrackingCategory,
  TimeTrackingCategoryPathParams,
  UpdateAllocationBody,
  UpdateBudgetBody,
  UpdateRateBody,
  UpdateTimesheetApprovalStatusBody,
  UpdateTimeTrackingCategoryBody,
  WorkspacePathParams,
} from "@takt/contracts";
import type { FastifyInstance } from "fastify";
import type { BudgetsTable, TimesheetApprovalStatusesTable } from "../../db/schema-resources.ts";
import {
  presentAllocations,
  presentApprovals,
  presentBudgets,
  presentCategory,
  presentRates,
} from "../../domain/billing/billing.presenter.ts";
import { billingCsv } from "../../domain/billing/billing.report.ts";
import {
  approvalMinutes,
  createAllocationUseCase,
  createApprovalUseCase,
  createBudgetUseCase,
  createCategoryUseCase,
  createRateUseCase,
  deleteAllocationUseCase,
  deleteBudgetUseCase,
  deleteCategoryUseCase,
  deleteRateUseCase,
  listAllocations,
  listApprovals,
  listBudgets,
  listCategories,
  listCategoryEntries,
  listRates,
  presentableBurns,
  readAllocation,
  readApproval,
  readBillingReport,
  readBudget,
  readCategory,
  readRate,
  updateAllocationUseCase,
  updateApprovalUseCase,
  updateBudgetUseCase,
  updateCategoryUseCase,
  updateRateUseCase,
} from "../../domain/billing/billing.use-cases.ts";
import { shape } from "../../domain/opt-fields.ts";
import { contract } from "../contract.ts";
import { actorOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { resourceRoutes } from "../resource-routes.ts";
import { gidParam, parse } from "../validation.ts";

type P<K extends string> = { Params: Record<K, string> };

// Agency billing to Asana's shapes (time tracking categories, rates, budgets, timesheet approval statuses,
// allocations) and Takt's monthly billing report with its CSV.
export async function billingRoutes(app: FastifyInstance) {
  const { db } = app.takt;
  const budgets = async (rows: BudgetsTable[]) => presentBudgets(db, await presentableBurns(db, rows));
  const approvals = async (rows: TimesheetApprovalStatusesTable[]) =>
    presentApprovals(db, rows, await approvalMinutes(db, rows));

  // Time tracking categories.
  resourceRoutes(app, {
    path: "/time_tracking_categories",
    param: "time_tracking_category_gid",
    name: "time_tracking_category",
    response: TimeTrackingCategory,
    params: TimeTrackingCategoryPathParams,
    present: (rows) => rows.map(presentCategory),
    list: {
      summary: "Get time tracking categories",
      query: TimeTrackingCategoriesQuery,
      run: (db, actor, query, window) => listCategories(db, actor, Number(query.workspace), query.is_archived, window),
    },
    create: {
      summary: "Create a time tracking category",
      body: CreateTimeTrackingCategoryBody,
      run: createCategoryUseCase,
    },
    read: { summary: "Get a time tracking category", run: readCategory },
    update: {
      summary: "Update a time tracking category",
      body: UpdateTimeTrackingCategoryBody,
      run: updateCategoryUseCase,
    },
    remove: { summary: "Delete a time tracking category", response: Empty, run: deleteCategoryUseCase },
  });
  app.get<P<"time_tracking_category_gid">>(
    "/time_tracking_categories/:time_tracking_category_gid/time_tracking_entries",
    contract({
      summary: "Get time tracking entries for a category",
      params: TimeTrackingCategoryPathParams,
      response: CategoryEntry,
      list: true,
    }),
    async (request) => {
      const gid = gidParam(request.params.time_tracking_category_gid, "time_tracking_category");
      const page = pageOf(request);
      const rows = await listCategoryEntries(db, actorOf(request), gid, page.window);
      const data = rows.map((row) =>
        shape(
          {
            gid: String(row.gid),
            resource_type: "time_tracking_entry",
            duration_minutes: row.duration_minutes,
            entered_on: row.entered_on,
            created_by: { gid: String(row.user_gid), resource_type: "user", name: row.user_name },
          },
          optFieldsOf(request),
        ),
      );
      return listed(request, page, data);
    },
  );

  resourceRoutes(app, {
    path: "/rates",
    param: "rate_gid",
    name: "rate",
    response: Rate,
    params: RatePathParams,
    present: (rows) => presentRates(db, rows),
    list: { summary: "Get multiple rates", query: RatesQuery, run: listRates },
    create: { summary: "Create a rate", body: CreateRateBody, run: createRateUseCase },
    read: { summary: "Get a rate", run: readRate },
    update: { summary: "Update a rate", body: UpdateRateBody, run: updateRateUseCase },
    remove: { summary: "Delete a rate", response: Empty, run: deleteRateUseCase },
  });

  // A project's budgets come whole (one per project): the list is not paged in SQL.
  resourceRoutes(app, {
    path: "/budgets",
    param: "budget_gid",
    name: "budget",
    response: Budget,
    params: BudgetPathParams,
    present: budgets,
    list: {
      summary: "Get all budgets",
      query: BudgetsQuery,
      run: (db, actor, query) => listBudgets(db, actor, gidParam(query.parent, "parent")),
    },
    create: { summary: "Create a budget", body: CreateBudgetBody, run: createBudgetUseCase },
    read: { summary: "Get a budget", run: readBudget },
    update: { summary: "Update a budget", body: UpdateBudgetBody, run: updateBudgetUseCase },
    remove: { summary: "Delete a budget", response: Empty, run: deleteBudgetUseCase },
  });

  // Timesheet approval statuses: a week is reopened, never deleted.
  resourceRoutes(app, {
    path: "/timesheet_approval_statuses",
    param: "timesheet_approval_status_gid",
    name: "timesheet_approval_status",
    response: TimesheetApprovalStatus,
    params: TimesheetApprovalStatusPathParams,
    present: approvals,
    list: {
      summary: "Get multiple timesheet approval statuses",
      query: TimesheetApprovalStatusesQuery,
      run: listApprovals,
    },
    create: {
      summary: "Create a timesheet approval status",
      body: CreateTimesheetApprovalStatusBody,
      run: createApprovalUseCase,
    },
    read: { summary: "Get a timesheet approval status", run: readApproval },
    update: {
      summary: "Update a timesheet approval status (submit, approve, reject, reopen)",
      body: UpdateTimesheetApprovalStatusBody,
      run: updateApprovalUseCase,
    },
  });

  resourceRoutes(app, {
    path: "/allocations",
    param: "allocation_gid",
    name: "allocation",
    response: Allocation,
    params: AllocationPathParams,
    present: (rows) => presentAllocations(db, rows),
    list: { summary: "Get multiple allocations", query: AllocationsQuery, run: listAllocations },
    create: { summary: "Create an allocation", body: CreateAllocationBody, run: createAllocationUseCase },
    read: { summary: "Get an allocation", run: readAllocation },
    update: { summary: "Update an allocation", body: UpdateAllocationBody, run: updateAllocationUseCase },
    remove: { summary: "Delete an allocation", response: Empty, run: deleteAllocationUseCase },
  });

  // The billing report (Takt extension): approved billable time per project and person for a month.
  app.get<P<"workspace_gid">>(
    "/workspaces/:workspace_gid/billing",
    contract({
      summary: "Get the month's approved billable time",
      params: WorkspacePathParams,
      query: BillingReportQuery,
      response: BillingReport,
    }),
    async (request) => {
      const { month } = parse(BillingReportQuery, request.query);
      const report = await readBillingReport(
        db,
        actorOf(request),
        gidParam(request.params.workspace_gid, "workspace"),
        month,
      );
      return {
        data: {
          month,
          unapproved_minutes: report.unapproved_minutes,
          non_billable_minutes: report.non_billable_minutes,
          lines: report.rows.map((row) => ({
            project: { gid: String(row.project_gid), resource_type: "project", name: row.project_name },
            user: { gid: String(row.user_gid), resource_type: "user", name: row.user_name },
            minutes: row.minutes,
            rate: row.rate,
            currency_code: row.currency_code,
            amount: row.amount,
            non_billable_minutes: row.non_billable_minutes,
          })),
        },
      };
    },
  );
  app.get<P<"workspace_gid">>(
    "/workspaces/:workspace_gid/billing.csv",
    contract({
      summary: "Download the month's approved billable time as CSV",
      params: WorkspacePathParams,
      query: BillingReportQuery,
      content: "text/csv",
    }),
    async (request, reply) => {
      const { month } = parse(BillingReportQuery, request.query);
      const report = await readBillingReport(
        db,
        actorOf(request),
        gidParam(request.params.workspace_gid, "workspace"),
        month,
      );
      reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="billing-${month}.csv"`);
      return billingCsv(report.rows);
    },
  );
}
