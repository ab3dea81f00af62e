import http from "node:http";
import https from "node:https";
import net from "node:net";
import { guardedLookup, hostOf, mayConnect, type OutboundPolicy } from "../webhooks/target-guard.ts";
import { ImportInputError } from "./import.plan.ts";

export type Json = Record<string, unknown>;

export const ASANA_API = "https://app.asana.com/api/1.0";
const MAX_BYTES = 20 * 1024 * 1024;
const TIMEOUT_MS = 60_000;

export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

// Reads Asana's REST API (or any server that speaks it, such as another Takt) with a personal access token.
// Requests go only where the outbound policy lets webhooks go: a private or loopback address needs an admin's
// allow-list, as an import must not become a way to read the server's own network.
export class AsanaClient {
  requests = 0;
  constructor(
    readonly base: string,
    private readonly token: string,
    private readonly policy: OutboundPolicy,
  ) {}

  async get(path: string, query: Record<string, string | number> = {}): Promise<Json> {
    const url = new URL(`${this.base.replace(/\/+$/, "")}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
    const host = hostOf(url);
    if (net.isIP(host) && !mayConnect(host, this.policy)) {
      throw new ImportInputError("url", "asana_api_private_address", { host });
    }
    this.requests += 1;
    for (let attempt = 0; ; attempt++) {
      const answer = await this.request(url);
      // Asana's rate limit: wait as it asks (bounded), then try again.
      if (answer.status === 429 && attempt < 5) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(30, answer.retryAfter || 1) * 1000));
        continue;
      }
      let body: unknown;
      try {
        body = JSON.parse(answer.text);
      } catch {
        throw new ImportInputError("url", "asana_api_not_json", { path, status: answer.status });
      }
      if (answer.status === 401) {
        throw new ImportInputError("token", "asana_api_token_refused", { host: url.host, reason: message(body) });
      }
      if (answer.status === 403 || answer.status === 404) {
        throw new ImportInputError("url", "asana_api_answered", { path, status: answer.status, reason: message(body) });
      }
      if (answer.status >= 400)
        throw new ImportInputError("url", "asana_api_answered", { path, status: answer.status, reason: message(body) });
      if (!isObject(body)) throw new ImportInputError("url", "asana_api_not_object", { path });
      return body;
    }
  }

  // Every page of a list (limit 100, following next_page.offset).
  async list(path: string, query: Record<string, string | number> = {}): Promise<Json[]> {
    const items: Json[] = [];
    let offset: string | undefined;
    for (let page = 0; page < 10_000; page++) {
      const body = await this.get(path, { ...query, limit: 100, ...(offset ? { offset } : {}) });
      if (!Array.isArray(body.data)) throw new ImportInputError("url", "asana_api_not_list", { path });
      items.push(...body.data.filter(isObject));
      const next = isObject(body.next_page) ? body.next_page.offset : null;
      if (typeof next !== "string" || next === "") break;
      offset = next;
    }
    return items;
  }

  private request(url: URL): Promise<{ status: number; text: string; retryAfter: number }> {
    return new Promise((resolve, reject) => {
      const request = (url.protocol === "https:" ? https : http).request(url, {
        method: "GET",
        headers: { authorization: `Bearer ${this.token}`, accept: "application/json", "user-agent": "Takt-Import/1.0" },
        lookup: guardedLookup(this.policy),
        agent: false,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      request.on("response", (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) {
            response.destroy();
            reject(new ImportInputError("url", "asana_api_too_large", { path: url.pathname }));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
            retryAfter: Number(response.headers["retry-after"] ?? 0),
          }),
        );
        response.on("error", (error) => reject(unreachable(url, error)));
      });
      request.on("error", (error) => reject(unreachable(url, error)));
      request.end();
    });
  }
}

const unreachable = (url: URL, error: Error) =>
  error.name === "TimeoutError" || error.name === "AbortError"
    ? new ImportInputError("url", "asana_api_timeout", { host: url.host, seconds: TIMEOUT_MS / 1000 })
    : new ImportInputError("url", "asana_api_unreachable", {
        host: url.host,
        reason: error.message.replace(/^target: /, ""),
      });

function message(body: unknown): string {
  if (isObject(body) && Array.isArray(body.errors) && isObject(body.errors[0])) {
    return String(body.errors[0].message ?? "").slice(0, 300);
  }
  return "no message";
}

export const TASK_FIELDS = [
  "name",
  "notes",
  "html_notes",
  "assignee.name",
  "assignee.email",
  "due_on",
  "due_at",
  "start_on",
  "completed",
  "completed_at",
  "parent",
  "memberships.project.name",
  "memberships.section.name",
  "tags.name",
  "tags.color",
  "followers.name",
  "followers.email",
  "dependencies",
  "num_subtasks",
  "custom_fields.name",
  "custom_fields.resource_subtype",
  "custom_fields.type",
  "custom_fields.precision",
  "custom_fields.enum_options.name",
  "custom_fields.enum_options.color",
  "custom_fields.text_value",
  "custom_fields.number_value",
  "custom_fields.enum_value.name",
  "custom_fields.enum_value.color",
  "custom_fields.multi_enum_values.name",
  "custom_fields.multi_enum_values.color",
  "custom_fields.date_value",
  "custom_fields.people_value.name",
  "custom_fields.people_value.email",
].join(",");

export const STORY_FIELDS = "type,resource_subtype,text,html_text,created_at,created_by.name,created_by.email";
export const ATTACHMENT_FIELDS = "name,permanent_url,view_url,download_url,resource_subtype,host,size";
