import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { badRequest, notFound } from "../../errors.ts";
import { requireServerAdmin } from "../../jobs/job.policy.ts";
import { presentJob } from "../../jobs/job.presenter.ts";
import { jobsInState, retryDeadJob } from "../../jobs/queue.ts";
import { actorOf, listed, pageOf } from "../request.ts";
import { gidParam, parse } from "../validation.ts";

const JobsQuery = z.object({ state: z.enum(["queued", "running", "succeeded", "dead"]).default("dead") });

// Takt extension: the job queue for server admins, dead letters first (GET /admin/jobs?state=dead).
export async function adminJobsRoutes(app: FastifyInstance) {
  const { db } = app.takt;
  app.get("/admin/jobs", async (request) => {
    const actor = actorOf(request);
    const query = parse(JobsQuery, request.query);
    await requireServerAdmin(db, actor);
    const page = pageOf(request);
    const rows = await jobsInState(db, query.state, page.window.limit, page.window.offset);
    return listed(request, page, rows.map(presentJob));
  });

  // A dead job back to the queue with fresh attempts (after the cause was fixed).
  app.post<{ Params: { job_gid: string } }>("/admin/jobs/:job_gid/retry", async (request) => {
    const actor = actorOf(request);
    const id = gidParam(request.params.job_gid, "job");
    await requireServerAdmin(db, actor);
    const job = await db.selectFrom("jobs").select("state").where("id", "=", id).executeTakeFirst();
    if (!job) throw notFound("job");
    if (job.state !== "dead" || !(await retryDeadJob(db, id))) throw badRequest("job: only a dead job can be retried");
    app.takt.bus.notifyJobs();
    return { data: {} };
  });
}
