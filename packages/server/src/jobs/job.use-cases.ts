import type { JobState } from "@takt/contracts";
import { type Actor, type Ctx, unitOfWork } from "../domain/context.ts";
import { badRequest, notFound } from "../errors.ts";
import { requireServerAdmin } from "./job.policy.ts";
import { jobsInState, retryDeadJob } from "./queue.ts";

type AdminCtx = Ctx & { actor: Actor };

export async function listJobs(ctx: AdminCtx, state: JobState, window: { limit: number; offset: number }) {
  await requireServerAdmin(ctx.db, ctx.actor);
  return jobsInState(ctx.db, state, window.limit, window.offset);
}

// A dead job back to the queue with fresh attempts (after the cause was fixed); the workers wake after commit.
export async function retryJob(ctx: AdminCtx, jobId: number) {
  await unitOfWork(ctx, async (uow) => {
    await requireServerAdmin(uow.db, ctx.actor);
    const job = await uow.db.selectFrom("jobs").select("state").where("id", "=", jobId).executeTakeFirst();
    if (!job) throw notFound("job");
    if (job.state !== "dead" || !(await retryDeadJob(uow.db, jobId))) {
      throw badRequest("job: only a dead job can be retried");
    }
  });
  ctx.bus.notifyJobs();
}
