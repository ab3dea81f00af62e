import type { AttachmentsTable, TasksTable } from "../../db/schema.ts";
import { unitOfWork } from "../context.ts";
import type { TaskCtx } from "../tasks/task.commands.ts";
import { addFileAttachment, addLinkAttachment } from "./attachment.commands.ts";
import { attachmentParentFor } from "./attachment.resolve.ts";
import type { FileStore, StagedFile } from "./attachment.storage.ts";

// A file name is shown and offered back on download: no path, no control characters, a sane length.
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? "").split(/[\\/]/).pop() ?? "";
  const printable = [...base].filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f).join("");
  const cleaned = printable.trim().slice(0, 255);
  return cleaned || "file";
}

export type NewAttachment =
  | { kind: "file"; staged: StagedFile; name: string }
  | { kind: "link"; url: string; name: string };

// POST /attachments: anyone who may comment on the task attaches to it. The row and its event commit first;
// an uploaded file then moves into place (the caller discards the staged file when this throws).
export async function attachToTaskUseCase(
  ctx: TaskCtx,
  store: FileStore,
  parentGid: number,
  attachment: NewAttachment,
): Promise<{ attachment: AttachmentsTable; task: TasksTable }> {
  const added = await unitOfWork(ctx, async (uow) => {
    const task = await attachmentParentFor(uow.db, uow.actor, parentGid, "comment", "parent");
    const row =
      attachment.kind === "file"
        ? await addFileAttachment(uow, task, { name: cleanFileName(attachment.name), staged: attachment.staged })
        : await addLinkAttachment(uow, task, { name: attachment.name, url: attachment.url });
    return { attachment: row, task };
  });
  if (attachment.kind === "file") await store.commit(attachment.staged);
  return added;
}
