import { AdminJobParams, AdminJobsQuery, Empty, QueuedJob } from "@takt/contracts";
import type { FastifyInstance } from "fastify";
import { presentJob } from "../../jobs/job.presenter.ts";
import { listJobs, retryJob } from "../../jobs/job.use-cases.ts";
import { contract } from "../contract.ts";
import { ctxOf, listed, pageOf } from "../request.ts";
import { gidParam, parse } from "../validation.ts";

// Takt extension: the job queue for server admins, dead letters first (GET /admin/jobs?state=dead).
export async function adminJobsRoutes(app: FastifyInstance) {
  app.get(
    "/admin/jobs",
    contract({ summary: "Get the job queue", query: AdminJobsQuery, response: QueuedJob, list: true }),
    async (request) => {
      const ctx = ctxOf(request);
      const query = parse(AdminJobsQuery, request.query);
      const page = pageOf(request);
      const rows = await listJobs(ctx, query.state, page.window);
      return listed(request, page, rows.map(presentJob));
    },
  );

  // A dead job back to the queue with fresh attempts (after the cause was fixed).
  app.post<{ Params: { job_gid: string } }>(
    "/admin/jobs/:job_gid/retry",
    contract({ summary: "Retry a dead job", params: AdminJobParams, response: Empty }),
    async (request) => {
      const ctx = ctxOf(request);
      await retryJob(ctx, gidParam(request.params.job_gid, "job"));
      return { data: {} };
    },
  );
}
