import type { UsersTable } from "../../db/schema.ts";

export const USER_COMPACT = ["name"] as const;

export function userRef(user: Pick<UsersTable, "gid" | "name"> | null | undefined) {
  return user ? { gid: String(user.gid), resource_type: "user", name: user.name } : null;
}

export function presentUser(
  user: Pick<UsersTable, "gid" | "name" | "email" | "language">,
  workspaces: { gid: number; name: string }[] = [],
) {
  return {
    gid: String(user.gid),
    resource_type: "user",
    name: user.name,
    email: user.email,
    language: user.language,
    photo: null,
    workspaces: workspaces.map((workspace) => ({
      gid: String(workspace.gid),
      resource_type: "workspace",
      name: workspace.name,
    })),
  };
}
