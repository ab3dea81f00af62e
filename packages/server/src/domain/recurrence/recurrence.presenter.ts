import type { Db } from "../../db/index.ts";
import { prepared } from "../../db/prepared.ts";
import { recurrenceOfRow } from "./recurrence.commands.ts";
import { recurrenceText } from "./recurrence.rules.ts";

export interface PresentedRecurrence {
  rule: { rrule: string } | { every_n_days_after_completion: number };
  text: string;
}

// Asked by every presentation of a full task: compiled once (db/prepared.ts).
const recurrencesOfTasks = prepared(
  ["taskGids"],
  (db, params: { taskGids: number[] }) =>
    db.selectFrom("task_recurrences").selectAll().where("task_gid", "in", params.taskGids),
  { lists: ["taskGids"] },
);

// The recurrence of each of the tasks, in words in the viewer's language; tasks without one are absent.
export async function recurrencesOf(
  db: Db,
  taskGids: number[],
  viewerGid?: number,
): Promise<Map<number, PresentedRecurrence>> {
  const result = new Map<number, PresentedRecurrence>();
  if (taskGids.length === 0) return result;
  const rows = await recurrencesOfTasks.all(db, { taskGids });
  if (rows.length === 0) return result;
  const viewer = viewerGid
    ? await db.selectFrom("users").select("language").where("gid", "=", viewerGid).executeTakeFirst()
    : undefined;
  const language = viewer?.language ?? "en";
  for (const row of rows) {
    const rule = recurrenceOfRow(row);
    result.set(row.task_gid, { rule, text: recurrenceText(rule, language) });
  }
  return result;
}
