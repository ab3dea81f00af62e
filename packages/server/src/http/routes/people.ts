import {
  ChangeRoleBody,
  DeactivateBody,
  PeopleQuery,
  PersonPathParams,
  ProjectStage,
  SetStageBody,
  StagePathParams,
  TrashItem,
  TrashResourcePathParams,
  WorkspacePathParams,
  WorkspacePerson,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { presentPerson } from "../../domain/people/people.presenter.ts";
import {
  changeRoleUseCase,
  deactivateUseCase,
  listPeople,
  reactivateUseCase,
} from "../../domain/people/people.use-cases.ts";
import { readStage, setStageUseCase } from "../../domain/projects/project.stage.ts";
import { listTrash, restoreUseCase } from "../../domain/trash/trash.use-cases.ts";
import { contract } from "../contract.ts";
import { actorOf, ctxOf, listed, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type PersonParams = { Params: { workspace_gid: string; user_gid: string } };
type ProjectParams = { Params: { project_gid: string } };

// Takt's administration routes: the workspace's people page and the client's stage of a project.
export async function peopleRoutes(app: FastifyInstance) {
  const { db } = app.takt;
  const person = (request: FastifyRequest<PersonParams>) => ({
    workspaceGid: gidParam(request.params.workspace_gid, "workspace"),
    userGid: gidParam(request.params.user_gid, "user"),
  });

  app.get<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/people",
    contract({
      summary: "Get the people of a workspace (Takt)",
      tags: ["people"],
      params: WorkspacePathParams,
      query: PeopleQuery,
      response: WorkspacePerson,
      list: true,
    }),
    async (request) => {
      const actor = actorOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      const query = parse(PeopleQuery, request.query);
      const page = pageOf(request);
      const rows = await listPeople(db, actor, workspaceGid, query, page.window);
      return listed(request, page, rows.map(presentPerson));
    },
  );

  app.put<PersonParams>(
    "/workspaces/:workspace_gid/people/:user_gid",
    contract({
      summary: "Change a person's role in a workspace (Takt)",
      tags: ["people"],
      params: PersonPathParams,
      body: ChangeRoleBody,
      response: WorkspacePerson,
    }),
    async (request) => {
      const { workspaceGid, userGid } = person(request);
      await changeRoleUseCase(ctxOf(request), workspaceGid, userGid, () => parseData(ChangeRoleBody, request.body));
      return { data: await onePerson(request, workspaceGid, userGid, "active") };
    },
  );

  app.post<PersonParams>(
    "/workspaces/:workspace_gid/people/:user_gid/deactivate",
    contract({
      summary: "Deactivate a person and reassign their open tasks (Takt)",
      tags: ["people"],
      params: PersonPathParams,
      body: DeactivateBody,
      response: WorkspacePerson,
    }),
    async (request) => {
      const { workspaceGid, userGid } = person(request);
      await deactivateUseCase(ctxOf(request), workspaceGid, userGid, () => parseData(DeactivateBody, request.body));
      return { data: await onePerson(request, workspaceGid, userGid, "deactivated") };
    },
  );

  app.post<PersonParams>(
    "/workspaces/:workspace_gid/people/:user_gid/reactivate",
    contract({
      summary: "Reactivate a deactivated person (Takt)",
      tags: ["people"],
      params: PersonPathParams,
      response: WorkspacePerson,
    }),
    async (request) => {
      const { workspaceGid, userGid } = person(request);
      await reactivateUseCase(ctxOf(request), workspaceGid, userGid);
      return { data: await onePerson(request, workspaceGid, userGid, "active") };
    },
  );

  async function onePerson(
    request: FastifyRequest,
    workspaceGid: number,
    userGid: number,
    status: "active" | "deactivated",
  ) {
    const [row] = await listPeople(db, actorOf(request), workspaceGid, { status, userGid }, { limit: 1, offset: 0 });
    return row ? presentPerson(row) : {};
  }

  app.get<ProjectParams>(
    "/projects/:project_gid/stage",
    contract({
      summary: "Get a project's stage and its history (Takt)",
      params: StagePathParams,
      response: ProjectStage,
    }),
    async (request) => {
      const projectGid = gidParam(request.params.project_gid, "project");
      return { data: await readStage(db, actorOf(request), projectGid) };
    },
  );

  app.post<ProjectParams>(
    "/projects/:project_gid/setStage",
    contract({
      summary: "Set a project's stage (Takt)",
      params: StagePathParams,
      body: SetStageBody,
      response: ProjectStage,
    }),
    async (request) => {
      const projectGid = gidParam(request.params.project_gid, "project");
      const stage = await setStageUseCase(ctxOf(request), projectGid, () => parseData(SetStageBody, request.body));
      return { data: stage };
    },
  );

  app.get<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/trash",
    contract({
      summary: "Get the tasks you deleted in the last 30 days (Takt)",
      tags: ["trash"],
      params: WorkspacePathParams,
      response: TrashItem,
      list: true,
    }),
    async (request) => {
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      const page = pageOf(request);
      return listed(request, page, await listTrash(db, actorOf(request), workspaceGid, page.window));
    },
  );

  app.post<{ Params: { resource_gid: string } }>(
    "/trash/:resource_gid/restore",
    contract({
      summary: "Restore a task or project you deleted (Takt)",
      tags: ["trash"],
      params: TrashResourcePathParams,
      response: TrashItem.shape.resource,
    }),
    async (request) => {
      const resourceGid = gidParam(request.params.resource_gid, "trash_item");
      const { name, resourceType } = await restoreUseCase(ctxOf(request), resourceGid);
      return {
        data: { gid: String(resourceGid), resource_type: resourceType === "project" ? "project" : "task", name },
      };
    },
  );
}
