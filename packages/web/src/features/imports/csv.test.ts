import { describe, expect, it } from "vitest";
import { csvHeader, guessMapping, toBase64 } from "./csv";

describe("csvHeader", () => {
  it("reads a comma header with quotes and a BOM", () => {
    expect(csvHeader('\uFEFFTask,"Due, date",Owner\r\nA,2026-01-01,x@y.z\n')).toEqual(["Task", "Due, date", "Owner"]);
  });
  it("uses semicolons when the first line has more of them", () => {
    expect(csvHeader("Задача;Срок;Исполнитель\nA;B;C")).toEqual(["Задача", "Срок", "Исполнитель"]);
  });
  it("keeps escaped quotes", () => {
    expect(csvHeader('"Say ""hi""",b')).toEqual(['Say "hi"', "b"]);
  });
});

describe("guessMapping", () => {
  it("maps known column names, each column once", () => {
    expect(guessMapping(["Task", "Stage", "Due date", "Done", "Other"])).toEqual({
      name: "Task",
      section: "Stage",
      due_on: "Due date",
      completed: "Done",
    });
  });
});

describe("toBase64", () => {
  it("encodes bytes", () => {
    expect(toBase64(new Uint8Array([0xcf, 0xf0, 0xe8]))).toBe("z/Do");
  });
});
