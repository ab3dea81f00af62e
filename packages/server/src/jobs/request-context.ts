// The HTTP request being served (Fastify's reqId): jobs enqueued while serving it remember it, so the worker's
// logs for those jobs carry the same id. A request's writes run in its unit of work's transaction
// (domain/context.ts), which names its request here; a job enqueued through that transaction takes the id.
//
// Not an AsyncLocalStorage: on Node.js 20 one in use makes every promise of the process pay for propagating it
// (promise hooks), a tenth of a busy server's CPU in `npm run bench` — for a value only enqueueJob reads.
// Units of work that share a SQLite transaction (group commit) run one after another, each naming its request
// as it starts.
const requests = new WeakMap<object, string>();

export function bindRequest(transaction: object, requestId: string | undefined): void {
  if (requestId === undefined) requests.delete(transaction);
  else requests.set(transaction, requestId);
}

export function requestIdOf(db: object): string | null {
  return requests.get(db) ?? null;
}
