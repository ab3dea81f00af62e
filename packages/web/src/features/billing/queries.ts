import type * as C from "@takt/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";

export type Budget = C.Budget;
export type BillingReport = C.BillingReport;
export type Approval = C.TimesheetApprovalStatus;

export const billingKeys = {
  all: ["billing"] as const,
  budget: (project: string) => ["billing", "budget", project] as const,
  report: (workspace: string, month: string) => ["billing", "report", workspace, month] as const,
  approvals: (workspace: string) => ["billing", "approvals", workspace] as const,
};

export function useBudget(project: string, enabled: boolean) {
  return useQuery({
    queryKey: billingKeys.budget(project),
    enabled,
    queryFn: async () => (await api.get<Budget[]>("/budgets", { parent: project }))[0] ?? null,
  });
}

export function useSaveBudget(project: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ budget, type, total }: { budget: Budget | null; type: "time" | "cost"; total: number }) =>
      budget
        ? api.put<Budget, typeof C.UpdateBudgetBody>(`/budgets/${budget.gid}`, {
            budget_type: type,
            total: { value: total, enabled: true },
          })
        : api.post<Budget, typeof C.CreateBudgetBody>("/budgets", {
            parent: project,
            budget_type: type,
            total: { value: total },
          }),
    onSuccess: () =>
      client
        .invalidateQueries({ queryKey: ["billing"] })
        .then(() => client.invalidateQueries({ queryKey: ["portfolios"] })),
  });
}

export function useBillingReport(workspace: string | undefined, month: string) {
  return useQuery({
    queryKey: billingKeys.report(workspace ?? "", month),
    enabled: !!workspace,
    queryFn: () => api.get<BillingReport>(`/workspaces/${workspace}/billing`, { month }),
  });
}

export function useApprovals(workspace: string | undefined) {
  return useQuery({
    queryKey: billingKeys.approvals(workspace ?? ""),
    enabled: !!workspace,
    queryFn: () =>
      api.all<Approval>("/timesheet_approval_statuses", {
        workspace,
        approval_statuses: "SUBMITTED,APPROVED,REJECTED",
      }),
  });
}

export function useDecide() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ gid, status }: { gid: string; status: "APPROVED" | "REJECTED" | "DRAFT" }) =>
      api.put<Approval, typeof C.UpdateTimesheetApprovalStatusBody>(`/timesheet_approval_statuses/${gid}`, {
        approval_status: status,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: billingKeys.all }),
  });
}
