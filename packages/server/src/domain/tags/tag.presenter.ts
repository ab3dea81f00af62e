import type { Db } from "../../db/index.ts";
import { prepared } from "../../db/prepared.ts";
import type { TagsTable } from "../../db/schema.ts";
import { type OptFields, shape } from "../opt-fields.ts";

export const TAG_COMPACT = ["name"] as const;

export async function presentTags(db: Db, tags: TagsTable[], optFields: OptFields, mode: "compact" | "full") {
  const workspaces = new Map(
    tags.length
      ? (
          await db
            .selectFrom("workspaces")
            .select(["gid", "name"])
            .where("gid", "in", [...new Set(tags.map((tag) => tag.workspace_gid))])
            .execute()
        ).map((workspace) => [workspace.gid, workspace.name] as const)
      : [],
  );
  return tags.map((tag) =>
    shape(
      {
        gid: String(tag.gid),
        resource_type: "tag",
        name: tag.name,
        color: tag.color,
        notes: tag.notes,
        created_at: tag.created_at,
        followers: [],
        workspace: {
          gid: String(tag.workspace_gid),
          resource_type: "workspace",
          name: workspaces.get(tag.workspace_gid) ?? "",
        },
        permalink_url: `/tags/${tag.gid}`,
      },
      optFields,
      mode === "compact" ? TAG_COMPACT : undefined,
    ),
  );
}

const tagsOfTasks = prepared(
  ["taskGids"],
  (db, params: { taskGids: number[] }) =>
    db
      .selectFrom("task_tags")
      .innerJoin("tags", "tags.gid", "task_tags.tag_gid")
      .select(["task_tags.task_gid", "tags.gid", "tags.name", "tags.color"])
      .where("task_tags.task_gid", "in", params.taskGids)
      .orderBy("task_tags.created_at")
      .orderBy("tags.gid"),
  { lists: ["taskGids"] },
);

// Every task's tags at once, as compact references with their colour (cards and rows show it).
export async function taskTags(db: Db, taskGids: number[]) {
  const byTask = new Map<number, Record<string, unknown>[]>();
  if (taskGids.length === 0) return byTask;
  const rows = await tagsOfTasks.all(db, { taskGids });
  for (const row of rows) {
    const list = byTask.get(row.task_gid) ?? [];
    list.push({ gid: String(row.gid), resource_type: "tag", name: row.name, color: row.color });
    byTask.set(row.task_gid, list);
  }
  return byTask;
}
