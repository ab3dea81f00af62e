import type * as C from "@takt/contracts";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { registerLiveInvalidations } from "../../api/realtime";
import type { Story, TaskDetail, TaskRow } from "../../api/types";
import { patchRows, registerTaskRowCache, withoutRow } from "./cache";
import { STORY_FIELDS, SUBTASK_FIELDS, TASK_DETAIL_FIELDS } from "./fields";

export const taskKeys = {
  detail: (gid: string) => ["task", gid] as const,
  subtasks: (parent: string) => ["subtasks", parent] as const,
  allSubtasks: ["subtasks"] as const,
  stories: (gid: string) => ["stories", gid] as const,
  storyEdits: (story: string) => ["story-edits", story] as const,
};

export type StoryEdit = C.StoryEdit;

export function useTask(gid: string | undefined) {
  return useQuery({
    queryKey: taskKeys.detail(gid ?? ""),
    enabled: !!gid,
    queryFn: () => api.get<TaskDetail>(`/tasks/${gid}`, { opt_fields: TASK_DETAIL_FIELDS }),
  });
}

export function useSubtasks(gid: string) {
  return useQuery({
    queryKey: taskKeys.subtasks(gid),
    queryFn: () => api.all<TaskRow>(`/tasks/${gid}/subtasks`, { opt_fields: SUBTASK_FIELDS }),
  });
}

export function useStories(gid: string) {
  return useQuery({
    queryKey: taskKeys.stories(gid),
    queryFn: () => api.all<Story>(`/tasks/${gid}/stories`, { opt_fields: STORY_FIELDS }),
  });
}

// A comment's earlier versions, when someone opens its "edited" mark.
export function useStoryEdits(storyGid: string, enabled: boolean) {
  return useQuery({
    queryKey: taskKeys.storyEdits(storyGid),
    enabled,
    queryFn: () => api.get<StoryEdit[]>(`/stories/${storyGid}/edits`),
  });
}

registerTaskRowCache("tasks", {
  patch(client, gid, patch) {
    client.setQueriesData<TaskRow[]>({ queryKey: taskKeys.allSubtasks }, (rows) => patchRows(rows, gid, patch));
    client.setQueryData<TaskDetail>(taskKeys.detail(gid), (task) => (task ? { ...task, ...patch } : task));
  },
  remove(client, gid) {
    client.setQueriesData<TaskRow[]>({ queryKey: taskKeys.allSubtasks }, (rows) => withoutRow(rows, gid));
  },
});

// A task's pane follows its own events, its parent's and its comments.
registerLiveInvalidations("tasks", ["task", "story"], ({ resource, parent }) => {
  if (resource.resource_type === "story") {
    return parent ? [taskKeys.stories(parent.gid), taskKeys.detail(parent.gid)] : [];
  }
  return [
    taskKeys.detail(resource.gid),
    taskKeys.stories(resource.gid),
    taskKeys.allSubtasks,
    ...(parent?.resource_type === "task" ? [taskKeys.detail(parent.gid)] : []),
  ];
});
