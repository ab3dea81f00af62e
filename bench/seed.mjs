#!/usr/bin/env node
// Seeds (or grows) the benchmark workspace: node bench/seed.mjs --data-dir DIR | --database-url URL
//   --tasks N --state FILE. Runs the server's commands in-process through tsx, like bin/takt.mjs.
import { parseArgs } from "node:util";
import { register } from "tsx/esm/api";

register();
const { seed } = await import("./lib/seed-workspace.mjs");

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    "database-url": { type: "string" },
    tasks: { type: "string", default: "1000" },
    state: { type: "string" },
  },
});
if (!values.state || (!values["data-dir"] && !values["database-url"])) {
  console.error("usage: node bench/seed.mjs --data-dir DIR | --database-url URL --tasks N --state FILE");
  process.exit(2);
}
const state = await seed({
  dataDir: values["data-dir"] ?? "./data",
  databaseUrl: values["database-url"],
  target: Number(values.tasks),
  stateFile: values.state,
});
const stage = state.stages.at(-1);
console.log(JSON.stringify(stage));
