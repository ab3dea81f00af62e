import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { ApprovalStatus } from "../../db/schema.ts";
import { decideApproval } from "../../domain/approvals/approval.commands.ts";
import { authorizeApproval } from "../../domain/approvals/approval.policy.ts";
import { presentTask } from "../../domain/tasks/task.presenter.ts";
import { loadTask } from "../../domain/tasks/task.queries.ts";
import { notFound } from "../../errors.ts";
import { ctxOf, optFieldsOf } from "../request.ts";
import { gidParam, parseData } from "../validation.ts";

// The body is optional for an approval; asking for changes or rejecting takes a comment.
const DecisionBody = z.strictObject({ text: z.string().max(65_000).optional() });

type TaskParams = { Params: { task_gid: string } };

export async function approvalsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function decide(request: FastifyRequest<TaskParams>, status: ApprovalStatus) {
    const ctx = ctxOf(request);
    const input = request.body === undefined || request.body === null ? {} : parseData(DecisionBody, request.body);
    const task = await loadTask(db, gidParam(request.params.task_gid, "task"));
    await authorizeApproval(db, ctx.actor, task);
    if (!task) throw notFound("task");
    await decideApproval(ctx, task, status, input.text);
    const updated = await loadTask(db, task.gid);
    if (!updated) throw notFound("task");
    return { data: await presentTask(db, updated, optFieldsOf(request), ctx.actor.gid) };
  }

  app.post<TaskParams>("/tasks/:task_gid/approve", (request) => decide(request, "approved"));
  app.post<TaskParams>("/tasks/:task_gid/requestChanges", (request) => decide(request, "changes_requested"));
  app.post<TaskParams>("/tasks/:task_gid/reject", (request) => decide(request, "rejected"));
}
