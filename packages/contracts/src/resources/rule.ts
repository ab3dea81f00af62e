import { z } from "zod";
import { Gid } from "../common.ts";
import { RuleAction, RuleCondition, RuleTrigger } from "../rules.ts";
import { DateTime, ProjectCompact, ReaderRef } from "./shared.ts";

export const RULE_STEP_TYPES = [
  "moved_to_section",
  "added_to_project",
  "marked_complete",
  "marked_incomplete",
  "assigned",
  "unassigned",
  "due_on_set",
  "commented",
  "field_set",
  "custom_field_set",
  "subtasks_added",
  "follower_added",
  "tag_added",
  "tag_removed",
  "webhook_sent",
  "stopped_at_depth",
  "text",
] as const;

// What a step names is a ReaderRef: a project the reader may not see, and a section of it, come without a name.
export const RuleStep = z
  .object({
    type: z.enum(RULE_STEP_TYPES),
    project: ReaderRef.optional().describe("moved_to_section, added_to_project."),
    section: ReaderRef.optional().describe("moved_to_section."),
    user: ReaderRef.optional().describe("assigned, follower_added."),
    tag: ReaderRef.optional().describe("tag_added, tag_removed."),
    custom_field: ReaderRef.optional().describe("custom_field_set."),
    task_template: ReaderRef.optional().describe("subtasks_added."),
    due_on: z.string().optional().describe("due_on_set."),
    field: z.string().optional().describe("field_set: the task field set (name, notes, due_on, …)."),
    depth: z.number().int().optional().describe("stopped_at_depth: how many rules in a row triggered each other."),
    text: z.string().optional().describe("text: a step recorded before steps were structured, in English."),
  })
  .meta({ id: "RuleStep", description: "Takt: one thing a rule's run did, for a client to word in its language." });
export type RuleStep = z.infer<typeof RuleStep>;

export const RULE_PROBLEMS = [
  "section_deleted",
  "tag_deleted",
  "task_template_deleted",
  "person_left",
  "creator_gone",
  "other",
] as const;

export const RuleProblem = z
  .object({
    type: z.enum(RULE_PROBLEMS),
    gid: Gid.optional().describe("The section, tag, task template or person that is gone."),
  })
  .meta({ id: "RuleProblem", description: "Takt: why a rule's run failed and paused the rule." });
export type RuleProblem = z.infer<typeof RuleProblem>;

export const Rule = z
  .object({
    gid: Gid,
    resource_type: z.literal("rule"),
    name: z.string(),
    enabled: z.boolean(),
    project: ProjectCompact,
    trigger: RuleTrigger.extend({ gid: Gid, resource_type: z.literal("rule_trigger") }).describe(
      "The trigger; its gid runs an incoming_web_request rule (POST /rule_triggers/{gid}/run).",
    ),
    conditions: z.array(RuleCondition),
    actions: z.array(RuleAction),
    paused_reason: z
      .string()
      .nullable()
      .describe("Set when the rule stopped itself (something it names is gone); saving it clears this."),
    paused_problem: RuleProblem.nullable().describe("paused_reason's cause, structured; other when it has no name."),
    created_by: z.object({ gid: Gid, resource_type: z.literal("user") }),
    created_at: DateTime,
    modified_at: DateTime,
    webhook_secret: z
      .string()
      .optional()
      .describe("The secret a send_webhook action signs with: in create and update answers only."),
  })
  .meta({ id: "Rule", description: "Takt: a project's automation rule." });
export type Rule = z.infer<typeof Rule>;

export const RuleRun = z
  .object({
    gid: Gid,
    resource_type: z.literal("rule_run"),
    status: z.enum(["succeeded", "failed", "skipped", "stopped"]),
    message: z.string().describe("What happened, in English, naming only what the reader may see."),
    steps: z.array(RuleStep).describe("succeeded, stopped: what the run did, step by step."),
    condition: RuleCondition.nullable().describe("skipped: the condition that did not hold."),
    problem: RuleProblem.nullable().describe("failed: why."),
    depth: z.number().int(),
    task: z.object({ gid: Gid, resource_type: z.literal("task") }).nullable(),
    created_at: DateTime,
  })
  .meta({ id: "RuleRun" });
export type RuleRun = z.infer<typeof RuleRun>;

export const RuleTriggerRun = z
  .object({ message: z.string() })
  .meta({ id: "RuleTriggerRun", description: "The rule will run on the task in the background." });
export type RuleTriggerRun = z.infer<typeof RuleTriggerRun>;
