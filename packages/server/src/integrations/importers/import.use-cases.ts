import { Readable } from "node:stream";
import type { ImportBody, ImportPreview } from "@takt/contracts";
import type { Config } from "../../config.ts";
import type { ImportsTable } from "../../db/schema.ts";
import type { FileStore } from "../../domain/attachments/attachment.storage.ts";
import { type Actor, type Ctx, unitOfWork } from "../../domain/context.ts";
import type { InvitationMailer } from "../../domain/invitations/invitation.delivery.ts";
import { inviteUseCase } from "../../domain/invitations/invitation.use-cases.ts";
import { authorizeTeam } from "../../domain/teams/team.policy.ts";
import { findTeam } from "../../domain/teams/team.queries.ts";
import { ApiError, badRequest } from "../../errors.ts";
import { newGid, parseGid } from "../../ids.ts";
import { outboundPolicy } from "../webhooks/target-guard.ts";
import { asanaClient, readAsanaAccount } from "./asana-api.run.ts";
import { findImport, queueImport } from "./import.commands.ts";
import { matchPeople, workspaceMembers } from "./import.people.ts";
import { emptyCounts, ImportInputError, type ImportPlan } from "./import.plan.ts";
import { authorizeImport, authorizeImportRead } from "./import.policy.ts";
import { detailOf, type ImportProblem, problem } from "./import.problems.ts";
import { type ImportOptions, initialCounts, type ReadImport, readImport, STORED_UPLOAD } from "./import.run.ts";

type ImportCtx = Ctx & { actor: Actor };

export interface ImportUpload {
  input: ImportBody;
  // The uploaded file (multipart); a JSON body carries it in content or content_base64 instead.
  file: Buffer | null;
}

function bytesOf({ input, file }: ImportUpload): Buffer {
  const bytes =
    file ??
    (input.content_base64 !== undefined
      ? Buffer.from(input.content_base64, "base64")
      : input.content !== undefined
        ? Buffer.from(input.content, "utf8")
        : null);
  if (!bytes || bytes.length === 0) {
    throw badRequest("file: Missing input. Upload the file as multipart/form-data or send content in the JSON body.");
  }
  return bytes;
}

// A refusal of the file is a 400 naming its field, with the problem's code and values for the web app to word.
const asApiError = (error: unknown) =>
  error instanceof ImportInputError
    ? badRequest(error.message, undefined, {
        field: error.field,
        code: `import.${error.problem.code}`,
        params: error.problem.params,
      })
    : error;

function optionsOf(input: ImportBody): ImportOptions {
  if (input.mapping && input.source !== "csv") throw badRequest("mapping: only a CSV import takes a column mapping");
  if (input.columns && input.source !== "csv") throw badRequest("columns: only a CSV import maps columns");
  if (input.source === "asana_api" && !input.token)
    throw badRequest("token: Missing input. Paste a personal access token");
  const trello = input.source === "trello";
  if (input.trello_key && !trello) throw badRequest("trello_key: only a Trello import takes a Trello key");
  if (trello && Boolean(input.token) !== Boolean(input.trello_key)) {
    throw badRequest(
      `${input.token ? "trello_key" : "token"}: a Trello import downloads files with both trello_key and token`,
    );
  }
  if (input.source !== "asana_api" && (input.asana_workspace || (!trello && (input.token || input.url)))) {
    throw badRequest(
      `${input.asana_workspace ? "asana_workspace" : input.token ? "token" : "url"}: only an asana_api import reads an account`,
    );
  }
  if (trello) {
    return {
      project_name: input.project_name,
      people: input.people,
      url: input.url,
      ...(input.token ? { trello_key: input.trello_key, trello_token: input.token } : {}),
    };
  }
  return {
    project_name: input.project_name,
    mapping: input.mapping,
    columns: input.columns,
    encoding: input.encoding,
    people: input.people,
    asana_workspace: input.asana_workspace,
    url: input.url,
  };
}

// Every person named must be someone the plan brings, and a match must be a member of this workspace.
async function checkPeople(ctx: ImportCtx, workspaceGid: number, input: ImportBody, plan: ImportPlan | null) {
  const people = Object.entries(input.people ?? {});
  if (people.length === 0) return;
  const keys = plan ? new Set(plan.users.map((user) => user.key)) : null;
  const members = new Set((await workspaceMembers(ctx.db, workspaceGid)).map((member) => String(member.gid)));
  for (const [key, choice] of people) {
    if (keys && !keys.has(key)) throw badRequest(`people.${key}: the file brings no such person`);
    if (choice.action === "match" && !members.has(choice.user)) {
      throw badRequest(`people.${key}.user: ${choice.user} is not a member of this workspace`);
    }
  }
}

async function teamOf(ctx: ImportCtx, workspaceGid: number, team: string | null | undefined) {
  if (!team) return null;
  const row = await findTeam(ctx.db, parseGid(team) ?? 0);
  if (!row || row.workspace_gid !== workspaceGid) throw badRequest(`team: Unknown object ${team}`);
  await authorizeTeam(ctx.db, ctx.actor, row, "read");
  return row.gid;
}

// The caller's right to import is checked before the upload is read: nobody streams a file they may not import.
// The file is read now so that an unreadable one is a 400 naming the field; row problems (a ragged CSV line)
// make a failed import whose problems list every line, and nothing is written. Everything is checked before
// the one unit that records the import and queues its job (parsing a large file holds no transaction). People
// to invite are invited once the import is recorded.
export async function startImport(
  ctx: ImportCtx,
  workspaceGid: number,
  read: () => Promise<ImportUpload>,
  mailer: InvitationMailer,
  store: FileStore,
) {
  await authorizeImport(ctx.db, ctx.actor, workspaceGid);
  const upload = await read();
  const { input } = upload;
  const options = optionsOf(input);
  const teamGid = await teamOf(ctx, workspaceGid, input.team);
  const live = input.source === "asana_api";
  const bytes = live ? Buffer.from(input.token ?? "", "utf8") : bytesOf(upload);
  const fileName = live ? (input.url ?? "Asana") : (input.file_name ?? "");
  let problems: ImportProblem[] = [];
  let plan: ImportPlan | null = null;
  try {
    if (!live) {
      plan = readImport(input.source, bytes, fileName, options).plan;
      problems = plan.problems;
    }
  } catch (error) {
    throw asApiError(error);
  }
  await checkPeople(ctx, workspaceGid, input, plan);
  // An uploaded file waits for its job in the file store (as attachments do), not base64 in the import's row:
  // a board's zip of a few hundred MB would otherwise be held several times over in memory and the database.
  let content = problems.length ? "" : bytes.toString("base64");
  if (!problems.length && !live && upload.file) {
    const staged = await store.stage(Readable.from([bytes]), bytes.length + 1);
    await store.commit(staged);
    content = `${STORED_UPLOAD}${staged.sha256}`;
  }
  const now = new Date().toISOString();
  const row: ImportsTable = {
    gid: newGid(),
    workspace_gid: workspaceGid,
    team_gid: teamGid,
    project_gid: null,
    source: input.source,
    file_name: fileName,
    // A live import keeps the token only until it ends.
    content,
    options: JSON.stringify(options),
    status: problems.length ? "failed" : "queued",
    counts: initialCounts(),
    problems: JSON.stringify(problems),
    progress: problems.length ? 100 : 0,
    created_by_gid: ctx.actor.gid,
    created_at: now,
    started_at: null,
    finished_at: problems.length ? now : null,
  };
  await unitOfWork(ctx, (uow) => queueImport(uow.db, row));
  if (!problems.length) await invitePeople(ctx, workspaceGid, input, mailer, row);
  return row;
}

// An invitation per person the importer chose to invite; one that cannot be sent (already a member) is a note.
async function invitePeople(
  ctx: ImportCtx,
  workspaceGid: number,
  input: ImportBody,
  mailer: InvitationMailer,
  row: ImportsTable,
) {
  const notes: ImportProblem[] = [];
  for (const choice of Object.values(input.people ?? {})) {
    if (choice.action !== "invite") continue;
    try {
      await inviteUseCase(ctx, mailer, { workspace: String(workspaceGid), email: choice.email, role: "member" });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      notes.push(
        problem("invitation_failed", { email: choice.email, reason: error.message.replace(/^[a-z_.]+: /, "") }),
      );
    }
  }
  if (notes.length) {
    row.problems = JSON.stringify(notes);
    await ctx.db.updateTable("imports").set({ problems: row.problems }).where("gid", "=", row.gid).execute();
  }
}

export async function showImport(ctx: ImportCtx, importGid: number) {
  return authorizeImportRead(ctx.db, ctx.actor, await findImport(ctx.db, importGid));
}

const countPlan = (plan: ImportPlan) => {
  const counts = {
    ...emptyCounts(),
    custom_fields: plan.customFields?.length ?? 0,
    people: plan.users.length,
    // Attachments whose bytes come inside the file (the rest are links, or downloaded during the import).
    attachment_files: 0,
  };
  const visit = (task: ImportPlan["tasks"][number], depth: number) => {
    if (depth === 0) counts.tasks += 1;
    else counts.subtasks += 1;
    counts.comments += task.comments.length;
    counts.attachments += task.links.length;
    counts.attachment_files += task.links.filter((link) => link.file).length;
    for (const subtask of task.subtasks) visit(subtask, depth + 1);
  };
  for (const task of plan.tasks) visit(task, 0);
  counts.sections = plan.sections.length;
  counts.tags = plan.tags.length;
  return counts;
};

// What an import would do, without writing anything: the project, counts, every incoming person with the member
// they match (and how), a CSV's columns with their targets and first rows, or an Asana account's projects.
export async function previewImport(
  ctx: ImportCtx,
  workspaceGid: number,
  read: () => Promise<ImportUpload>,
  config: Config,
): Promise<ImportPreview> {
  await authorizeImport(ctx.db, ctx.actor, workspaceGid);
  const upload = await read();
  const { input } = upload;
  const options = optionsOf(input);
  await teamOf(ctx, workspaceGid, input.team);
  let readOut: ReadImport;
  let projects: { gid: string; name: string }[] = [];
  try {
    if (input.source === "asana_api") {
      const client = asanaClient(options, input.token ?? "", outboundPolicy(config));
      const account = await readAsanaAccount(client, options.asana_workspace);
      projects = account.projects.map((project) => ({ gid: project.gid, name: project.name }));
      readOut = {
        plan: {
          sourceId: "asana:",
          projectName: account.workspace.name,
          sections: [],
          users: account.users,
          tags: [],
          tasks: [],
          problems: [],
        },
        encoding: null,
        columns: [],
        rows: [],
      };
    } else {
      readOut = readImport(input.source, bytesOf(upload), input.file_name ?? "", options, true);
    }
  } catch (error) {
    throw asApiError(error);
  }
  const { plan } = readOut;
  const matches = await matchPeople(ctx.db, workspaceGid, plan.sourceId, plan.users);
  const existing =
    input.source === "asana_api"
      ? undefined
      : await ctx.db
          .selectFrom("import_keys")
          .innerJoin("projects", "projects.gid", "import_keys.resource_gid")
          .select(["projects.gid", "projects.name"])
          .where("import_keys.workspace_gid", "=", workspaceGid)
          .where("import_keys.source", "=", plan.sourceId)
          .where("import_keys.external_id", "=", "project")
          .executeTakeFirst();
  const person = (member: { gid: number; name: string; email: string }) => ({
    gid: String(member.gid),
    name: member.name,
    email: member.email,
  });
  return {
    resource_type: "import_preview",
    source: input.source,
    project_name: options.project_name || plan.projectName,
    existing_project: existing ? { gid: String(existing.gid), name: existing.name } : null,
    counts: countPlan(plan),
    people: matches.map((match) => ({
      key: match.person.key,
      name: match.person.name,
      email: match.person.email,
      username: match.person.username ?? null,
      match: match.member ? person(match.member) : null,
      matched_by: match.by,
      candidates: match.candidates.map(person),
    })),
    encoding: readOut.encoding,
    columns: readOut.columns,
    rows: readOut.rows.map((cells) => cells.map((cell) => cell.slice(0, 200))),
    projects,
    problems: plan.problems.slice(0, 50).map((item) => item.message),
    notes: (plan.notes ?? []).map((item) => item.message),
    problem_details: plan.problems.slice(0, 50).map(detailOf),
    note_details: (plan.notes ?? []).map(detailOf),
  };
}
