import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requireServerAdmin } from "../../jobs/job.policy.ts";
import { presentJob } from "../../jobs/job.presenter.ts";
import { jobsInState } from "../../jobs/queue.ts";
import { actorOf, listed, pageOf } from "../request.ts";
import { parse } from "../validation.ts";

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
}
