import type { RuleProblem as Problem, RuleStep } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { EventsTable, RulesTable, TasksTable } from "../../db/schema.ts";
import { ApiError } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import type { Takt } from "../../takt.ts";
import { type Actor, type Ctx, type Tx, transact, unitOfWork } from "../context.ts";
import { prepareValues, taskProjectGids, writeValues } from "../custom-fields/custom-field.values.ts";
import { secretKeyOf } from "../custom-fields/secret-box.ts";
import { addDays } from "../recurrence/recurrence.rules.ts";
import { addComment } from "../stories/story.commands.ts";
import { ruleStepsText } from "../stories/story.render.ts";
import { tagTask } from "../tags/tag.commands.ts";
import { updateTask } from "../tasks/task.commands.ts";
import { changeFollowers } from "../tasks/task.links.ts";
import { placeInProject } from "../tasks/task.moves.ts";
import { authorizeTask } from "../tasks/task.policy.ts";
import { loadTask } from "../tasks/task.queries.ts";
import { applyTemplateSubtasks } from "../templates/task-template.commands.ts";
import { ALL_SEEING } from "../visible-references.ts";
import { definitionOf } from "./rule.commands.ts";
import { type CurrentCustomValue, customConditionHolds } from "./rule.match.ts";
import type { RunDetails } from "./rule.queries.ts";
import type { RuleAction, RuleCondition } from "./rule.schemas.ts";
import { enqueueRuleWebhook } from "./rule.webhook.ts";

// A chain of rules each triggered by the previous one's actions stops here, with a note on the task.
export const MAX_RULE_DEPTH = 5;

export interface RunRequest {
  rule: RulesTable;
  taskGid: number;
  // One run per (rule, key): an event id, or a web request's id.
  key: string;
  // The rules whose actions led to the triggering event, oldest first.
  chain: number[];
  // The triggering event, when an event fired the rule (send_webhook posts it).
  eventId?: number;
}

type RunStatus = "succeeded" | "failed" | "skipped" | "stopped";

// Something a rule names is gone: the run fails, and the rule pauses with the problem by name.
class RuleGone extends ApiError {
  constructor(
    readonly problem: Problem,
    message: string,
  ) {
    super(404, message);
  }
}

// The run's log entry, claimed first in the run's unit of work: one run per (rule, key). A second delivery of the
// same run waits on the claim until the first commits (PostgreSQL's unique index; SQLite runs one writer), then
// finds it taken. Its status and message are set before the unit commits (settle), so nobody reads the claim.
async function claim(db: Db, run: RunRequest): Promise<number | null> {
  const row = await db
    .insertInto("rule_runs")
    .values({
      gid: newGid(),
      rule_gid: run.rule.gid,
      key: run.key,
      task_gid: run.taskGid,
      status: "skipped",
      message: "",
      depth: run.chain.length,
      created_at: new Date().toISOString(),
    })
    .onConflict((conflict) => conflict.columns(["rule_gid", "key"]).doNothing())
    .returning("gid")
    .executeTakeFirst();
  return row ? Number(row.gid) : null;
}

async function settle(db: Db, entry: number, status: RunStatus, message: string, details: RunDetails) {
  await db
    .updateTable("rule_runs")
    .set({ status, message: message.slice(0, 2000), details: JSON.stringify(details) })
    .where("gid", "=", entry)
    .execute();
}

// The run's story on the task, told by reference (story.render.ts): a reader who cannot see the rule's project,
// or a project a step names, does not learn its name.
async function note(ctx: Ctx, task: TasksTable, rule: RulesTable, steps: RuleStep[]) {
  await transact(ctx, async (tx) => {
    await tx.emit({
      workspace_gid: task.workspace_gid,
      resource_type: "story",
      resource_gid: newGid(),
      resource_subtype: "rule_ran",
      parent_type: "task",
      parent_gid: task.gid,
      action: "added",
      change: {
        story: {
          type: "system",
          resource_subtype: "rule_ran",
          created_by: null,
          details: {
            rule: {
              gid: String(rule.gid),
              resource_type: "rule",
              name: rule.name,
              project: { gid: String(rule.project_gid), resource_type: "project" },
            },
            steps,
          },
        },
      },
    });
  });
}

async function conditionHolds(db: Db, task: TasksTable, condition: RuleCondition): Promise<boolean> {
  switch (condition.type) {
    case "assignee_is":
      return String(task.assignee_gid ?? "") === String(condition.user ?? "");
    case "assignee_set":
      return (task.assignee_gid !== null) === condition.value;
    case "field_equals": {
      const value = condition.field === "completed" ? task.completed === 1 : task[condition.field];
      return value === condition.value;
    }
    case "in_section": {
      const row = await db
        .selectFrom("task_memberships")
        .select("task_gid")
        .where("task_gid", "=", task.gid)
        .where("section_gid", "=", Number(condition.section))
        .executeTakeFirst();
      return Boolean(row);
    }
    case "has_tag": {
      const row = await db
        .selectFrom("task_tags")
        .select("task_gid")
        .where("task_gid", "=", task.gid)
        .where("tag_gid", "=", Number(condition.tag))
        .executeTakeFirst();
      return Boolean(row);
    }
    case "is_subtask":
      return (task.parent_gid !== null) === condition.value;
    case "custom_field_equals":
    case "custom_field_set":
      return customConditionHolds(condition, await currentCustomValue(db, task.gid, Number(condition.custom_field)));
  }
}

async function currentCustomValue(db: Db, taskGid: number, fieldGid: number): Promise<CurrentCustomValue | null> {
  const row = await db
    .selectFrom("task_custom_field_values")
    .selectAll()
    .where("task_gid", "=", taskGid)
    .where("custom_field_gid", "=", fieldGid)
    .executeTakeFirst();
  if (!row) return null;
  const chosen = [
    ...(row.enum_option_gid !== null ? [row.enum_option_gid] : []),
    ...(row.multi_value ? (JSON.parse(row.multi_value) as string[]).map(Number) : []),
  ];
  const names = new Map(
    chosen.length
      ? (
          await db.selectFrom("custom_field_enum_options").select(["gid", "name"]).where("gid", "in", chosen).execute()
        ).map((option) => [option.gid, option.name] as const)
      : [],
  );
  return {
    text_value: row.text_value,
    number_value: row.number_value,
    date_value: row.date_value,
    date_time_value: row.date_time_value,
    options: chosen.map((gid) => ({ gid: String(gid), name: names.get(gid) })),
  };
}

// Round robin: the next person after the one who got the previous task from this rule.
async function roundRobin(db: Db, rule: RulesTable, users: string[]): Promise<number> {
  const runs = await db
    .selectFrom("rule_runs")
    .select((eb) => eb.fn.countAll().as("count"))
    .where("rule_gid", "=", rule.gid)
    .where("status", "=", "succeeded")
    .executeTakeFirst();
  return Number(users[Number(runs?.count ?? 0) % users.length]);
}

// One action of the run, inside the run's unit of work: every read and command goes through `ctx`.
async function perform(
  takt: Takt,
  ctx: Ctx & { actor: Actor; unit: Tx },
  run: RunRequest,
  task: TasksTable,
  action: RuleAction,
): Promise<RuleStep> {
  const { rule } = run;
  const { db } = ctx;
  const named = async (table: "projects" | "users", type: "project" | "user", gid: number) => ({
    gid: String(gid),
    resource_type: type,
    name: (await db.selectFrom(table).select("name").where("gid", "=", gid).executeTakeFirst())?.name ?? String(gid),
  });
  switch (action.type) {
    case "move_to_section": {
      const section = await db
        .selectFrom("sections")
        .selectAll()
        .where("gid", "=", Number(action.section))
        .executeTakeFirst();
      if (!section)
        throw new RuleGone(
          { type: "section_deleted", gid: action.section },
          `the section ${action.section} was deleted`,
        );
      await placeInProject(ctx, task, { projectGid: section.project_gid, sectionGid: section.gid, fallback: "end" });
      return {
        type: "moved_to_section",
        section: { gid: String(section.gid), resource_type: "section", name: section.name },
        project: await named("projects", "project", section.project_gid),
      };
    }
    case "mark_complete": {
      const value = action.value ?? true;
      await updateTask(ctx, task, { completed: value });
      return { type: value ? "marked_complete" : "marked_incomplete" };
    }
    case "set_assignee": {
      const assignee = action.users
        ? await roundRobin(db, rule, action.users)
        : action.user
          ? Number(action.user)
          : null;
      const member = assignee
        ? await db
            .selectFrom("workspace_memberships")
            .select("user_gid")
            .where("workspace_gid", "=", task.workspace_gid)
            .where("user_gid", "=", assignee)
            .executeTakeFirst()
        : null;
      if (assignee && !member)
        throw new RuleGone(
          { type: "person_left", gid: String(assignee) },
          `the person ${assignee} is no longer in the workspace`,
        );
      await updateTask(ctx, task, { assignee_gid: assignee });
      return assignee ? { type: "assigned", user: await named("users", "user", assignee) } : { type: "unassigned" };
    }
    case "set_due_in_days": {
      const due = addDays(new Date().toISOString().slice(0, 10), action.days);
      await updateTask(ctx, task, { due_on: due, start_on: task.start_on && task.start_on > due ? null : undefined });
      return { type: "due_on_set", due_on: due };
    }
    case "add_comment":
      await addComment(ctx, task, { text: action.text });
      return { type: "commented" };
    case "add_to_project": {
      const project = Number(action.project);
      await placeInProject(ctx, task, {
        projectGid: project,
        sectionGid: action.section ? Number(action.section) : null,
        fallback: "end",
      });
      return { type: "added_to_project", project: await named("projects", "project", project) };
    }
    case "set_field":
      await updateTask(ctx, task, { [action.field]: action.value ?? (action.field === "start_on" ? null : "") });
      return { type: "field_set", field: action.field };
    case "add_subtasks_from_template": {
      const template = await db
        .selectFrom("task_templates")
        .selectAll()
        .where("gid", "=", Number(action.task_template))
        .executeTakeFirst();
      if (!template)
        throw new RuleGone(
          { type: "task_template_deleted", gid: action.task_template },
          `the task template ${action.task_template} was deleted`,
        );
      await applyTemplateSubtasks(ctx, template, task.gid, null);
      return {
        type: "subtasks_added",
        task_template: { gid: String(template.gid), resource_type: "task_template", name: template.name },
      };
    }
    case "add_follower":
      await changeFollowers(ctx, task, [Number(action.user)], "added");
      return { type: "follower_added", user: await named("users", "user", Number(action.user)) };
    case "set_custom_field": {
      // The same path as a task update: the field must be on one of the task's projects and the value valid.
      const prepared = await prepareValues(db, ctx.actor, {
        workspaceGid: task.workspace_gid,
        projectGids: await taskProjectGids(db, task),
        raw: { [action.custom_field]: action.value },
        secretKey: () => secretKeyOf(takt),
      });
      await transact(ctx, async (tx) => {
        await writeValues(tx, task, prepared);
        await tx.trx.updateTable("tasks").set({ modified_at: tx.now }).where("gid", "=", task.gid).execute();
      });
      const field = prepared[0]?.field;
      return {
        type: "custom_field_set",
        custom_field: field
          ? { gid: String(field.gid), resource_type: "custom_field", name: field.name }
          : { gid: String(action.custom_field), resource_type: "custom_field" },
      };
    }
    case "add_tag":
    case "remove_tag": {
      const tag = await db
        .selectFrom("tags")
        .select(["gid", "name"])
        .where("gid", "=", Number(action.tag))
        .executeTakeFirst();
      if (!tag) throw new RuleGone({ type: "tag_deleted", gid: action.tag }, `the tag ${action.tag} was deleted`);
      await tagTask(ctx, task, tag.gid, action.type === "add_tag");
      return {
        type: action.type === "add_tag" ? "tag_added" : "tag_removed",
        tag: { gid: String(tag.gid), resource_type: "tag", name: tag.name },
      };
    }
    case "send_webhook":
      await enqueueRuleWebhook(ctx.unit, ctx.bus, { rule, task, url: action.url, eventId: run.eventId, key: run.key });
      return { type: "webhook_sent" };
  }
}

// Runs a rule on a task as its creator: the actions go through the normal commands (permissions, events,
// stories apply), the events they write are marked with the chain, and the run is logged once per key.
// A run is one unit of work: its checks, its actions, its story on the task, the marks on the events its actions
// wrote (the next rule's loop guard reads them) and its log entry commit together or not at all. An action that
// fails undoes the ones before it, and the rule is paused with the reason (in a unit of its own). A job retried
// after a crash finds the log entry of a run that committed and does nothing, or nothing of one that did not.
export async function runRule(takt: Takt, run: RunRequest): Promise<void> {
  const { rule } = run;
  if (rule.enabled !== 1 || rule.paused_reason) return;
  // A rule's own actions never trigger it again; longer loops (A → B → A …) stop at the depth limit.
  if (run.chain[run.chain.length - 1] === rule.gid) return;
  const creator =
    (await takt.db
      .selectFrom("users")
      .select(["gid", "name", "email", "language"])
      .where("gid", "=", rule.created_by_gid)
      .executeTakeFirst()) ?? null;
  const definition = definitionOf(rule);
  const steps: RuleStep[] = [];
  try {
    await unitOfWork({ db: takt.db, bus: takt.bus, actor: creator }, async (ctx) => {
      const task = await loadTask(ctx.db, run.taskGid);
      if (!task) return;
      const entry = await claim(ctx.db, run);
      if (entry === null) return;
      if (run.chain.length >= MAX_RULE_DEPTH) {
        const stopped: RuleStep[] = [{ type: "stopped_at_depth", depth: MAX_RULE_DEPTH }];
        await note(ctx, task, rule, stopped);
        await settle(ctx.db, entry, "stopped", `stopped at the depth limit (${MAX_RULE_DEPTH})`, { steps: stopped });
        return;
      }
      for (const condition of definition.conditions) {
        if (!(await conditionHolds(ctx.db, task, condition))) {
          await settle(ctx.db, entry, "skipped", `condition ${condition.type} did not hold`, { condition });
          return;
        }
      }
      if (!ctx.actor) throw new RuleGone({ type: "creator_gone" }, "the rule's creator no longer exists");
      const actor = ctx.actor;
      await authorizeTask(ctx.db, actor, task, "edit");
      for (const action of definition.actions) {
        const current = (await loadTask(ctx.db, task.gid)) ?? task;
        steps.push(await perform(takt, { ...ctx, actor }, run, current, action));
      }
      await markOrigins(ctx.db, ctx.unit.emitted, [...run.chain, rule.gid]);
      await note(ctx, task, rule, steps);
      await settle(ctx.db, entry, "succeeded", ruleStepsText(steps, ALL_SEEING), { steps });
    });
  } catch (error) {
    // The run's unit rolled back: nothing it did is left. A rule whose section, person, project or creator is
    // gone stops with the reason; anything else fails the job, which retries the whole run.
    if (error instanceof ApiError && (error.status === 404 || error.status === 403 || error.status === 400)) {
      const message = error.message;
      const problem: Problem = error instanceof RuleGone ? error.problem : { type: "other" };
      await unitOfWork({ db: takt.db, bus: takt.bus, actor: null }, async (ctx) => {
        const entry = await claim(ctx.db, run);
        if (entry === null) return;
        await pause(ctx.db, rule, message, problem);
        await settle(ctx.db, entry, "failed", message, { problem });
      });
      return;
    }
    throw error;
  }
}

async function markOrigins(db: Db, events: readonly EventsTable[], chain: number[]) {
  if (events.length === 0) return;
  const marked = JSON.stringify(chain);
  await db
    .insertInto("rule_event_origins")
    .values(events.map((event) => ({ event_id: event.id, chain: marked })))
    .onConflict((conflict) => conflict.column("event_id").doNothing())
    .execute();
}

// A rule whose section, person or project is gone stops with a visible reason instead of failing on every event.
async function pause(db: Db, rule: RulesTable, reason: string, problem: Problem) {
  await db
    .updateTable("rules")
    .set({
      paused_reason: reason.slice(0, 1000),
      paused_problem: JSON.stringify(problem),
      modified_at: new Date().toISOString(),
    })
    .where("gid", "=", rule.gid)
    .execute();
}
