import type { Db } from "../../db/index.ts";
import type { ImportsTable } from "../../db/schema.ts";
import { detailOf, storedProblems } from "./import.problems.ts";

export const IMPORT_COMPACT = ["source", "status"] as const;

export async function presentImport(db: Db, row: ImportsTable) {
  const project = row.project_gid
    ? await db.selectFrom("projects").select(["gid", "name"]).where("gid", "=", row.project_gid).executeTakeFirst()
    : undefined;
  const problems = storedProblems(row.problems);
  return {
    gid: String(row.gid),
    resource_type: "import",
    source: row.source,
    status: row.status,
    progress: row.status === "succeeded" || row.status === "failed" ? 100 : row.status === "queued" ? 0 : row.progress,
    file_name: row.file_name,
    workspace: { gid: String(row.workspace_gid), resource_type: "workspace" },
    team: row.team_gid ? { gid: String(row.team_gid), resource_type: "team" } : null,
    project: project ? { gid: String(project.gid), resource_type: "project", name: project.name } : null,
    counts: JSON.parse(row.counts) as Record<string, number>,
    problems: problems.map((item) => item.message),
    problem_details: problems.map(detailOf),
    created_by: { gid: String(row.created_by_gid), resource_type: "user" },
    created_at: row.created_at,
    started_at: row.started_at,
    finished_at: row.finished_at,
  };
}
