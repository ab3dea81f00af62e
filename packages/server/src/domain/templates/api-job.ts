import { type Db, inTransaction } from "../../db/index.ts";
import type { ApiJobsTable } from "../../db/schema.ts";
import { newGid } from "../../ids.ts";
import { enqueueJob } from "../../jobs/queue.ts";
import type { Takt } from "../../takt.ts";
import type { Actor, Ctx } from "../context.ts";

export const API_JOB = "templates.api_job";

// Asana's Job: a public record of background work (instantiating a template, saving one), run by the durable queue.
// Written with the request's unit of work: the caller wakes the workers once it has committed.
export async function startApiJob(
  db: Db,
  input: { workspaceGid: number; subtype: string; actorGid: number; payload: Record<string, unknown> },
): Promise<ApiJobsTable> {
  const row: ApiJobsTable = {
    gid: newGid(),
    workspace_gid: input.workspaceGid,
    resource_subtype: input.subtype,
    status: "queued",
    created_by_gid: input.actorGid,
    payload: JSON.stringify(input.payload),
    new_project_gid: null,
    new_task_gid: null,
    new_project_template_gid: null,
    new_portfolio_gid: null,
    new_export_gid: (input.payload.export as number | undefined) ?? null,
    error: null,
    created_at: new Date().toISOString(),
    finished_at: null,
  };
  await inTransaction(db, async (trx) => {
    await trx.insertInto("api_jobs").values(row).execute();
    await enqueueJob(trx, { kind: API_JOB, payload: { job: row.gid }, key: `${API_JOB}:${row.gid}`, maxAttempts: 3 });
  });
  return row;
}

// A job for work done at once (duplicating a task): recorded finished, so GET /jobs/{gid} finds it as Asana's
// clients expect to poll it.
export async function recordFinishedJob(
  db: Db,
  input: { workspaceGid: number; subtype: string; actorGid: number; newTaskGid?: number; newProjectGid?: number },
): Promise<ApiJobsTable> {
  const now = new Date().toISOString();
  const row: ApiJobsTable = {
    gid: newGid(),
    workspace_gid: input.workspaceGid,
    resource_subtype: input.subtype,
    status: "succeeded",
    created_by_gid: input.actorGid,
    payload: "{}",
    new_project_gid: input.newProjectGid ?? null,
    new_task_gid: input.newTaskGid ?? null,
    new_project_template_gid: null,
    error: null,
    created_at: now,
    finished_at: now,
  };
  await db.insertInto("api_jobs").values(row).execute();
  return row;
}

// What an API job of another area made: the runner of its subtype does the work as the job's creator.
export interface ApiJobResult {
  project?: number;
  task?: number;
  template?: number;
  portfolio?: number;
}
export type ApiJobRunner = (
  ctx: Ctx & { actor: Actor },
  job: ApiJobsTable,
  payload: Record<string, unknown>,
  takt: Takt,
) => Promise<ApiJobResult>;
// A runner's work joins the job's unit of work (template.jobs.ts), unless it is `ownUnits`: work that is mostly
// reading and writing a file (an export) would hold SQLite's one writer for as long as it reads.
export const apiJobRunners = new Map<string, { run: ApiJobRunner; ownUnits: boolean }>();
export function registerApiJobRunner(subtype: string, run: ApiJobRunner, options: { ownUnits?: boolean } = {}) {
  apiJobRunners.set(subtype, { run, ownUnits: options.ownUnits ?? false });
}

// An export's public shape inside its job (Asana's graph_export / resource_export): the file's address once written.
async function exportRef(db: Db, gid: number | null | undefined, base: string) {
  if (!gid) return null;
  const row = await db.selectFrom("api_exports").selectAll().where("gid", "=", gid).executeTakeFirst();
  if (!row) return null;
  return {
    gid: String(row.gid),
    resource_type: row.kind === "graph" ? "graph_export" : "resource_export",
    created_at: row.created_at,
    completed_at: row.completed_at,
    download_url: row.status === "succeeded" && row.file ? `${base}/api/1.0/exports/${row.gid}/download` : null,
  };
}

export async function presentApiJob(db: Db, job: ApiJobsTable, base = "") {
  const ref = async (
    table: "projects" | "tasks" | "project_templates" | "portfolios",
    gid: number | null | undefined,
    type: string,
  ) => {
    if (!gid) return null;
    const row = await db.selectFrom(table).select(["gid", "name"]).where("gid", "=", gid).executeTakeFirst();
    return row
      ? { gid: String(row.gid), resource_type: type, name: row.name }
      : { gid: String(gid), resource_type: type };
  };
  return {
    gid: String(job.gid),
    resource_type: "job",
    resource_subtype: job.resource_subtype,
    status: job.status,
    new_project: await ref("projects", job.new_project_gid, "project"),
    new_task: await ref("tasks", job.new_task_gid, "task"),
    new_project_template: await ref("project_templates", job.new_project_template_gid, "project_template"),
    new_portfolio: await ref("portfolios", job.new_portfolio_gid, "portfolio"),
    new_graph_export: job.resource_subtype === "graph_export" ? await exportRef(db, job.new_export_gid, base) : null,
    new_resource_export:
      job.resource_subtype === "resource_export" ? await exportRef(db, job.new_export_gid, base) : null,
    // Takt: why a failed job failed.
    error: job.error,
  };
}
