import { describe, expect, it } from "vitest";
import { bodyLimitViolation } from "./request-limits.ts";

const limits = { maxRichTextChars: 10, maxItemsPerRequest: 3 };

describe("bodyLimitViolation", () => {
  it("names a rich text field over the cap, at any depth", () => {
    expect(bodyLimitViolation({ data: { name: "x".repeat(50), notes: "x".repeat(10) } }, limits)).toBeNull();
    expect(bodyLimitViolation({ data: { html_notes: "x".repeat(11) } }, limits)).toBe(
      "html_notes: is too long: at most 10 characters",
    );
    expect(bodyLimitViolation({ data: { subtasks: [{ notes: "ok" }, { text: "x".repeat(11) }] } }, limits)).toBe(
      "subtasks.1.text: is too long: at most 10 characters",
    );
  });

  it("names a list or an object with too many items", () => {
    expect(bodyLimitViolation({ data: { followers: ["1", "2", "3"] } }, limits)).toBeNull();
    expect(bodyLimitViolation({ data: { followers: ["1", "2", "3", "4"] } }, limits)).toBe(
      "followers: too many items: at most 3 per request",
    );
    expect(bodyLimitViolation({ data: { custom_fields: { a: 1, b: 2, c: 3, d: 4 } } }, limits)).toBe(
      "custom_fields: too many items: at most 3 per request",
    );
    // Asana allows an enum field 500 options.
    expect(bodyLimitViolation({ data: { enum_options: Array.from({ length: 500 }, () => ({})) } }, limits)).toBeNull();
    // A key every object inherits is an ordinary name, held to the ordinary cap.
    expect(bodyLimitViolation({ data: { constructor: ["1", "2", "3", "4"] } }, limits)).toBe(
      "constructor: too many items: at most 3 per request",
    );
  });

  it("ignores what is not a JSON object, and stops at a bounded depth", () => {
    expect(bodyLimitViolation("text", limits)).toBeNull();
    let deep: unknown = { notes: "x".repeat(11) };
    for (let level = 0; level < 100; level++) deep = { next: deep };
    expect(bodyLimitViolation({ data: deep }, limits)).toBeNull();
  });
});
