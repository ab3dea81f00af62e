import type { Db } from "../db/index.ts";
import { prepared } from "../db/prepared.ts";
import { visibleProjectGids } from "./projects/project.policy.ts";
import { taskIsVisible } from "./tasks/task.policy.ts";

// The tasks and projects a piece of derived text names (a story, an event's change, a notification), and which
// of them its reader may see. Text and references are presented through it: what the reader cannot see is
// named "a private task" / "a private project", never by its name.
export interface Referenced {
  tasks: Iterable<number>;
  projects: Iterable<number>;
}

export interface Sight {
  task(gid: number): boolean;
  project(gid: number): boolean;
  // A custom field on a task: seen when it reaches the task through a project the reader sees.
  field(taskGid: number, fieldGid: number): boolean;
}

// Sees everything: the text as written, for a reader who is the whole workspace (an admin's full export).
export const ALL_SEEING: Sight = { task: () => true, project: () => true, field: () => true };
// Sees nothing named: for a payload sent to no one in particular (the realtime stream presents events once).
export const BLIND: Sight = { task: () => false, project: () => false, field: () => false };

// Which of `gids` a query that keeps only what the reader sees returns: one statement, none for an empty list.
export async function seenAmong(
  gids: Iterable<number>,
  visible: (gids: number[]) => Promise<{ gid: number }[]>,
): Promise<Set<number>> {
  const wanted = [...new Set(gids)].filter((gid) => Number.isSafeInteger(gid) && gid > 0);
  if (wanted.length === 0) return new Set();
  return new Set((await visible(wanted)).map((row) => Number(row.gid)));
}

// Every page of stories asks these: compiled once (db/prepared.ts).
const tasksSeen = prepared(
  ["gids", "readerGid"],
  (db, params: { gids: number[]; readerGid: number }) =>
    db.selectFrom("tasks").select("gid").where("gid", "in", params.gids).where(taskIsVisible(db, params.readerGid)),
  { lists: ["gids"] },
);
const projectsSeen = prepared(
  ["gids", "readerGid"],
  (db, params: { gids: number[]; readerGid: number }) =>
    db
      .selectFrom("projects")
      .select("gid")
      .where("gid", "in", params.gids)
      .where("gid", "in", visibleProjectGids(db, params.readerGid)),
  { lists: ["gids"] },
);

// Whether the reader sees one task (a notification about it, for instance).
export async function taskSeenBy(db: Db, readerGid: number, taskGid: number): Promise<boolean> {
  return (await tasksSeen.all(db, { gids: [taskGid], readerGid })).length > 0;
}

// One query per kind of reference for a whole list, whatever its length.
export async function sightOf(db: Db, readerGid: number, referenced: Referenced): Promise<Sight> {
  const [seenTasks, seenProjects] = await Promise.all([
    seenAmong(referenced.tasks, (gids) => tasksSeen.all(db, { gids, readerGid })),
    seenAmong(referenced.projects, (gids) => projectsSeen.all(db, { gids, readerGid })),
  ]);
  return { task: (gid) => seenTasks.has(gid), project: (gid) => seenProjects.has(gid), field: () => true };
}
