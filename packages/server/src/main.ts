import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "./config.ts";
import { type DbHandle, migrateToLatest, openDb } from "./db/index.ts";
import { minimumRelease } from "./db/schema-compat.ts";
import { sqliteHolder } from "./db/sqlite-holder.ts";
import { DEMO_ADMIN_EMAIL, DEMO_GUEST_EMAIL, DEMO_PASSWORD, loadDemo } from "./demo/load-demo.ts";
import { fileStoreOf } from "./domain/attachments/file-store.ts";
import { createAccessToken } from "./domain/auth/auth.commands.ts";
import type { Ctx } from "./domain/context.ts";
import { addUserToWorkspace, createUser } from "./domain/users/user.commands.ts";
import { createWorkspace } from "./domain/workspaces/workspace.commands.ts";
import { EventBus } from "./events/bus.ts";
import { buildApp } from "./http/app.ts";
import { loadProjectContent, projectAsanaJson, projectCsv } from "./integrations/exporters/project-export.ts";
import { describeCounts, importFromCli, previewFromCli } from "./integrations/importers/import.cli.ts";
import { ImportInputError } from "./integrations/importers/import.plan.ts";
import { storedProblems } from "./integrations/importers/import.problems.ts";
import { backupDatabase } from "./ops/backup.ts";
import { restoreDatabase } from "./ops/restore.ts";
import { startServer } from "./server.ts";
import { release } from "./version.ts";

const USAGE = `Usage: takt <command> [options]

Commands:
  serve [--role web|worker|all] run the server (--port, --host; DATABASE_URL or --database-url for PostgreSQL);
                                web = HTTP + realtime, worker = jobs (+ /healthz /readyz /metrics), all = both
  backup --out FILE             write a consistent backup (every table + attachments) while the server runs
  restore --from FILE           load a backup into an empty database (SQLite or PostgreSQL)
  migrate-db --from sqlite:DIR --to postgres://… [--snapshot]
                                copy a SQLite installation (rows + attachments) into an empty PostgreSQL;
                                attachments go to --data-dir. Refuses while a server uses DIR (stop it
                                first), unless --snapshot: then copies a consistent snapshot and says so
  migrate                       apply pending database migrations
  demo [--language en|ru]       load the demo workspace into an empty database
  workspace add --name N        create a workspace
  user add --email E --name N --password P [--admin] [--workspace NAME]
                                create a user and add them to a workspace
  token create --email E [--name N]
                                print a new personal access token for a user
  import trello|asana|csv|telegram|slack --file F [--workspace NAME] [--team NAME] [--as EMAIL] [--project-name N]
                                [--mapping JSON] [--columns JSON] [--encoding auto|utf-8|windows-1251]
                                [--preview] [--map NAME=EMAIL|invite:EMAIL|placeholder|none ...]
                                import a Trello board, an Asana project (JSON), a CSV, a Telegram chat
                                (result.json) or a Slack export (zip) as tasks per thread; rerunning updates,
                                never duplicates; --preview lists the people and whom each matches here.
                                Trello: a board's JSON or its export zip with the files; --trello-key K
                                --token T downloads files uploaded to cards (else they stay links)
  import asana-api --token T [--workspace GID] [--url https://app.asana.com/api/1.0] [--into NAME]
                                copy a whole Asana workspace (or another Takt's) through its API: teams,
                                projects, tasks, comments, fields, …; resumable, rerunning updates
  export csv|json --project GID --out F
                                write a project's tasks as CSV or as Asana-shaped JSON

Options for every command: --data-dir DIR (env TAKT_DATA_DIR, default ./data), --config FILE.json
(env TAKT_CONFIG), --database-url URL (env DATABASE_URL). Flags win over the environment, which wins over the file.`;

class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "") throw new UsageError(`--${name} is required`);
  return value;
}

type Flags = Parameters<typeof loadConfig>[0];

async function withDb<T>(flags: Flags, work: (handle: DbHandle, ctx: Ctx) => Promise<T>): Promise<T> {
  const config = loadConfig(flags);
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
      role: { type: "string" },
      config: { type: "string" },
      "database-url": { type: "string" },
      out: { type: "string" },
      file: { type: "string" },
      team: { type: "string" },
      as: { type: "string" },
      project: { type: "string" },
      "project-name": { type: "string" },
      mapping: { type: "string" },
      columns: { type: "string" },
      map: { type: "string", multiple: true },
      preview: { type: "boolean" },
      token: { type: "string" },
      "trello-key": { type: "string" },
      url: { type: "string" },
      into: { type: "string" },
      encoding: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      snapshot: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
  const dataDir = values["data-dir"];
  const flags: Flags = { dataDir, config: values.config, databaseUrl: values["database-url"] };
  const [command, sub] = positionals;
  if (values.version || command === "version") {
    console.log(`takt ${release.version} (build ${release.build}, Node.js ${process.versions.node})`);
    return;
  }
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  switch (`${command}${sub ? ` ${sub}` : ""}`) {
    case "serve":
      await startServer(loadConfig({ ...flags, port: values.port, host: values.host, role: values.role }));
      return;
    case "backup": {
      const out = required(values, "out");
      const started = performance.now();
      const summary = await backupDatabase(loadConfig(flags), out);
      const rows = Object.values(summary.rows).reduce((sum, count) => sum + count, 0);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`Backup written to ${out}: ${rows} rows, ${summary.files} attachment files, ${seconds} s.`);
      return;
    }
    case "restore": {
      const summary = await restoreDatabase(loadConfig(flags), required(values, "from"));
      const rows = Object.values(summary.rows).reduce((sum, count) => sum + count, 0);
      console.log(`Restored ${rows} rows and ${summary.files} attachment files.`);
      return;
    }
    case "migrate-db": {
      const from = required(values, "from");
      const to = required(values, "to");
      if (!from.startsWith("sqlite:")) throw new UsageError("--from must be sqlite:DIR (the SQLite data directory)");
      const source = loadConfig({ ...flags, dataDir: from.slice("sqlite:".length), databaseUrl: undefined }, {});
      const holder = sqliteHolder(source.dataDir);
      if (holder && !values.snapshot) {
        throw new Error(
          `a Takt server (pid ${holder.pid} on ${holder.host}, since ${holder.started_at}) is using ${source.dataDir}: ` +
            "stop it first, so that no write made during or after the copy is left behind in SQLite " +
            "(or pass --snapshot to copy a consistent snapshot of it as it is now)",
        );
      }
      const target = loadConfig({ ...flags, databaseUrl: to });
      const file = path.join(os.tmpdir(), `takt-migrate-${process.pid}-${Date.now()}.takt.gz`);
      try {
        const snapshotAt = new Date().toISOString();
        await backupDatabase({ dataDir: source.dataDir }, file);
        const summary = await restoreDatabase(target, file);
        const rows = Object.values(summary.rows).reduce((sum, count) => sum + count, 0);
        console.log(`Moved ${rows} rows and ${summary.files} attachment files to PostgreSQL.`);
        if (holder) {
          console.log(
            `The server (pid ${holder.pid}) kept running: this is a snapshot taken at ${snapshotAt}; ` +
              "writes it made after that are not in PostgreSQL. Stop it and run migrate-db again into an empty " +
              "database before switching over.",
          );
        }
      } finally {
        fs.rmSync(file, { force: true });
      }
      return;
    }
    case "migrate": {
      // Not withDb: it migrates first, and this command must report what it applied itself.
      const handle = openDb(loadConfig(flags));
      try {
        let newer: string[] = [];
        const applied = await migrateToLatest(handle.db, {
          onNewer: (unknown) => {
            newer = unknown.map((row) => `${row.name} (expand, applied by Takt ${row.release})`);
          },
        });
        const minimum = await minimumRelease(handle.db);
        if (newer.length) {
          console.log(`The database is newer than Takt ${release.version}: ${newer.join(", ")}.`);
          console.log("Those steps only expand the schema, so this release keeps running on it.");
        } else console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
        if (minimum) console.log(`Releases older than Takt ${minimum} cannot run on this schema.`);
      } finally {
        await handle.destroy();
      }
      return;
    }
    case "demo": {
      const language = values.language ?? "en";
      if (language !== "en" && language !== "ru") throw new UsageError("--language must be en or ru");
      const config = { ...loadConfig(flags), logLevel: "silent" as const };
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
      await withDb(flags, async (_handle, ctx) => {
        const workspace = await createWorkspace(ctx, required(values, "name"));
        console.log(`Created workspace "${workspace.name}" (${workspace.gid})`);
      });
      return;
    case "user add":
      await withDb(flags, async (handle, ctx) => {
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
    case "import trello":
    case "import asana":
    case "import csv":
    case "import telegram":
    case "import slack":
    case "import asana-api":
      await withDb(flags, async (handle, ctx) => {
        const live = sub === "asana-api";
        const workspace = await findWorkspace(handle, live ? values.into : values.workspace);
        const email = values.as?.toLowerCase();
        const actor = await handle.db
          .selectFrom("users")
          .innerJoin("workspace_memberships", "workspace_memberships.user_gid", "users.gid")
          .select("users.gid")
          .where("workspace_memberships.workspace_gid", "=", workspace.gid)
          .$if(Boolean(email), (query) => query.where("users.email", "=", email as string))
          .$if(!email, (query) => query.where("workspace_memberships.role", "=", "admin"))
          .orderBy("users.gid")
          .executeTakeFirst();
        if (!actor)
          throw new UsageError(
            email ? `no member ${email} in "${workspace.name}"` : "the workspace has no admin: pass --as EMAIL",
          );
        let teamGid: number | null = null;
        if (values.team) {
          const team = await handle.db
            .selectFrom("teams")
            .select("gid")
            .where("workspace_gid", "=", workspace.gid)
            .where("name", "=", values.team)
            .executeTakeFirst();
          if (!team) throw new UsageError(`no team named "${values.team}" in "${workspace.name}"`);
          teamGid = team.gid;
        }
        const encoding = values.encoding ?? "auto";
        if (!["auto", "utf-8", "windows-1251"].includes(encoding))
          throw new UsageError("--encoding must be auto, utf-8 or windows-1251");
        const json = (name: "mapping" | "columns", example: string) => {
          try {
            return values[name] ? (JSON.parse(values[name]) as Record<string, string>) : undefined;
          } catch {
            throw new UsageError(`--${name} must be JSON, e.g. ${example}`);
          }
        };
        try {
          const input = {
            source: live ? ("asana_api" as const) : (sub as "trello" | "asana" | "csv" | "telegram" | "slack"),
            file: live ? undefined : required(values, "file"),
            workspaceGid: workspace.gid,
            teamGid,
            actorGid: actor.gid,
            projectName: values["project-name"],
            mapping: json("mapping", '{"name":"Task","section":"Stage"}'),
            columns: json("columns", '{"Priority":"custom_enum","Comment":"skip"}'),
            encoding: encoding as "auto" | "utf-8" | "windows-1251",
            map: values.map,
            token: live ? required(values, "token") : sub === "trello" ? values.token : undefined,
            trelloKey: sub === "trello" ? values["trello-key"] : undefined,
            asanaWorkspace: live ? values.workspace : undefined,
            url: values.url,
          };
          if (values.preview) {
            console.log(await previewFromCli(handle.db, input));
            return;
          }
          const config = loadConfig(flags);
          const result = await importFromCli(handle.db, ctx.bus, input, {
            store: fileStoreOf(config),
            limit: config.maxUploadBytes,
          });
          if (result?.status !== "succeeded") {
            const problems = storedProblems(result?.problems ?? "[]").map((item) => item.message);
            throw new Error(`import failed:\n  ${problems.join("\n  ")}`);
          }
          const notes = storedProblems(result.problems).map((item) => item.message);
          console.log(`Imported into project ${result.project_gid}: ${describeCounts(result.counts)}`);
          for (const note of notes) console.log(`  note: ${note}`);
        } catch (error) {
          if (error instanceof ImportInputError) throw new Error(error.message);
          throw error;
        }
      });
      return;
    case "export csv":
    case "export json":
      await withDb(flags, async (handle) => {
        const project = await handle.db
          .selectFrom("projects")
          .selectAll()
          .where("gid", "=", Number(required(values, "project")))
          .executeTakeFirst();
        if (!project) throw new UsageError(`no project ${values.project}`);
        const content = await loadProjectContent(handle.db, project);
        const out = required(values, "out");
        const body =
          sub === "csv"
            ? projectCsv(project, content)
            : JSON.stringify(await projectAsanaJson(handle.db, project, content), null, 2);
        fs.writeFileSync(out, body);
        console.log(`Wrote ${content.tasks.length + content.subtasks.length} tasks to ${out}`);
      });
      return;
    case "token create":
      await withDb(flags, async (handle) => {
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
