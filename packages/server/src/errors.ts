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

export const badRequest = (message: string, help?: string) => new ApiError(400, message, help);
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
