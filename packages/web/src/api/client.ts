// The one way the app talks to /api/1.0: JSON {data} bodies, cookie session, and the CSRF header on writes.
// Writes are typed by the request schemas in @takt/contracts, the same ones the server validates with:
// `api.post<Section, typeof CreateSectionBody>(path, body)` refuses a body the contract would refuse.
import { type Query, takeEarly, urlOf } from "./early";

export { API_BASE } from "./early";

// What the server adds to an error, where it knows it: the field refused and a stable code with its values,
// which the app words in the reader's language (components/notify.tsx).
export interface ErrorDetail {
  message: string;
  field?: string;
  code?: string;
  params?: Record<string, string | number>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    // Seconds to wait before trying again, from a 429's Retry-After.
    readonly retryAfter?: number,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

// A resource the caller may not see answers 403 or 404: to the person both mean "not found or not shared with you".
export function isMissing(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 403 || error.status === 404);
}

/**
 * The body a contract's request schema takes (its input, before trims and defaults), read from the schema's type as
 * zod's own `z.input` does, so the web app needs no zod of its own.
 */
export type BodyOf<Schema> = Schema extends { _zod: { input: infer Input } } ? Input : never;

// A write whose body no contract describes yet: any JSON object.
export type Untyped = { _zod: { input: object } };

interface ErrorAnswer {
  errors?: ErrorDetail[];
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET") headers["X-Requested-With"] = "XMLHttpRequest";
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const url = urlOf(path, query);
  let response: Response;
  try {
    // A read the page started before the app's code ran (api/early.ts) is taken instead of asking again.
    const started = method === "GET" ? takeEarly(url) : undefined;
    response = await (started ??
      fetch(url, {
        method,
        headers,
        credentials: "same-origin",
        body: body === undefined ? undefined : JSON.stringify({ data: body }),
      }));
  } catch {
    throw new ApiError(0, "network");
  }
  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const errors = (json as ErrorAnswer | null)?.errors;
    const details = Array.isArray(errors) ? errors.filter((error) => typeof error?.message === "string") : [];
    const message = details.map((error) => error.message).join("; ");
    const retryAfter = Number(response.headers.get("Retry-After")) || undefined;
    throw new ApiError(response.status, message || `${response.status} ${response.statusText}`, retryAfter, details);
  }
  return json as T;
}

export interface Page<T> {
  data: T[];
  next_page: { offset: string } | null;
}

export const api = {
  get: async <T>(path: string, query?: Query) => (await request<{ data: T }>("GET", path, undefined, query)).data,
  // TAnswer: what the server answers inside {data}; TSchema: the contract's request schema the body follows.
  post: async <TAnswer = unknown, TSchema = Untyped>(path: string, body?: BodyOf<TSchema>, query?: Query) =>
    (await request<{ data: TAnswer }>("POST", path, body ?? {}, query))?.data,
  put: async <TAnswer = unknown, TSchema = Untyped>(path: string, body: BodyOf<TSchema>, query?: Query) =>
    (await request<{ data: TAnswer }>("PUT", path, body, query))?.data,
  delete: async (path: string) => {
    await request("DELETE", path);
  },
  page: <T>(path: string, query?: Query) => request<Page<T>>("GET", path, undefined, query),
  // Follows next_page until the list ends (capped, so a runaway list cannot hang the tab).
  async all<T>(path: string, query?: Query, maxPages = 200): Promise<T[]> {
    const rows: T[] = [];
    let offset: string | undefined;
    for (let pageIndex = 0; pageIndex < maxPages; pageIndex++) {
      const page = await request<Page<T>>("GET", path, undefined, { ...query, limit: 100, offset });
      rows.push(...(page.data ?? []));
      if (!page.next_page?.offset) break;
      offset = page.next_page.offset;
    }
    return rows;
  },
};
