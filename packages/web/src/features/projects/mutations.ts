import type {
  CreateProjectBody,
  CreateSectionBody,
  CreateTaskBody,
  InsertSectionBody,
  SectionAddTaskBody,
  UpdateProjectBody,
  UpdateSectionBody,
} from "@takt/contracts";
import { type QueryClient, useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, type BodyOf } from "../../api/client";
import { beginLocalWrite } from "../../api/local-writes";
import type { Project, Section, TaskRow } from "../../api/types";
import { TASK_ROW_FIELDS } from "../tasks/fields";
import type { BoardData } from "./board";
import { PROJECT_FIELDS, projectKeys, SECTION_FIELDS } from "./keys";

// Where a task or section goes among its neighbours.
export type Placement = { before?: string; after?: string };

let temporary = 0;
const temporaryGid = () => `temp-${++temporary}`;

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

export function insertAt<T extends { gid: string }>(rows: T[], item: T, placement: Placement): T[] {
  const next = rows.filter((row) => row.gid !== item.gid);
  const anchor = placement.before ?? placement.after;
  const index = anchor ? next.findIndex((row) => row.gid === anchor) : -1;
  if (index < 0) next.push(item);
  else next.splice(placement.before ? index : index + 1, 0, item);
  return next;
}

interface BoardWrite<TVariables, TResult, TExtra> {
  // The change shown at once; `extra` is what the change made up (a stand-in's gid) for `settle`.
  change(board: BoardData, variables: TVariables, extra: TExtra): BoardData;
  send(variables: TVariables): Promise<TResult>;
  prepare?(variables: TVariables): TExtra;
  // After the server said yes: swap stand-ins for what it created.
  settle?(client: QueryClient, key: readonly unknown[], result: TResult, variables: TVariables, extra: TExtra): void;
}

// Writes already sent, by their variables, until the mutation takes their answer (see useBoardWrite).
const sent = new Map<unknown, Promise<unknown>>();

/**
 * A write to a project's board, shown in the same frame: a refetch in flight is cancelled (it would bring the old
 * state back), live updates hold off until the server has answered, and a refusal puts the snapshot back and says
 * that the change was undone. The request goes out in the drop's own event handler, before React renders the drop
 * (which it does right after the handler, for a pointer or key event): a move reaches the server, and other people's
 * boards, a render sooner.
 */
function useBoardWrite<TVariables, TResult, TExtra = undefined>(
  projectGid: string,
  write: BoardWrite<TVariables, TResult, TExtra>,
) {
  const client = useQueryClient();
  const key = projectKeys.board(projectGid);
  return useMutation({
    mutationFn: (variables: TVariables) => {
      const request = sent.get(variables) as Promise<TResult> | undefined;
      sent.delete(variables);
      return request ?? write.send(variables);
    },
    meta: { undone: true },
    onMutate: async (variables: TVariables) => {
      const end = beginLocalWrite();
      const extra = write.prepare?.(variables) as TExtra;
      const request = write.send(variables);
      // Its failure is the mutation's to report, once it takes the answer.
      request.catch(() => {});
      sent.set(variables, request);
      if (client.isFetching({ queryKey: key })) await client.cancelQueries({ queryKey: key });
      const snapshot = client.getQueryData<BoardData>(key);
      if (snapshot) client.setQueryData<BoardData>(key, write.change(snapshot, variables, extra));
      return { snapshot, end, extra };
    },
    onError: (_error, _variables, context) => {
      if (context?.snapshot) client.setQueryData(key, context.snapshot);
      client.invalidateQueries({ queryKey: key });
    },
    onSuccess: (result, variables, context) => write.settle?.(client, key, result, variables, context.extra),
    onSettled: (_result, _error, _variables, context) => context?.end(),
  });
}

export interface NewTask {
  section: Pick<Section, "gid" | "name">;
  name: string;
  placement?: Placement;
  // An approval or a milestone; a plain task when absent.
  subtype?: "approval" | "milestone";
}

// A task added to a section: a stand-in row at once, the real one when the server has made it.
export function useCreateTask(projectGid: string) {
  return useBoardWrite<NewTask, TaskRow, string>(projectGid, {
    prepare: () => temporaryGid(),
    change: (board, { section, name, placement = {}, subtype }, temp) => {
      const row: TaskRow = {
        gid: temp,
        name,
        ...(subtype ? { resource_subtype: subtype } : {}),
        completed: false,
        assignee: null,
        due_on: null,
        num_subtasks: 0,
        num_comments: 0,
        memberships: [{ project: { gid: projectGid, name: "" }, section: { gid: section.gid, name: section.name } }],
      };
      return {
        ...board,
        tasks: { ...board.tasks, [section.gid]: insertAt(board.tasks[section.gid] ?? [], row, placement) },
      };
    },
    send: async ({ section, name, placement = {}, subtype }) => {
      const task = await api.post<TaskRow, typeof CreateTaskBody>(
        "/tasks",
        {
          name,
          memberships: [{ project: projectGid, section: section.gid }],
          ...(subtype ? { resource_subtype: subtype } : {}),
        },
        { opt_fields: TASK_ROW_FIELDS },
      );
      const anchor = placement.before ?? placement.after;
      if (anchor && !anchor.startsWith("temp-")) {
        await api.post<unknown, typeof SectionAddTaskBody>(`/sections/${section.gid}/addTask`, {
          task: task.gid,
          ...(placement.before ? { insert_before: placement.before } : { insert_after: placement.after }),
        });
      }
      return task;
    },
    settle: (client, key, created, _variables, temp) =>
      client.setQueryData<BoardData>(key, (board) => {
        if (!board) return board;
        // A live update may have brought the new task in already: then the stand-in just goes.
        const arrived = Object.values(board.tasks).some((rows) => rows.some((row) => row.gid === created.gid));
        const tasks: Record<string, TaskRow[]> = {};
        for (const [section, rows] of Object.entries(board.tasks)) {
          tasks[section] = !rows.some((row) => row.gid === temp)
            ? rows
            : arrived
              ? rows.filter((row) => row.gid !== temp)
              : rows.map((row) => (row.gid === temp ? { ...created, ...row, gid: created.gid } : row));
        }
        return { ...board, tasks };
      }),
  });
}

export interface TaskMove {
  task: string;
  section: string;
  placement: Placement;
}

// A task dragged to another place in its section or to another section.
export function useMoveTask(projectGid: string) {
  return useBoardWrite<TaskMove, unknown>(projectGid, {
    change: (board, { task: taskGid, section: toSection, placement }) => {
      const { board: rest, task } = withoutTask(board, taskGid);
      if (!task) return board;
      const section = board.sections.find((item) => item.gid === toSection);
      const from = board.sections.find((item) => board.tasks[item.gid]?.some((row) => row.gid === taskGid));
      // A column that means done completes the card moving in and reopens it moving out, as the server will.
      const completed =
        from?.gid === toSection
          ? task.completed
          : section?.marks_complete
            ? true
            : from?.marks_complete
              ? false
              : task.completed;
      const moved: TaskRow = {
        ...task,
        completed,
        memberships: (task.memberships ?? []).map((membership) =>
          membership.project.gid === projectGid && section
            ? { ...membership, section: { gid: section.gid, name: section.name } }
            : membership,
        ),
      };
      return {
        ...rest,
        tasks: { ...rest.tasks, [toSection]: insertAt(rest.tasks[toSection] ?? [], moved, placement) },
      };
    },
    send: ({ task, section, placement }) =>
      api.post<unknown, typeof SectionAddTaskBody>(`/sections/${section}/addTask`, {
        task,
        ...(placement.before ? { insert_before: placement.before } : {}),
        ...(placement.after ? { insert_after: placement.after } : {}),
      }),
  });
}

export function useCreateSection(projectGid: string) {
  return useBoardWrite<{ name: string; after?: string }, Section, string>(projectGid, {
    prepare: () => temporaryGid(),
    change: (board, { name, after }, temp) => {
      const sections = [...board.sections];
      const index = after ? sections.findIndex((section) => section.gid === after) : -1;
      const stand: Section = { gid: temp, name };
      if (index < 0) sections.push(stand);
      else sections.splice(index + 1, 0, stand);
      return { ...board, sections, tasks: { ...board.tasks, [temp]: [] } };
    },
    send: ({ name, after }) =>
      api.post<Section, typeof CreateSectionBody>(
        `/projects/${projectGid}/sections`,
        { name, ...(after ? { insert_after: after } : {}) },
        { opt_fields: SECTION_FIELDS },
      ),
    settle: (client, key, created, { name }, temp) =>
      client.setQueryData<BoardData>(key, (board) => {
        if (!board) return board;
        const { [temp]: rows, ...tasks } = board.tasks;
        return {
          ...board,
          sections: board.sections.map((section) => (section.gid === temp ? { ...created, name } : section)),
          tasks: { ...tasks, [created.gid]: rows ?? [] },
        };
      }),
  });
}

export function useRenameSection(projectGid: string) {
  return useBoardWrite<{ section: string; name: string }, unknown>(projectGid, {
    change: (board, { section: gid, name }) => ({
      ...board,
      sections: board.sections.map((section) => (section.gid === gid ? { ...section, name } : section)),
    }),
    send: ({ section, name }) => api.put<unknown, typeof UpdateSectionBody>(`/sections/${section}`, { name }),
  });
}

// Whether a column means done: tasks moved into it are marked complete, and incomplete when moved out.
export function useSectionMarksComplete(projectGid: string) {
  return useBoardWrite<{ section: string; marksComplete: boolean }, unknown>(projectGid, {
    change: (board, { section: gid, marksComplete }) => ({
      ...board,
      sections: board.sections.map((section) =>
        section.gid === gid ? { ...section, marks_complete: marksComplete } : section,
      ),
    }),
    send: ({ section, marksComplete }) =>
      api.put<unknown, typeof UpdateSectionBody>(`/sections/${section}`, { marks_complete: marksComplete }),
  });
}

export function useDeleteSection(projectGid: string) {
  return useBoardWrite<string, unknown>(projectGid, {
    change: (board, gid) => {
      const { [gid]: _removed, ...tasks } = board.tasks;
      return { ...board, sections: board.sections.filter((section) => section.gid !== gid), tasks };
    },
    send: (gid) => api.delete(`/sections/${gid}`),
  });
}

export function useMoveSection(projectGid: string) {
  return useBoardWrite<{ section: string; placement: Placement }, unknown>(projectGid, {
    change: (board, { section: gid, placement }) => {
      const moving = board.sections.find((section) => section.gid === gid);
      return moving ? { ...board, sections: insertAt(board.sections, moving, placement) } : board;
    },
    send: ({ section, placement }) =>
      api.post<unknown, typeof InsertSectionBody>(`/projects/${projectGid}/sections/insert`, {
        section,
        ...(placement.before ? { before_section: placement.before } : { after_section: placement.after }),
      }),
  });
}

/**
 * The board's writes as one object of stable functions, for views that hand them to memoised columns and rows.
 * Each is a mutation hook of its own; `mutate` keeps its identity across renders.
 */
export function useBoardMutations(projectGid: string) {
  const createTask = useCreateTask(projectGid).mutate;
  const moveTask = useMoveTask(projectGid).mutate;
  const createSection = useCreateSection(projectGid).mutate;
  const renameSection = useRenameSection(projectGid).mutate;
  const deleteSection = useDeleteSection(projectGid).mutate;
  const moveSection = useMoveSection(projectGid).mutate;
  const marksComplete = useSectionMarksComplete(projectGid).mutate;
  return useMemo(
    () => ({
      createTask: (section: NewTask["section"], name: string, placement: Placement = {}) =>
        createTask({ section, name, placement }),
      moveTask: (task: string, section: string, placement: Placement) => moveTask({ task, section, placement }),
      createSection: (name: string, after?: string) => createSection({ name, after }),
      renameSection: (section: string, name: string) => renameSection({ section, name }),
      deleteSection: (section: string) => deleteSection(section),
      moveSection: (section: string, placement: Placement) => moveSection({ section, placement }),
      setMarksComplete: (section: string, value: boolean) => marksComplete({ section, marksComplete: value }),
    }),
    [createTask, moveTask, createSection, renameSection, deleteSection, moveSection, marksComplete],
  );
}

// The project's name, shown at once and put back if refused.
export function useRenameProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ project, name }: { project: Project; name: string }) =>
      api.put<unknown, typeof UpdateProjectBody>(`/projects/${project.gid}`, { name }),
    onMutate: ({ project, name }) => {
      client.setQueryData<Project>(projectKeys.detail(project.gid), { ...project, name });
    },
    onError: (_error, { project }) => client.setQueryData<Project>(projectKeys.detail(project.gid), project),
    onSuccess: () => client.invalidateQueries({ queryKey: projectKeys.lists }),
  });
}

// The project's sections come with it in one request (`sections`: the stages of a client board).
export type NewProject = BodyOf<typeof CreateProjectBody>;

// One request: the project and its sections are made together or not at all.
export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewProject) =>
      api.post<Project, typeof CreateProjectBody>("/projects", input, { opt_fields: PROJECT_FIELDS }),
    onSuccess: () => client.invalidateQueries({ queryKey: projectKeys.lists }),
  });
}

// Another feature's write changed what a board shows (a task's fields, a template's tasks): load it again.
export function invalidateBoard(client: QueryClient, projectGid?: string) {
  client.invalidateQueries({ queryKey: projectGid ? projectKeys.board(projectGid) : projectKeys.boards });
}
