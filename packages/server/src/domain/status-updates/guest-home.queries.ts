import type { Db } from "../../db/index.ts";
import type { Actor } from "../context.ts";
import { grantedProjectGids, projectAccessLevels } from "../projects/project.policy.ts";
import { derivedStage, presentStageChange, stageHistories } from "../projects/project.stage.ts";
import { latestStatusUpdates } from "./status-update.queries.ts";

// The portal's home page: the projects shared with the person by name (a guest has no others), each with
// its stages (sections in order, with task counts), the current stage (set by the team, or else the furthest with
// open work), the history of stages and the latest status update. Counts are of top-level tasks placed in the project.
export async function guestHome(db: Db, actor: Actor, workspaceGid: number) {
  const shared = await db
    .selectFrom("projects")
    .select(["gid", "workspace_gid", "privacy_setting", "name", "color", "due_on", "stage_section_gid"])
    .where("workspace_gid", "=", workspaceGid)
    .where("archived", "=", 0)
    .where("gid", "in", grantedProjectGids(db, actor.gid))
    .orderBy("name")
    .orderBy("gid")
    .execute();
  const levels = await projectAccessLevels(db, actor, shared);
  const projects = shared.map((project) => ({ ...project, access_level: levels.get(project.gid) ?? "viewer" }));
  const gids = projects.map((project) => project.gid);
  if (gids.length === 0) return [];
  const sections = await db
    .selectFrom("sections")
    .select(["gid", "project_gid", "name", "order_key"])
    .where("project_gid", "in", gids)
    .orderBy("order_key")
    .orderBy("gid")
    .execute();
  const counts = await db
    .selectFrom("task_memberships")
    .innerJoin("tasks", "tasks.gid", "task_memberships.task_gid")
    .select(["task_memberships.section_gid", "tasks.completed", (eb) => eb.fn.countAll().as("count")])
    .where("task_memberships.project_gid", "in", gids)
    .groupBy(["task_memberships.section_gid", "tasks.completed"])
    .execute();
  const countOf = new Map<number, { all: number; open: number }>();
  for (const row of counts) {
    const entry = countOf.get(row.section_gid) ?? { all: 0, open: 0 };
    entry.all += Number(row.count);
    if (row.completed === 0) entry.open += Number(row.count);
    countOf.set(row.section_gid, entry);
  }
  const updates = await latestStatusUpdates(db, gids);
  const histories = await stageHistories(db, gids);
  const liveSections = new Set(sections.map((section) => section.gid));
  return projects.map((project) => {
    const stages = sections
      .filter((section) => section.project_gid === project.gid)
      .map((section) => ({
        gid: String(section.gid),
        resource_type: "section",
        name: section.name,
        num_tasks: countOf.get(section.gid)?.all ?? 0,
        num_incomplete_tasks: countOf.get(section.gid)?.open ?? 0,
      }));
    const update = updates.get(project.gid);
    return {
      gid: String(project.gid),
      resource_type: "project",
      name: project.name,
      color: project.color,
      due_on: project.due_on,
      access_level: project.access_level,
      sections: stages,
      current_section:
        stages.find((stage) => project.stage_section_gid && stage.gid === String(project.stage_section_gid)) ??
        derivedStage(stages),
      stage_history: (histories.get(project.gid) ?? []).map((row) => presentStageChange(row, liveSections)),
      current_status_update: update
        ? {
            gid: String(update.gid),
            resource_type: "status_update",
            resource_subtype: "project_status_update",
            title: update.title,
            status_type: update.status_type,
            text: update.text,
            created_at: update.created_at,
          }
        : null,
    };
  });
}
