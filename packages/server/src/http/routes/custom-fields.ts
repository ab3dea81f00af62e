import {
  AddCustomFieldSettingBody,
  CreateCustomFieldBody,
  CreateEnumOptionBody,
  CustomField,
  CustomFieldCompact,
  CustomFieldPathParams,
  CustomFieldSetting,
  Empty,
  EnumOption,
  EnumOptionPathParams,
  InsertEnumOptionBody,
  ProjectPathParams,
  RemoveCustomFieldSettingBody,
  RevealedSecret,
  TaskCustomFieldPathParams,
  TeamPathParams,
  UpdateCustomFieldBody,
  UpdateEnumOptionBody,
  WorkspacePathParams,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  presentCustomField,
  presentCustomFields,
  presentEnumOption,
  presentSettings,
} from "../../domain/custom-fields/custom-field.presenter.ts";
import {
  addEnumOptionUseCase,
  addFieldSettingUseCase,
  createFieldUseCase,
  deleteFieldUseCase,
  listProjectFieldSettings,
  listWorkspaceFields,
  moveEnumOptionUseCase,
  readField,
  removeFieldSettingUseCase,
  revealSecretUseCase,
  updateEnumOptionUseCase,
  updateFieldUseCase,
} from "../../domain/custom-fields/custom-field.use-cases.ts";
import { shape } from "../../domain/opt-fields.ts";
import { visibleTeam } from "../../domain/teams/team.use-cases.ts";
import { contract } from "../contract.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parseData } from "../validation.ts";

type FieldParams = { Params: { custom_field_gid: string } };
type ProjectParams = { Params: { project_gid: string } };

export async function customFieldsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  const fieldGid = (request: FastifyRequest<FieldParams>) => gidParam(request.params.custom_field_gid, "custom_field");

  app.post(
    "/custom_fields",
    contract({ summary: "Create a custom field", body: CreateCustomFieldBody, response: CustomField, status: 201 }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(CreateCustomFieldBody, request.body);
      const field = await createFieldUseCase(ctx, input);
      return created(
        reply,
        "/custom_fields",
        (await presentCustomField(db, field, optFieldsOf(request))) as { gid: string },
      );
    },
  );

  app.get<FieldParams>(
    "/custom_fields/:custom_field_gid",
    contract({ summary: "Get a custom field", params: CustomFieldPathParams, response: CustomField }),
    async (request) => {
      const field = await readField(db, actorOf(request), fieldGid(request));
      return { data: await presentCustomField(db, field, optFieldsOf(request)) };
    },
  );

  app.put<FieldParams>(
    "/custom_fields/:custom_field_gid",
    contract({
      summary: "Update a custom field",
      params: CustomFieldPathParams,
      body: UpdateCustomFieldBody,
      response: CustomField,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(UpdateCustomFieldBody, request.body);
      const field = await updateFieldUseCase(ctx, fieldGid(request), input);
      return { data: await presentCustomField(db, field, optFieldsOf(request)) };
    },
  );

  app.delete<FieldParams>(
    "/custom_fields/:custom_field_gid",
    contract({ summary: "Delete a custom field", params: CustomFieldPathParams, response: Empty }),
    async (request) => {
      await deleteFieldUseCase(ctxOf(request), fieldGid(request));
      return { data: {} };
    },
  );

  app.get<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/custom_fields",
    contract({
      summary: "Get a workspace's custom fields",
      params: WorkspacePathParams,
      response: CustomFieldCompact,
      list: true,
    }),
    async (request) => {
      const actor = actorOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      const page = pageOf(request);
      const rows = await listWorkspaceFields(db, actor, workspaceGid, page.window);
      return listed(request, page, await presentCustomFields(db, rows, optFieldsOf(request), "compact"));
    },
  );

  app.post<FieldParams>(
    "/custom_fields/:custom_field_gid/enum_options",
    contract({
      summary: "Create an enum option",
      params: CustomFieldPathParams,
      body: CreateEnumOptionBody,
      response: EnumOption,
      status: 201,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(CreateEnumOptionBody, request.body);
      const option = await addEnumOptionUseCase(ctx, fieldGid(request), input);
      return created(reply, "/enum_options", presentEnumOption(option) as { gid: string });
    },
  );

  app.post<FieldParams>(
    "/custom_fields/:custom_field_gid/enum_options/insert",
    contract({
      summary: "Reorder a custom field's enum options",
      params: CustomFieldPathParams,
      body: InsertEnumOptionBody,
      response: EnumOption,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(InsertEnumOptionBody, request.body);
      const option = await moveEnumOptionUseCase(ctx, fieldGid(request), input);
      return { data: presentEnumOption(option) };
    },
  );

  app.put<{ Params: { enum_option_gid: string } }>(
    "/enum_options/:enum_option_gid",
    contract({
      summary: "Update an enum option",
      params: EnumOptionPathParams,
      body: UpdateEnumOptionBody,
      response: EnumOption,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(UpdateEnumOptionBody, request.body);
      const optionGid = gidParam(request.params.enum_option_gid, "enum_option");
      return { data: presentEnumOption(await updateEnumOptionUseCase(ctx, optionGid, input)) };
    },
  );

  // Takt sets custom fields on projects, not on teams: a team the caller sees has none.
  app.get<{ Params: { team_gid: string } }>(
    "/teams/:team_gid/custom_field_settings",
    contract({
      summary: "Get a team's custom fields",
      params: TeamPathParams,
      response: CustomFieldSetting,
      list: true,
    }),
    async (request) => {
      const page = pageOf(request);
      await visibleTeam(db, actorOf(request), gidParam(request.params.team_gid, "team"), "read");
      return listed(request, page, []);
    },
  );

  app.get<ProjectParams>(
    "/projects/:project_gid/custom_field_settings",
    contract({
      summary: "Get a project's custom fields",
      params: ProjectPathParams,
      response: CustomFieldSetting,
      list: true,
    }),
    async (request) => {
      const actor = actorOf(request);
      const page = pageOf(request);
      const rows = await listProjectFieldSettings(db, actor, request.params.project_gid, page.window);
      return listed(request, page, await presentSettings(db, rows, optFieldsOf(request)));
    },
  );

  app.post<ProjectParams>(
    "/projects/:project_gid/addCustomFieldSetting",
    contract({
      summary: "Add a custom field to a project",
      params: ProjectPathParams,
      body: AddCustomFieldSettingBody,
      response: CustomFieldSetting,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(AddCustomFieldSettingBody, request.body);
      const setting = await addFieldSettingUseCase(ctx, request.params.project_gid, input);
      const [presented] = await presentSettings(db, [setting], optFieldsOf(request));
      return { data: presented };
    },
  );

  app.post<ProjectParams>(
    "/projects/:project_gid/removeCustomFieldSetting",
    contract({
      summary: "Remove a custom field from a project",
      params: ProjectPathParams,
      body: RemoveCustomFieldSettingBody,
      response: Empty,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(RemoveCustomFieldSettingBody, request.body);
      await removeFieldSettingUseCase(ctx, request.params.project_gid, input.custom_field);
      return { data: {} };
    },
  );

  // Takt extension: the plain value of a secret field, for whom the field allows (its reveal_access); each
  // reveal is recorded.
  app.post<{ Params: { task_gid: string; custom_field_gid: string } }>(
    "/tasks/:task_gid/custom_fields/:custom_field_gid/reveal",
    contract({ summary: "Reveal a secret field's value", params: TaskCustomFieldPathParams, response: RevealedSecret }),
    async (request) => {
      const { field, value } = await revealSecretUseCase(
        ctxOf(request),
        app.takt,
        request.params.task_gid,
        gidParam(request.params.custom_field_gid, "custom_field"),
      );
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
