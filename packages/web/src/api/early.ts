// Reads a page is known to need, started before the app's code has run (see boot.ts): the answer is kept until the
// app asks for the same address, which then gets it instead of asking again. Plain module, no imports: it runs
// before React and the libraries are evaluated.
export const API_BASE = "/api/1.0";

export type Query = Record<string, string | number | boolean | undefined | null>;

// The address of an API read; the app's client builds every request's address with it, so an early read and the
// app's own match exactly.
export function urlOf(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? (path.includes("?") ? "&" : "?") + qs : ""}`;
}

// An early answer nobody asked for within this time is dropped (the page went elsewhere): a later read asks again.
const KEEP_MS = 10_000;
const early = new Map<string, Promise<Response>>();

function keep(url: string, answer: Promise<Response>) {
  // A failure is the app's to see when it takes the answer, not an unhandled rejection.
  answer.catch(() => {});
  early.set(url, answer);
  setTimeout(() => {
    if (early.get(url) === answer) early.delete(url);
  }, KEEP_MS);
}

/**
 * Starts a GET now, kept for the app's first read of the same address. `then` may start the reads that depend on
 * the answer (a board's columns, once its sections are known): the app gets the answer only after `then` has run,
 * so its next reads find theirs already on the way.
 */
export function readEarly(path: string, query?: Query, then?: (body: unknown) => void): void {
  const url = urlOf(path, query);
  if (early.has(url)) return;
  let answer = fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  if (then) {
    answer = answer.then(async (response) => {
      if (response.ok) {
        try {
          then(await response.clone().json());
        } catch {
          // Not JSON after all: the app reads it and says so.
        }
      }
      return response;
    });
  }
  keep(url, answer);
}

// The early answer for this address, once (later reads of it go to the network).
export function takeEarly(url: string): Promise<Response> | undefined {
  const answer = early.get(url);
  if (answer) early.delete(url);
  return answer;
}
