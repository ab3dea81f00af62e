import type { TasksTable } from "../../db/schema.ts";
import { unitOfWork } from "../context.ts";
import type { TaskCtx } from "./task.commands.ts";
import { placeInProject, removeFromProject, setParent } from "./task.moves.ts";
import { anchorGid, projectFor, sameWorkspace, sectionFor, sectionOfProject, taskFor } from "./task.resolve.ts";

// Where a task sits: its parent, its projects and its place in a section. Each is one request, one unit of work.

interface AnchorInput {
  insert_before?: string | null;
  insert_after?: string | null;
}

const anchorsOf = (input: AnchorInput) => ({
  insert_before: anchorGid(input.insert_before, "insert_before"),
  insert_after: anchorGid(input.insert_after, "insert_after"),
});

// POST /tasks/{gid}/setParent
export async function setTaskParentUseCase(
  ctx: TaskCtx,
  taskRaw: string,
  input: AnchorInput & { parent: string | null },
): Promise<TasksTable> {
  return unitOfWork(ctx, async (uow) => {
    const task = await taskFor(uow.db, uow.actor, taskRaw, "edit");
    const parent = input.parent ? await taskFor(uow.db, uow.actor, input.parent, "edit", "parent") : null;
    if (parent) sameWorkspace("parent", task.workspace_gid, parent);
    return setParent(uow, task, parent, anchorsOf(input));
  });
}

// POST /tasks/{gid}/addProject: adds the task to the project, or moves it there when it is already in it.
export async function addTaskToProjectUseCase(
  ctx: TaskCtx,
  taskRaw: string,
  input: AnchorInput & { project: string; section?: string | null },
): Promise<void> {
  await unitOfWork(ctx, async (uow) => {
    const task = await taskFor(uow.db, uow.actor, taskRaw, "edit");
    const project = await projectFor(uow.db, uow.actor, input.project, "edit");
    sameWorkspace("project", task.workspace_gid, project);
    const sectionGid = input.section ? await sectionOfProject(uow.db, input.section, project.gid, "section") : null;
    await placeInProject(uow, task, { projectGid: project.gid, sectionGid, ...anchorsOf(input), fallback: "end" });
  });
}

// POST /tasks/{gid}/removeProject
export async function removeTaskFromProjectUseCase(
  ctx: TaskCtx,
  taskRaw: string,
  input: { project: string },
): Promise<void> {
  await unitOfWork(ctx, async (uow) => {
    const task = await taskFor(uow.db, uow.actor, taskRaw, "edit");
    const project = await projectFor(uow.db, uow.actor, input.project, "edit");
    await removeFromProject(uow, task, project.gid);
  });
}

// POST /sections/{gid}/addTask: as in Asana, without an anchor the task goes to the top of the section.
export async function addTaskToSectionUseCase(
  ctx: TaskCtx,
  sectionRaw: string,
  input: AnchorInput & { task: string },
): Promise<void> {
  await unitOfWork(ctx, async (uow) => {
    const { section, project } = await sectionFor(uow.db, uow.actor, sectionRaw, "edit");
    const task = await taskFor(uow.db, uow.actor, input.task, "edit");
    sameWorkspace("task", project.workspace_gid, task);
    await placeInProject(uow, task, {
      projectGid: project.gid,
      sectionGid: section.gid,
      ...anchorsOf(input),
      fallback: "start",
    });
  });
}
