import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { TaskRow } from "../../api/types";
import { COLOR_NAMES } from "../custom-fields/colors";
import { patchTaskOptimistically } from "../tasks/mutations";
import { taskKeys } from "../tasks/queries";
import { type Tag, tagKeys, tagsOf } from "./queries";

// A tag put on or taken off a task (shown at once everywhere), or a new tag made by its name and put on.
export function useTaskTags(task: Pick<TaskRow, "gid"> & Partial<TaskRow>, workspace: string) {
  const client = useQueryClient();
  const change = useMutation({
    mutationFn: ({ tag, on }: { tag: Tag; on: boolean }) => {
      const current = tagsOf(task);
      const next = on ? [...current, tag] : current.filter((item) => item.gid !== tag.gid);
      return patchTaskOptimistically(
        client,
        task.gid,
        { tags: next } as Partial<TaskRow>,
        { tags: current } as Partial<TaskRow>,
        () => api.post(`/tasks/${task.gid}/${on ? "addTag" : "removeTag"}`, { tag: tag.gid }),
      );
    },
    onSuccess: () => client.invalidateQueries({ queryKey: taskKeys.stories(task.gid) }),
  });
  const create = useMutation({
    mutationFn: ({ name, count }: { name: string; count: number }) =>
      api.post<Tag>(`/workspaces/${workspace}/tags`, { name, color: COLOR_NAMES[count % COLOR_NAMES.length] }),
    onSuccess: (tag) => {
      client.invalidateQueries({ queryKey: tagKeys.all(workspace) });
      change.mutate({ tag, on: true });
    },
  });
  return {
    add: (tag: Tag) => change.mutate({ tag, on: true }),
    remove: (tag: Tag) => change.mutate({ tag, on: false }),
    // A tag named `name`, coloured by how many the workspace has.
    create: (name: string, count: number) => create.mutate({ name, count }),
  };
}
