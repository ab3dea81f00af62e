import type {
  AddProjectBody,
  CreateCommentBody,
  CreateTaskBody,
  DependenciesBody,
  DependentsBody,
  FollowersBody,
  RemoveProjectBody,
  SectionAddTaskBody,
  SetParentBody,
  UpdateStoryBody,
  UpdateTaskBody,
} from "@takt/contracts";
import { type MutationOptions, type QueryClient, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type BodyOf } from "../../api/client";
import { beginLocalWrite } from "../../api/local-writes";
import { useRowMutation } from "../../api/mutations";
import type { Ref, Story, TaskDetail, TaskRow } from "../../api/types";
import { invalidateBoard } from "../projects/mutations";
import { patchTaskEverywhere, removeTaskEverywhere } from "./cache";
import { STORY_FIELDS, SUBTASK_FIELDS } from "./fields";
import { taskKeys } from "./queries";

export interface TaskPatch {
  name?: string;
  completed?: boolean;
  assignee?: Ref | null;
  due_on?: string | null;
  start_on?: string | null;
  resource_subtype?: "default_task" | "approval" | "milestone";
}

type TaskLike = Pick<TaskRow, "gid"> & Partial<TaskRow>;

// The patch as the contract takes it: people by gid.
function bodyOf({ assignee, ...rest }: TaskPatch): BodyOf<typeof UpdateTaskBody> {
  return assignee === undefined ? rest : { ...rest, assignee: assignee?.gid ?? null };
}

// Shows the change at once everywhere; if the server refuses, puts the old values back and says so.
const updateTaskOptions = (
  client: QueryClient,
): MutationOptions<
  unknown,
  Error,
  { task: TaskLike; patch: TaskPatch },
  { previous: Partial<TaskRow>; end(): void }
> => ({
  mutationFn: ({ task, patch }) => api.put<unknown, typeof UpdateTaskBody>(`/tasks/${task.gid}`, bodyOf(patch)),
  meta: { undone: true },
  onMutate: ({ task, patch }) => {
    const previous: Partial<TaskRow> = {};
    for (const key of Object.keys(patch) as (keyof TaskPatch)[]) {
      (previous as Record<string, unknown>)[key] = task[key] ?? null;
    }
    const end = beginLocalWrite();
    patchTaskEverywhere(client, task.gid, patch as Partial<TaskRow>);
    return { previous, end };
  },
  onError: (_error, { task }, context) => {
    if (context) patchTaskEverywhere(client, task.gid, context.previous);
  },
  onSuccess: (_data, { task, patch }) => {
    client.invalidateQueries({ queryKey: taskKeys.stories(task.gid) });
    // A new type brings its own state (an approval's decision) from the server.
    if (patch.resource_subtype) client.invalidateQueries({ queryKey: taskKeys.detail(task.gid) });
  },
  onSettled: (_data, _error, _variables, context) => context?.end(),
});

// A task's own fields (name, completion, assignee, dates), from any row or the pane.
export function useUpdateTask() {
  return useRowMutation(updateTaskOptions);
}

// A change made elsewhere (a field, points): the row shows it at once; `send` says yes or no.
export async function patchTaskOptimistically(
  client: QueryClient,
  gid: string,
  patch: Partial<TaskRow>,
  previous: Partial<TaskRow>,
  send: () => Promise<unknown>,
) {
  const end = beginLocalWrite();
  patchTaskEverywhere(client, gid, patch);
  try {
    await send();
  } catch (error) {
    patchTaskEverywhere(client, gid, previous);
    throw error;
  } finally {
    end();
  }
}

export function useDeleteTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (gid: string) => api.delete(`/tasks/${gid}`),
    onSuccess: (_data, gid) => removeTaskEverywhere(client, gid),
  });
}

export function useSaveDescription(taskGid: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (html: string) =>
      api.put<unknown, typeof UpdateTaskBody>(`/tasks/${taskGid}`, { html_notes: `<body>${html}</body>` }),
    onSuccess: (_data, html) =>
      client.setQueryData<TaskDetail>(taskKeys.detail(taskGid), (current) =>
        current ? { ...current, html_notes: `<body>${html}</body>` } : current,
      ),
  });
}

// Someone starts or stops following the task: shown at once, put back if refused.
export function useChangeFollowers(task: TaskDetail) {
  const client = useQueryClient();
  const key = taskKeys.detail(task.gid);
  return useMutation({
    mutationFn: ({ user, follow }: { user: Ref; follow: boolean }) =>
      api.post<unknown, typeof FollowersBody>(`/tasks/${task.gid}/${follow ? "addFollowers" : "removeFollowers"}`, {
        followers: [user.gid],
      }),
    meta: { undone: true },
    onMutate: ({ user, follow }) => {
      const followers = task.followers ?? [];
      const next = follow ? [...followers, user] : followers.filter((item) => item.gid !== user.gid);
      client.setQueryData<TaskDetail>(key, (current) => (current ? { ...current, followers: next } : current));
      return { followers };
    },
    onError: (_error, _variables, context) =>
      client.setQueryData<TaskDetail>(key, (current) =>
        current && context ? { ...current, followers: context.followers } : current,
      ),
  });
}

export function useCreateSubtask(parentGid: string) {
  const client = useQueryClient();
  const key = taskKeys.subtasks(parentGid);
  return useMutation({
    mutationFn: (name: string) =>
      api.post<TaskRow, typeof CreateTaskBody>(
        `/tasks/${parentGid}/subtasks`,
        { name },
        { opt_fields: SUBTASK_FIELDS },
      ),
    meta: { undone: true },
    onMutate: (name) => {
      const temp: TaskRow = { gid: `temp-${Date.now()}`, name, completed: false, assignee: null, due_on: null };
      client.setQueryData<TaskRow[]>(key, (list) => [...(list ?? []), temp]);
      return { temp };
    },
    onSuccess: (created, _name, { temp }) => {
      client.setQueryData<TaskRow[]>(key, (list) =>
        (list ?? []).map((row) => (row.gid === temp.gid ? { ...temp, ...created } : row)),
      );
      // The parent's card counts its subtasks.
      invalidateBoard(client);
    },
    onError: (_error, _name, context) =>
      client.setQueryData<TaskRow[]>(key, (list) => (list ?? []).filter((row) => row.gid !== context?.temp.gid)),
  });
}

// A subtask dragged to another place among its siblings (`order` is the new order, shown at once).
export function useMoveSubtask(parentGid: string) {
  const client = useQueryClient();
  const key = taskKeys.subtasks(parentGid);
  return useMutation({
    mutationFn: ({ task, order }: { task: string; order: TaskRow[] }) => {
      const at = order.findIndex((row) => row.gid === task);
      const placement = at > 0 ? { insert_after: order[at - 1].gid } : { insert_before: order[1]?.gid };
      return api.post<unknown, typeof SetParentBody>(`/tasks/${task}/setParent`, { parent: parentGid, ...placement });
    },
    meta: { undone: true },
    onMutate: ({ order }) => {
      const snapshot = client.getQueryData<TaskRow[]>(key);
      client.setQueryData(key, order);
      return { snapshot };
    },
    onError: (_error, _variables, context) => client.setQueryData(key, context?.snapshot),
  });
}

// A comment: shown at once as the caller's, replaced by the server's when it has it.
export function useAddComment(taskGid: string) {
  const client = useQueryClient();
  const key = taskKeys.stories(taskGid);
  return useMutation({
    mutationFn: ({ payload }: { payload: { text: string } | { html_text: string }; author: Ref; text: string }) =>
      api.post<Story, typeof CreateCommentBody>(`/tasks/${taskGid}/stories`, payload, { opt_fields: STORY_FIELDS }),
    meta: { undone: true },
    onMutate: ({ author, text }) => {
      const temp: Story = {
        gid: `temp-${Date.now()}`,
        created_at: new Date().toISOString(),
        created_by: author,
        type: "comment",
        resource_subtype: "comment_added",
        text,
      };
      client.setQueryData<Story[]>(key, (list) => [...(list ?? []), temp]);
      return { temp };
    },
    onError: (_error, _variables, context) =>
      client.setQueryData<Story[]>(key, (list) => (list ?? []).filter((item) => item.gid !== context?.temp.gid)),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: key });
      // The card counts its comments.
      invalidateBoard(client);
    },
  });
}

// The caller's own comment edited or deleted, or anyone's comment liked: shown at once, put back if refused.
export function useCommentActions(taskGid: string, story: Story) {
  const client = useQueryClient();
  const key = taskKeys.stories(taskGid);
  const patch = (change: Partial<Story> | null) =>
    client.setQueryData<Story[]>(key, (list) =>
      change === null
        ? list?.filter((item) => item.gid !== story.gid)
        : list?.map((item) => (item.gid === story.gid ? { ...item, ...change } : item)),
    );
  const like = useMutation({
    mutationFn: (liked: boolean) =>
      api.post<Story>(`/stories/${story.gid}/${liked ? "addLike" : "removeLike"}`, {}, { opt_fields: STORY_FIELDS }),
    onMutate: (liked) => patch({ liked, num_likes: Math.max(0, (story.num_likes ?? 0) + (liked ? 1 : -1)) }),
    onSuccess: (updated) => updated && patch(updated),
    onError: () => patch({ liked: story.liked, num_likes: story.num_likes }),
  });
  const edit = useMutation({
    mutationFn: (body: { text: string } | { html_text: string }) =>
      api.put<Story, typeof UpdateStoryBody>(`/stories/${story.gid}`, body, { opt_fields: STORY_FIELDS }),
    onSuccess: (updated) => updated && patch(updated),
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/stories/${story.gid}`),
    meta: { undone: true },
    onMutate: () => {
      const before = client.getQueryData<Story[]>(key);
      patch(null);
      return { before };
    },
    onError: (_error, _variables, context) => client.setQueryData(key, context?.before),
    // The card counts its comments.
    onSuccess: () => invalidateBoard(client),
  });
  return { like, edit, remove };
}

// The task's projects and sections (multi-homing): the pane, the boards and the feed follow the server's answer.
export function useTaskMemberships(taskGid: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      change:
        | { kind: "section"; section: string }
        | { kind: "add"; project: string; section: string | null }
        | { kind: "remove"; project: string },
    ) => {
      if (change.kind === "section") {
        return api.post<unknown, typeof SectionAddTaskBody>(`/sections/${change.section}/addTask`, { task: taskGid });
      }
      if (change.kind === "add") {
        return api.post<unknown, typeof AddProjectBody>(`/tasks/${taskGid}/addProject`, {
          project: change.project,
          ...(change.section ? { section: change.section } : {}),
        });
      }
      return api.post<unknown, typeof RemoveProjectBody>(`/tasks/${taskGid}/removeProject`, {
        project: change.project,
      });
    },
    meta: { undone: true },
    onSettled: () => {
      client.invalidateQueries({ queryKey: taskKeys.detail(taskGid) });
      client.invalidateQueries({ queryKey: taskKeys.stories(taskGid) });
      invalidateBoard(client);
    },
  });
}

// "Blocked by" (dependencies) and "blocking" (dependents) links; the server refuses cycles.
export function useTaskDependencies(taskGid: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, task, on }: { kind: "dependencies" | "dependents"; task: string; on: boolean }) => {
      const verb = on ? "add" : "remove";
      return kind === "dependencies"
        ? api.post<unknown, typeof DependenciesBody>(`/tasks/${taskGid}/${verb}Dependencies`, { dependencies: [task] })
        : api.post<unknown, typeof DependentsBody>(`/tasks/${taskGid}/${verb}Dependents`, { dependents: [task] });
    },
    onSettled: () => {
      client.invalidateQueries({ queryKey: taskKeys.detail(taskGid) });
      // The rows show "blocked".
      invalidateBoard(client);
    },
  });
}

// Another write changed what the pane and its feed show (a field, a tag, a dependency): load them again.
export function invalidateTask(client: QueryClient, gid: string) {
  client.invalidateQueries({ queryKey: taskKeys.detail(gid) });
  client.invalidateQueries({ queryKey: taskKeys.stories(gid) });
}
