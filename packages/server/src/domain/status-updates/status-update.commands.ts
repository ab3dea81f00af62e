import type { ProjectsTable, StatusType, StatusUpdatesTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { type Actor, type Ctx, transact } from "../context.ts";
import { plainToRichText, richTextToPlain, sanitizeRichText } from "../rich-text.ts";

export interface NewStatusUpdate {
  status_type: StatusType;
  title: string;
  text?: string;
  html_text?: string;
}

function body(input: NewStatusUpdate): { text: string; html_text: string } {
  if (input.text !== undefined && input.html_text !== undefined) {
    throw badRequest("html_text: send either text or html_text, not both");
  }
  if (input.html_text !== undefined) {
    const html = sanitizeRichText(input.html_text);
    return { text: richTextToPlain(html), html_text: html };
  }
  const text = (input.text ?? "").trim();
  return { text, html_text: plainToRichText(text) };
}

export async function createStatusUpdate(
  ctx: Ctx & { actor: Actor },
  project: Pick<ProjectsTable, "gid" | "workspace_gid">,
  input: NewStatusUpdate,
): Promise<number> {
  const content = body(input);
  return transact(ctx, async (tx) => {
    const gid = newGid();
    await tx.trx
      .insertInto("status_updates")
      .values({
        gid,
        workspace_gid: project.workspace_gid,
        parent_gid: project.gid,
        status_type: input.status_type,
        title: input.title,
        ...content,
        created_by_gid: ctx.actor.gid,
        created_at: tx.now,
        modified_at: tx.now,
      })
      .execute();
    await tx.emit({
      workspace_gid: project.workspace_gid,
      resource_type: "status_update",
      resource_gid: gid,
      resource_subtype: "project_status_update",
      parent_type: "project",
      parent_gid: project.gid,
      action: "added",
    });
    return gid;
  });
}

export async function deleteStatusUpdate(
  ctx: Ctx,
  update: Pick<StatusUpdatesTable, "gid" | "workspace_gid" | "parent_gid">,
): Promise<void> {
  await transact(ctx, async (tx) => {
    await tx.emit({
      workspace_gid: update.workspace_gid,
      resource_type: "status_update",
      resource_gid: update.gid,
      resource_subtype: "project_status_update",
      parent_type: "project",
      parent_gid: update.parent_gid,
      action: "deleted",
    });
    await tx.trx.deleteFrom("status_updates").where("gid", "=", update.gid).execute();
  });
}
