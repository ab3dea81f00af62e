import { AsyncLocalStorage } from "node:async_hooks";

// The HTTP request being served (Fastify's reqId): jobs enqueued while serving it remember it, so the worker's
// logs for those jobs carry the same id.
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

export function currentRequestId(): string | null {
  return requestContext.getStore()?.requestId ?? null;
}
