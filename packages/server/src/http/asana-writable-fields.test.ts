import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
// @ts-expect-error: a plain script, without types
import { writableFields } from "../../../../scripts/asana-writable-fields.mjs";
import { ASANA_WRITABLE_BY_OPERATION } from "./asana-writable-fields.generated.ts";
import { asanaWritable } from "./validation.ts";

const root = path.join(import.meta.dirname, "../../../..");

describe("Asana's writable fields", () => {
  it("are derived from the spec as it is (regenerate with node scripts/asana-writable-fields.mjs)", () => {
    const spec = parse(fs.readFileSync(path.join(root, "packages/server/test/fixtures/asana-openapi.yaml"), "utf8"), {
      maxAliasCount: -1,
    });
    const derived = Object.fromEntries(
      Object.entries(writableFields(spec) as Record<string, string[]>).map(([key, fields]) => [key, fields.join(" ")]),
    );
    expect(ASANA_WRITABLE_BY_OPERATION).toEqual(derived);
    // Parsing the whole spec takes a few seconds on a busy machine.
  }, 60_000);

  it("belong to the operation whose body names them; create-only fields stay refused on update", () => {
    expect(asanaWritable("PUT /tasks/{}", "assignee_section")).toBe(true);
    expect(asanaWritable("PUT /projects/{}", "assignee_section")).toBe(false);
    expect(asanaWritable("POST /webhooks", "color")).toBe(false);
    expect(asanaWritable("POST /projects", "color")).toBe(true);
    expect(asanaWritable("POST /tasks", "workspace")).toBe(true);
    expect(asanaWritable("PUT /tasks/{}", "workspace")).toBe(false);
    expect(asanaWritable("POST /tasks", "external.data")).toBe(true);
    expect(asanaWritable(undefined, "name")).toBe(false);
  });
});
