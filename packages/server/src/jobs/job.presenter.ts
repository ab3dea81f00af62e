import type { Job } from "./queue.ts";

// Jobs as server admins see them (GET /admin/jobs): ids as strings, like every gid.
export function presentJob(job: Job) {
  return {
    gid: String(job.id),
    resource_type: "job",
    kind: job.kind,
    state: job.state,
    payload: job.payload,
    attempts: job.attempts,
    max_attempts: job.max_attempts,
    run_at: job.run_at,
    last_error: job.last_error,
    locked_by: job.locked_by,
    request_id: job.request_id,
    created_at: job.created_at,
    updated_at: job.updated_at,
    finished_at: job.finished_at,
  };
}
