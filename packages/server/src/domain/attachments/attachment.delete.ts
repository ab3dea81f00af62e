import { unitOfWork } from "../context.ts";
import type { TaskCtx } from "../tasks/task.commands.ts";
import { deleteAttachment, releaseStoredFile } from "./attachment.commands.ts";
import { attachmentFor } from "./attachment.resolve.ts";
import type { FileStore } from "./attachment.storage.ts";

// DELETE /attachments/{gid}: the record, then (after commit) its bytes when no other attachment shares them.
export async function deleteAttachmentUseCase(ctx: TaskCtx, store: FileStore, attachmentRaw: string): Promise<void> {
  const removed = await unitOfWork(ctx, async (uow) => {
    const { attachment } = await attachmentFor(uow.db, uow.actor, attachmentRaw, "delete");
    await deleteAttachment(uow, attachment);
    return attachment;
  });
  await releaseStoredFile(ctx.db, store, removed.sha256);
}
