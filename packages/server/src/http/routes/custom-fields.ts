import type { FastifyInstance } from "fastify";
import {
  addEnumOption,
  createField,
  deleteField,
  insertField,
  moveEnumOption,
  updateEnumOption,
  updateField,
} from "../../domain/custom-fields/custom-field.commands.ts";
import { authorizeField, visibleFieldGids } from "../../domain/custom-fields/custom-field.policy.ts";
import {
  presentCustomField,
  presentCustomFields,
  presentEnumOption,
  presentSettings,
} from "../../domain/custom-fields/custom-field.presenter.ts";
import {
  AddSettingBody,
  CreateCustomFieldBody,
  EnumOptionBody,
  InsertEnumOptionBody,
  RemoveSettingBody,
  UpdateCustomFieldBody,
  UpdateEnumOptionBody,
} from "../../domain/custom-fields/custom-field.schemas.ts";
import { addSetting, removeSetting, settingsOf } from "../../domain/custom-fields/custom-field.settings.ts";
import { revealSecret } from "../../domain/custom-fields/custom-field.values.ts";
import { secretKeyOf } from "../../domain/custom-fields/secret-box.ts";
import { shape } from "../../domain/opt-fields.ts";
import { anchorGid, projectFor, refGid, taskFor } from "../../domain/tasks/task.resolve.ts";
import { requireFullMember } from "../../domain/workspaces/workspace.policy.ts";
import { badRequest, notFound } from "../../errors.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parseData } from "../validation.ts";

type FieldParams = { Params: { custom_field_gid: string } };

export async function customFieldsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function loadField(raw: string, field = "custom_field") {
    const gid = refGid(raw, field);
    return db.selectFrom("custom_fields").selectAll().where("gid", "=", gid).executeTakeFirst();
  }

  async function fieldFor(raw: string, actor: ReturnType<typeof actorOf>, action: "read" | "edit") {
    const field = await loadField(raw);
    await authorizeField(db, actor, field, action);
    return field!;
  }

  app.post("/custom_fields", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(CreateCustomFieldBody, request.body);
    const workspaceGid = refGid(input.workspace, "workspace");
    await requireFullMember(db, ctx.actor, workspaceGid);
    const field = await createField(ctx, workspaceGid, null, input);
    return created(
      reply,
      "/custom_fields",
      (await presentCustomField(db, field, optFieldsOf(request))) as { gid: string },
    );
  });

  app.get<FieldParams>("/custom_fields/:custom_field_gid", async (request) => {
    const field = await fieldFor(request.params.custom_field_gid, actorOf(request), "read");
    return { data: await presentCustomField(db, field, optFieldsOf(request)) };
  });

  app.put<FieldParams>("/custom_fields/:custom_field_gid", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(UpdateCustomFieldBody, request.body);
    const field = await fieldFor(request.params.custom_field_gid, ctx.actor, "edit");
    return { data: await presentCustomField(db, await updateField(ctx, field, input), optFieldsOf(request)) };
  });

  app.delete<FieldParams>("/custom_fields/:custom_field_gid", async (request) => {
    const ctx = ctxOf(request);
    const field = await fieldFor(request.params.custom_field_gid, ctx.actor, "edit");
    await deleteField(ctx, field);
    return { data: {} };
  });

  app.get<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/custom_fields", async (request) => {
    const actor = actorOf(request);
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    await requireFullMember(db, actor, workspaceGid);
    const page = pageOf(request);
    const rows = await db
      .selectFrom("custom_fields")
      .selectAll()
      .where("workspace_gid", "=", workspaceGid)
      .where("gid", "in", visibleFieldGids(db, actor.gid))
      .orderBy("name")
      .orderBy("gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    return listed(request, page, await presentCustomFields(db, rows, optFieldsOf(request), "compact"));
  });

  app.post<FieldParams>("/custom_fields/:custom_field_gid/enum_options", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(EnumOptionBody, request.body);
    const field = await fieldFor(request.params.custom_field_gid, ctx.actor, "edit");
    const option = await addEnumOption(ctx, field, {
      ...input,
      before: anchorGid(input.insert_before, "insert_before"),
      after: anchorGid(input.insert_after, "insert_after"),
    });
    return created(reply, "/enum_options", presentEnumOption(option) as { gid: string });
  });

  app.post<FieldParams>("/custom_fields/:custom_field_gid/enum_options/insert", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(InsertEnumOptionBody, request.body);
    const field = await fieldFor(request.params.custom_field_gid, ctx.actor, "edit");
    if (input.before_enum_option && input.after_enum_option) {
      throw badRequest("before_enum_option: give before_enum_option or after_enum_option, not both");
    }
    const optionGid = refGid(input.enum_option, "enum_option");
    await moveEnumOption(ctx, field, optionGid, {
      before: anchorGid(input.before_enum_option, "before_enum_option"),
      after: anchorGid(input.after_enum_option, "after_enum_option"),
    });
    const option = await db
      .selectFrom("custom_field_enum_options")
      .selectAll()
      .where("gid", "=", optionGid)
      .executeTakeFirstOrThrow();
    return { data: presentEnumOption(option) };
  });

  app.put<{ Params: { enum_option_gid: string } }>("/enum_options/:enum_option_gid", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(UpdateEnumOptionBody, request.body);
    const option = await db
      .selectFrom("custom_field_enum_options")
      .selectAll()
      .where("gid", "=", gidParam(request.params.enum_option_gid, "enum_option"))
      .executeTakeFirst();
    if (!option) throw notFound("enum_option");
    const field = await loadField(String(option.custom_field_gid));
    try {
      await authorizeField(db, ctx.actor, field, "read");
    } catch {
      throw notFound("enum_option");
    }
    await authorizeField(db, ctx.actor, field, "edit");
    return { data: presentEnumOption(await updateEnumOption(ctx, field!, option, input)) };
  });

  type ProjectParams = { Params: { project_gid: string } };

  app.get<ProjectParams>("/projects/:project_gid/custom_field_settings", async (request) => {
    const actor = actorOf(request);
    const project = await projectFor(db, actor, request.params.project_gid, "read");
    const page = pageOf(request);
    const rows = await settingsOf(db, project.gid).limit(page.window.limit).offset(page.window.offset).execute();
    return listed(request, page, await presentSettings(db, rows, optFieldsOf(request)));
  });

  app.post<ProjectParams>("/projects/:project_gid/addCustomFieldSetting", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(AddSettingBody, request.body);
    const project = await projectFor(db, ctx.actor, request.params.project_gid, "edit");
    const base = {
      isImportant: input.is_important ?? false,
      before: anchorGid(input.insert_before, "insert_before"),
      after: anchorGid(input.insert_after, "insert_after"),
    };
    let setting: Awaited<ReturnType<typeof addSetting>>;
    if (typeof input.custom_field === "string") {
      const field = await loadField(input.custom_field, "custom_field");
      try {
        await authorizeField(db, ctx.actor, field, "read");
      } catch {
        throw notFound("custom_field");
      }
      if (field!.workspace_gid !== project.workspace_gid) {
        throw badRequest("custom_field: must be in the same workspace as the project");
      }
      if (field!.project_gid !== null && field!.project_gid !== project.gid) {
        throw badRequest("custom_field: is local to another project");
      }
      setting = await addSetting(ctx, project, { ...base, fieldGid: field!.gid });
    } else {
      // A new field local to this project, described inline (Asana accepts a CustomFieldCreateRequest here).
      const { workspace, ...definition } = input.custom_field;
      if (workspace && refGid(workspace, "custom_field.workspace") !== project.workspace_gid) {
        throw badRequest("custom_field.workspace: must be the project's workspace");
      }
      setting = await addSetting(ctx, project, {
        ...base,
        createField: (tx) => insertField(tx, project.workspace_gid, project.gid, definition),
      });
    }
    const [presented] = await presentSettings(db, [{ ...setting, project_name: project.name }], optFieldsOf(request));
    return { data: presented };
  });

  app.post<ProjectParams>("/projects/:project_gid/removeCustomFieldSetting", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(RemoveSettingBody, request.body);
    const project = await projectFor(db, ctx.actor, request.params.project_gid, "edit");
    await removeSetting(ctx, project, refGid(input.custom_field, "custom_field"));
    return { data: {} };
  });

  // Takt extension: the plain value of a secret field, for whom the field allows (its reveal_access); each
  // reveal is recorded.
  app.post<{ Params: { task_gid: string; custom_field_gid: string } }>(
    "/tasks/:task_gid/custom_fields/:custom_field_gid/reveal",
    async (request) => {
      const ctx = ctxOf(request);
      const task = await taskFor(db, ctx.actor, request.params.task_gid, "read");
      const field = await loadField(request.params.custom_field_gid);
      if (!field || field.workspace_gid !== task.workspace_gid) throw notFound("custom_field");
      const value = await revealSecret(ctx, task, field, await secretKeyOf(app.takt));
      return {
        data: shape(
          {
            gid: String(field.gid),
            resource_type: "custom_field",
            name: field.name,
            resource_subtype: field.resource_subtype,
            text_value: value,
            display_value: value,
          },
          optFieldsOf(request),
        ),
      };
    },
  );
}
