import { describe, expect, it } from "vitest";
import { migrations } from "./index.ts";

describe("migrations", () => {
  it("declare from 0020 on whether the previous release keeps running on them (expand) or not (contract)", () => {
    const undeclared = Object.entries(migrations)
      .filter(([name, migration]) => name >= "0020" && migration.kind !== "expand" && migration.kind !== "contract")
      .map(([name]) => name);
    expect(undeclared).toEqual([]);
    expect(migrations["0020-schema-releases"]?.kind).toBe("expand");
  });
});
