import type { ImportBody } from "@takt/contracts";
import type { ImportsTable } from "../../db/schema.ts";
import { type Actor, type Ctx, unitOfWork } from "../../domain/context.ts";
import { authorizeTeam } from "../../domain/teams/team.policy.ts";
import { findTeam } from "../../domain/teams/team.queries.ts";
import { badRequest } from "../../errors.ts";
import { newGid, parseGid } from "../../ids.ts";
import { findImport, queueImport } from "./import.commands.ts";
import { ImportInputError } from "./import.plan.ts";
import { authorizeImport, authorizeImportRead } from "./import.policy.ts";
import { initialCounts, planImport } from "./import.run.ts";

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

// The caller's right to import is checked before the upload is read: nobody streams a file they may not import.
// The file is read now so that an unreadable one is a 400 naming the field; row problems (a ragged CSV line)
// make a failed import whose problems list every line, and nothing is written. Everything is checked before
// the one unit that records the import and queues its job (parsing a large file holds no transaction).
export async function startImport(ctx: ImportCtx, workspaceGid: number, read: () => Promise<ImportUpload>) {
  await authorizeImport(ctx.db, ctx.actor, workspaceGid);
  const upload = await read();
  const { input } = upload;
  if (input.mapping && input.source !== "csv") throw badRequest("mapping: only a CSV import takes a column mapping");
  const bytes = bytesOf(upload);
  let teamGid: number | null = null;
  if (input.team) {
    const team = await findTeam(ctx.db, parseGid(input.team) ?? 0);
    if (!team || team.workspace_gid !== workspaceGid) throw badRequest(`team: Unknown object ${input.team}`);
    await authorizeTeam(ctx.db, ctx.actor, team, "read");
    teamGid = team.gid;
  }
  const options = { project_name: input.project_name, mapping: input.mapping, encoding: input.encoding };
  const fileName = input.file_name ?? "";
  let problems: string[];
  try {
    problems = planImport(input.source, bytes, fileName, options).problems;
  } catch (error) {
    if (error instanceof ImportInputError) throw badRequest(error.message);
    throw error;
  }
  const now = new Date().toISOString();
  const row: ImportsTable = {
    gid: newGid(),
    workspace_gid: workspaceGid,
    team_gid: teamGid,
    project_gid: null,
    source: input.source,
    file_name: fileName,
    content: problems.length ? "" : bytes.toString("base64"),
    options: JSON.stringify(options),
    status: problems.length ? "failed" : "queued",
    counts: initialCounts(),
    problems: JSON.stringify(problems),
    created_by_gid: ctx.actor.gid,
    created_at: now,
    started_at: null,
    finished_at: problems.length ? now : null,
  };
  await unitOfWork(ctx, (uow) => queueImport(uow.db, row));
  return row;
}

export async function showImport(ctx: ImportCtx, importGid: number) {
  return authorizeImportRead(ctx.db, ctx.actor, await findImport(ctx.db, importGid));
}
