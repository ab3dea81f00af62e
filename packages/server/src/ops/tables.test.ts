import { describe, expect, it } from "vitest";
import { parentsFirst } from "./tables.ts";

describe("parentsFirst", () => {
  const ref = [{ column: "parent_gid", referenced: "gid" }];

  it("puts every row after the row it references, whatever the input order", () => {
    const rows = [
      { gid: 1, parent_gid: 3 },
      { gid: 2, parent_gid: null },
      { gid: 3, parent_gid: 2 },
      { gid: 4, parent_gid: 1 },
    ];
    expect(parentsFirst(rows, ref).map((row) => row.gid)).toEqual([2, 3, 1, 4]);
  });

  it("keeps rows with a dangling or cyclic reference instead of dropping them", () => {
    const rows = [
      { gid: 1, parent_gid: 2 },
      { gid: 2, parent_gid: 1 },
      { gid: 3, parent_gid: 99 },
    ];
    expect(
      parentsFirst(rows, ref)
        .map((row) => row.gid)
        .sort(),
    ).toEqual([1, 2, 3]);
  });
});
