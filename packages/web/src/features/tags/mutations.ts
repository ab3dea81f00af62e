import type { CreateTagBody, TagColor, TaskTagBody } from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { TaskRow } from "../../api/types";
import { patchTaskOptimistically } from "../tasks/mutations";
import { taskKeys } from "../tasks/queries";
import { type Tag, tagKeys, tagsOf } from "./queries";

// New tags take the next of these colours (the contract's tag colours), so neighbours differ.
const TAG_COLORS = [
  "dark-blue",
  "dark-green",
  "dark-orange",
  "dark-purple",
  "dark-teal",
  "dark-pink",
  "dark-red",
  "dark-brown",
] as const satisfies readonly TagColor[];

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
        () =>
          api.post<unknown, typeof TaskTagBody>(`/tasks/${task.gid}/${on ? "addTag" : "removeTag"}`, { tag: tag.gid }),
      );
    },
    onSuccess: () => client.invalidateQueries({ queryKey: taskKeys.stories(task.gid) }),
  });
  const create = useMutation({
    mutationFn: ({ name, count }: { name: string; count: number }) =>
      api.post<Tag, typeof CreateTagBody>(`/workspaces/${workspace}/tags`, {
        name,
        color: TAG_COLORS[count % TAG_COLORS.length],
      }),
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
