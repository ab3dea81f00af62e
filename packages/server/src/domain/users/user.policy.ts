import { badRequest } from "../../errors.ts";
import type { Actor } from "../context.ts";

// A profile (name, language, email settings) is changed by its owner only.
export function authorizeProfileChange(actor: Actor, user: { gid: number }): void {
  if (user.gid !== actor.gid) throw badRequest("user_gid: you can only change your own profile");
}
