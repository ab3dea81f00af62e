import type { Actor, Ctx } from "../domain/context.ts";
import { addUserToWorkspace, createUser } from "../domain/users/user.commands.ts";
import { createWorkspace } from "../domain/workspaces/workspace.commands.ts";

export const DEMO_ADMIN_EMAIL = "admin@demo.takt";
export const DEMO_PASSWORD = "takt-demo";

// The demo workspace: an agency with departments, client boards, a guest and a private project.
export async function loadDemo(ctx: Ctx, language: "en" | "ru"): Promise<{ admin: Actor; workspaceGid: number }> {
  const workspace = await createWorkspace(ctx, language === "ru" ? "Агентство «Такт»" : "Takt Agency");
  const admin = await createUser(ctx, {
    email: DEMO_ADMIN_EMAIL,
    name: language === "ru" ? "Алексей Иванов" : "Alex Ivanov",
    password: DEMO_PASSWORD,
    language,
  });
  await addUserToWorkspace(ctx, workspace.gid, admin.gid, "admin");
  return { admin, workspaceGid: workspace.gid };
}
