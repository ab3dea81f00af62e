import { useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { api } from "../../api/client";
import { keys, patchTaskEverywhere } from "../../api/queries";
import type { TaskDetail } from "../../api/types";
import { notifyError } from "../../components/notify";
import i18n from "../../i18n";
import { invalidateScrum, type ScrumTask, type Sprint, sprintKeys } from "./api";

export type Placement = { before?: string; after?: string };

export interface SprintInput {
  name: string;
  goal: string;
  start_on: string | null;
  end_on: string | null;
  capacity_points: number | null;
}

function insertAt(rows: ScrumTask[], task: ScrumTask, placement: Placement): ScrumTask[] {
  const next = rows.filter((row) => row.gid !== task.gid);
  const anchor = placement.before ?? placement.after;
  const index = anchor ? next.findIndex((row) => row.gid === anchor) : -1;
  if (index < 0) next.push(task);
  else next.splice(placement.before ? index : index + 1, 0, task);
  return next;
}

// Backlog and sprint writes: change the cached lists now, send, and put them back with a message if refused.
export function useSprintActions(projectGid: string) {
  const client = useQueryClient();
  return useMemo(() => {
    const backlogKey = sprintKeys.backlog(projectGid);
    const listKey = (container: string) => (container === "backlog" ? backlogKey : sprintKeys.sprintTasks(container));

    async function optimistic(
      containers: string[],
      change: (lists: Record<string, ScrumTask[]>) => Record<string, ScrumTask[]>,
      send: () => Promise<unknown>,
    ): Promise<boolean> {
      const snapshot: Record<string, ScrumTask[]> = {};
      for (const container of containers) {
        await client.cancelQueries({ queryKey: listKey(container) });
        snapshot[container] = client.getQueryData<ScrumTask[]>(listKey(container)) ?? [];
      }
      const next = change(snapshot);
      for (const [container, rows] of Object.entries(next)) client.setQueryData(listKey(container), rows);
      try {
        await send();
        return true;
      } catch (error) {
        for (const [container, rows] of Object.entries(snapshot)) client.setQueryData(listKey(container), rows);
        notifyError(error, i18n.t("errors.undone"));
        return false;
      } finally {
        invalidateScrum(client, projectGid);
      }
    }

    return {
      // Moves a task between the backlog and sprints, or ranks it inside the backlog.
      move(task: ScrumTask, from: string, to: string, placement: Placement) {
        const containers = from === to ? [from] : [from, to];
        return optimistic(
          containers,
          (lists) => {
            const moved: ScrumTask = { ...task, sprint: to === "backlog" ? null : { gid: to, name: "" } };
            const out = { ...lists, [from]: (lists[from] ?? []).filter((row) => row.gid !== task.gid) };
            out[to] = insertAt(from === to ? out[from] : (lists[to] ?? []), moved, placement);
            return out;
          },
          async () => {
            if (to === "backlog") {
              if (from !== "backlog") await api.post(`/sprints/${from}/removeTask`, { task: task.gid });
              if (placement.before || placement.after) {
                await api.post(`/projects/${projectGid}/backlog/insert`, {
                  task: task.gid,
                  ...(placement.before ? { before_task: placement.before } : { after_task: placement.after }),
                });
              }
            } else if (from !== to) {
              await api.post(`/sprints/${to}/addTask`, { task: task.gid });
            }
          },
        );
      },

      async setPoints(task: Pick<ScrumTask, "gid" | "story_points">, points: number | null) {
        const previous = task.story_points ?? null;
        const patch = (value: number | null) => {
          client.setQueriesData<ScrumTask[]>({ queryKey: ["backlog"] }, (rows) =>
            rows?.map((row) => (row.gid === task.gid ? { ...row, story_points: value } : row)),
          );
          client.setQueriesData<ScrumTask[]>({ queryKey: ["sprint-tasks"] }, (rows) =>
            rows?.map((row) => (row.gid === task.gid ? { ...row, story_points: value } : row)),
          );
          patchTaskEverywhere(client, task.gid, { story_points: value } as Partial<TaskDetail>);
        };
        patch(points);
        try {
          await api.put(`/tasks/${task.gid}`, { story_points: points });
          client.invalidateQueries({ queryKey: keys.stories(task.gid) });
          client.invalidateQueries({ queryKey: ["burndown"] });
        } catch (error) {
          patch(previous);
          notifyError(error, i18n.t("errors.undone"));
        }
      },

      async createSprint(input: SprintInput): Promise<Sprint | null> {
        try {
          const sprint = await api.post<Sprint>(`/projects/${projectGid}/sprints`, input);
          invalidateScrum(client, projectGid);
          return sprint;
        } catch (error) {
          notifyError(error);
          return null;
        }
      },

      async updateSprint(sprintGid: string, input: Partial<SprintInput>): Promise<boolean> {
        try {
          await api.put(`/sprints/${sprintGid}`, input);
          invalidateScrum(client, projectGid);
          return true;
        } catch (error) {
          notifyError(error);
          return false;
        }
      },

      async deleteSprint(sprintGid: string): Promise<boolean> {
        try {
          await api.delete(`/sprints/${sprintGid}`);
          invalidateScrum(client, projectGid);
          return true;
        } catch (error) {
          notifyError(error);
          return false;
        }
      },

      async start(sprintGid: string): Promise<boolean> {
        try {
          await api.post(`/sprints/${sprintGid}/start`, {});
          invalidateScrum(client, projectGid);
          return true;
        } catch (error) {
          notifyError(error);
          return false;
        }
      },

      async complete(sprintGid: string, moveIncompleteTo: string): Promise<boolean> {
        try {
          await api.post(`/sprints/${sprintGid}/complete`, { move_incomplete_to: moveIncompleteTo });
          invalidateScrum(client, projectGid);
          client.invalidateQueries({ queryKey: ["board", projectGid] });
          return true;
        } catch (error) {
          notifyError(error);
          return false;
        }
      },
    };
  }, [client, projectGid]);
}
