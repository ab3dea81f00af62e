import { parseArgs } from "node:util";
import { loadConfig } from "./config.ts";
import { type DbHandle, migrateToLatest, openDb } from "./db/index.ts";
import { DEMO_ADMIN_EMAIL, DEMO_GUEST_EMAIL, DEMO_PASSWORD, loadDemo } from "./demo/load-demo.ts";
import { createAccessToken } from "./domain/auth/auth.commands.ts";
import type { Ctx } from "./domain/context.ts";
import { addUserToWorkspace, createUser } from "./domain/users/user.commands.ts";
import { createWorkspace } from "./domain/workspaces/workspace.commands.ts";
import { EventBus } from "./events/bus.ts";
import { buildApp } from "./http/app.ts";
import { startServer } from "./server.ts";

const USAGE = `Usage: takt <command> [options]

Commands:
  serve                         run the server (--port, --data-dir; DATABASE_URL for PostgreSQL)
  migrate                       apply pending database migrations
  demo [--language en|ru]       load the demo workspace into an empty database
  workspace add --name N        create a workspace
  user add --email E --name N --password P [--admin] [--workspace NAME]
                                create a user and add them to a workspace
  token create --email E [--name N]
                                print a new personal access token for a user

Options for every command: --data-dir DIR (env TAKT_DATA_DIR, default ./data)`;

class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "") throw new UsageError(`--${name} is required`);
  return value;
}

async function withDb<T>(dataDir: string | undefined, work: (handle: DbHandle, ctx: Ctx) => Promise<T>): Promise<T> {
  const config = loadConfig({ dataDir });
  const handle = openDb(config);
  try {
    await migrateToLatest(handle.db);
    return await work(handle, { db: handle.db, bus: new EventBus(), actor: null });
  } finally {
    await handle.destroy();
  }
}

async function findWorkspace(handle: DbHandle, name: string | undefined) {
  const all = await handle.db.selectFrom("workspaces").selectAll().orderBy("gid").execute();
  if (name) {
    const match = all.find((workspace) => workspace.name === name);
    if (!match) throw new UsageError(`no workspace named "${name}"`);
    return match;
  }
  if (all.length === 1) return all[0];
  if (all.length === 0) throw new UsageError("there is no workspace yet: run `takt workspace add --name N` first");
  throw new UsageError("there are several workspaces: pass --workspace NAME");
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      name: { type: "string" },
      email: { type: "string" },
      password: { type: "string" },
      admin: { type: "boolean" },
      guest: { type: "boolean" },
      workspace: { type: "string" },
      language: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const dataDir = values["data-dir"];
  const [command, sub] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  switch (`${command}${sub ? ` ${sub}` : ""}`) {
    case "serve":
      await startServer(loadConfig({ port: values.port, host: values.host, dataDir }));
      return;
    case "migrate":
      await withDb(dataDir, async (handle) => {
        const applied = await migrateToLatest(handle.db);
        console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
      });
      return;
    case "demo": {
      const language = values.language ?? "en";
      if (language !== "en" && language !== "ru") throw new UsageError("--language must be en or ru");
      const config = { ...loadConfig({ dataDir }), logLevel: "silent" as const };
      const handle = openDb(config);
      try {
        await migrateToLatest(handle.db);
        const used =
          (await handle.db.selectFrom("users").select("gid").limit(1).executeTakeFirst()) ??
          (await handle.db.selectFrom("workspaces").select("gid").limit(1).executeTakeFirst());
        if (used) {
          throw new Error(
            "the database already has data: the demo loads only into an empty one (use a new --data-dir or database)",
          );
        }
        const app = await buildApp({ db: handle.db, dialect: handle.dialect, bus: new EventBus(), config });
        try {
          const started = performance.now();
          await loadDemo(app, language);
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          console.log(`Demo workspace loaded (${language === "ru" ? "Russian" : "English"}) in ${seconds} s.`);
          console.log(`Sign in as ${DEMO_ADMIN_EMAIL} with password ${DEMO_PASSWORD}`);
          console.log(`The client guest signs in as ${DEMO_GUEST_EMAIL} with the same password.`);
        } finally {
          await app.close();
        }
      } finally {
        await handle.destroy();
      }
      return;
    }
    case "workspace add":
      await withDb(dataDir, async (_handle, ctx) => {
        const workspace = await createWorkspace(ctx, required(values, "name"));
        console.log(`Created workspace "${workspace.name}" (${workspace.gid})`);
      });
      return;
    case "user add":
      await withDb(dataDir, async (handle, ctx) => {
        const password = required(values, "password");
        if (password.length < 8) throw new UsageError("--password must be at least 8 characters");
        const workspace = await findWorkspace(handle, values.workspace);
        const user = await createUser(ctx, {
          email: required(values, "email"),
          name: required(values, "name"),
          password,
        });
        const role = values.admin ? "admin" : values.guest ? "guest" : "member";
        await addUserToWorkspace(ctx, workspace.gid, user.gid, role);
        console.log(`Created ${role} ${user.email} (${user.gid}) in "${workspace.name}"`);
      });
      return;
    case "token create":
      await withDb(dataDir, async (handle) => {
        const email = required(values, "email").toLowerCase();
        const user = await handle.db.selectFrom("users").select("gid").where("email", "=", email).executeTakeFirst();
        if (!user) throw new UsageError(`no user with email ${email}`);
        const { token } = await createAccessToken(handle.db, user.gid, values.name ?? "Command line");
        console.log(`Personal access token for ${email}:`);
        console.log(token);
      });
      return;
    default:
      throw new UsageError(`unknown command "${positionals.join(" ")}"`);
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (
    error instanceof UsageError ||
    (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
  ) {
    console.error(`takt: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`takt: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
