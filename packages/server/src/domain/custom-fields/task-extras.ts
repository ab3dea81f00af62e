import type { Db } from "../../db/index.ts";
import type { TasksTable } from "../../db/schema.ts";
import type { Actor, Tx } from "../context.ts";
import { attachTags, detachTags } from "../tags/tag.commands.ts";
import { tagsFor } from "../tags/tag.queries.ts";
import { prepareValues, writeValues } from "./custom-field.values.ts";

// custom_fields and tags of a task create or update, resolved and checked before anything is written; the
// returned step writes them inside the task command's transaction (undefined: nothing to write).
// `db`: the unit of work's, when the write is part of one.
export async function prepareTaskExtras(
  db: Db,
  actor: Actor,
  input: {
    // The key that seals secret field values (custom-fields/secret-box.ts).
    secretKey: () => Promise<Buffer>;
    workspaceGid: number;
    projectGids: number[];
    customFields?: Record<string, unknown>;
    tags?: string[];
    // On update, tags replace the task's set; on create they are simply added.
    replaceTags?: boolean;
  },
): Promise<((tx: Tx, task: TasksTable) => Promise<void>) | undefined> {
  const values = input.customFields
    ? await prepareValues(db, actor, {
        workspaceGid: input.workspaceGid,
        projectGids: input.projectGids,
        raw: input.customFields,
        secretKey: input.secretKey,
      })
    : [];
  const tags = input.tags ? await tagsFor(db, actor, input.workspaceGid, input.tags, "tags") : null;
  if (values.length === 0 && tags === null) return undefined;
  return async (tx, task) => {
    await writeValues(tx, task, values);
    if (tags) {
      const wanted = tags.map((tag) => tag.gid);
      if (input.replaceTags) {
        const current = await tx.trx
          .selectFrom("task_tags")
          .select("tag_gid")
          .where("task_gid", "=", task.gid)
          .execute();
        await detachTags(
          tx,
          task,
          current.map((row) => row.tag_gid).filter((gid) => !wanted.includes(gid)),
        );
      }
      await attachTags(tx, task, wanted);
    }
  };
}
