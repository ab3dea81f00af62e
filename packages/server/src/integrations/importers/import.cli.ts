import fs from "node:fs";
import path from "node:path";
import type { Db } from "../../db/index.ts";
import type { ImportsTable } from "../../db/schema.ts";
import type { EventBus } from "../../events/bus.ts";
import { newGid } from "../../ids.ts";
import { asanaClient, readAsanaAccount } from "./asana-api.run.ts";
import type { CsvColumns, CsvEncoding, CsvMapping } from "./csv.ts";
import type { ImportFiles } from "./import.files.ts";
import { matchPeople, workspaceMembers } from "./import.people.ts";
import { ImportInputError, type PlanUser } from "./import.plan.ts";
import { type ImportOptions, initialCounts, readImport, runImport } from "./import.run.ts";

export interface CliImport {
  source: ImportsTable["source"];
  file?: string;
  workspaceGid: number;
  teamGid: number | null;
  actorGid: number;
  projectName?: string;
  mapping?: CsvMapping;
  columns?: CsvColumns;
  encoding?: CsvEncoding;
  // --map "Maria Petrova=maria@agency.ru", "member:abc=none", "Ivan=invite:ivan@agency.ru", "Olga=placeholder".
  map?: string[];
  token?: string;
  // Trello: the API key that goes with --token, to download the files uploaded to cards.
  trelloKey?: string;
  asanaWorkspace?: string;
  url?: string;
}

// The command line runs on the server: it may read another instance on a private address.
const OPERATOR_POLICY = { allowPrivate: true, allowList: [] };

function optionsOf(input: CliImport): ImportOptions {
  return {
    project_name: input.projectName,
    mapping: input.mapping,
    columns: input.columns,
    encoding: input.encoding,
    asana_workspace: input.asanaWorkspace,
    url: input.url,
    ...(input.source === "trello" && input.token ? { trello_key: input.trelloKey, trello_token: input.token } : {}),
  };
}

async function peopleOf(input: CliImport) {
  const options = optionsOf(input);
  if (input.source === "asana_api") {
    const client = asanaClient(options, input.token ?? "", OPERATOR_POLICY);
    const account = await readAsanaAccount(client, input.asanaWorkspace);
    return { sourceId: "asana:", users: account.users, bytes: Buffer.from(input.token ?? "", "utf8") };
  }
  if (!input.file) throw new ImportInputError("file", "cli_file_required");
  const bytes = fs.readFileSync(input.file);
  const { plan } = readImport(input.source, bytes, path.basename(input.file), options);
  return { sourceId: plan.sourceId, users: plan.users, bytes };
}

// --map NAME=TARGET: NAME is the person's key, name or email as the preview prints it; TARGET an email of a
// member, "invite:EMAIL", "placeholder" or "none".
async function choicesOf(db: Db, workspaceGid: number, users: PlanUser[], map: string[]) {
  const members = await workspaceMembers(db, workspaceGid);
  const people: NonNullable<ImportOptions["people"]> = {};
  for (const entry of map) {
    const at = entry.lastIndexOf("=");
    if (at < 1) throw new ImportInputError("map", "cli_map_syntax", { entry });
    const name = entry.slice(0, at).trim().toLowerCase();
    const target = entry.slice(at + 1).trim();
    const person = users.find((user) => [user.key.toLowerCase(), user.name.toLowerCase(), user.email].includes(name));
    if (!person) throw new ImportInputError("map", "cli_map_nobody", { name: entry.slice(0, at) });
    if (target === "none" || target === "placeholder") people[person.key] = { action: target };
    else if (target.startsWith("invite:"))
      people[person.key] = { action: "invite", email: target.slice(7).toLowerCase() };
    else {
      const member = members.find((candidate) => candidate.email.toLowerCase() === target.toLowerCase());
      if (!member) throw new ImportInputError("map", "cli_map_not_member", { target });
      people[person.key] = { action: "match", user: String(member.gid) };
    }
  }
  return people;
}

// --preview: who comes with the import and whom each matches here; nothing is written.
export async function previewFromCli(db: Db, input: CliImport): Promise<string> {
  const { sourceId, users } = await peopleOf(input);
  const people = await choicesOf(db, input.workspaceGid, users, input.map ?? []);
  const matches = await matchPeople(db, input.workspaceGid, sourceId, users);
  const lines = matches.map(({ person, member, by, candidates }) => {
    const chosen = people[person.key];
    const target = chosen
      ? chosen.action === "match"
        ? `→ ${chosen.user} (chosen)`
        : `→ ${chosen.action}${chosen.action === "invite" ? ` ${chosen.email}` : ""} (chosen)`
      : member
        ? `→ ${member.name} <${member.email}> (by ${by})`
        : candidates.length
          ? `→ ? several match: ${candidates.map((candidate) => candidate.email).join(", ")}`
          : "→ new placeholder";
    return `  ${person.key}  ${person.name}${person.email ? ` <${person.email}>` : ""}  ${target}`;
  });
  return [
    `People (${matches.length}):`,
    ...lines,
    "Change any with --map NAME=EMAIL|invite:EMAIL|placeholder|none",
  ].join("\n");
}

// `takt import …`: the same import as the API's, recorded in imports, but run in this process instead of a worker.
export async function importFromCli(
  db: Db,
  bus: EventBus,
  input: CliImport,
  files: ImportFiles,
): Promise<ImportsTable | undefined> {
  if (input.source === "trello" && Boolean(input.token) !== Boolean(input.trelloKey)) {
    throw new ImportInputError("token", "cli_trello_key");
  }
  const { users, bytes } = await peopleOf(input);
  const options: ImportOptions = {
    ...optionsOf(input),
    people: await choicesOf(db, input.workspaceGid, users, input.map ?? []),
  };
  const gid = newGid();
  await db
    .insertInto("imports")
    .values({
      gid,
      workspace_gid: input.workspaceGid,
      team_gid: input.teamGid,
      project_gid: null,
      source: input.source,
      file_name: input.file ? path.basename(input.file) : (input.url ?? "Asana"),
      content: bytes.toString("base64"),
      options: JSON.stringify(options),
      status: "queued",
      counts: initialCounts(),
      problems: "[]",
      progress: 0,
      created_by_gid: input.actorGid,
      created_at: new Date().toISOString(),
      started_at: null,
      finished_at: null,
    })
    .execute();
  return runImport(db, bus, gid, OPERATOR_POLICY, files);
}

// "Imported into project 123: 5 tasks, 12 subtasks, 3 updated, …" — what a person reads, not JSON.
export function describeCounts(counts: string): string {
  const parsed = JSON.parse(counts) as Record<string, number>;
  const parts = Object.entries(parsed)
    .filter(([, value]) => value > 0)
    .map(([name, value]) => `${value} ${name.replace(/_/g, " ")}`);
  return parts.join(", ") || "nothing new";
}
