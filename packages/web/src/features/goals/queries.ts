import type * as C from "@takt/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { registerLiveInvalidations } from "../../api/realtime";

export type Goal = C.Goal;
export type GoalRelationship = C.GoalRelationship;
type TimePeriod = { gid: string; display_name: string; period: string; start_on: string; end_on: string };
type GoalUpdate = {
  gid: string;
  title: string;
  text: string;
  status_type: C.StatusType;
  created_at: string;
  author: { name: string } | null;
};

export const goalKeys = {
  all: ["goals"] as const,
  list: (workspace: string) => ["goals", "list", workspace] as const,
  one: (gid: string) => ["goals", "one", gid] as const,
  relations: (gid: string) => ["goals", "relations", gid] as const,
  updates: (gid: string) => ["goals", "updates", gid] as const,
  stories: (gid: string) => ["goals", "stories", gid] as const,
  periods: (workspace: string) => ["time-periods", workspace] as const,
};

const LIST_FIELDS =
  "name,owner.name,time_period.display_name,status,progress,due_on,metric.current_display_value,metric.unit," +
  "metric.precision,metric.currency_code,metric.initial_number_value,metric.target_number_value";

export function useGoals(workspace: string | undefined) {
  return useQuery({
    queryKey: goalKeys.list(workspace ?? ""),
    enabled: !!workspace,
    queryFn: () => api.all<Goal>("/goals", { workspace, opt_fields: LIST_FIELDS }),
  });
}

export function useGoal(gid: string) {
  return useQuery({
    queryKey: goalKeys.one(gid),
    queryFn: () =>
      api.get<Goal>(`/goals/${gid}`, {
        opt_fields: `${LIST_FIELDS},notes,metric.progress_source,followers.name,team.name,privacy_setting,permissions`,
      }),
  });
}

export function useRelationships(gid: string) {
  return useQuery({
    queryKey: goalKeys.relations(gid),
    queryFn: () => api.all<GoalRelationship>("/goal_relationships", { supported_goal: gid }),
  });
}

export function useGoalUpdates(gid: string) {
  return useQuery({
    queryKey: goalKeys.updates(gid),
    queryFn: () =>
      api.all<GoalUpdate>("/status_updates", {
        parent: gid,
        opt_fields: "title,text,status_type,created_at,author.name",
      }),
  });
}

export function useTimePeriods(workspace: string | undefined) {
  return useQuery({
    queryKey: goalKeys.periods(workspace ?? ""),
    enabled: !!workspace,
    staleTime: 3_600_000,
    queryFn: () => api.all<TimePeriod>("/time_periods", { workspace }),
  });
}

// Every goal write refreshes the goals (progress flows from supporting work to parents).
function useGoalMutation<T>(fn: (input: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: goalKeys.all }),
  });
}

export const useCreateGoal = (workspace: string | undefined) =>
  useGoalMutation((input: { name: string; time_period: string | null }) =>
    api.post<Goal, typeof C.CreateGoalBody>("/goals", { workspace: workspace ?? "", ...input }),
  );

export const useSetMetric = (gid: string) =>
  useGoalMutation(
    (input: {
      progress_source?: C.GoalMetric["progress_source"];
      target_number_value?: number;
      unit?: "none" | "percentage";
    }) => api.post(`/goals/${gid}/setMetric`, input),
  );

export const useSetCurrent = (gid: string) =>
  useGoalMutation((value: number) => api.post(`/goals/${gid}/setMetricCurrentValue`, { current_number_value: value }));

export const useSupport = (gid: string) =>
  useGoalMutation(({ resource, add }: { resource: string; add: boolean }) =>
    api.post(`/goals/${gid}/${add ? "addSupportingRelationship" : "removeSupportingRelationship"}`, {
      supporting_resource: resource,
    }),
  );

export const usePostGoalUpdate = (gid: string) =>
  useGoalMutation((input: { status_type: C.StatusType; title: string; text: string }) =>
    api.post("/status_updates", { parent: gid, ...input }),
  );

export type GoalStory = C.GoalStory;

// The goal's feed: its comments and the stories of its changes, oldest first.
export function useGoalStories(gid: string) {
  return useQuery({
    queryKey: goalKeys.stories(gid),
    queryFn: () => api.all<GoalStory>(`/goals/${gid}/stories`),
  });
}

export const useGoalComment = (gid: string) =>
  useGoalMutation((text: string) =>
    api.post<GoalStory, typeof C.CreateGoalStoryBody>(`/goals/${gid}/stories`, { text }),
  );

// A goal changed (by anyone, anywhere): its page and feed refresh; the list shows its new name and status.
registerLiveInvalidations("goals", ["goal"], (event) => [
  goalKeys.one(event.resource.gid),
  goalKeys.stories(event.resource.gid),
  ["goals", "list"],
]);
