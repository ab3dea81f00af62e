import { BatchBody, BatchResult } from "@takt/contracts";
import type { FastifyInstance } from "fastify";
import { contract } from "../contract.ts";
import { actorOf } from "../request.ts";
import { parseData } from "../validation.ts";

// Asana's batch API: each action runs as its own request on this server, with the caller's credentials, so
// every action goes through its own route's validation and policy; one failing action does not stop the others.
export async function batchRoutes(app: FastifyInstance) {
  app.post(
    "/batch",
    contract({ summary: "Submit parallel requests", body: BatchBody, response: BatchResult, list: true }),
    async (request) => {
      actorOf(request);
      const input = parseData(BatchBody, request.body);
      const headers: Record<string, string> = {};
      for (const name of [
        "authorization",
        "cookie",
        "x-requested-with",
        "origin",
        "referer",
        "host",
        "accept-language",
      ]) {
        const value = request.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      const results = [];
      for (const action of input.actions) {
        const [path, search = ""] = action.relative_path.split("?");
        const query = new URLSearchParams(search);
        const options = action.options ?? {};
        if (options.limit !== undefined) query.set("limit", String(options.limit));
        if (options.offset !== undefined) query.set("offset", options.offset);
        const fields = options.opt_fields ?? options.fields;
        if (fields) query.set("opt_fields", fields.join(","));
        const method = action.method.toUpperCase() as "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD";
        const hasBody = method !== "GET" && method !== "HEAD";
        const answer = await app.inject({
          method,
          url: `/api/1.0${path}${query.size ? `?${query}` : ""}`,
          headers: hasBody ? { ...headers, "content-type": "application/json" } : headers,
          payload: hasBody ? JSON.stringify({ data: action.data ?? {} }) : undefined,
        });
        let body: unknown = answer.body;
        try {
          body = answer.body ? JSON.parse(answer.body) : null;
        } catch {}
        const location = answer.headers.location;
        results.push({
          status_code: answer.statusCode,
          headers: typeof location === "string" ? { location } : {},
          body,
        });
      }
      return { data: results };
    },
  );
}
