import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, migrateToLatest, openDb } from "./index.ts";
import { prepared, preparedRow, preparedVariants } from "./prepared.ts";

let dataDir: string;
let handle: DbHandle;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-prepared-"));
  handle = openDb({ dataDir, databaseUrl: undefined });
  await migrateToLatest(handle.db);
  await handle.db
    .insertInto("workspaces")
    .values(
      [1, 2, 3, 4, 5].map((gid) => ({
        gid,
        name: `Workspace ${gid}`,
        is_organization: 0 as const,
        email_domains: "[]",
        created_at: "2026-01-01T00:00:00.000Z",
      })),
    )
    .execute();
}, 60_000);

afterAll(async () => {
  await handle.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// A list value between two single values: the placeholders after the list still get their own values.
const named = prepared(
  ["after", "gids", "name"],
  (db, params: { after: number; gids: number[]; name: string }) =>
    db
      .selectFrom("workspaces")
      .select(["gid", "name"])
      .where("gid", ">", params.after)
      .where("gid", "in", params.gids)
      .where("name", "!=", params.name)
      .orderBy("gid"),
  { lists: ["gids"] },
);

describe("prepared queries with lists of values", () => {
  it("binds a list of any length in place, with the values around it where they belong", async () => {
    const gids = async (after: number, list: number[], name: string) =>
      (await named.all(handle.db, { after, gids: list, name })).map((row) => row.gid);
    expect(await gids(0, [3], "")).toEqual([3]);
    expect(await gids(1, [1, 2, 4, 5], "Workspace 4")).toEqual([2, 5]);
    expect(await gids(0, [5, 1, 3], "Workspace 1")).toEqual([3, 5]);
    // The same length again reuses the SQL written for it and answers for the new values.
    expect(await gids(2, [1, 2, 3], "")).toEqual([3]);
  });

  it("refuses an empty list instead of running `in ()`", async () => {
    await expect(named.all(handle.db, { after: 0, gids: [], name: "" })).rejects.toThrow(/gids is empty/);
  });

  it("prepares one query per variant of a statement's shape", async () => {
    const ordered = preparedVariants((direction: "asc" | "desc") =>
      prepared(
        ["gids"],
        (db, params: { gids: number[] }) =>
          db.selectFrom("workspaces").select("gid").where("gid", "in", params.gids).orderBy("gid", direction),
        { lists: ["gids"] },
      ),
    );
    expect(ordered("asc")).toBe(ordered("asc"));
    expect((await ordered("desc").all(handle.db, { gids: [1, 2, 3] })).map((row) => row.gid)).toEqual([3, 2, 1]);
    expect((await ordered("asc").all(handle.db, { gids: [1, 2, 3] })).map((row) => row.gid)).toEqual([1, 2, 3]);
  });
});

describe("writes prepared per set of columns", () => {
  const rename = preparedRow<{ gid: number; name?: string; email_domains?: string }>(
    (db, row, columns) =>
      db
        .updateTable("workspaces")
        .set(Object.fromEntries(columns.map((column) => [column, row[column]])))
        .where("gid", "=", row.gid),
    ["gid"],
  );
  const row = (gid: number) =>
    handle.db
      .selectFrom("workspaces")
      .select(["name", "email_domains"])
      .where("gid", "=", gid)
      .executeTakeFirstOrThrow();

  it("writes only the columns the row has a value for, and not the key it goes by", async () => {
    expect(await rename.run(handle.db, { gid: 4, name: "Renamed", email_domains: undefined })).toBe(1);
    expect(await row(4)).toEqual({ name: "Renamed", email_domains: "[]" });
    expect(await rename.run(handle.db, { gid: 4, email_domains: '["takt.test"]' })).toBe(1);
    expect(await row(4)).toEqual({ name: "Renamed", email_domains: '["takt.test"]' });
    // The first shape again, for another row: its values, not the last call's.
    expect(await rename.run(handle.db, { gid: 5, name: "Fifth" })).toBe(1);
    expect(await row(5)).toEqual({ name: "Fifth", email_domains: "[]" });
    expect(await row(4)).toEqual({ name: "Renamed", email_domains: '["takt.test"]' });
  });
});
