import { describe, expect, it } from "vitest";
import type { TaskRow } from "../../api/types";
import { placeByOrder } from "./live";

const row = (gid: string) => ({ gid, name: gid, completed: false, assignee: null, due_on: null }) as TaskRow;
const gids = (rows: TaskRow[]) => rows.map((item) => item.gid);

describe("placeByOrder (a live move put between its neighbours)", () => {
  it("puts a task after the task the server lists before it", () => {
    expect(gids(placeByOrder([row("a"), row("b"), row("c")], row("x"), ["a", "b", "x", "c"]))).toEqual([
      "a",
      "b",
      "x",
      "c",
    ]);
  });

  it("goes to the top when the server lists it first", () => {
    expect(gids(placeByOrder([row("a"), row("b")], row("x"), ["x", "a", "b"]))).toEqual(["x", "a", "b"]);
  });

  it("skips neighbours this board does not show and falls back to the one after it", () => {
    expect(gids(placeByOrder([row("c"), row("d")], row("x"), ["unknown", "x", "c", "d"]))).toEqual(["x", "c", "d"]);
  });

  it("keeps the other rows as they were (same objects), so memoised cards do not render again", () => {
    const rows = [row("a"), row("b")];
    const placed = placeByOrder(rows, row("x"), ["a", "x", "b"]);
    expect(placed[0]).toBe(rows[0]);
    expect(placed[2]).toBe(rows[1]);
  });

  it("fills an empty column", () => {
    expect(gids(placeByOrder([], row("x"), ["x"]))).toEqual(["x"]);
  });
});
