import { z } from "zod";
import { DateOnly, Gid } from "./common.ts";
import { DateTime, Day, OPT_IN_PERMISSIONS, TeamCompact, UserCompact, WorkspaceCompact } from "./resources/shared.ts";
import { StatusType } from "./status-updates.ts";

// Goals (Asana's /goals, /goal_relationships, /time_periods): what the company aims at, how far it got.

export const TimePeriodKind = z.enum(["FY", "H1", "H2", "Q1", "Q2", "Q3", "Q4"]);
export const GoalStatus = z.enum(["green", "yellow", "red", "missed", "achieved", "partial", "dropped"]);
export const ProgressSource = z.enum([
  "manual",
  "subgoal_progress",
  "project_task_completion",
  "project_milestone_completion",
  "task_completion",
  "external",
]);

export const GoalPermissions = z
  .object({
    edit: z.boolean().describe("May change the goal, its metric and its supporting work."),
    post_status: z.boolean(),
    delete: z.boolean(),
    follow: z.boolean(),
    comment: z.boolean().optional().describe("May comment in the goal's feed (everyone who sees it)."),
  })
  .meta({ id: "GoalPermissions" });
export type GoalPermissions = z.infer<typeof GoalPermissions>;

export const TimePeriodCompact = z
  .object({
    gid: Gid,
    resource_type: z.literal("time_period"),
    display_name: z.string(),
    period: TimePeriodKind,
    start_on: Day,
    end_on: Day,
  })
  .meta({ id: "TimePeriodCompact" });
export const TimePeriod = TimePeriodCompact.extend({ parent: TimePeriodCompact.omit({}).nullable() }).meta({
  id: "TimePeriod",
});
export const TimePeriodsQuery = z
  .object({ workspace: Gid, start_on: DateOnly.optional(), end_on: DateOnly.optional() })
  .loose();
export const TimePeriodPathParams = z.object({ time_period_gid: Gid });

export const GoalMetric = z
  .object({
    gid: Gid,
    resource_type: z.literal("goal_metric"),
    resource_subtype: z.literal("number"),
    precision: z.number().int(),
    unit: z.enum(["none", "currency", "percentage"]),
    currency_code: z.string().nullable(),
    initial_number_value: z.number(),
    target_number_value: z.number(),
    current_number_value: z.number(),
    current_display_value: z.string(),
    progress_source: ProgressSource,
    is_custom_weight: z.boolean(),
  })
  .meta({ id: "GoalMetric" });
export type GoalMetric = z.infer<typeof GoalMetric>;

export const GoalCompact = z
  .object({
    gid: Gid,
    resource_type: z.literal("goal"),
    name: z.string(),
    owner: UserCompact.nullable().optional(),
    permissions: GoalPermissions.optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "GoalCompact" });

const GoalStatusUpdateRef = z.object({
  gid: Gid,
  resource_type: z.literal("status_update"),
  resource_subtype: z.literal("goal_status_update"),
  title: z.string(),
  status_type: StatusType,
  created_at: DateTime,
});

export const Goal = z
  .object({
    gid: Gid,
    resource_type: z.literal("goal"),
    name: z.string(),
    notes: z.string(),
    html_notes: z.string(),
    due_on: Day.nullable(),
    start_on: Day.nullable(),
    is_workspace_level: z.boolean(),
    liked: z.boolean(),
    likes: z.array(z.object({ gid: Gid, resource_type: z.literal("like"), user: UserCompact })),
    num_likes: z.number().int(),
    team: TeamCompact.nullable(),
    workspace: WorkspaceCompact,
    followers: z.array(UserCompact),
    time_period: TimePeriodCompact.nullable(),
    metric: GoalMetric.nullable(),
    owner: UserCompact.nullable(),
    current_status_update: GoalStatusUpdateRef.nullable(),
    status: GoalStatus.nullable(),
    privacy_setting: z.enum(["public_to_workspace", "members_only"]),
    default_access_level: z.enum(["admin", "editor", "commenter", "viewer"]),
    custom_fields: z.array(z.object({ gid: Gid, resource_type: z.string() })),
    custom_field_settings: z.array(z.object({ gid: Gid, resource_type: z.string() })),
    progress: z.number().describe("Takt extension: 0–1, from the metric (manual or from supporting projects)."),
    permalink_url: z.string(),
    permissions: GoalPermissions.optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "Goal" });
export type Goal = z.infer<typeof Goal>;

const GoalFields = {
  name: z.string().trim().min(1).max(1024),
  notes: z.string().max(65_000).optional(),
  html_notes: z.string().max(262_144).optional(),
  due_on: DateOnly.nullable().optional(),
  start_on: DateOnly.nullable().optional(),
  is_workspace_level: z.boolean().optional(),
  team: Gid.nullable().optional(),
  time_period: Gid.nullable().optional(),
  owner: z.string().min(1).max(40).nullable().optional(),
  status: GoalStatus.nullable().optional(),
  privacy_setting: z.enum(["public_to_workspace", "members_only"]).optional(),
  liked: z.boolean().optional().describe("Accepted; Takt keeps no likes on goals."),
};
export const CreateGoalBody = z.strictObject({
  ...GoalFields,
  workspace: Gid,
  followers: z.array(z.string().min(1).max(40)).max(100).optional(),
});
export type CreateGoalBody = z.infer<typeof CreateGoalBody>;
export const UpdateGoalBody = z.strictObject({ ...GoalFields, name: GoalFields.name.optional() });
export type UpdateGoalBody = z.infer<typeof UpdateGoalBody>;

export const GoalsQuery = z
  .object({
    workspace: Gid.optional(),
    team: Gid.optional(),
    portfolio: Gid.optional(),
    project: Gid.optional(),
    task: Gid.optional(),
    is_workspace_level: z.string().optional(),
    time_periods: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .loose();
export const GoalPathParams = z.object({ goal_gid: Gid });

export const GoalMetricBody = z.strictObject({
  metric_type: z.literal("number").optional(),
  resource_subtype: z.literal("number").optional(),
  precision: z.number().int().min(0).max(6).optional(),
  unit: z.enum(["none", "currency", "percentage"]).optional(),
  currency_code: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD")
    .nullable()
    .optional(),
  initial_number_value: z.number().finite().optional(),
  target_number_value: z.number().finite().optional(),
  current_number_value: z.number().finite().optional(),
  progress_source: ProgressSource.optional(),
  is_custom_weight: z.boolean().optional(),
});
export const GoalMetricCurrentValueBody = z.strictObject({ current_number_value: z.number().finite() });
export const GoalFollowersBody = z.strictObject({
  followers: z.union([z.string().min(1).max(2000), z.array(z.string().min(1).max(40)).min(1).max(100)]),
});

export const GoalRelationship = z
  .object({
    gid: Gid,
    resource_type: z.literal("goal_relationship"),
    resource_subtype: z.enum(["subgoal", "supporting_work"]),
    supporting_resource: z.object({
      gid: Gid,
      resource_type: z.enum(["project", "goal", "portfolio"]),
      name: z.string().nullable(),
    }),
    contribution_weight: z.number(),
    supported_goal: GoalCompact,
    progress: z.number().optional().describe("Takt extension: the supporting resource's progress, 0–1."),
  })
  .meta({ id: "GoalRelationship" });
export type GoalRelationship = z.infer<typeof GoalRelationship>;
export const AddSupportingRelationshipBody = z.strictObject({
  supporting_resource: Gid,
  insert_before: Gid.optional(),
  insert_after: Gid.optional(),
  contribution_weight: z.number().min(0).max(1).optional(),
});
export const RemoveSupportingRelationshipBody = z.strictObject({ supporting_resource: Gid });
export const UpdateGoalRelationshipBody = z.strictObject({ contribution_weight: z.number().min(0).max(1).optional() });
export const GoalRelationshipsQuery = z
  .object({ supported_goal: Gid, resource_subtype: z.enum(["subgoal", "supporting_work"]).optional() })
  .loose();
export const GoalRelationshipPathParams = z.object({ goal_relationship_gid: Gid });

export const GoalStatusUpdate = z
  .object({
    gid: Gid,
    resource_type: z.literal("status_update"),
    resource_subtype: z.literal("goal_status_update"),
    title: z.string(),
    text: z.string(),
    status_type: StatusType,
    author: UserCompact.nullable(),
    created_by: UserCompact.nullable(),
    created_at: DateTime,
    parent: GoalCompact,
  })
  .meta({ id: "GoalStatusUpdate" });
export const CreateGoalStatusUpdateBody = z.strictObject({
  status_type: StatusType,
  title: z.string().trim().min(1).max(1024),
  text: z.string().max(65_000).optional(),
});
