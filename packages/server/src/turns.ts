// Requests start one per turn of the event loop (SQLite). better-sqlite3 answers synchronously, so a request runs
// from its start to its answer within the turn that starts it, and Node.js runs every request that is ready in one
// turn. A busy turn is long (ten requests of a few milliseconds each), and libuv accepts one new connection per
// turn: under load, a client that opens a connection waited for as many busy turns as clients opened before it —
// the last of 50 new connections over a second. Here a request that arrives while another has started in this turn
// waits, first come first served, for a turn of its own; a turn is then one request long, new connections are
// accepted between requests, and the order of answers follows the order of arrival. An idle server starts a request
// at once. (PostgreSQL's requests yield on every statement: their turns are short without this.)

const waiting: (() => void)[] = [];
// Requests started since the process began, and whether one has started in the current turn.
let started = 0;
let startedThisTurn = false;
let scheduled = false;
// Callers of afterWaitingStarted: resolved once `started` reaches `until`, a turn after the last of them started.
let watchers: { until: number; resolve: () => void }[] = [];

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(turn);
}

function turn(): void {
  scheduled = false;
  startedThisTurn = false;
  // Requests that started in an earlier turn have run their synchronous part: their watchers may go on.
  const ready = watchers.filter((watcher) => watcher.until <= started);
  if (ready.length > 0) {
    watchers = watchers.filter((watcher) => watcher.until > started);
    for (const watcher of ready) watcher.resolve();
  }
  const next = waiting.shift();
  if (next) {
    startedThisTurn = true;
    started += 1;
    next();
  }
  // The next turn ends this one: a request arriving now waits for it.
  if (startedThisTurn || watchers.length > 0) schedule();
}

// null: start now; otherwise a promise that resolves in the request's own turn.
export function requestTurn(): Promise<void> | null {
  if (!startedThisTurn && waiting.length === 0) {
    startedThisTurn = true;
    started += 1;
    // A turn boundary to come, so the next request to arrive in this turn waits for it.
    schedule();
    return null;
  }
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    schedule();
  });
}

// Resolves in a later turn, once the requests waiting now (the first JOIN_AT_MOST of them) have started and run to
// their first wait: group commit (db/group-commit.ts) holds its transaction until the write requests that have
// already arrived have queued. Without waiting requests: the next turn.
const JOIN_AT_MOST = 16;
export function afterWaitingStarted(): Promise<void> {
  return new Promise<void>((resolve) => {
    watchers.push({ until: started + Math.min(waiting.length, JOIN_AT_MOST), resolve });
    schedule();
  });
}
