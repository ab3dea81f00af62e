import type {
  AddCustomFieldSettingBody,
  CreateCustomFieldBody,
  CreateEnumOptionBody,
  InsertEnumOptionBody,
  UpdateCustomFieldBody,
  UpdateEnumOptionBody,
} from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { CustomFieldEnumOptionsTable, CustomFieldsTable, ProjectsTable } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { anchorGid, projectFor, refGid, taskFor } from "../tasks/task.resolve.ts";
import { requireFullMember } from "../workspaces/workspace.policy.ts";
import {
  addEnumOption,
  createField,
  deleteField,
  insertField,
  moveEnumOption,
  updateEnumOption,
  updateField,
} from "./custom-field.commands.ts";
import { authorizeField } from "./custom-field.policy.ts";
import { findEnumOption, findField, workspaceFields } from "./custom-field.queries.ts";
import { addSetting, removeSetting, settingsOf } from "./custom-field.settings.ts";
import { revealSecret } from "./custom-field.values.ts";
import { secretKeyOf } from "./secret-box.ts";

type ActorCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

async function visibleField(db: Db, actor: Actor, fieldGid: number, action: "read" | "edit") {
  const field = await findField(db, fieldGid);
  await authorizeField(db, actor, field, action);
  return field as CustomFieldsTable;
}

// A field named in a body: one the actor sees, else it is unknown to them.
async function namedField(db: Db, actor: Actor, raw: string): Promise<CustomFieldsTable> {
  const field = await findField(db, refGid(raw, "custom_field"));
  try {
    await authorizeField(db, actor, field, "read");
  } catch {
    throw notFound("custom_field");
  }
  return field!;
}

export function readField(db: Db, actor: Actor, fieldGid: number) {
  return visibleField(db, actor, fieldGid, "read");
}

// The workspace's library is for full members.
export async function listWorkspaceFields(db: Db, actor: Actor, workspaceGid: number, window: Window) {
  await requireFullMember(db, actor, workspaceGid);
  return workspaceFields(db, actor.gid, workspaceGid, window);
}

export async function listProjectFieldSettings(db: Db, actor: Actor, projectRef: string, window: Window) {
  const project = await projectFor(db, actor, projectRef, "read");
  return settingsOf(db, project.gid).limit(window.limit).offset(window.offset).execute();
}

// Full members add fields to the workspace's library.
export function createFieldUseCase(ctx: ActorCtx, input: CreateCustomFieldBody) {
  return unitOfWork(ctx, async (uow) => {
    const workspaceGid = refGid(input.workspace, "workspace");
    await requireFullMember(uow.db, uow.actor, workspaceGid);
    return createField(uow, workspaceGid, null, input);
  });
}

export function updateFieldUseCase(ctx: ActorCtx, fieldGid: number, input: UpdateCustomFieldBody) {
  return unitOfWork(ctx, async (uow) => {
    const field = await visibleField(uow.db, uow.actor, fieldGid, "edit");
    return updateField(uow, field, input);
  });
}

export function deleteFieldUseCase(ctx: ActorCtx, fieldGid: number) {
  return unitOfWork(ctx, async (uow) => {
    const field = await visibleField(uow.db, uow.actor, fieldGid, "edit");
    await deleteField(uow, field);
  });
}

export function addEnumOptionUseCase(ctx: ActorCtx, fieldGid: number, input: CreateEnumOptionBody) {
  return unitOfWork(ctx, async (uow) => {
    const field = await visibleField(uow.db, uow.actor, fieldGid, "edit");
    return addEnumOption(uow, field, {
      ...input,
      before: anchorGid(input.insert_before, "insert_before"),
      after: anchorGid(input.insert_after, "insert_after"),
    });
  });
}

// Answers the moved option.
export function moveEnumOptionUseCase(
  ctx: ActorCtx,
  fieldGid: number,
  input: InsertEnumOptionBody,
): Promise<CustomFieldEnumOptionsTable> {
  return unitOfWork(ctx, async (uow) => {
    const field = await visibleField(uow.db, uow.actor, fieldGid, "edit");
    if (input.before_enum_option && input.after_enum_option) {
      throw badRequest("before_enum_option: give before_enum_option or after_enum_option, not both");
    }
    const optionGid = refGid(input.enum_option, "enum_option");
    await moveEnumOption(uow, field, optionGid, {
      before: anchorGid(input.before_enum_option, "before_enum_option"),
      after: anchorGid(input.after_enum_option, "after_enum_option"),
    });
    const option = await findEnumOption(uow.db, optionGid);
    if (!option) throw notFound("enum_option");
    return option;
  });
}

// An option is as visible as its field: 404 for those who cannot see the field, 403 for those who may not edit it.
export function updateEnumOptionUseCase(ctx: ActorCtx, optionGid: number, input: UpdateEnumOptionBody) {
  return unitOfWork(ctx, async (uow) => {
    const option = await findEnumOption(uow.db, optionGid);
    if (!option) throw notFound("enum_option");
    const field = await findField(uow.db, option.custom_field_gid);
    try {
      await authorizeField(uow.db, uow.actor, field, "read");
    } catch {
      throw notFound("enum_option");
    }
    await authorizeField(uow.db, uow.actor, field, "edit");
    return updateEnumOption(uow, field!, option, input);
  });
}

// A library field of the project's workspace, or a new field local to the project described inline
// (Asana accepts a CustomFieldCreateRequest here). Answers the setting with its project's name.
export function addFieldSettingUseCase(ctx: ActorCtx, projectRef: string, input: AddCustomFieldSettingBody) {
  return unitOfWork(ctx, async (uow) => {
    const project = await projectFor(uow.db, uow.actor, projectRef, "edit");
    const base = {
      isImportant: input.is_important ?? false,
      before: anchorGid(input.insert_before, "insert_before"),
      after: anchorGid(input.insert_after, "insert_after"),
    };
    const setting =
      typeof input.custom_field === "string"
        ? await addSetting(uow, project, {
            ...base,
            fieldGid: (await libraryField(uow.db, uow.actor, project, input.custom_field)).gid,
          })
        : await addSetting(uow, project, { ...base, createField: localField(project, input.custom_field) });
    return { ...setting, project_name: project.name };
  });
}

async function libraryField(db: Db, actor: Actor, project: ProjectsTable, raw: string) {
  const field = await namedField(db, actor, raw);
  if (field.workspace_gid !== project.workspace_gid) {
    throw badRequest("custom_field: must be in the same workspace as the project");
  }
  if (field.project_gid !== null && field.project_gid !== project.gid) {
    throw badRequest("custom_field: is local to another project");
  }
  return field;
}

function localField(project: ProjectsTable, definition: Exclude<AddCustomFieldSettingBody["custom_field"], string>) {
  const { workspace, ...fields } = definition;
  if (workspace && refGid(workspace, "custom_field.workspace") !== project.workspace_gid) {
    throw badRequest("custom_field.workspace: must be the project's workspace");
  }
  return (tx: Parameters<typeof insertField>[0]) => insertField(tx, project.workspace_gid, project.gid, fields);
}

export function removeFieldSettingUseCase(ctx: ActorCtx, projectRef: string, fieldRef: string) {
  return unitOfWork(ctx, async (uow) => {
    const project = await projectFor(uow.db, uow.actor, projectRef, "edit");
    await removeSetting(uow, project, refGid(fieldRef, "custom_field"));
  });
}

// Takt extension: the plain value of a secret field, for people with edit access to the task; each reveal is
// recorded on the task in the same unit.
export async function revealSecretUseCase(
  ctx: ActorCtx,
  secrets: Parameters<typeof secretKeyOf>[0],
  taskRef: string,
  fieldGid: number,
) {
  // The key may be read (or first written) through the app's own connection: before the unit opens.
  const key = await secretKeyOf(secrets);
  return unitOfWork(ctx, async (uow) => {
    // Seeing the task is enough to ask; the field's reveal_access decides (secret-reveal.policy.ts).
    const task = await taskFor(uow.db, uow.actor, taskRef, "read");
    const field = await findField(uow.db, fieldGid);
    if (!field || field.workspace_gid !== task.workspace_gid) throw notFound("custom_field");
    const value = await revealSecret(uow, task, field, key);
    return { field, value };
  });
}
