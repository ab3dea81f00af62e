// The long fuzz run: the property-based API tests (packages/server/test/fuzz*.test.ts) with many more cases,
// on SQLite, then on PostgreSQL (TAKT_TEST_PG_URL, or a throwaway server), through scripts/test-api.mjs.
//   npm run fuzz                          TAKT_FUZZ_RUNS cases per property (default 1000), a fresh seed
//   TAKT_FUZZ_RUNS=5000 npm run fuzz      longer
//   TAKT_FUZZ_SEED=123 npm run fuzz       replay the run a failure named
//   npm run fuzz -- fuzz-routes           only the files whose path contains "fuzz-routes"
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const runs = process.env.TAKT_FUZZ_RUNS || "1000";
const seed = process.env.TAKT_FUZZ_SEED || String(Math.floor(Math.random() * 2 ** 31));
const filters = process.argv.slice(2);
const files = filters.length
  ? filters.map((filter) => `packages/server/test/${filter}`)
  : ["packages/server/test/fuzz"];

console.log(`Fuzzing with ${runs} cases per property, seed ${seed} (replay: TAKT_FUZZ_SEED=${seed} npm run fuzz)`);
const started = Date.now();
const result = spawnSync(process.execPath, [path.join(root, "scripts/test-api.mjs"), ...files], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TAKT_FUZZ_RUNS: runs, TAKT_FUZZ_SEED: seed },
});
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(`Fuzz run ${result.status === 0 ? "passed" : "FAILED"} in ${minutes} min (seed ${seed}).`);
process.exit(result.status ?? 1);
