import { describe, expect, it } from "vitest";
import { TASK_DETAIL_FIELDS, TASK_ROW_FIELDS } from "./fields";

describe("the fields a board or list row asks for", () => {
  it("are what the benchmark's board column row asks for, so its figures are the app's", async () => {
    const scenarios: string = new URL("../../../../../bench/lib/scenarios.mjs", import.meta.url).href;
    const { WEB_ROW_FIELDS } = await import(/* @vite-ignore */ scenarios);
    expect(WEB_ROW_FIELDS).toBe(TASK_ROW_FIELDS);
  });

  it("leave out the option lists of field values, which the pane still asks for whole", () => {
    const row = TASK_ROW_FIELDS.split(",");
    expect(row).toContain("custom_fields.enum_value");
    expect(row).not.toContain("custom_fields");
    expect(row.some((field) => field.includes("enum_options"))).toBe(false);
    expect(TASK_DETAIL_FIELDS.split(",")).toContain("custom_fields");
  });
});
