import { z } from "zod";
import { DateOnly, Gid } from "./common.ts";

// Scrum (Takt extension): sprints of a project, its backlog order, and the sprint's report.

export const SPRINT_STATES = ["planned", "active", "completed"] as const;
export const SprintState = z.enum(SPRINT_STATES).meta({ id: "SprintState" });
export type SprintState = z.infer<typeof SprintState>;

export const StoryPoints = z
  .number({ error: (issue) => (issue.input === undefined ? "Missing input" : "must be a number or null") })
  .min(0, "must not be negative")
  .max(100_000, "must be at most 100000");

const SprintName = z.string().trim().min(1, "must not be empty").max(1024);
const SprintFields = {
  goal: z.string().max(65_535).optional(),
  start_on: DateOnly.nullable().optional(),
  end_on: DateOnly.nullable().optional(),
  capacity_points: StoryPoints.nullable().optional(),
};
export const CreateSprintBody = z.strictObject({ name: SprintName, ...SprintFields });
export type CreateSprintBody = z.infer<typeof CreateSprintBody>;
export const UpdateSprintBody = z.strictObject({ name: SprintName.optional(), ...SprintFields });
export type UpdateSprintBody = z.infer<typeof UpdateSprintBody>;

export const SprintTaskBody = z.strictObject({ task: Gid });
export type SprintTaskBody = z.infer<typeof SprintTaskBody>;

// Where the sprint's unfinished tasks go: the backlog, or another sprint of the project.
export const CompleteSprintBody = z.strictObject({
  move_incomplete_to: z.union([z.literal("backlog"), Gid], {
    error: (issue) => (issue.input === undefined ? "Missing input" : 'must be "backlog" or a sprint gid'),
  }),
});
export type CompleteSprintBody = z.infer<typeof CompleteSprintBody>;

export const ScrumSettingBody = z.strictObject({ scrum_enabled: z.boolean() });
export type ScrumSettingBody = z.infer<typeof ScrumSettingBody>;

// Exactly one of before_task and after_task.
export const BacklogInsertBody = z.strictObject({
  task: Gid,
  before_task: Gid.optional(),
  after_task: Gid.optional(),
});
export type BacklogInsertBody = z.infer<typeof BacklogInsertBody>;

export const SprintsQuery = z.object({ state: SprintState.optional() }).loose();

export const SprintProjectParams = z.object({ project_gid: Gid });
export const SprintParams = z.object({ sprint_gid: Gid });
