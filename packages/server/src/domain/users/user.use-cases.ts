import type { UpdateUserBody } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import { notFound } from "../../errors.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { emailChoiceOf, setEmailChoice } from "../notifications/notification.settings.ts";
import { requireFullMember } from "../workspaces/workspace.policy.ts";
import { updateUser } from "./user.commands.ts";
import { authorizeProfileChange } from "./user.policy.ts";
import { findVisibleUser, workspacesOfUser, workspaceUsers } from "./user.queries.ts";

type ActorCtx = Ctx & { actor: Actor };

async function visibleUser(db: Db, actor: Actor, ref: string) {
  const user = await findVisibleUser(db, actor.gid, ref);
  if (!user) throw notFound("user");
  return user;
}

// A person as the actor sees them: the workspaces they share, and, for oneself, the email setting.
export async function readUser(db: Db, actor: Actor, ref: string) {
  const user = await visibleUser(db, actor, ref);
  const workspaces = await workspacesOfUser(db, user.gid);
  const mine = new Set((await workspacesOfUser(db, actor.gid)).map((workspace) => workspace.gid));
  const shared = workspaces.filter((workspace) => mine.has(workspace.gid));
  const emailNotifications = user.gid === actor.gid ? await emailChoiceOf(db, user.gid) : undefined;
  return { user, workspaces: shared, emailNotifications };
}

// The profile and the email setting change together or not at all. The body is read once the caller is known to
// be the profile's owner.
export function updateUserUseCase(ctx: ActorCtx, ref: string, body: () => UpdateUserBody) {
  return unitOfWork(ctx, async (uow) => {
    const user = await visibleUser(uow.db, uow.actor, ref);
    authorizeProfileChange(uow.actor, user);
    const { email_notifications: emailChoice, ...changes } = body();
    const updated = await updateUser(uow, user.gid, changes);
    if (emailChoice) await setEmailChoice(uow.db, user.gid, emailChoice);
    return {
      user: updated,
      workspaces: await workspacesOfUser(uow.db, user.gid),
      emailNotifications: await emailChoiceOf(uow.db, user.gid),
    };
  });
}

export async function listWorkspaceUsers(
  db: Db,
  actor: Actor,
  workspaceGid: number,
  window: { limit: number; offset: number },
) {
  await requireFullMember(db, actor, workspaceGid);
  return workspaceUsers(db, workspaceGid, window);
}
