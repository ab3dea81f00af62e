import { z } from "zod";
import { Gid } from "./common.ts";

export const UpdateWorkspaceBody = z.strictObject({ name: z.string().trim().min(1).max(200) });
export type UpdateWorkspaceBody = z.infer<typeof UpdateWorkspaceBody>;

// A person by gid or email.
export const WorkspaceUserBody = z.strictObject({ user: z.string().min(1).max(320) });
export type WorkspaceUserBody = z.infer<typeof WorkspaceUserBody>;

export const WorkspacePathParams = z.object({ workspace_gid: Gid });
