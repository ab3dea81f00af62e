import type { z } from "zod";

// What a route accepts and answers, declared beside the route from packages/contracts. The OpenAPI document is
// generated from these declarations; handlers parse with the same schemas, so the document can't drift.
export interface RouteContract {
  summary: string;
  // Defaults to the path's first segment ("tasks" for /tasks/{task_gid}/subtasks).
  tags?: string[];
  params?: z.ZodType;
  query?: z.ZodType;
  // The object inside {"data": …}.
  body?: z.ZodType;
  // The object (or, with `list`, each item) inside the answer's {"data": …}.
  response?: z.ZodType;
  list?: boolean;
  // 201 for creates; 204 for answers without a body. Defaults to 200.
  status?: 200 | 201 | 204;
  // Answers without signing in (sign-in itself, public forms, the API's own documents).
  public?: boolean;
  // The media type of an answer that is not {"data": …} JSON (a CSV export, a download, an HTML page).
  content?: string;
}

declare module "fastify" {
  interface FastifyContextConfig {
    contract?: RouteContract;
  }
}

export const contract = (value: RouteContract) => ({ config: { contract: value } });
