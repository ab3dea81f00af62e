import type { FastifyInstance } from "fastify";

// A failed step of the demo load: names the call and the server's answer, so a half-loaded demo is never silent.
export class DemoLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DemoLoadError";
  }
}

export interface ApiRecord {
  gid: string;
  [field: string]: unknown;
}

export interface DemoApi {
  get(path: string): Promise<ApiRecord[]>;
  post(path: string, data: Record<string, unknown>): Promise<ApiRecord>;
  put(path: string, data: Record<string, unknown>): Promise<ApiRecord>;
}

// Calls Takt's public API in-process (no socket) as the person holding `token`.
export function demoApi(app: FastifyInstance, token: string, who: string): DemoApi {
  async function call(method: "GET" | "POST" | "PUT", path: string, data?: Record<string, unknown>) {
    const response = await app.inject({
      method,
      url: `/api/1.0${path}`,
      headers: { authorization: `Bearer ${token}` },
      ...(data === undefined ? {} : { payload: { data } }),
    });
    let body: { data?: unknown; errors?: { message?: string }[] } | undefined;
    try {
      body = response.json();
    } catch {
      body = undefined;
    }
    if (response.statusCode >= 400 || !body || body.data === undefined) {
      const reason = body?.errors?.[0]?.message ?? response.body.slice(0, 200);
      throw new DemoLoadError(`${method} ${path} as ${who} answered ${response.statusCode}: ${reason}`);
    }
    return body.data;
  }
  return {
    get: async (path) => (await call("GET", path)) as ApiRecord[],
    post: async (path, data) => (await call("POST", path, data)) as ApiRecord,
    put: async (path, data) => (await call("PUT", path, data)) as ApiRecord,
  };
}
