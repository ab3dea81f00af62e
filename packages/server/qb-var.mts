export async function variants(db, handle, user, proj, sections, time) {
  const base = (vis) => db.selectFrom("tasks").selectAll("tasks")
    .innerJoin("task_memberships as tm", "tm.task_gid", "tasks.gid")
    .innerJoin("sections as s", "s.gid", "tm.section_gid")
    .where("tm.project_gid", "=", proj).where("s.project_gid", "=", proj)
    .orderBy("s.order_key").orderBy("s.gid").orderBy("tm.order_key").orderBy("tm.task_gid");
  const q = base().limit(101).offset(0);
  await time("single query, no visibility", () => q.execute());
  await time("single query, no visibility, offset 2400", () => base().limit(101).offset(2400).execute());
  const explain = async (query) => {
    const c = query.compile();
    const prefix = handle.dialect === "sqlite" ? "explain query plan " : "explain analyze ";
    const { sql } = await import("kysely");
    const r = await sql.raw(prefix + c.sql.replace(/\$(\d+)|\?/g, (m, n) => { const v = c.parameters[n ? Number(n) - 1 : (globalThis.__i = (globalThis.__i ?? -1) + 1)]; return typeof v === "string" ? `'${v}'` : String(v); })).execute(db);
    globalThis.__i = -1;
    console.log(r.rows.map((row) => row.detail ?? row["QUERY PLAN"]).join("\n"));
  };
  await explain(db.selectFrom("tasks").selectAll("tasks").innerJoin("task_memberships as tm", "tm.task_gid", "tasks.gid").where("tm.section_gid", "=", sections[1]).where("tm.project_gid", "=", proj).orderBy("tm.order_key").orderBy("tm.task_gid").limit(100).offset(0));
  await explain(db.selectFrom("tasks").innerJoin("task_memberships as tm", "tm.task_gid", "tasks.gid").select((eb) => ["tm.section_gid", eb.fn.countAll().as("count")]).where("tm.project_gid", "=", proj).where("tasks.completed", "=", 0).groupBy("tm.section_gid"));
}
