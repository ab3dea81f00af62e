import { describe, expect, it } from "vitest";
import type { TaskRow } from "../../api/types";
import { offsetAt } from "./board";
import { placeByNeighbours, placeByOrder } from "./live";

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

describe("placeByNeighbours (a live move placed from the realtime message alone)", () => {
  const column = () => [row("a"), row("b"), row("c")];

  it("puts the task after the task the message names before it, taking it out of its old place", () => {
    expect(
      gids(
        placeByNeighbours(
          [row("x"), ...column()] as TaskRow[],
          row("x"),
          { section: "s", after: "b" },
          true,
        ) as TaskRow[],
      ),
    ).toEqual(["a", "b", "x", "c"]);
  });

  it("falls back to the task after it when the one before is not named (the reader does not see it)", () => {
    expect(gids(placeByNeighbours(column(), row("x"), { section: "s", before: "c" }, true) as TaskRow[])).toEqual([
      "a",
      "b",
      "x",
      "c",
    ]);
  });

  it("goes first when nothing is before it, last when nothing is after it in a column loaded to its end", () => {
    expect(gids(placeByNeighbours(column(), row("x"), { section: "s", after: null }, false) as TaskRow[])).toEqual([
      "x",
      "a",
      "b",
      "c",
    ]);
    expect(
      gids(placeByNeighbours(column(), row("x"), { section: "s", after: "z", before: null }, true) as TaskRow[]),
    ).toEqual(["a", "b", "c", "x"]);
  });

  it("leaves a task that lands past the loaded rows of a long column to a later page", () => {
    expect(placeByNeighbours(column(), row("x"), { section: "s", after: "z", before: "y" }, false)).toBe("beyond");
    expect(placeByNeighbours(column(), row("x"), { section: "s", before: null }, false)).toBe("beyond");
  });

  it("says it cannot place the task when the message names no neighbour the column shows", () => {
    expect(placeByNeighbours(column(), row("x"), { section: "s" }, true)).toBeNull();
    expect(placeByNeighbours(column(), row("x"), { section: "s", after: "z" }, true)).toBeNull();
  });
});

describe("offsetAt (where the next page of a column starts)", () => {
  it("writes the server's page token for a position, none for the start", () => {
    expect(offsetAt(0)).toBeUndefined();
    expect(JSON.parse(atob(offsetAt(250)!.replace(/-/g, "+").replace(/_/g, "/")))).toEqual({ v: 1, o: 250 });
    expect(offsetAt(1234567)).not.toMatch(/[+/=]/);
  });
});
