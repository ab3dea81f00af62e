// Runs the API suite on SQLite, then on PostgreSQL (TAKT_TEST_PG_URL, or a throwaway server started here).
import { spawnSync } from "node:child_process";
import { startThrowawayPostgres } from "./postgres.mjs";

const extra = process.argv.slice(2);

function runSuite(db, env = {}) {
  console.log(`\n=== API tests on ${db} ===`);
  const result = spawnSync("npx", ["vitest", "run", "--project", "api", ...extra], {
    stdio: "inherit",
    env: { ...process.env, ...env, TAKT_TEST_DB: db },
  });
  return result.status ?? 1;
}

let status = runSuite("sqlite");
let pg = null;
let pgUrl = process.env.TAKT_TEST_PG_URL;
if (!pgUrl) {
  pg = await startThrowawayPostgres();
  if (!pg) {
    console.error("No PostgreSQL: set TAKT_TEST_PG_URL or install Debian's postgresql package.");
    process.exit(1);
  }
  pgUrl = pg.url;
}
try {
  status = runSuite("postgres", { TAKT_TEST_PG_URL: pgUrl }) || status;
} finally {
  pg?.stop();
}
process.exit(status);
