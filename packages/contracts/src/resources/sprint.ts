import { z } from "zod";
import { Gid } from "../common.ts";
import { SprintState } from "../sprints.ts";
import { DateTime, Day, ProjectCompact, SectionCompact, TaskRef, UserCompact } from "./shared.ts";

export const Sprint = z
  .object({
    gid: Gid,
    resource_type: z.literal("sprint"),
    name: z.string(),
    goal: z.string(),
    state: SprintState,
    start_on: Day.nullable(),
    end_on: Day.nullable(),
    capacity_points: z.number().nullable(),
    started_at: DateTime.nullable(),
    completed_at: DateTime.nullable(),
    committed_points: z.number().nullable().describe("Points in the sprint when it started."),
    committed_tasks: z.number().int().nullable(),
    num_tasks: z.number().int(),
    num_completed_tasks: z.number().int(),
    total_points: z.number(),
    completed_points: z.number(),
    project: ProjectCompact,
    created_at: DateTime,
    modified_at: DateTime,
  })
  .meta({ id: "Sprint", description: "Takt (Scrum): a sprint of a project." });
export type Sprint = z.infer<typeof Sprint>;

export const SprintListItem = Sprint.pick({
  gid: true,
  resource_type: true,
  name: true,
  state: true,
  start_on: true,
  end_on: true,
}).meta({ id: "SprintListItem" });
export type SprintListItem = z.infer<typeof SprintListItem>;

const SprintRef = z.object({ gid: Gid, resource_type: z.literal("sprint"), name: z.string() });
const Count = z.number().nullable();

export const Burndown = z
  .object({
    sprint: SprintRef.extend({ state: SprintState }),
    start_on: Day.nullable(),
    end_on: Day.nullable(),
    today: Day,
    committed_points: z.number(),
    committed_tasks: z.number().int(),
    days: z.array(
      z.object({
        date: Day,
        remaining_points: Count.describe("At the end of the day (UTC); null for days still ahead."),
        remaining_tasks: Count,
        completed_points: Count,
        completed_tasks: Count,
        scope_points: Count,
        scope_tasks: Count,
        added_tasks: Count,
        removed_tasks: Count,
        scope_change_points: Count,
        ideal_points: z.number(),
        ideal_tasks: z.number(),
      }),
    ),
  })
  .meta({ id: "Burndown" });
export type Burndown = z.infer<typeof Burndown>;

const ReportLine = z.object({ task: TaskRef, story_points: z.number() });

export const SprintReport = z
  .object({
    sprint: SprintRef,
    state: SprintState,
    as_of: DateTime,
    committed_points: z.number(),
    committed_tasks: z.number().int(),
    completed: z.array(ReportLine),
    not_completed: z.array(ReportLine),
    added_after_start: z.array(ReportLine),
    removed: z.array(ReportLine),
    completed_points: z.number(),
    not_completed_points: z.number(),
    added_points: z.number(),
    removed_points: z.number(),
  })
  .meta({ id: "SprintReport" });
export type SprintReport = z.infer<typeof SprintReport>;

export const Velocity = z
  .object({
    sprints: z.array(
      z.object({
        sprint: SprintRef,
        start_on: Day.nullable(),
        end_on: Day.nullable(),
        completed_at: DateTime.nullable(),
        committed_points: z.number(),
        committed_tasks: z.number().int(),
        completed_points: z.number(),
        completed_tasks: z.number().int(),
      }),
    ),
    average_completed_points: z.number(),
  })
  .meta({ id: "Velocity" });
export type Velocity = z.infer<typeof Velocity>;

export const CumulativeFlow = z
  .object({
    from: Day,
    to: Day,
    sections: z.array(SectionCompact),
    days: z.array(
      z.object({
        date: Day,
        counts: z.record(z.string(), z.number().int()).describe("Tasks in each section (by gid) that day."),
      }),
    ),
  })
  .meta({ id: "CumulativeFlow" });
export type CumulativeFlow = z.infer<typeof CumulativeFlow>;

export const PeopleReport = z
  .object({
    from: Day,
    to: Day,
    projects: z.array(Gid).describe("The projects the report counts."),
    people: z.array(
      z.object({
        user: UserCompact.nullable(),
        tasks_completed: z.number().int(),
        points_completed: z.number(),
        overdue_open_tasks: z.number().int(),
        average_cycle_time_hours: z.number().nullable(),
        average_cycle_time_days: z.number().nullable(),
        cycle_time_samples: z.number().int(),
        time_logged_minutes: z.number().int(),
      }),
    ),
  })
  .meta({ id: "PeopleReport" });
export type PeopleReport = z.infer<typeof PeopleReport>;

const Load = z.object({ open_tasks: z.number().int(), open_points: z.number() });

export const Workload = z
  .object({
    from: Day,
    weeks: z.array(z.object({ start_on: Day, end_on: Day })),
    people: z.array(
      z.object({
        user: UserCompact.nullable(),
        weekly_capacity_points: z.number().nullable(),
        weeks: z.array(Load.extend({ start_on: Day, over_capacity: z.boolean() })),
        unscheduled: Load.describe("Open work without a due date."),
      }),
    ),
  })
  .meta({ id: "Workload" });
export type Workload = z.infer<typeof Workload>;

export const WeeklyCapacity = z
  .object({
    user: z.object({ gid: Gid, resource_type: z.literal("user") }),
    workspace: z.object({ gid: Gid, resource_type: z.literal("workspace") }),
    weekly_capacity_points: z.number().nullable(),
  })
  .meta({ id: "WeeklyCapacity" });
export type WeeklyCapacity = z.infer<typeof WeeklyCapacity>;
