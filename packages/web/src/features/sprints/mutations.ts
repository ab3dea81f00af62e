import type {
  BacklogInsertBody,
  CompleteSprintBody,
  CreateSprintBody,
  ScrumSettingBody,
  SectionAddTaskBody,
  SprintTaskBody,
  UpdateSprintBody,
  UpdateTaskBody,
} from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type BodyOf } from "../../api/client";
import type { Project, Section, TaskRow } from "../../api/types";
import type { Placement } from "../../components/useSortableLists";
import { projectKeys } from "../projects/keys";
import { insertAt, invalidateBoard } from "../projects/mutations";
import { patchTaskOptimistically } from "../tasks/mutations";
import { invalidateScrum, type ScrumTask, type Sprint, sprintKeys, type TaskScrum } from "./queries";

export type SprintInput = BodyOf<typeof CreateSprintBody>;

const listKey = (projectGid: string, container: string) =>
  container === "backlog" ? sprintKeys.backlog(projectGid) : sprintKeys.sprintTasks(container);

export interface BacklogMove {
  task: ScrumTask;
  // "backlog" or a sprint's gid.
  from: string;
  to: string;
  placement: Placement;
}

// A task moved between the backlog and sprints, or ranked inside the backlog: the lists change at once and come back
// if the server refuses.
export function useMoveBacklogTask(projectGid: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ task, from, to, placement }: BacklogMove) => {
      if (to === "backlog") {
        if (from !== "backlog") {
          await api.post<unknown, typeof SprintTaskBody>(`/sprints/${from}/removeTask`, { task: task.gid });
        }
        if (placement.before || placement.after) {
          await api.post<unknown, typeof BacklogInsertBody>(`/projects/${projectGid}/backlog/insert`, {
            task: task.gid,
            ...(placement.before ? { before_task: placement.before } : { after_task: placement.after }),
          });
        }
      } else if (from !== to) {
        await api.post<unknown, typeof SprintTaskBody>(`/sprints/${to}/addTask`, { task: task.gid });
      }
    },
    meta: { undone: true },
    onMutate: async ({ task, from, to, placement }) => {
      const containers = from === to ? [from] : [from, to];
      const snapshot: Record<string, ScrumTask[]> = {};
      for (const container of containers) {
        await client.cancelQueries({ queryKey: listKey(projectGid, container) });
        snapshot[container] = client.getQueryData<ScrumTask[]>(listKey(projectGid, container)) ?? [];
      }
      const moved: ScrumTask = { ...task, sprint: to === "backlog" ? null : { gid: to, name: "" } };
      const rest = snapshot[from].filter((row) => row.gid !== task.gid);
      client.setQueryData(listKey(projectGid, from), rest);
      client.setQueryData(listKey(projectGid, to), insertAt(from === to ? rest : snapshot[to], moved, placement));
      return { snapshot };
    },
    onError: (_error, _move, context) => {
      for (const [container, rows] of Object.entries(context?.snapshot ?? {})) {
        client.setQueryData(listKey(projectGid, container), rows);
      }
    },
    onSettled: () => invalidateScrum(client, projectGid),
  });
}

// A card of the sprint board dragged to another column: the task moves to that section of the project.
export function useMoveSprintCard(projectGid: string, sprintGid: string) {
  const client = useQueryClient();
  const key = sprintKeys.sprintTasks(sprintGid);
  return useMutation({
    mutationFn: ({ task, section }: { task: string; section: Section; from?: Section }) =>
      api.post<unknown, typeof SectionAddTaskBody>(`/sections/${section.gid}/addTask`, { task }),
    meta: { undone: true },
    onMutate: ({ task, section, from }) => {
      const snapshot = client.getQueryData<ScrumTask[]>(key);
      client.setQueryData<ScrumTask[]>(key, (list) =>
        list?.map((row) =>
          row.gid === task
            ? {
                ...row,
                // A column that means done completes the card moving in and reopens it moving out, as the server.
                completed: section.marks_complete ? true : from?.marks_complete ? false : row.completed,
                memberships: (row.memberships ?? []).map((membership) =>
                  membership.project.gid === projectGid
                    ? { ...membership, section: { gid: section.gid, name: section.name } }
                    : membership,
                ),
              }
            : row,
        ),
      );
      return { snapshot };
    },
    onError: (_error, _move, context) => client.setQueryData(key, context?.snapshot),
    onSuccess: () => invalidateBoard(client, projectGid),
    onSettled: () => invalidateScrum(client, projectGid),
  });
}

// Story points, shown at once on every row and in the pane; the burndown follows.
export function useSetStoryPoints() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ task, points }: { task: Pick<ScrumTask, "gid" | "story_points">; points: number | null }) =>
      patchTaskOptimistically(
        client,
        task.gid,
        { story_points: points } as Partial<TaskRow>,
        { story_points: task.story_points ?? null } as Partial<TaskRow>,
        () => api.put<unknown, typeof UpdateTaskBody>(`/tasks/${task.gid}`, { story_points: points }),
      ),
    meta: { undone: true },
    onMutate: ({ task, points }) =>
      client.setQueryData<TaskScrum>(sprintKeys.taskScrum(task.gid), (current) =>
        current ? { ...current, story_points: points } : current,
      ),
    onSettled: (_data, _error, { task }) => {
      client.invalidateQueries({ queryKey: sprintKeys.taskScrum(task.gid) });
      client.invalidateQueries({ queryKey: sprintKeys.allBurndowns });
    },
  });
}

// The task's sprint, from the pane (null: back to the backlog).
export function useSetTaskSprint(projectGid: string, taskGid: string) {
  const client = useQueryClient();
  const key = sprintKeys.taskScrum(taskGid);
  return useMutation({
    mutationFn: (sprint: Pick<Sprint, "gid" | "name"> | null) =>
      api.put<unknown, typeof UpdateTaskBody>(`/tasks/${taskGid}`, { sprint: sprint?.gid ?? null }),
    meta: { undone: true },
    onMutate: (sprint) => {
      const previous = client.getQueryData<TaskScrum>(key);
      client.setQueryData<TaskScrum>(key, (current) =>
        current ? { ...current, sprint: sprint ? { gid: sprint.gid, name: sprint.name } : null } : current,
      );
      return { previous };
    },
    onError: (_error, _sprint, context) => client.setQueryData(key, context?.previous),
    onSettled: () => invalidateScrum(client, projectGid),
  });
}

// Sprints of a project: made, changed, deleted, started and completed; the backlog, lists and charts follow.
export function useSprintActions(projectGid: string) {
  const client = useQueryClient();
  const settle = () => invalidateScrum(client, projectGid);
  const create = useMutation({
    mutationFn: (input: SprintInput) =>
      api.post<Sprint, typeof CreateSprintBody>(`/projects/${projectGid}/sprints`, input),
    onSuccess: settle,
  });
  const update = useMutation({
    mutationFn: ({ sprint, input }: { sprint: string; input: Partial<SprintInput> }) =>
      api.put<unknown, typeof UpdateSprintBody>(`/sprints/${sprint}`, input),
    onSuccess: settle,
  });
  const remove = useMutation({ mutationFn: (sprint: string) => api.delete(`/sprints/${sprint}`), onSuccess: settle });
  const start = useMutation({
    mutationFn: (sprint: string) => api.post(`/sprints/${sprint}/start`, {}),
    onSuccess: settle,
  });
  const complete = useMutation({
    mutationFn: ({ sprint, moveIncompleteTo }: { sprint: string; moveIncompleteTo: string }) =>
      api.post<unknown, typeof CompleteSprintBody>(`/sprints/${sprint}/complete`, {
        move_incomplete_to: moveIncompleteTo,
      }),
    onSuccess: () => {
      settle();
      invalidateBoard(client, projectGid);
    },
  });
  return { create, update, remove, start, complete };
}

// Scrum on or off for a project (its Backlog and Sprint tabs): shown at once, put back if refused.
export function useSetScrum(project: Project) {
  const client = useQueryClient();
  const key = projectKeys.detail(project.gid);
  const show = (enabled: boolean) =>
    client.setQueryData<Project>(key, (current) => (current ? { ...current, scrum_enabled: enabled } : current));
  return useMutation({
    mutationFn: (enabled: boolean) =>
      api.post<unknown, typeof ScrumSettingBody>(`/projects/${project.gid}/scrum`, { scrum_enabled: enabled }),
    onMutate: (enabled) => show(enabled),
    onError: (_error, enabled) => show(!enabled),
  });
}
