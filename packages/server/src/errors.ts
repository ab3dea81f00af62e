// Errors carry Asana's shape: {"errors":[{"message","help"}]}. Takt adds, where it knows them, the field refused
// and a stable code with its values, so a client can word the refusal in its reader's language; the English
// message stays for everyone else.
export type ErrorParams = Record<string, string | number>;
export interface ErrorDetail {
  code?: string;
  field?: string;
  params?: ErrorParams;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly help?: string,
    readonly detail: ErrorDetail = {},
  ) {
    super(message);
  }
}

// A 429: the answer carries Retry-After, in whole seconds.
export class RateLimitedError extends ApiError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, message);
  }
}

export const RATE_LIMITED_MESSAGE = "You have made too many requests recently. Please, be chill.";

export const badRequest = (message: string, help?: string, detail?: ErrorDetail) =>
  new ApiError(400, message, help, detail);
// A 400 a person meets in a form: "<field>: <message>", with the code (and its values) the web app words.
export const invalid = (field: string, code: string, message: string, params?: ErrorParams) =>
  new ApiError(400, `${field}: ${message}`, undefined, { code, field, params });
export const unauthorized = (message = "Not Authorized") => new ApiError(401, message);
export const forbidden = (message = "You do not have permission to perform this action.") => new ApiError(403, message);
export const notFound = (what = "object") =>
  new ApiError(404, `${what}: Unknown object. It may have been deleted, or you may not have access to it.`);

// 2 MB, 512 KB: how a size limit is named in an answer.
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}
