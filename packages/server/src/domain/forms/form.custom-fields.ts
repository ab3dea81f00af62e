import type { Db } from "../../db/index.ts";
import type { CustomFieldsTable, FormsTable } from "../../db/schema.ts";
import { ApiError, badRequest } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import type { Actor } from "../context.ts";
import { type PreparedValue, prepareValues } from "../custom-fields/custom-field.values.ts";
import type { StoredField } from "./form.fields.ts";

// The kinds of custom field a one-answer form field can fill.
const FILLABLE = new Set(["text", "number", "enum", "date"]);

// On form create and update: every field mapped to a custom field names a fillable field set on the project,
// and no custom field is filled by two form fields.
export async function checkCustomFieldTargets(db: Db, projectGid: number, fields: StoredField[]): Promise<void> {
  const mapped = fields
    .map((field, index) => ({ field, index }))
    .filter(({ field }) => field.maps_to === "custom_field");
  if (mapped.length === 0) return;
  const gids = mapped.map(({ field }) => parseGid(field.custom_field ?? "")).filter((gid) => gid !== null);
  const onProject = gids.length
    ? await db
        .selectFrom("custom_field_settings as cfs")
        .innerJoin("custom_fields as cf", "cf.gid", "cfs.custom_field_gid")
        .select(["cf.gid", "cf.name", "cf.resource_subtype"])
        .where("cfs.project_gid", "=", projectGid)
        .where("cf.gid", "in", gids)
        .execute()
    : [];
  const seen = new Set<number>();
  for (const { field, index } of mapped) {
    const path = `fields.${index}.custom_field`;
    const gid = parseGid(field.custom_field ?? "");
    const target = onProject.find((row) => row.gid === gid);
    if (!target) throw badRequest(`${path}: ${field.custom_field} is not a custom field of the form's project`);
    if (!FILLABLE.has(target.resource_subtype)) {
      throw badRequest(`${path}: a form cannot fill the ${target.resource_subtype} field "${target.name}"`);
    }
    if (seen.has(target.gid)) throw badRequest(`${path}: the field "${target.name}" is filled by another form field`);
    seen.add(target.gid);
  }
}

// An answer (always text) as the custom-field value the tasks API takes; an enum answer is an option's gid or name.
async function rawValueOf(db: Db, field: CustomFieldsTable, answer: string, path: string): Promise<unknown> {
  switch (field.resource_subtype) {
    case "number": {
      const number = Number(answer);
      if (!Number.isFinite(number)) throw badRequest(`${path}: must be a number`);
      return number;
    }
    case "date":
      return { date: answer };
    case "enum": {
      const options = await db
        .selectFrom("custom_field_enum_options")
        .select(["gid", "name", "enabled"])
        .where("custom_field_gid", "=", field.gid)
        .orderBy("order_key")
        .execute();
      const wanted = answer.toLowerCase();
      const option =
        options.find((candidate) => String(candidate.gid) === answer) ??
        options.find((candidate) => candidate.enabled === 1 && candidate.name.toLowerCase() === wanted);
      if (!option) {
        const names = options.filter((candidate) => candidate.enabled === 1).map((candidate) => candidate.name);
        throw badRequest(`${path}: must be one of ${names.join(", ")}`);
      }
      return String(option.gid);
    }
    default:
      return answer;
  }
}

// The answers of fields mapped to custom fields, checked by the tasks' custom-field validation before anything is
// written; errors name the answer (values.<key>). The actor is the one the task is created as.
export async function prepareMappedValues(
  db: Db,
  actor: Actor,
  form: Pick<FormsTable, "workspace_gid" | "project_gid">,
  fields: StoredField[],
  answers: Map<string, string>,
): Promise<PreparedValue[]> {
  const prepared: PreparedValue[] = [];
  for (const field of fields) {
    const answer = answers.get(field.key);
    if (field.maps_to !== "custom_field" || !field.custom_field || answer === undefined) continue;
    const path = `values.${field.key}`;
    try {
      const gid = parseGid(field.custom_field);
      const target = gid
        ? await db
            .selectFrom("custom_fields")
            .selectAll()
            .where("gid", "=", gid)
            .where("workspace_gid", "=", form.workspace_gid)
            .executeTakeFirst()
        : undefined;
      if (!target) throw badRequest(`${path}: the custom field this answer fills no longer exists`);
      const raw = await rawValueOf(db, target, answer, path);
      const values = await prepareValues(db, actor, {
        workspaceGid: form.workspace_gid,
        projectGids: [form.project_gid],
        raw: { [field.custom_field]: raw },
        secretKey: () => Promise.reject(badRequest(`${path}: a form cannot fill a secret field`)),
      });
      prepared.push(...values);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      throw badRequest(error.message.replace(`custom_fields.${field.custom_field}`, path));
    }
  }
  return prepared;
}
