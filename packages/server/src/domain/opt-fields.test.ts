import { describe, expect, it } from "vitest";
import { parseOptFields, shape } from "./opt-fields.ts";

const task = {
  gid: "1",
  resource_type: "task",
  name: "Launch",
  notes: "secret plans",
  assignee: { gid: "2", resource_type: "user", name: "Ann", email: "ann@example.com" },
  custom_fields: [
    { gid: "3", resource_type: "custom_field", name: "Cost", display_value: "$5.00", number_value: 5 },
    { gid: "4", resource_type: "custom_field", name: "Stage", display_value: null, enum_value: null },
  ],
};

describe("opt_fields shaping", () => {
  it("keeps gid, resource_type and only the listed paths, nested ones in arrays too", () => {
    const fields = parseOptFields("name,assignee.name,custom_fields.display_value,missing");
    expect(shape(task, fields)).toEqual({
      gid: "1",
      resource_type: "task",
      name: "Launch",
      assignee: { gid: "2", resource_type: "user", name: "Ann" },
      custom_fields: [
        { gid: "3", resource_type: "custom_field", display_value: "$5.00" },
        { gid: "4", resource_type: "custom_field", display_value: null },
      ],
    });
  });

  it("lets sub-paths win over the whole field, and keeps the order asked for", () => {
    const shaped = shape(task, parseOptFields("assignee,name,assignee.email"));
    expect(shaped).toEqual({
      gid: "1",
      resource_type: "task",
      assignee: { gid: "2", resource_type: "user", email: "ann@example.com" },
      name: "Launch",
    });
    expect(Object.keys(shaped)).toEqual(["gid", "resource_type", "assignee", "name"]);
  });

  it("shapes many records with the same fields alike, and falls back to compact keys", () => {
    const fields = parseOptFields("notes");
    expect(shape(task, fields)).toEqual({ gid: "1", resource_type: "task", notes: "secret plans" });
    expect(shape({ ...task, notes: "other" }, fields)).toEqual({ gid: "1", resource_type: "task", notes: "other" });
    expect(shape(task, null, ["name"])).toEqual({ gid: "1", resource_type: "task", name: "Launch" });
  });
});

describe("opt_fields deeper than the record", () => {
  it("stops where the record ends", () => {
    const fields = parseOptFields(`${"assignee.".repeat(5000)}name`);
    expect(shape(task, fields)).toEqual({
      gid: "1",
      resource_type: "task",
      assignee: { gid: "2", resource_type: "user" },
    });
  });
});
