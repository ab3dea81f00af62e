import type { Db } from "../../db/index.ts";
import type { ProjectsTable, RulesTable } from "../../db/schema.ts";
import { ApiError, badRequest, invalid, notFound } from "../../errors.ts";
import { newGid, parseGid } from "../../ids.ts";
import { type OutboundPolicy, refuseTarget } from "../../integrations/webhooks/target-guard.ts";
import { type Actor, type Ctx, flag, transact } from "../context.ts";
import { prepareValues } from "../custom-fields/custom-field.values.ts";
import { authorizeProject } from "../projects/project.policy.ts";
import { usersFor } from "../tasks/task.resolve.ts";
import type { RuleAction, RuleCondition, RuleTrigger } from "./rule.schemas.ts";

export interface RuleDefinition {
  name: string;
  enabled: boolean;
  trigger: RuleTrigger;
  conditions: RuleCondition[];
  actions: RuleAction[];
}

// A gid the rule names, for a lookup: one that can't be an id finds nothing (0 is never a gid).
const lookupGid = (raw: string) => parseGid(raw) ?? 0;

async function sectionOf(db: Db, projectGid: number, raw: string, field: string) {
  const section = await db
    .selectFrom("sections")
    .select(["gid", "project_gid"])
    .where("gid", "=", lookupGid(raw))
    .executeTakeFirst();
  if (!section || section.project_gid !== projectGid) {
    throw badRequest(`${field}: no section ${raw} in project ${projectGid}`);
  }
}

// A condition's custom field must be on the rule's project and not secret; an enum value names one of its options.
async function checkConditionField(
  db: Db,
  project: ProjectsTable,
  condition: Extract<RuleCondition, { type: "custom_field_equals" | "custom_field_set" }>,
  path: string,
) {
  const customField = await db
    .selectFrom("custom_fields")
    .innerJoin("custom_field_settings", "custom_field_settings.custom_field_gid", "custom_fields.gid")
    .select(["custom_fields.gid", "custom_fields.resource_subtype"])
    .where("custom_fields.gid", "=", lookupGid(condition.custom_field))
    .where("custom_field_settings.project_gid", "=", project.gid)
    .executeTakeFirst();
  if (!customField) {
    throw badRequest(`${path}.custom_field: no custom field ${condition.custom_field} on this project`);
  }
  if (customField.resource_subtype === "secret") {
    throw badRequest(`${path}.custom_field: a rule cannot read a secret field`);
  }
  if (condition.type !== "custom_field_equals" || condition.value === null) return;
  const { value } = condition;
  switch (customField.resource_subtype) {
    case "number":
      if (typeof value !== "number" && !Number.isFinite(Number(value)))
        throw invalid(`${path}.value`, "invalid_number", "must be a number");
      break;
    case "date":
      if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        throw invalid(`${path}.value`, "invalid_date", "must be a date (YYYY-MM-DD)");
      }
      break;
    case "enum":
    case "multi_enum": {
      const options = await db
        .selectFrom("custom_field_enum_options")
        .select(["gid", "name"])
        .where("custom_field_gid", "=", customField.gid)
        .execute();
      if (!options.some((option) => String(option.gid) === String(value) || option.name === String(value))) {
        throw invalid(`${path}.value`, "unknown_option", `no option ${value} in this field`, { value: String(value) });
      }
      break;
    }
    default:
      if (typeof value !== "string")
        throw invalid(`${path}.value`, "invalid_type", "must be a string", { expected: "string" });
  }
}

// Every gid a rule names is checked before it is stored: sections of the rule's project (or of the target
// project), people of the workspace, projects the creator may edit, templates of the workspace.
export async function checkRuleReferences(
  db: Db,
  actor: Actor,
  project: ProjectsTable,
  rule: RuleDefinition,
  options: { targetPolicy?: OutboundPolicy } = {},
) {
  const { trigger } = rule;
  if (trigger.type === "field_changed" && !trigger.field && !trigger.custom_field) {
    throw badRequest("trigger.field: Missing input");
  }
  if (trigger.custom_field) {
    const setting = await db
      .selectFrom("custom_field_settings")
      .select("custom_field_gid")
      .where("project_gid", "=", project.gid)
      .where("custom_field_gid", "=", lookupGid(trigger.custom_field))
      .executeTakeFirst();
    if (!setting) throw badRequest(`trigger.custom_field: no custom field ${trigger.custom_field} on this project`);
  }
  if (
    trigger.type === "approval_decided" &&
    trigger.value !== undefined &&
    !["approved", "rejected", "changes_requested"].includes(String(trigger.value))
  ) {
    throw badRequest("trigger.value: must be one of approved, rejected, changes_requested");
  }
  if (rule.trigger.section) await sectionOf(db, project.gid, rule.trigger.section, "trigger.section");
  for (const [index, condition] of rule.conditions.entries()) {
    const field = `conditions.${index}`;
    if (condition.type === "in_section") await sectionOf(db, project.gid, condition.section, `${field}.section`);
    if (condition.type === "assignee_is" && condition.user) {
      await usersFor(db, actor, project.workspace_gid, [condition.user], `${field}.user`);
    }
    if (condition.type === "custom_field_equals" || condition.type === "custom_field_set") {
      await checkConditionField(db, project, condition, field);
    }
    if (condition.type === "has_tag") {
      const tag = await db
        .selectFrom("tags")
        .select("workspace_gid")
        .where("gid", "=", lookupGid(condition.tag))
        .executeTakeFirst();
      if (!tag || tag.workspace_gid !== project.workspace_gid) throw notFound(`${field}.tag`);
    }
  }
  for (const [index, action] of rule.actions.entries()) {
    const field = `actions.${index}`;
    switch (action.type) {
      case "move_to_section":
        await sectionOf(db, project.gid, action.section, `${field}.section`);
        break;
      case "set_assignee":
        if (action.user === undefined && action.users === undefined) throw badRequest(`${field}.user: Missing input`);
        await usersFor(
          db,
          actor,
          project.workspace_gid,
          [...(action.user ? [action.user] : []), ...(action.users ?? [])],
          `${field}.user`,
        );
        break;
      case "add_follower":
        await usersFor(db, actor, project.workspace_gid, [action.user], `${field}.user`);
        break;
      case "add_to_project": {
        const target = await db
          .selectFrom("projects")
          .selectAll()
          .where("gid", "=", lookupGid(action.project))
          .executeTakeFirst();
        try {
          await authorizeProject(db, actor, target, "edit");
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) throw notFound(`${field}.project`);
          throw badRequest(`${field}.project: you need edit access to the project`);
        }
        if (target!.workspace_gid !== project.workspace_gid)
          throw badRequest(`${field}.project: must be in the same workspace`);
        if (action.section) await sectionOf(db, target!.gid, action.section, `${field}.section`);
        break;
      }
      case "set_custom_field": {
        const refusal = (message: string) => badRequest(`${field}.custom_field: ${message}`);
        try {
          await prepareValues(db, actor, {
            workspaceGid: project.workspace_gid,
            projectGids: [project.gid],
            raw: { [action.custom_field]: action.value },
            secretKey: () => Promise.reject(refusal("a rule cannot set a secret field")),
          });
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          const where = error.status === 404 || /is not on/.test(error.message) ? "custom_field" : "value";
          // An unknown field is bad input of the rule (400), like an unknown section.
          throw badRequest(error.message.replace(/^custom_fields\.[0-9]+/, `${field}.${where}`));
        }
        break;
      }
      case "add_tag":
      case "remove_tag": {
        const tag = await db
          .selectFrom("tags")
          .select("workspace_gid")
          .where("gid", "=", lookupGid(action.tag))
          .executeTakeFirst();
        if (!tag || tag.workspace_gid !== project.workspace_gid) {
          throw badRequest(`${field}.tag: no tag ${action.tag} in this workspace`);
        }
        break;
      }
      case "send_webhook": {
        const refused = await refuseTarget(action.url, options.targetPolicy ?? false);
        if (refused) throw badRequest(`${field}.url${refused.replace(/^target/, "")}`);
        break;
      }
      case "add_subtasks_from_template": {
        const template = await db
          .selectFrom("task_templates")
          .select("workspace_gid")
          .where("gid", "=", lookupGid(action.task_template))
          .executeTakeFirst();
        if (!template || template.workspace_gid !== project.workspace_gid) throw notFound(`${field}.task_template`);
        break;
      }
    }
  }
}

export async function createRule(ctx: Ctx & { actor: Actor }, project: ProjectsTable, rule: RuleDefinition) {
  return transact(ctx, async (tx) => {
    const row: RulesTable = {
      gid: newGid(),
      workspace_gid: project.workspace_gid,
      project_gid: project.gid,
      trigger_gid: newGid(),
      name: rule.name,
      enabled: flag(rule.enabled),
      trigger: JSON.stringify(rule.trigger),
      conditions: JSON.stringify(rule.conditions),
      actions: JSON.stringify(rule.actions),
      created_by_gid: ctx.actor.gid,
      paused_reason: null,
      paused_problem: null,
      created_at: tx.now,
      modified_at: tx.now,
    };
    await tx.trx.insertInto("rules").values(row).execute();
    return row;
  });
}

// Saving a rule clears a pause: the editor has fixed what was wrong, or turned it off themselves.
export async function updateRule(ctx: Ctx, rule: RulesTable, next: RuleDefinition) {
  return transact(ctx, async (tx) => {
    const values = {
      name: next.name,
      enabled: flag(next.enabled),
      trigger: JSON.stringify(next.trigger),
      conditions: JSON.stringify(next.conditions),
      actions: JSON.stringify(next.actions),
      paused_reason: null,
      paused_problem: null,
      modified_at: tx.now,
    };
    await tx.trx.updateTable("rules").set(values).where("gid", "=", rule.gid).execute();
    return { ...rule, ...values };
  });
}

export async function deleteRule(ctx: Ctx, rule: RulesTable) {
  await transact(ctx, async (tx) => {
    await tx.trx.deleteFrom("rules").where("gid", "=", rule.gid).execute();
  });
}

export function definitionOf(rule: RulesTable): RuleDefinition {
  return {
    name: rule.name,
    enabled: rule.enabled === 1,
    trigger: JSON.parse(rule.trigger),
    conditions: JSON.parse(rule.conditions),
    actions: JSON.parse(rule.actions),
  };
}
