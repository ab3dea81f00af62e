import { sql } from "kysely";
import { registerJobHandler } from "./registry.ts";

// TEST-ONLY job kind, registered only when TAKT_TEST_JOB_KINDS=1 (never set it in production): lets the
// worker-kill test run a slow job in real `takt serve --role worker` processes. The test creates the two tables.
// Each attempt records a row in test_job_runs; the effect goes to test_job_effects keyed by the job id, so a
// second attempt after a killed one still has exactly one effect (the idempotency every handler must have).
export const TEST_SLOW_JOB = "test.slow";

if (process.env.TAKT_TEST_JOB_KINDS === "1") {
  registerJobHandler(TEST_SLOW_JOB, async (job, takt) => {
    const ms = Math.min(Number(job.payload.ms) || 0, 60_000);
    const at = () => new Date().toISOString();
    await sql`insert into test_job_runs (job_id, pid, attempt, started_at) values (${job.id}, ${process.pid}, ${job.attempts}, ${at()})`.execute(
      takt.db,
    );
    await new Promise((resolve) => setTimeout(resolve, ms));
    await sql`insert into test_job_effects (job_id, pid, done_at) values (${job.id}, ${process.pid}, ${at()})
      on conflict (job_id) do nothing`.execute(takt.db);
    return undefined;
  });
}
