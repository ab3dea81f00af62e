import type * as C from "@takt/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";

export type PortfolioRow = Pick<C.Portfolio, "gid" | "name" | "color" | "owner" | "start_on" | "due_on" | "public">;
export type Portfolio = C.Portfolio;
export type PortfolioItem = C.PortfolioItem;

export const portfolioKeys = {
  all: ["portfolios"] as const,
  list: (workspace: string) => ["portfolios", "list", workspace] as const,
  one: (gid: string) => ["portfolios", "one", gid] as const,
  items: (gid: string) => ["portfolios", "items", gid] as const,
  settings: (gid: string) => ["portfolios", "settings", gid] as const,
};

export function usePortfolios(workspace: string | undefined) {
  return useQuery({
    queryKey: portfolioKeys.list(workspace ?? ""),
    enabled: !!workspace,
    queryFn: () =>
      api.all<PortfolioRow>("/portfolios", { workspace, opt_fields: "name,color,owner.name,start_on,due_on,public" }),
  });
}

export function usePortfolio(gid: string) {
  return useQuery({
    queryKey: portfolioKeys.one(gid),
    queryFn: () =>
      api.get<Portfolio>(`/portfolios/${gid}`, {
        opt_fields:
          "name,color,owner.name,start_on,due_on,public,members.name,custom_field_settings.custom_field.name,permissions",
      }),
  });
}

export function usePortfolioItems(gid: string) {
  return useQuery({
    queryKey: portfolioKeys.items(gid),
    queryFn: () =>
      api.all<PortfolioItem>(`/portfolios/${gid}/items`, {
        opt_fields: "name,color,owner.name,start_on,due_on,archived,current_status_update,progress,budget",
      }),
  });
}

export type ProjectPortfolioSetting = C.ProjectPortfolioSetting;

// Each project's place in the portfolio: whether the portfolio's members inherit access to it, and who may say so.
export function usePortfolioProjectSettings(gid: string) {
  return useQuery({
    queryKey: portfolioKeys.settings(gid),
    queryFn: () =>
      api.all<ProjectPortfolioSetting>(`/portfolios/${gid}/project_portfolio_settings`, {
        opt_fields: "project.name,is_access_control_inherited,permissions",
      }),
  });
}

export function useInheritedAccessChange(portfolio: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ setting, inherited }: { setting: string; inherited: boolean }) =>
      api.put<ProjectPortfolioSetting, typeof C.UpdateProjectPortfolioSettingBody>(
        `/project_portfolio_settings/${setting}`,
        { is_access_control_inherited: inherited },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: portfolioKeys.settings(portfolio) }),
  });
}

export function useCreatePortfolio(workspace: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      api.post<Portfolio, typeof C.CreatePortfolioBody>("/portfolios", {
        workspace: workspace ?? "",
        name,
        public: true,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: portfolioKeys.all }),
  });
}

export function usePortfolioItemChange(portfolio: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ item, add }: { item: string; add: boolean }) =>
      api.post(`/portfolios/${portfolio}/${add ? "addItem" : "removeItem"}`, { item }),
    onSuccess: () => client.invalidateQueries({ queryKey: portfolioKeys.all }),
  });
}
