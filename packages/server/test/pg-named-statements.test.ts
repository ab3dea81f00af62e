import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepared } from "../src/db/prepared.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

const onPostgres = (process.env.TAKT_TEST_DB ?? "sqlite") === "postgres";

// The queries compiled once (db/prepared.ts) run as named statements on PostgreSQL: parsed and planned once per
// connection. Checked from inside one connection (a transaction holds it), in pg_prepared_statements.
describe.runIf(onPostgres)("named statements on PostgreSQL", () => {
  let t: TestApp;
  let user: TestUser;
  let workspaceGid: string;
  let projectGid: string;

  beforeAll(async () => {
    t = await startTestApp();
    workspaceGid = (await makeWorkspace(t)).gid;
    user = await makeUser(t, workspaceGid);
    projectGid = (await makeProject(t, workspaceGid, { name: "Named", owner: user })).gid;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const names = prepared(["gid"], (db, params: { gid: number }) =>
    db.selectFrom("workspaces").select(["gid", "name"]).where("gid", ">", params.gid).orderBy("gid"),
  );
  const whole = prepared(["gid"], (db, params: { gid: number }) =>
    db.selectFrom("workspaces").selectAll().where("gid", ">", params.gid),
  );

  it("prepares a compiled query once on its connection and answers from it with new values", async () => {
    await t.handle.db.transaction().execute(async (trx) => {
      const first = await names.all(trx, { gid: 0 });
      const again = await names.all(trx, { gid: first[0].gid });
      expect(again.length).toBe(first.length - 1);
      await whole.all(trx, { gid: 0 });
      const statements = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(trx);
      const texts = statements.rows.map((row) => row.statement);
      expect(texts.some((text) => /select "gid", "name" from "workspaces"/.test(text))).toBe(true);
      // A statement answering with * is not named: a column another node adds would change its row type.
      expect(texts.some((text) => /select \* from "workspaces"/.test(text))).toBe(false);
    });
  });

  it("answers through the API as before, and a statement whose row type changed is run unnamed again", async () => {
    const api = client(t, user.token);
    const tasks = [];
    for (let index = 0; index < 3; index++) {
      const res = await api.post("/tasks", { name: `Task ${index}`, projects: [projectGid] });
      expect(res.status).toBe(201);
      tasks.push(res.body.data.gid);
    }
    for (const gid of tasks) expect((await api.get(`/tasks/${gid}`)).body.data.name).toMatch(/^Task/);
    const listed = await api.get(
      `/projects/${projectGid}/tasks?opt_fields=name,assignee.name,memberships.section.name`,
    );
    expect(listed.body.data.map((task: { name: string }) => task.name)).toEqual(["Task 0", "Task 1", "Task 2"]);

    // Every pooled connection has prepared the workspace lookup; then its row type changes under it.
    for (let round = 0; round < 12; round++) await names.all(t.handle.db, { gid: 0 });
    await sql`alter table workspaces alter column name type varchar(400)`.execute(t.handle.db);
    for (let round = 0; round < 12; round++) {
      const rows = await names.all(t.handle.db, { gid: 0 });
      expect(rows.length).toBeGreaterThan(0);
    }
  });
});
