import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

// Errors carry Asana's shape: {"errors":[{"message","help"}]}.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly help?: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, help?: string) => new ApiError(400, message, help);
export const unauthorized = (message = "Not Authorized") => new ApiError(401, message);
export const forbidden = (message = "You do not have permission to perform this action.") => new ApiError(403, message);
export const notFound = (what = "object") =>
  new ApiError(404, `${what}: Unknown object. It may have been deleted, or you may not have access to it.`);

const HELP =
  "For more information on API status codes and how to handle them, read the docs on errors: /api/1.0/docs#errors";

export function errorBody(message: string, help = HELP) {
  return { errors: [{ message, help }] };
}

export function handleError(error: FastifyError | ApiError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ApiError) {
    return reply.status(error.status).send(errorBody(error.message, error.help));
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.code === "FST_ERR_MAX_PARAM_LENGTH") {
    return reply.status(404).send(errorBody("Unknown object: the id in the path is too long."));
  }
  if (fastifyError.code === "FST_ERR_CTP_INVALID_JSON_BODY" || fastifyError instanceof SyntaxError) {
    return reply.status(400).send(errorBody("Could not parse request body as JSON."));
  }
  if (fastifyError.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
    return reply.status(400).send(errorBody("data: Missing input. The request body is empty."));
  }
  if (fastifyError.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    return reply.status(413).send(errorBody("The request body is too large."));
  }
  if (fastifyError.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return reply.status(415).send(errorBody("Unsupported Content-Type: send application/json."));
  }
  // PostgreSQL refuses U+0000 in text (22021); bodies and queries are checked in validation.ts, this catches paths.
  if (fastifyError.code === "22021") {
    return reply.status(400).send(errorBody("The request contains a NUL character, which cannot be stored."));
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return reply.status(fastifyError.statusCode).send(errorBody(fastifyError.message));
  }
  request.log.error({ err: error }, "unhandled error");
  return reply.status(500).send(errorBody("Server Error"));
}
