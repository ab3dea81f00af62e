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
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type P<K extends string> = { Params: Record<K, string> };

// Agency billing to Asana's shapes (time tracking categories, rates, budgets, timesheet approval statuses,
// allocations) and Takt's monthly billing report with its CSV.
export async function billingRoutes(app: FastifyInstance) {
  const { db } = app.takt;
  const one = (request: Parameters<typeof optFieldsOf>[0], data: Record<string, unknown>) => ({
    data: shape(data, optFieldsOf(request)),
  });
  const budgets = async (rows: BudgetsTable[]) => presentBudgets(db, await presentableBurns(db, rows));
  const approvals = async (rows: TimesheetApprovalStatusesTable[]) =>
    presentApprovals(db, rows, await approvalMinutes(db, rows));

  // Time tracking categories.
  app.get(
    "/time_tracking_categories",
    contract({
      summary: "Get time tracking categories",
      query: TimeTrackingCategoriesQuery,
      response: TimeTrackingCategory,
      list: true,
    }),
    async (request) => {
      const query = parse(TimeTrackingCategoriesQuery, request.query);
      const page = pageOf(request);
      const rows = await listCategories(db, actorOf(request), Number(query.workspace), query.is_archived, page.window);
      return listed(
        request,
        page,
        rows.map((row) => shape(presentCategory(row), optFieldsOf(request))),
      );
    },
  );
  app.post(
    "/time_tracking_categories",
    contract({
      summary: "Create a time tracking category",
      body: CreateTimeTrackingCategoryBody,
      response: TimeTrackingCategory,
      status: 201,
    }),
    async (request, reply) => {
      const row = await createCategoryUseCase(ctxOf(request), parseData(CreateTimeTrackingCategoryBody, request.body));
      return created(reply, "/time_tracking_categories", presentCategory(row) as { gid: string });
    },
  );
  app.get<P<"time_tracking_category_gid">>(
    "/time_tracking_categories/:time_tracking_category_gid",
    contract({
      summary: "Get a time tracking category",
      params: TimeTrackingCategoryPathParams,
      response: TimeTrackingCategory,
    }),
    async (request) => {
      const gid = gidParam(request.params.time_tracking_category_gid, "time_tracking_category");
      return one(request, presentCategory(await readCategory(db, actorOf(request), gid)));
    },
  );
  app.put<P<"time_tracking_category_gid">>(
    "/time_tracking_categories/:time_tracking_category_gid",
    contract({
      summary: "Update a time tracking category",
      params: TimeTrackingCategoryPathParams,
      body: UpdateTimeTrackingCategoryBody,
      response: TimeTrackingCategory,
    }),
    async (request) => {
      const gid = gidParam(request.params.time_tracking_category_gid, "time_tracking_category");
      const row = await updateCategoryUseCase(
        ctxOf(request),
        gid,
        parseData(UpdateTimeTrackingCategoryBody, request.body),
      );
      return one(request, presentCategory(row));
    },
  );
  app.delete<P<"time_tracking_category_gid">>(
    "/time_tracking_categories/:time_tracking_category_gid",
    contract({ summary: "Delete a time tracking category", params: TimeTrackingCategoryPathParams, response: Empty }),
    async (request) => {
      await deleteCategoryUseCase(
        ctxOf(request),
        gidParam(request.params.time_tracking_category_gid, "time_tracking_category"),
      );
      return { data: {} };
    },
  );
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

  // Rates.
  app.get(
    "/rates",
    contract({ summary: "Get multiple rates", query: RatesQuery, response: Rate, list: true }),
    async (request) => {
      const page = pageOf(request);
      const rows = await listRates(db, actorOf(request), parse(RatesQuery, request.query), page.window);
      return listed(
        request,
        page,
        (await presentRates(db, rows)).map((row) => shape(row, optFieldsOf(request))),
      );
    },
  );
  app.post(
    "/rates",
    contract({ summary: "Create a rate", body: CreateRateBody, response: Rate, status: 201 }),
    async (request, reply) => {
      const row = await createRateUseCase(ctxOf(request), parseData(CreateRateBody, request.body));
      return created(reply, "/rates", (await presentRates(db, [row]))[0] as { gid: string });
    },
  );
  app.get<P<"rate_gid">>(
    "/rates/:rate_gid",
    contract({ summary: "Get a rate", params: RatePathParams, response: Rate }),
    async (request) => {
      const row = await readRate(db, actorOf(request), gidParam(request.params.rate_gid, "rate"));
      return one(request, (await presentRates(db, [row]))[0]);
    },
  );
  app.put<P<"rate_gid">>(
    "/rates/:rate_gid",
    contract({ summary: "Update a rate", params: RatePathParams, body: UpdateRateBody, response: Rate }),
    async (request) => {
      const input = parseData(UpdateRateBody, request.body);
      const row = await updateRateUseCase(ctxOf(request), gidParam(request.params.rate_gid, "rate"), input);
      return one(request, (await presentRates(db, [row]))[0]);
    },
  );
  app.delete<P<"rate_gid">>(
    "/rates/:rate_gid",
    contract({ summary: "Delete a rate", params: RatePathParams, response: Empty }),
    async (request) => {
      await deleteRateUseCase(ctxOf(request), gidParam(request.params.rate_gid, "rate"));
      return { data: {} };
    },
  );

  // Budgets.
  app.get(
    "/budgets",
    contract({ summary: "Get all budgets", query: BudgetsQuery, response: Budget, list: true }),
    async (request) => {
      const query = parse(BudgetsQuery, request.query);
      const page = pageOf(request);
      const rows = await listBudgets(db, actorOf(request), gidParam(query.parent, "parent"));
      return listed(
        request,
        page,
        (await budgets(rows)).map((row) => shape(row, optFieldsOf(request))),
      );
    },
  );
  app.post(
    "/budgets",
    contract({ summary: "Create a budget", body: CreateBudgetBody, response: Budget, status: 201 }),
    async (request, reply) => {
      const row = await createBudgetUseCase(ctxOf(request), parseData(CreateBudgetBody, request.body));
      return created(reply, "/budgets", (await budgets([row]))[0] as { gid: string });
    },
  );
  app.get<P<"budget_gid">>(
    "/budgets/:budget_gid",
    contract({ summary: "Get a budget", params: BudgetPathParams, response: Budget }),
    async (request) => {
      const row = await readBudget(db, actorOf(request), gidParam(request.params.budget_gid, "budget"));
      return one(request, (await budgets([row]))[0]);
    },
  );
  app.put<P<"budget_gid">>(
    "/budgets/:budget_gid",
    contract({ summary: "Update a budget", params: BudgetPathParams, body: UpdateBudgetBody, response: Budget }),
    async (request) => {
      const input = parseData(UpdateBudgetBody, request.body);
      const row = await updateBudgetUseCase(ctxOf(request), gidParam(request.params.budget_gid, "budget"), input);
      return one(request, (await budgets([row]))[0]);
    },
  );
  app.delete<P<"budget_gid">>(
    "/budgets/:budget_gid",
    contract({ summary: "Delete a budget", params: BudgetPathParams, response: Empty }),
    async (request) => {
      await deleteBudgetUseCase(ctxOf(request), gidParam(request.params.budget_gid, "budget"));
      return { data: {} };
    },
  );

  // Timesheet approval statuses.
  app.get(
    "/timesheet_approval_statuses",
    contract({
      summary: "Get multiple timesheet approval statuses",
      query: TimesheetApprovalStatusesQuery,
      response: TimesheetApprovalStatus,
      list: true,
    }),
    async (request) => {
      const page = pageOf(request);
      const query = parse(TimesheetApprovalStatusesQuery, request.query);
      const rows = await listApprovals(db, actorOf(request), query, page.window);
      return listed(
        request,
        page,
        (await approvals(rows)).map((row) => shape(row, optFieldsOf(request))),
      );
    },
  );
  app.post(
    "/timesheet_approval_statuses",
    contract({
      summary: "Create a timesheet approval status",
      body: CreateTimesheetApprovalStatusBody,
      response: TimesheetApprovalStatus,
      status: 201,
    }),
    async (request, reply) => {
      const row = await createApprovalUseCase(
        ctxOf(request),
        parseData(CreateTimesheetApprovalStatusBody, request.body),
      );
      return created(reply, "/timesheet_approval_statuses", (await approvals([row]))[0] as { gid: string });
    },
  );
  app.get<P<"timesheet_approval_status_gid">>(
    "/timesheet_approval_statuses/:timesheet_approval_status_gid",
    contract({
      summary: "Get a timesheet approval status",
      params: TimesheetApprovalStatusPathParams,
      response: TimesheetApprovalStatus,
    }),
    async (request) => {
      const gid = gidParam(request.params.timesheet_approval_status_gid, "timesheet_approval_status");
      return one(request, (await approvals([await readApproval(db, actorOf(request), gid)]))[0]);
    },
  );
  app.put<P<"timesheet_approval_status_gid">>(
    "/timesheet_approval_statuses/:timesheet_approval_status_gid",
    contract({
      summary: "Update a timesheet approval status (submit, approve, reject, reopen)",
      params: TimesheetApprovalStatusPathParams,
      body: UpdateTimesheetApprovalStatusBody,
      response: TimesheetApprovalStatus,
    }),
    async (request) => {
      const gid = gidParam(request.params.timesheet_approval_status_gid, "timesheet_approval_status");
      const input = parseData(UpdateTimesheetApprovalStatusBody, request.body);
      return one(request, (await approvals([await updateApprovalUseCase(ctxOf(request), gid, input)]))[0]);
    },
  );

  // Allocations.
  app.get(
    "/allocations",
    contract({ summary: "Get multiple allocations", query: AllocationsQuery, response: Allocation, list: true }),
    async (request) => {
      const page = pageOf(request);
      const rows = await listAllocations(db, actorOf(request), parse(AllocationsQuery, request.query), page.window);
      return listed(
        request,
        page,
        (await presentAllocations(db, rows)).map((row) => shape(row, optFieldsOf(request))),
      );
    },
  );
  app.post(
    "/allocations",
    contract({ summary: "Create an allocation", body: CreateAllocationBody, response: Allocation, status: 201 }),
    async (request, reply) => {
      const row = await createAllocationUseCase(ctxOf(request), parseData(CreateAllocationBody, request.body));
      return created(reply, "/allocations", (await presentAllocations(db, [row]))[0] as { gid: string });
    },
  );
  app.get<P<"allocation_gid">>(
    "/allocations/:allocation_gid",
    contract({ summary: "Get an allocation", params: AllocationPathParams, response: Allocation }),
    async (request) => {
      const row = await readAllocation(db, actorOf(request), gidParam(request.params.allocation_gid, "allocation"));
      return one(request, (await presentAllocations(db, [row]))[0]);
    },
  );
  app.put<P<"allocation_gid">>(
    "/allocations/:allocation_gid",
    contract({
      summary: "Update an allocation",
      params: AllocationPathParams,
      body: UpdateAllocationBody,
      response: Allocation,
    }),
    async (request) => {
      const input = parseData(UpdateAllocationBody, request.body);
      const row = await updateAllocationUseCase(
        ctxOf(request),
        gidParam(request.params.allocation_gid, "allocation"),
        input,
      );
      return one(request, (await presentAllocations(db, [row]))[0]);
    },
  );
  app.delete<P<"allocation_gid">>(
    "/allocations/:allocation_gid",
    contract({ summary: "Delete an allocation", params: AllocationPathParams, response: Empty }),
    async (request) => {
      await deleteAllocationUseCase(ctxOf(request), gidParam(request.params.allocation_gid, "allocation"));
      return { data: {} };
    },
  );

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
