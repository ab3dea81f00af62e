import { z } from "zod";
import { DateOnly, Gid } from "./common.ts";
import { DateTime, Day, ProjectCompact, UserCompact, WorkspaceCompact } from "./resources/shared.ts";

// Agency billing, to Asana's shapes: time tracking categories, rates, budgets, timesheet approval statuses and
// allocations; plus Takt's billing report (approved billable time per client project for a month).

export const CategoryColor = z.enum([
  "none",
  "red",
  "orange",
  "yellow-orange",
  "yellow",
  "yellow-green",
  "green",
  "blue-green",
  "aqua",
  "blue",
  "indigo",
  "purple",
  "magenta",
  "hot-pink",
  "pink",
  "cool-gray",
]);

export const TimeTrackingCategory = z
  .object({
    gid: Gid,
    resource_type: z.literal("time_tracking_category"),
    name: z.string(),
    color: CategoryColor,
    is_archived: z.boolean(),
    is_billable: z.boolean().describe("Takt: time in a non-billable category is left out of billed amounts."),
  })
  .meta({ id: "TimeTrackingCategory" });
export type TimeTrackingCategory = z.infer<typeof TimeTrackingCategory>;
export const CreateTimeTrackingCategoryBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  color: CategoryColor.optional(),
  workspace: Gid,
  is_billable: z.boolean().optional(),
});
export const UpdateTimeTrackingCategoryBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  color: CategoryColor.optional(),
  is_archived: z.boolean().optional(),
  is_billable: z.boolean().optional(),
});
export const TimeTrackingCategoriesQuery = z.object({ workspace: Gid, is_archived: z.string().optional() }).loose();
export const TimeTrackingCategoryPathParams = z.object({ time_tracking_category_gid: Gid });
export const CategoryEntry = z
  .object({
    gid: Gid,
    resource_type: z.literal("time_tracking_entry"),
    duration_minutes: z.number().int(),
    entered_on: Day,
    created_by: UserCompact,
  })
  .meta({ id: "CategoryTimeTrackingEntry" });

const Currency = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD");

export const Rate = z
  .object({
    gid: Gid,
    resource_type: z.literal("rate"),
    parent: z.union([ProjectCompact, WorkspaceCompact]).describe("A project; Takt also takes a workspace (a default)."),
    resource: UserCompact.nullable().describe("The person; null: everyone on the project (Takt extension)."),
    rate: z.number(),
    currency_code: z.string(),
    created_by: UserCompact.nullable(),
  })
  .meta({ id: "Rate" });
export type Rate = z.infer<typeof Rate>;
export const CreateRateBody = z.strictObject({
  parent: Gid.describe("A project, or a workspace for a person's default rate."),
  resource: Gid.nullable().optional(),
  rate: z.number().finite().min(0).max(1_000_000_000),
  currency_code: Currency.optional(),
});
export const UpdateRateBody = z.strictObject({
  rate: z.number().finite().min(0).max(1_000_000_000).optional(),
  currency_code: Currency.optional(),
});
export const RatesQuery = z
  .object({ parent: Gid.optional(), resource: Gid.optional(), workspace: Gid.optional() })
  .loose();
export const RatePathParams = z.object({ rate_gid: Gid });

const BudgetValue = z.object({ value: z.number().nullable(), units: z.string().nullable() });
export const Budget = z
  .object({
    gid: Gid,
    resource_type: z.literal("budget"),
    budget_type: z.enum(["cost", "time"]),
    estimate: BudgetValue.extend({
      enabled: z.boolean(),
      source: z.enum(["none", "tasks", "capacity_plans"]),
      billable_status_filter: z.enum(["billable", "non_billable", "any"]),
    }),
    actual: BudgetValue.extend({ billable_status_filter: z.enum(["billable", "non_billable", "any"]) }),
    total: BudgetValue.extend({ enabled: z.boolean() }),
    parent: ProjectCompact,
  })
  .meta({ id: "Budget" });
export type Budget = z.infer<typeof Budget>;
const BudgetFields = {
  budget_type: z.enum(["cost", "time"]),
  total: z.strictObject({ enabled: z.boolean().optional(), value: z.number().finite().min(0).nullable().optional() }),
  estimate: z.strictObject({
    enabled: z.boolean().optional(),
    source: z.enum(["none", "tasks", "capacity_plans"]).optional(),
    billable_status_filter: z.enum(["billable", "non_billable", "any"]).optional(),
  }),
  actual: z.strictObject({ billable_status_filter: z.enum(["billable", "non_billable", "any"]).optional() }),
};
export const CreateBudgetBody = z.strictObject({
  parent: Gid,
  budget_type: BudgetFields.budget_type,
  total: BudgetFields.total.optional(),
  estimate: BudgetFields.estimate.optional(),
  actual: BudgetFields.actual.optional(),
});
export const UpdateBudgetBody = z.strictObject({
  budget_type: BudgetFields.budget_type.optional(),
  total: BudgetFields.total.optional(),
  estimate: BudgetFields.estimate.optional(),
  actual: BudgetFields.actual.optional(),
});
export const BudgetsQuery = z.object({ parent: Gid }).loose();
export const BudgetPathParams = z.object({ budget_gid: Gid });

export const TimesheetApprovalState = z.enum(["DRAFT", "SUBMITTED", "APPROVED", "REJECTED"]);
export const TimesheetApprovalStatus = z
  .object({
    gid: Gid,
    resource_type: z.literal("timesheet_approval_status"),
    created_at: DateTime,
    user: UserCompact,
    workspace: WorkspaceCompact,
    start_date: Day,
    end_date: Day,
    approval_status: TimesheetApprovalState,
    total_minutes: z.number().int().describe("Takt extension: minutes the person logged that week."),
    decided_by: UserCompact.nullable().describe("Takt extension: who approved or rejected it."),
    message: z.string().nullable().describe("Takt extension: the reason given with a rejection."),
  })
  .meta({ id: "TimesheetApprovalStatus" });
export type TimesheetApprovalStatus = z.infer<typeof TimesheetApprovalStatus>;
export const CreateTimesheetApprovalStatusBody = z.strictObject({
  workspace: Gid,
  user: z.string().min(1).max(40).optional().describe("Defaults to the caller."),
  start_date: DateOnly,
  end_date: DateOnly.optional(),
});
export const UpdateTimesheetApprovalStatusBody = z.strictObject({
  approval_status: TimesheetApprovalState,
  message: z.string().max(2000).optional(),
});
export const TimesheetApprovalStatusesQuery = z
  .object({
    workspace: Gid,
    user: z.string().max(40).optional(),
    from_date: DateOnly.optional(),
    to_date: DateOnly.optional(),
    approval_statuses: z.string().max(200).optional(),
  })
  .loose();
export const TimesheetApprovalStatusPathParams = z.object({ timesheet_approval_status_gid: Gid });

export const Allocation = z
  .object({
    gid: Gid,
    resource_type: z.literal("allocation"),
    resource_subtype: z.literal("project_allocation"),
    start_date: Day,
    end_date: Day,
    effort: z.object({ type: z.enum(["hours", "percent"]), value: z.number() }).nullable(),
    assignee: UserCompact,
    created_by: UserCompact.nullable(),
    parent: ProjectCompact,
  })
  .meta({ id: "Allocation" });
const Effort = z.strictObject({ type: z.enum(["hours", "percent"]), value: z.number().finite().min(0).max(10_000) });
export const CreateAllocationBody = z.strictObject({
  parent: Gid,
  assignee: z.string().min(1).max(40),
  start_date: DateOnly,
  end_date: DateOnly,
  effort: Effort.nullable().optional(),
});
export const UpdateAllocationBody = z.strictObject({
  start_date: DateOnly.optional(),
  end_date: DateOnly.optional(),
  effort: Effort.nullable().optional(),
  assignee: z.string().min(1).max(40).optional(),
});
export const AllocationsQuery = z
  .object({ parent: Gid.optional(), assignee: z.string().max(40).optional(), workspace: Gid.optional() })
  .loose();
export const AllocationPathParams = z.object({ allocation_gid: Gid });

// The billing report: approved billable time of a month, per client project and person.
export const BillingReportQuery = z
  .object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month in the form YYYY-MM") })
  .loose();
export const BillingLine = z
  .object({
    project: ProjectCompact,
    user: UserCompact,
    minutes: z.number().int(),
    rate: z.number().nullable(),
    currency_code: z.string().nullable(),
    amount: z.number().nullable(),
    non_billable_minutes: z
      .number()
      .int()
      .describe("Approved time of this project and person that does not bill (its entry or category says so)."),
  })
  .meta({ id: "BillingLine" });
export type BillingLine = z.infer<typeof BillingLine>;
export const BillingReport = z
  .object({
    month: z.string(),
    lines: z.array(BillingLine),
    unapproved_minutes: z.number().int().describe("Time logged that month in weeks not approved yet."),
    non_billable_minutes: z.number().int().describe("Approved time that does not bill, shown apart from amounts."),
  })
  .meta({ id: "BillingReport" });
export type BillingReport = z.infer<typeof BillingReport>;
