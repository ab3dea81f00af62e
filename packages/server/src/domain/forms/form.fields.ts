import type { FormField } from "@takt/contracts";
import { badRequest, invalid } from "../../errors.ts";

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
    if (!known.has(key)) throw invalid(`values.${key}`, "unknown_field", "Unknown field");
  }
  const answers = new Map<string, string>();
  for (const field of fields) {
    const raw = values[field.key];
    const text = raw === undefined || raw === null ? "" : String(raw).trim();
    const path = `values.${field.key}`;
    if (!text) {
      if (field.required) {
        throw invalid(path, "form_required", `Missing input (${field.label} is required)`, { label: field.label });
      }
      continue;
    }
    // Each refusal names the question, for the form's visitor.
    const label = field.label;
    if (field.type === "text" && text.length > 1000) {
      throw invalid(path, "form_too_long", "must be at most 1000 characters", { label, max: 1000 });
    }
    if (field.type === "email" && !EMAIL.test(text)) {
      throw invalid(path, "form_invalid_email", "must be an email address", { label });
    }
    if (field.type === "number" && !Number.isFinite(Number(text))) {
      throw invalid(path, "form_invalid_number", "must be a number", { label });
    }
    if (field.type === "date" && (!DATE.test(text) || Number.isNaN(Date.parse(text)))) {
      throw invalid(path, "form_invalid_date", "must be a date (YYYY-MM-DD)", { label });
    }
    if (field.type === "select" && !field.options?.includes(text)) {
      const options = field.options?.join(", ") ?? "";
      throw invalid(path, "form_invalid_choice", `must be one of ${options}`, { label, options });
    }
    answers.set(field.key, text);
  }
  return answers;
}
