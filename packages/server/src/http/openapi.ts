import { ErrorBody, NextPage } from "@takt/contracts";
import { z } from "zod";
import type { RouteContract } from "./contract.ts";

// The OpenAPI 3.1 document, built from the routes' declared contracts: one schema per resource (the components,
// named by the contracts' `.meta({ id })`), every /api/1.0 route an operation. A pure function of the route
// list, so a test builds it from the same list the server answers with.

export interface ApiRoute {
  method: string;
  url: string;
  contract?: RouteContract;
  // A WebSocket endpoint (GET upgrades the connection).
  websocket?: boolean;
}

export const API_PREFIX = "/api/1.0";

type Json = Record<string, unknown>;

const INTRO = `Takt's REST API follows [Asana's conventions](https://developers.asana.com/reference/rest-api-reference):
a client written for Asana works against Takt by changing the base URL. The web app uses the same API.

- Ids are strings named \`gid\`; every object has a \`resource_type\`.
- Bodies are \`{"data": …}\` both ways.
- \`opt_fields\` (a comma-separated list of dot paths) chooses the fields of the answer: the record keeps
  \`gid\`, \`resource_type\` and the fields named. Some fields are sent only when asked for this way, e.g.
  \`permissions\` (what the caller may do with the resource) and \`num_comments\`. \`opt_pretty\` indents the JSON.
- Lists take \`limit\` (1–100) and return \`next_page\`; pass its \`offset\` with the same \`limit\` for the
  next page. Without \`limit\` a list answers up to 1000 items at once.
- Authenticate with \`Authorization: Bearer <personal access token>\` (made on the profile page, or with
  \`POST /personal_access_tokens\`). The web app signs in with a session cookie; a write authenticated by the
  cookie must also send \`X-Requested-With\`.
- Realtime: \`GET /realtime\` opens a WebSocket that pushes the events the caller may see.`;

const ERRORS = `<h2 id="errors">Errors</h2>

Every error answers \`{"errors": [{"message": "…", "help": "…"}]}\`. A message about bad input names the field
first, as in \`name: Missing input\` or \`due_on: must be a valid date in the form YYYY-MM-DD\`; nothing was
written. Takt adds, to a 400, the \`field\` on its own and, where it knows it, a stable \`code\` with its
\`params\` (\`{"field": "name", "code": "too_long", "params": {"max": 1024}}\`), so a client can word the refusal in
its reader's language; a refusal of an import's file has a code starting with \`import.\`.

| Status | Meaning |
| --- | --- |
| 400 Bad Request | The input is invalid: the message names the field. |
| 401 Not Authorized | No valid token or session: sign in or send a personal access token. |
| 403 Forbidden | You may see the resource but not do this to it (e.g. a viewer editing a task). |
| 404 Not Found | The resource does not exist, or you may not see it: Takt does not tell the two apart. |
| 412 Precondition Failed | \`GET /events\` without a valid sync token: the answer carries a fresh \`sync\`. |
| 413 Payload Too Large | The body or the file is over the server's limit. |
| 429 Too Many Requests | Slow down: wait the seconds \`Retry-After\` names, then try again. |
| 500 Server Error | Something broke on the server; the request may be retried. |
| 503 Service Unavailable | The database is out of reach for a moment: retry after \`Retry-After\` seconds. |`;

// A status answered with the shared error body, and where it applies.
const ERROR_RESPONSES: { status: string; name: string; description: string; signedIn?: boolean }[] = [
  { status: "400", name: "BadRequest", description: "The input is invalid; the message names the field." },
  { status: "401", name: "NotAuthorized", description: "No valid token or session.", signedIn: true },
  { status: "403", name: "Forbidden", description: "The caller may not do this." },
  { status: "404", name: "NotFound", description: "No such resource, or the caller may not see it." },
  { status: "429", name: "TooManyRequests", description: "Rate limited: retry after the Retry-After seconds." },
  { status: "500", name: "ServerError", description: "Something broke on the server." },
  { status: "503", name: "ServiceUnavailable", description: "The database is out of reach: retry after Retry-After." },
];

const STANDARD_PARAMETERS: Record<string, Json> = {
  opt_fields: {
    name: "opt_fields",
    in: "query",
    description:
      "Comma-separated fields (dot paths for nested ones) to include; the answer keeps gid, resource_type and these.",
    schema: { type: "string" },
    style: "form",
    explode: false,
  },
  opt_pretty: {
    name: "opt_pretty",
    in: "query",
    description: "Indent the JSON answer, for reading by hand.",
    allowEmptyValue: true,
    schema: { type: "boolean" },
  },
  limit: {
    name: "limit",
    in: "query",
    description: "Items per page (1-100). Without it the list answers up to 1000 items at once.",
    schema: { type: "integer", minimum: 1, maximum: 100 },
  },
  offset: {
    name: "offset",
    in: "query",
    description: "The next_page.offset of the previous page (with the same limit).",
    schema: { type: "string" },
  },
};

// Zod's JSON Schema, tidied for reading: plain objects don't forbid extra keys (an answer may grow fields;
// strict request bodies keep additionalProperties: false), dates keep their format without the long pattern,
// and integers lose the safe-integer bounds Zod adds to every .int().
function tidy(context: { zodSchema: z.core.$ZodType; jsonSchema: z.core.JSONSchema.BaseSchema }) {
  const { zodSchema, jsonSchema } = context;
  const def = zodSchema._zod.def as { type: string; catchall?: unknown };
  if (def.type === "object" && def.catchall === undefined && jsonSchema.additionalProperties === false) {
    delete jsonSchema.additionalProperties;
  }
  if (jsonSchema.format === "date-time" || jsonSchema.format === "date") delete jsonSchema.pattern;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
}

// Converts schemas one at a time; every schema with an id lands once in components.schemas and is referred to.
// The same id converted for a request (input) and an answer (output) stays one component when both read the
// same, else the request's is named <id>Input. Two different schemas under one id are a mistake, and throw.
class Components {
  readonly schemas: Record<string, Json> = {};
  // Each name given out, with the JSON it was given for.
  private readonly taken = new Map<string, string>();
  private anonymous = 0;

  convert(schema: z.ZodType, io: "input" | "output"): Json {
    const {
      $defs = {},
      $schema: _schema,
      ...root
    } = z.toJSONSchema(schema, {
      io,
      target: "draft-2020-12",
      unrepresentable: "any",
      override: tidy,
    }) as Json & { $defs?: Record<string, Json> };
    const names = new Map<string, string>();
    for (const [id, definition] of Object.entries($defs)) {
      // A recursive schema without an id gets a numbered name (give it an id to name it properly).
      const named = id.startsWith("__schema") ? `Recursive${++this.anonymous}` : id;
      names.set(id, this.nameFor(named, definition, io));
    }
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (!value || typeof value !== "object") return value;
      const out: Json = {};
      for (const [key, item] of Object.entries(value)) {
        if (key === "$ref" && typeof item === "string" && item.startsWith("#/$defs/")) {
          const id = decodeURIComponent(item.slice("#/$defs/".length));
          out.$ref = `#/components/schemas/${names.get(id) ?? id}`;
        } else out[key] = rewrite(item);
      }
      return out;
    };
    for (const [id, definition] of Object.entries($defs)) {
      this.schemas[names.get(id) ?? id] = rewrite(definition) as Json;
    }
    return rewrite(root) as Json;
  }

  private nameFor(id: string, definition: Json, io: "input" | "output"): string {
    const text = JSON.stringify(definition);
    const candidates = io === "input" ? [id, `${id}Input`] : [id];
    for (const name of candidates) {
      const known = this.taken.get(name);
      if (known === undefined) {
        this.taken.set(name, text);
        return name;
      }
      if (known === text) return name;
    }
    throw new Error(`OpenAPI: two different schemas share the id "${id}"`);
  }
}

// The default tag: the path's first segment, as words ("/custom_fields/{gid}" → "Custom fields").
function areaOf(path: string): string {
  const words = (path.split("/")[1] ?? "api").replace(/[_.]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const operationId = (method: string, path: string) =>
  method.toLowerCase() +
  path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join("");

function parametersOf(components: Components, schema: z.ZodType | undefined, where: "path" | "query"): Json[] {
  if (!schema) return [];
  const json = components.convert(schema, "input") as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: where,
      required: where === "path" || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
    };
  });
}

function successResponse(components: Components, contract: RouteContract | undefined): [string, Json] {
  const status = String(contract?.status ?? 200);
  if (status === "204") return [status, { description: "Done; no content." }];
  if (contract?.content) {
    const schema = contract.response
      ? components.convert(contract.response, "output")
      : { type: "string", ...(contract.content.startsWith("text/") ? {} : { contentMediaType: contract.content }) };
    return [status, { description: "The answer.", content: { [contract.content]: { schema } } }];
  }
  const item = contract?.response
    ? components.convert(contract.response, "output")
    : { description: "Not described yet." };
  const data = contract?.list ? { type: "array", items: item } : item;
  const properties: Json = { data };
  if (contract?.list) properties.next_page = { $ref: "#/components/schemas/NextPage" };
  return [
    status,
    {
      description: status === "201" ? "Created." : "Successful answer.",
      content: { "application/json": { schema: { type: "object", required: ["data"], properties } } },
    },
  ];
}

function operationOf(components: Components, method: string, path: string, route: ApiRoute) {
  const { contract } = route;
  const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  const declared = parametersOf(components, contract?.params, "path");
  const parameters: Json[] = [
    ...pathParams.map(
      (name) =>
        declared.find((param) => param.name === name) ?? {
          name,
          in: "path",
          required: true,
          schema: { type: "string" },
        },
    ),
    ...parametersOf(components, contract?.query, "query"),
  ];
  const named = new Set(parameters.map((param) => param.name));
  const standard =
    contract?.content || route.websocket
      ? []
      : ["opt_fields", "opt_pretty", ...(contract?.list ? ["limit", "offset"] : [])];
  for (const name of standard) {
    if (!named.has(name)) parameters.push({ $ref: `#/components/parameters/${name}` });
  }
  const operation: Json = {
    operationId: operationId(method, path),
    summary: contract?.summary ?? `${method} ${path}`,
    tags: contract?.tags ?? [areaOf(path)],
  };
  if (!contract) operation.description = "This route declares no contract yet; its input and answer are not described.";
  if (parameters.length) operation.parameters = parameters;
  if (contract?.body) {
    operation.requestBody = {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            required: ["data"],
            properties: { data: components.convert(contract.body, "input") },
          },
        },
      },
    };
  }
  const [status, success] = route.websocket
    ? ["101", { description: "Switching Protocols: the connection becomes a WebSocket." }]
    : successResponse(components, contract);
  const responses: Json = { [status]: success };
  for (const error of ERROR_RESPONSES) {
    if (error.signedIn && contract?.public) continue;
    responses[error.status] = { $ref: `#/components/responses/${error.name}` };
  }
  operation.responses = responses;
  if (contract?.public) operation.security = [];
  return operation;
}

export interface OpenApiOptions {
  version: string;
  // The API's base URL as clients should call it; defaults to the path, relative to the document's own host.
  serverUrl?: string;
}

export function buildOpenApiDocument(routes: readonly ApiRoute[], options: OpenApiOptions): Json {
  const components = new Components();
  components.convert(ErrorBody, "output");
  components.convert(NextPage, "output");
  const paths: Record<string, Record<string, Json>> = {};
  const apiRoutes = routes
    .filter((route) => route.url.startsWith(`${API_PREFIX}/`) && route.method !== "HEAD" && route.method !== "OPTIONS")
    .sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  for (const route of apiRoutes) {
    const path = route.url.slice(API_PREFIX.length).replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operationOf(components, route.method, path, route);
  }
  const tags = [
    ...new Set(
      Object.values(paths).flatMap((operations) => Object.values(operations).flatMap((op) => op.tags as string[])),
    ),
  ].sort();
  const errorResponses = Object.fromEntries(
    ERROR_RESPONSES.map((error) => [
      error.name,
      {
        description: error.description,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    ]),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "Takt API",
      version: options.version,
      description: `${INTRO}\n\n${ERRORS}`,
    },
    servers: [{ url: options.serverUrl ?? API_PREFIX }],
    security: [{ personalAccessToken: [] }, { session: [] }],
    tags: tags.map((name) => ({ name })),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components.schemas).sort(([a], [b]) => a.localeCompare(b))),
      responses: errorResponses,
      parameters: STANDARD_PARAMETERS,
      securitySchemes: {
        personalAccessToken: {
          type: "http",
          scheme: "bearer",
          description: "A personal access token: Authorization: Bearer <token>.",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "takt_session",
          description: "The web app's session (__Host-takt_session over HTTPS); writes also need X-Requested-With.",
        },
      },
    },
  };
}
