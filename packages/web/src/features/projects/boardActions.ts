import { useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { api } from "../../api/client";
import { type BoardData, beginBoardWrite, keys, TASK_ROW_FIELDS } from "../../api/queries";
import type { Section, TaskRow } from "../../api/types";
import { notifyError } from "../../components/notify";
import i18n from "../../i18n";

export type Placement = { before?: string; after?: string };

let temporary = 0;

export function useBoardActions(projectGid: string) {
  const client = useQueryClient();
  return useMemo(() => {
    const key = keys.board(projectGid);

    // Applies a change to the cached board now, sends it, and restores the snapshot if the server says no.
    // The change shows in the same frame: a refetch in flight is cancelled (it would bring the old state back), and
    // live updates hold off until the server has answered (beginBoardWrite).
    async function optimistic<T>(change: (board: BoardData) => BoardData, send: () => Promise<T>): Promise<T | null> {
      const end = beginBoardWrite();
      if (client.isFetching({ queryKey: key })) await client.cancelQueries({ queryKey: key });
      const snapshot = client.getQueryData<BoardData>(key);
      if (snapshot) client.setQueryData<BoardData>(key, change(snapshot));
      try {
        return await send();
      } catch (error) {
        if (snapshot) client.setQueryData(key, snapshot);
        client.invalidateQueries({ queryKey: key });
        notifyError(error, i18n.t("errors.undone"));
        return null;
      } finally {
        end();
      }
    }

    // Untouched columns keep their arrays, so memoised columns skip the render.
    function withoutTask(board: BoardData, taskGid: string): { board: BoardData; task: TaskRow | null } {
      let found: TaskRow | null = null;
      const tasks: Record<string, TaskRow[]> = {};
      for (const [section, rows] of Object.entries(board.tasks)) {
        const index = rows.findIndex((row) => row.gid === taskGid);
        if (index < 0) {
          tasks[section] = rows;
          continue;
        }
        found = rows[index];
        tasks[section] = rows.filter((row) => row.gid !== taskGid);
      }
      return { board: { ...board, tasks }, task: found };
    }

    function insertAt(rows: TaskRow[], task: TaskRow, placement: Placement): TaskRow[] {
      const next = [...rows];
      const anchor = placement.before ?? placement.after;
      const index = anchor ? next.findIndex((row) => row.gid === anchor) : -1;
      if (index < 0) next.push(task);
      else next.splice(placement.before ? index : index + 1, 0, task);
      return next;
    }

    return {
      async createTask(section: Section, name: string, placement: Placement = {}) {
        const temp: TaskRow = {
          gid: `temp-${++temporary}`,
          name,
          completed: false,
          assignee: null,
          due_on: null,
          num_subtasks: 0,
          num_comments: 0,
          memberships: [{ project: { gid: projectGid, name: "" }, section: { gid: section.gid, name: section.name } }],
        };
        const created = await optimistic(
          (board) => ({
            ...board,
            tasks: { ...board.tasks, [section.gid]: insertAt(board.tasks[section.gid] ?? [], temp, placement) },
          }),
          async () => {
            const task = await api.post<TaskRow>(
              "/tasks",
              { name, memberships: [{ project: projectGid, section: section.gid }] },
              { opt_fields: TASK_ROW_FIELDS },
            );
            const anchor = placement.before ?? placement.after;
            if (anchor && !anchor.startsWith("temp-")) {
              await api.post(`/sections/${section.gid}/addTask`, {
                task: task.gid,
                ...(placement.before ? { insert_before: placement.before } : { insert_after: placement.after }),
              });
            }
            return task;
          },
        );
        if (created) {
          client.setQueryData<BoardData>(key, (board) =>
            board
              ? {
                  ...board,
                  // A live update may have brought the new task in already: then the stand-in just goes.
                  tasks: Object.fromEntries(
                    Object.entries(board.tasks).map(([sectionGid, rows]) => [
                      sectionGid,
                      !rows.some((row) => row.gid === temp.gid)
                        ? rows
                        : Object.values(board.tasks).some((list) => list.some((row) => row.gid === created.gid))
                          ? rows.filter((row) => row.gid !== temp.gid)
                          : rows.map((row) => (row.gid === temp.gid ? { ...created, ...row, gid: created.gid } : row)),
                    ]),
                  ),
                }
              : board,
          );
        }
        return created;
      },

      moveTask(taskGid: string, toSection: string, placement: Placement) {
        return optimistic(
          (board) => {
            const { board: rest, task } = withoutTask(board, taskGid);
            if (!task) return board;
            const section = board.sections.find((item) => item.gid === toSection);
            const moved: TaskRow = {
              ...task,
              memberships: (task.memberships ?? []).map((membership) =>
                membership.project.gid === projectGid
                  ? { ...membership, section: section ? { gid: section.gid, name: section.name } : membership.section }
                  : membership,
              ),
            };
            return {
              ...rest,
              tasks: { ...rest.tasks, [toSection]: insertAt(rest.tasks[toSection] ?? [], moved, placement) },
            };
          },
          () =>
            api.post(`/sections/${toSection}/addTask`, {
              task: taskGid,
              ...(placement.before ? { insert_before: placement.before } : {}),
              ...(placement.after ? { insert_after: placement.after } : {}),
            }),
        );
      },

      async createSection(name: string, after?: string) {
        const temp: Section = { gid: `temp-${++temporary}`, name };
        const created = await optimistic(
          (board) => {
            const sections = [...board.sections];
            const index = after ? sections.findIndex((section) => section.gid === after) : -1;
            if (index < 0) sections.push(temp);
            else sections.splice(index + 1, 0, temp);
            return { sections, tasks: { ...board.tasks, [temp.gid]: [] } };
          },
          () =>
            api.post<Section>(`/projects/${projectGid}/sections`, { name, ...(after ? { insert_after: after } : {}) }),
        );
        if (created) {
          client.setQueryData<BoardData>(key, (board) => {
            if (!board) return board;
            const { [temp.gid]: rows, ...tasks } = board.tasks;
            return {
              sections: board.sections.map((section) =>
                section.gid === temp.gid ? { gid: created.gid, name } : section,
              ),
              tasks: { ...tasks, [created.gid]: rows ?? [] },
            };
          });
        }
        return created;
      },

      renameSection(sectionGid: string, name: string) {
        return optimistic(
          (board) => ({
            ...board,
            sections: board.sections.map((section) => (section.gid === sectionGid ? { ...section, name } : section)),
          }),
          () => api.put(`/sections/${sectionGid}`, { name }),
        );
      },

      deleteSection(sectionGid: string) {
        return optimistic(
          (board) => {
            const { [sectionGid]: _removed, ...tasks } = board.tasks;
            return { sections: board.sections.filter((section) => section.gid !== sectionGid), tasks };
          },
          () => api.delete(`/sections/${sectionGid}`),
        );
      },

      moveSection(sectionGid: string, placement: { before?: string; after?: string }) {
        return optimistic(
          (board) => {
            const moving = board.sections.find((section) => section.gid === sectionGid);
            if (!moving) return board;
            const sections = board.sections.filter((section) => section.gid !== sectionGid);
            const anchor = placement.before ?? placement.after;
            const index = sections.findIndex((section) => section.gid === anchor);
            sections.splice(placement.before ? index : index + 1, 0, moving);
            return { ...board, sections };
          },
          () =>
            api.post(`/projects/${projectGid}/sections/insert`, {
              section: sectionGid,
              ...(placement.before ? { before_section: placement.before } : { after_section: placement.after }),
            }),
        );
      },

      removeTaskLocally(taskGid: string) {
        client.setQueryData<BoardData>(key, (board) => (board ? withoutTask(board, taskGid).board : board));
      },
    };
  }, [client, projectGid]);
}
