import { pageOffset } from "@takt/contracts/constants";
import { badRequest } from "../errors.ts";

export interface Page {
  limit: number | null;
  offset: number;
}

const UNPAGED_MAX = 1000;

export function encodeOffset(position: number): string {
  return pageOffset(position);
}

export function parsePage(query: Record<string, unknown>): Page {
  let limit: number | null = null;
  if (query.limit !== undefined && query.limit !== "") {
    const value = Number(query.limit);
    if (!Number.isInteger(value) || value < 1 || value > 100) {
      throw badRequest("limit: must be an integer between 1 and 100");
    }
    limit = value;
  }
  let offset = 0;
  if (query.offset !== undefined && query.offset !== "") {
    try {
      const decoded = JSON.parse(Buffer.from(String(query.offset), "base64url").toString("utf8"));
      // A safe integer only: 1e300 is an "integer" to JavaScript but no database takes it as an OFFSET.
      if (decoded?.v !== 1 || !Number.isSafeInteger(decoded.o) || decoded.o < 0) throw new Error("bad");
      offset = decoded.o;
    } catch {
      throw badRequest("offset: Your pagination token is invalid. Use the offset from next_page.");
    }
    if (limit === null) throw badRequest("offset: can only be used together with limit");
  }
  return { limit, offset };
}

// Rows fetched with fetchWindow(page) hold one more than a page, which tells whether a next page exists.
export function fetchWindow(page: Page): { limit: number; offset: number } {
  return { limit: (page.limit ?? UNPAGED_MAX) + 1, offset: page.offset };
}

export interface Listed<T> {
  data: T[];
  next_page?: { offset: string; path: string; uri: string } | null;
}

export function listResult<T>(rows: T[], page: Page, url: { path: string; base: string; query: string }): Listed<T> {
  if (page.limit === null) {
    if (rows.length > UNPAGED_MAX) {
      throw badRequest(
        "The result is too large. You should use pagination (may require specifying a workspace)!",
        "Pass limit (1-100) and follow next_page.offset.",
      );
    }
    return { data: rows };
  }
  if (rows.length <= page.limit) return { data: rows, next_page: null };
  const offset = encodeOffset(page.offset + page.limit);
  const params = new URLSearchParams(url.query);
  params.set("limit", String(page.limit));
  params.set("offset", offset);
  const path = `${url.path}?${params.toString()}`;
  return { data: rows.slice(0, page.limit), next_page: { offset, path, uri: `${url.base}${path}` } };
}
