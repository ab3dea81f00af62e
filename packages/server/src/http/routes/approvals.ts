import { ApprovalDecisionBody, Task, TaskParams } from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ApprovalStatus } from "../../db/schema.ts";
import { decideApprovalUseCase } from "../../domain/approvals/approval.decide.ts";
import { presentTask } from "../../domain/tasks/task.presenter.ts";
import { contract } from "../contract.ts";
import { ctxOf, optFieldsOf } from "../request.ts";
import { parseData } from "../validation.ts";

type ByTask = { Params: { task_gid: string } };

const DECISIONS = [
  ["approve", "approved", "Approve an approval task"],
  ["requestChanges", "changes_requested", "Request changes on an approval task"],
  ["reject", "rejected", "Reject an approval task"],
] as const satisfies readonly (readonly [string, ApprovalStatus, string])[];

export async function approvalsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  // The body is optional for an approval; asking for changes or rejecting takes a comment.
  async function decide(request: FastifyRequest<ByTask>, status: ApprovalStatus) {
    const ctx = ctxOf(request);
    const input =
      request.body === undefined || request.body === null ? {} : parseData(ApprovalDecisionBody, request.body);
    const task = await decideApprovalUseCase(ctx, request.params.task_gid, status, input.text);
    return { data: await presentTask(db, task, optFieldsOf(request), ctx.actor.gid) };
  }

  for (const [path, status, summary] of DECISIONS) {
    app.post<ByTask>(
      `/tasks/:task_gid/${path}`,
      contract({ summary, params: TaskParams, body: ApprovalDecisionBody, response: Task }),
      (request) => decide(request, status),
    );
  }
}
