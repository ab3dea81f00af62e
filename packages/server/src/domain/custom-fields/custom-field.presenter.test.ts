import { describe, expect, it } from "vitest";
import type { CustomFieldSubtype, CustomFieldsTable, TaskCustomFieldValuesTable } from "../../db/schema.ts";
import { pickPlan, planOf } from "../opt-fields.ts";
import { definition, keyedValue, presentValue } from "./custom-field.presenter.ts";

// A board asks for a handful of keys of each task's field values; keyedValue builds just those. They must be
// exactly what the whole value, cut down to the same keys, says: for every kind of field, set or not.
const KEYS = [
  "name",
  "resource_subtype",
  "type",
  "display_value",
  "text_value",
  "number_value",
  "enum_value",
  "multi_enum_values",
  "date_value",
  "people_value",
  "precision",
  "format",
  "currency_code",
  "custom_label",
  "custom_label_position",
  "is_value_read_only",
  "enum_options",
  "is_secret",
  "id_prefix",
  "enabled",
];

const field = (
  gid: number,
  subtype: CustomFieldSubtype,
  extra: Partial<CustomFieldsTable> = {},
): CustomFieldsTable => ({
  gid,
  workspace_gid: 1,
  project_gid: null,
  name: `Field ${gid}`,
  description: "",
  resource_subtype: subtype,
  precision: subtype === "number" ? 2 : null,
  format: subtype === "number" ? "currency" : "none",
  currency_code: subtype === "number" ? "RUB" : null,
  custom_label: null,
  custom_label_position: null,
  created_by_gid: null,
  created_at: "2026-01-01T00:00:00.000Z",
  reveal_access: "editors",
  id_prefix: null,
  custom_id_counter: 0,
  ...extra,
});

const options = [
  { gid: 11, name: "High", color: "red", enabled: 1 as const, custom_field_gid: 3 },
  { gid: 12, name: "Low", color: "blue", enabled: 0 as const, custom_field_gid: 3 },
];

const value = (fieldGid: number, set: Partial<TaskCustomFieldValuesTable>): TaskCustomFieldValuesTable => ({
  task_gid: 100,
  custom_field_gid: fieldGid,
  text_value: null,
  number_value: null,
  enum_option_gid: null,
  date_value: null,
  date_time_value: null,
  multi_value: null,
  secret_value: null,
  updated_at: "2026-01-01T00:00:00.000Z",
  ...set,
});

const CASES: [CustomFieldsTable, TaskCustomFieldValuesTable][] = [
  [field(1, "text"), value(1, { text_value: "Договор подписан" })],
  [field(2, "number"), value(2, { number_value: 1234.5 })],
  [field(3, "enum"), value(3, { enum_option_gid: 12 })],
  [field(4, "multi_enum"), value(4, { multi_value: JSON.stringify(["11", "12", "99"]) })],
  [field(5, "date"), value(5, { date_value: "2026-03-01", date_time_value: "2026-03-01T10:00:00.000Z" })],
  [field(6, "people"), value(6, { multi_value: JSON.stringify(["7", "8"]) })],
  [field(7, "secret", { reveal_access: "people" }), value(7, { secret_value: "sealed" })],
  [field(8, "number", { id_prefix: "BUG", format: "none", precision: 0 }), value(8, { number_value: 12 })],
];
const people = new Map([[7, "Анна"]]);

describe("a field value with only the keys asked for", () => {
  for (const [definitionRow, held] of CASES) {
    for (const stored of [held, undefined]) {
      it(`matches the whole value cut down: ${definitionRow.resource_subtype}${stored ? "" : ", unset"}`, () => {
        const fieldOptions = definitionRow.resource_subtype.endsWith("enum") ? options : undefined;
        for (const keys of [KEYS, ["display_value"], ["name", "number_value", "enum_value", "text_value"]]) {
          const whole = pickPlan(presentValue(definitionRow, fieldOptions, stored, people), planOf(keys));
          const keyed = keyedValue(
            definitionRow,
            fieldOptions,
            stored,
            people,
            keys,
            definition(definitionRow, fieldOptions, keys.includes("enum_options")),
          );
          expect(pickPlan(keyed, planOf(keys))).toEqual(whole);
        }
      });
    }
  }
});
