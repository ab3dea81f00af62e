import type { FormField } from "@takt/contracts";
import { badRequest } from "../../errors.ts";

// A form field as stored (forms.fields): every field has a key, a type and where its answer goes.
// custom_field is absent on fields stored before custom-field mapping existed.
export type StoredField = Required<Omit<FormField, "options" | "custom_field">> & {
  options: string[] | null;
  custom_field?: string | null;
};

// Gives every field a key (field_1, field_2, … when none was sent) and checks that keys are unique,
// that select fields list their options and that at most one field names the task.
export function normalizeFields(fields: FormField[]): StoredField[] {
  const stored = fields.map((field, index) => ({
    key: field.key ?? `field_${index + 1}`,
    label: field.label,
    type: field.type,
    required: field.required ?? false,
    options: field.options ?? null,
    maps_to: field.maps_to ?? "notes",
    ...(field.custom_field !== undefined ? { custom_field: field.custom_field } : {}),
  }));
  const keys = new Set<string>();
  for (const [index, field] of stored.entries()) {
    if (keys.has(field.key)) throw badRequest(`fields.${index}.key: "${field.key}" is used twice`);
    keys.add(field.key);
    if (field.type === "select" && !field.options) throw badRequest(`fields.${index}.options: Missing input`);
    if (field.type !== "select" && field.options) {
      throw badRequest(`fields.${index}.options: only select fields have options`);
    }
    if (field.maps_to === "custom_field" && !field.custom_field) {
      throw badRequest(`fields.${index}.custom_field: Missing input`);
    }
    if (field.maps_to !== "custom_field" && field.custom_field) {
      throw badRequest(`fields.${index}.custom_field: only fields with maps_to custom_field name a custom field`);
    }
  }
  if (stored.filter((field) => field.maps_to === "name").length > 1) {
    throw badRequest("fields: only one field can map to the task name");
  }
  return stored;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// The submitted answers, checked against the form: every required field answered, each answer of its type.
export function readAnswers(fields: StoredField[], values: Record<string, unknown>): Map<string, string> {
  const known = new Set(fields.map((field) => field.key));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) throw badRequest(`values.${key}: Unknown field`);
  }
  const answers = new Map<string, string>();
  for (const field of fields) {
    const raw = values[field.key];
    const text = raw === undefined || raw === null ? "" : String(raw).trim();
    const path = `values.${field.key}`;
    if (!text) {
      if (field.required) throw badRequest(`${path}: Missing input (${field.label} is required)`);
      continue;
    }
    if (field.type === "text" && text.length > 1000) throw badRequest(`${path}: must be at most 1000 characters`);
    if (field.type === "email" && !EMAIL.test(text)) throw badRequest(`${path}: must be an email address`);
    if (field.type === "number" && !Number.isFinite(Number(text))) throw badRequest(`${path}: must be a number`);
    if (field.type === "date" && (!DATE.test(text) || Number.isNaN(Date.parse(text)))) {
      throw badRequest(`${path}: must be a date (YYYY-MM-DD)`);
    }
    if (field.type === "select" && !field.options?.includes(text)) {
      throw badRequest(`${path}: must be one of ${field.options?.join(", ")}`);
    }
    answers.set(field.key, text);
  }
  return answers;
}
