import { isPostgres } from "../../db/dialect.ts";
import type { Db } from "../../db/index.ts";
import type { ApiJobsTable } from "../../db/schema.ts";
import type { EventConsumer } from "../../events/consumer.ts";
import { enqueueJob } from "../../jobs/queue.ts";
import { registerEventConsumer, registerJobHandler } from "../../jobs/registry.ts";
import type { Takt } from "../../takt.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { API_JOB, type ApiJobResult, apiJobRunners } from "./api-job.ts";
import { deleteProjectTemplate, instantiateProject, saveProjectAsTemplate } from "./project-template.commands.ts";
import { applyTemplateSubtasks, instantiateTaskTemplate, sectionTemplateKey } from "./task-template.commands.ts";

export const SECTION_TEMPLATE = "templates.section_default";

async function actorOf(db: Db, gid: number | null): Promise<Actor | null> {
  if (!gid) return null;
  return (
    (await db
      .selectFrom("users")
      .select(["gid", "name", "email", "language"])
      .where("gid", "=", gid)
      .executeTakeFirst()) ?? null
  );
}

// An API job's work and its record (status, what it made) commit together, in one unit of work: the queue
// delivers a job at least once (a worker that dies mid-job leaves it to another), and a job re-run after a crash
// finds either its record finished or nothing of its work — never a project made twice, or a duplicate's snapshot
// template left behind. A failure rolls the work back and records why. Runners whose work is a file rather than
// rows (exports) do their own units and are recorded after.
async function runApiJob(takt: Takt, jobGid: number): Promise<void> {
  const { db } = takt;
  const job = await db.selectFrom("api_jobs").selectAll().where("gid", "=", jobGid).executeTakeFirst();
  if (!job || finished(job)) return;
  // Only a job still waiting: a second delivery must not turn a finished job back to "in_progress".
  await db
    .updateTable("api_jobs")
    .set({ status: "in_progress" })
    .where("gid", "=", job.gid)
    .where("status", "=", "queued")
    .execute();
  try {
    const actor = await actorOf(db, job.created_by_gid);
    if (!actor) throw new Error("the person who started this job no longer exists");
    const ctx = { db, bus: takt.bus, actor };
    const payload = JSON.parse(job.payload) as Record<string, unknown>;
    // Another area's subtype has a runner; the templates' own are performed here.
    const runner = apiJobRunners.get(job.resource_subtype);
    const work = (on: Ctx & { actor: Actor }) =>
      runner ? runner.run(on, job, payload, takt) : perform(on, job, payload);
    if (runner?.ownUnits) {
      await record(db, job, { status: "succeeded", ...(await work(ctx)) });
      return;
    }
    await unitOfWork(ctx, async (uow) => {
      // Read again in the unit (locked on PostgreSQL): a second delivery of the job waits for the first to commit,
      // then finds it finished.
      const current = await uow.db
        .selectFrom("api_jobs")
        .select("status")
        .where("gid", "=", job.gid)
        .$if(isPostgres(uow.db), (query) => query.forUpdate())
        .executeTakeFirst();
      if (!current || finished(current)) return;
      const made = await work(uow);
      await record(uow.db, job, { status: "succeeded", ...made });
    });
  } catch (error) {
    await record(db, job, { status: "failed", error: error instanceof Error ? error.message : String(error) });
  }
}

const finished = (job: { status: string }) => job.status === "succeeded" || job.status === "failed";

// The job's outcome, once: a delivery that failed never overwrites one that finished first.
function record(db: Db, job: ApiJobsTable, values: { status: "succeeded" | "failed"; error?: string } & ApiJobResult) {
  return db
    .updateTable("api_jobs")
    .set({
      status: values.status,
      error: values.error ?? null,
      new_project_gid: values.project ?? null,
      new_task_gid: values.task ?? null,
      new_project_template_gid: values.template ?? null,
      new_portfolio_gid: values.portfolio ?? null,
      finished_at: new Date().toISOString(),
    })
    .where("gid", "=", job.gid)
    .where("status", "in", ["queued", "in_progress"])
    .execute();
}

// The job's work, as its creator, in the job's unit of work.
async function perform(
  ctx: Ctx & { actor: Actor },
  job: ApiJobsTable,
  payload: Record<string, unknown>,
): Promise<ApiJobResult> {
  const { db } = ctx;
  switch (job.resource_subtype) {
    case "instantiate_project_template": {
      const template = await db
        .selectFrom("project_templates")
        .selectAll()
        .where("gid", "=", Number(payload.template))
        .executeTakeFirst();
      if (!template) throw new Error("project_template: the template was deleted");
      const project = await instantiateProject(ctx, template, {
        name: String(payload.name),
        workspaceGid: job.workspace_gid,
        teamGid: payload.team ? Number(payload.team) : null,
        isPublic: payload.public !== false,
        startDate: String(payload.start_date),
        roles: new Map(Object.entries(payload.roles as Record<string, number>)),
      });
      return { project: project.gid };
    }
    case "export_project_template": {
      const project = await db
        .selectFrom("projects")
        .selectAll()
        .where("gid", "=", Number(payload.project))
        .executeTakeFirst();
      if (!project) throw new Error("project: the project was deleted");
      const template = await saveProjectAsTemplate(ctx, project, {
        name: String(payload.name),
        workspaceGid: job.workspace_gid,
        teamGid: payload.team ? Number(payload.team) : null,
        isPublic: payload.public !== false,
      });
      return { template: template.gid };
    }
    case "duplicate_project": {
      const source = await db
        .selectFrom("projects")
        .selectAll()
        .where("gid", "=", Number(payload.project))
        .executeTakeFirst();
      if (!source) throw new Error("project: the project was deleted");
      const where = { workspaceGid: job.workspace_gid, teamGid: payload.team ? Number(payload.team) : null };
      // The copy goes through a snapshot template that lives only inside this unit of work.
      const snapshot = await saveProjectAsTemplate(ctx, source, {
        ...where,
        name: String(payload.name),
        isPublic: false,
      });
      const project = await instantiateProject(ctx, snapshot, {
        ...where,
        name: String(payload.name),
        isPublic: payload.public !== false,
        startDate: String(payload.start_date),
        roles: new Map(),
      });
      await deleteProjectTemplate(ctx, snapshot);
      return { project: project.gid };
    }
    case "instantiate_task_template": {
      const template = await db
        .selectFrom("task_templates")
        .selectAll()
        .where("gid", "=", Number(payload.template))
        .executeTakeFirst();
      if (!template) throw new Error("task_template: the template was deleted");
      const task = await instantiateTaskTemplate(ctx, template, payload.name as string | undefined);
      return { task: task.gid };
    }
    default:
      throw new Error(`unknown job subtype ${job.resource_subtype}`);
  }
}

// A task placed in a section that has a default template gets the template's subtasks, once.
export const sectionTemplateConsumer: EventConsumer = {
  name: "section-default-templates",
  async handle(trx, events) {
    const placements = events.filter(
      (event) => event.resource_type === "task" && event.action === "added" && event.parent_type === "section",
    );
    if (placements.length === 0) return false;
    const defaults = await trx
      .selectFrom("section_templates")
      .selectAll()
      .where(
        "section_gid",
        "in",
        placements.map((event) => event.parent_gid ?? 0),
      )
      .execute();
    if (defaults.length === 0) return false;
    const bySection = new Map(defaults.map((row) => [row.section_gid, row.task_template_gid]));
    let enqueued = false;
    for (const event of placements) {
      const templateGid = bySection.get(event.parent_gid ?? 0);
      if (!templateGid) continue;
      const id = await enqueueJob(trx, {
        kind: SECTION_TEMPLATE,
        payload: { task: event.resource_gid, template: templateGid, actor: event.actor_gid },
        key: `${SECTION_TEMPLATE}:${sectionTemplateKey(event.resource_gid, templateGid)}`,
      });
      enqueued ||= id !== null;
    }
    return enqueued;
  },
};

registerEventConsumer(sectionTemplateConsumer);
registerJobHandler(API_JOB, async (job, takt) => {
  await runApiJob(takt, Number(job.payload.job));
  return undefined;
});
registerJobHandler(SECTION_TEMPLATE, async (job, takt) => {
  const template = await takt.db
    .selectFrom("task_templates")
    .selectAll()
    .where("gid", "=", Number(job.payload.template))
    .executeTakeFirst();
  if (!template) return undefined;
  const actor =
    (await actorOf(takt.db, Number(job.payload.actor))) ?? (await actorOf(takt.db, template.created_by_gid));
  if (!actor) return undefined;
  const taskGid = Number(job.payload.task);
  await applyTemplateSubtasks(
    { db: takt.db, bus: takt.bus, actor },
    template,
    taskGid,
    sectionTemplateKey(taskGid, template.gid),
  );
  return undefined;
});
