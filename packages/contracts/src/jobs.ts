import { z } from "zod";
import { Gid } from "./common.ts";

// The job queue, for server admins (Takt extension).
export const JOB_STATES = ["queued", "running", "succeeded", "dead"] as const;
export const JobState = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobState>;

export const AdminJobsQuery = z.object({ state: JobState.default("dead") });

export const AdminJobParams = z.object({ job_gid: Gid });
