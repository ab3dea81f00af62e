import type { CreateStatusUpdateBody } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import { notFound } from "../../errors.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { findProject } from "../projects/project.queries.ts";
import { changeStage } from "../projects/project.stage.ts";
import { visibleProject } from "../projects/project.use-cases.ts";
import { requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import { guestHome } from "./guest-home.queries.ts";
import { createStatusUpdate, deleteStatusUpdate } from "./status-update.commands.ts";
import { authorizeStatusUpdate } from "./status-update.policy.ts";
import type { StatusUpdateRow } from "./status-update.presenter.ts";
import { findStatusUpdate, statusUpdatesOf } from "./status-update.queries.ts";

type ActorCtx = Ctx & { actor: Actor };

async function existingUpdate(db: Db, gid: number): Promise<StatusUpdateRow> {
  const update = await findStatusUpdate(db, gid);
  if (!update) throw notFound("status_update");
  return update;
}

// The client portal's home: the caller's own projects with stages and latest status.
export async function readGuestHome(db: Db, actor: Actor, workspaceGid: number) {
  await requireWorkspaceRole(db, actor, workspaceGid);
  return guestHome(db, actor, workspaceGid);
}

export async function listStatusUpdates(
  db: Db,
  actor: Actor,
  projectGid: number,
  window: { limit: number; offset: number },
) {
  await authorizeStatusUpdate(db, actor, projectGid, "read");
  return statusUpdatesOf(db, projectGid, window);
}

export async function readStatusUpdate(db: Db, actor: Actor, gid: number) {
  const update = await existingUpdate(db, gid);
  await authorizeStatusUpdate(db, actor, update.parent_gid, "read", update);
  return update;
}

export function createStatusUpdateUseCase(
  ctx: ActorCtx,
  projectGid: number,
  input: Omit<CreateStatusUpdateBody, "parent">,
): Promise<StatusUpdateRow> {
  return unitOfWork(ctx, async (uow) => {
    await authorizeStatusUpdate(uow.db, uow.actor, projectGid, "create");
    const project = await findProject(uow.db, projectGid);
    if (!project) throw notFound("project");
    const { stage, ...update } = input;
    const gid = await createStatusUpdate(uow, project, update);
    // Naming a stage moves the project to it: its editors only.
    if (stage !== undefined) {
      await visibleProject(uow.db, uow.actor, project.gid, "edit");
      await changeStage(uow, project, Number(stage), "stage");
    }
    return existingUpdate(uow.db, gid);
  });
}

export function deleteStatusUpdateUseCase(ctx: ActorCtx, gid: number) {
  return unitOfWork(ctx, async (uow) => {
    const update = await existingUpdate(uow.db, gid);
    await authorizeStatusUpdate(uow.db, uow.actor, update.parent_gid, "delete", update);
    await deleteStatusUpdate(uow, update);
  });
}
