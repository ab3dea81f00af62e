import { describe, expect, it } from "vitest";
import { ApiError } from "../../errors.ts";
import { applyTaskFields, EMPTY_TASK_FIELDS } from "./task.fields.ts";

const dated = { ...EMPTY_TASK_FIELDS, due_on: "2030-05-10", start_on: "2030-05-01" };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return `${error.status} ${error.message}`;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("applyTaskFields", () => {
  it("keeps notes and html_notes in step both ways", () => {
    const fromPlain = applyTaskFields(EMPTY_TASK_FIELDS, { notes: "a < b & c" }).next;
    expect(fromPlain.html_notes).toBe("<body>a &lt; b &amp; c</body>");
    const fromHtml = applyTaskFields(EMPTY_TASK_FIELDS, { html_notes: '<body><a href="javascript:x">hi</a></body>' });
    expect(fromHtml.next.html_notes).toBe("<body><a>hi</a></body>");
    expect(fromHtml.next.notes).toBe("hi");
    expect(fromHtml.changed).toEqual(["notes"]);
  });

  it("derives due_on from due_at, and clears due_at when due_on is set", () => {
    const timed = applyTaskFields(EMPTY_TASK_FIELDS, { due_at: "2030-01-01T23:30:00-02:00" });
    expect(timed.next).toMatchObject({ due_at: "2030-01-02T01:30:00.000Z", due_on: "2030-01-02" });
    expect(timed.changed).toEqual(["due_at"]);
    const dateOnly = applyTaskFields(timed.next, { due_on: "2030-02-01" });
    expect(dateOnly.next).toMatchObject({ due_at: null, due_on: "2030-02-01" });
    expect(dateOnly.changed).toEqual(["due_on"]);
    const cleared = applyTaskFields(timed.next, { due_at: null });
    expect(cleared.next).toMatchObject({ due_at: null, due_on: null });
    expect(cleared.changed).toEqual(["due_at"]);
  });

  it("refuses a start after the due date, naming the field that caused it", () => {
    expect(refusal(() => applyTaskFields(dated, { start_on: "2030-05-11" }))).toMatch(/^400 start_on: /);
    expect(refusal(() => applyTaskFields(dated, { due_on: "2030-04-30" }))).toMatch(/^400 due_on: /);
    expect(refusal(() => applyTaskFields(dated, { due_at: "2030-04-30T10:00:00Z" }))).toMatch(/^400 due_at: /);
    expect(applyTaskFields(dated, { start_on: "2030-05-10" }).changed).toEqual(["start_on"]);
  });

  it("refuses fields that cannot go together", () => {
    expect(refusal(() => applyTaskFields(dated, { due_on: "2030-01-01", due_at: "2030-01-01T00:00:00Z" }))).toMatch(
      /^400 due_at: /,
    );
    expect(refusal(() => applyTaskFields(dated, { notes: "a", html_notes: "<body>b</body>" }))).toMatch(
      /^400 html_notes: /,
    );
  });

  it("reports only what really changed", () => {
    expect(applyTaskFields(dated, { name: "", due_on: "2030-05-10", completed: false }).changed).toEqual([]);
    expect(applyTaskFields(dated, { completed: true, assignee_gid: 7 }).changed).toEqual(["assignee", "completed"]);
  });
});
