import { describe, expect, it } from "vitest";
import { decodeCsv } from "./csv.ts";

const encode = (text: string, table: (code: number) => number) =>
  Uint8Array.from(
    [...text].map((char) => (char.charCodeAt(0) < 0x80 ? char.charCodeAt(0) : table(char.charCodeAt(0)))),
  );
const cp1251 = (code: number) => (code >= 0x410 && code <= 0x44f ? code - 0x410 + 0xc0 : 0x3f);
// KOI8-R: lower-case а…я at 0xC0…0xDF in its own order.
const KOI8_LOWER = "юабцдефгхийклмнопярстужвьызшэщчъ";
const koi8 = (code: number) => {
  const lower = KOI8_LOWER.indexOf(String.fromCharCode(code));
  if (lower >= 0) return 0xc0 + lower;
  const upper = KOI8_LOWER.indexOf(String.fromCharCode(code).toLowerCase());
  return upper >= 0 ? 0xe0 + upper : 0x3f;
};

describe("decodeCsv", () => {
  it("reads UTF-8 as UTF-8", () => {
    expect(decodeCsv(new TextEncoder().encode("Name\nЗадача"), "auto")).toEqual({
      text: "Name\nЗадача",
      encoding: "utf-8",
    });
  });

  it("detects Windows-1251, even a short file with one Cyrillic line among ASCII", () => {
    const short = "Item,Phase,Deadline\nНаписать бриф,Planning,2026-12-01\nDraft,Design,";
    expect(decodeCsv(encode(short, cp1251), "auto")).toEqual({ text: short, encoding: "windows-1251" });
    const long = "Задача,Этап,Срок\nНастроить бота,В работе,01.06.2025\nОтчёт за май,Готово,31.05.2025";
    expect(decodeCsv(encode(long.replace("ё", "е"), cp1251), "auto").text).toBe(long.replace("ё", "е"));
  });

  it("detects KOI8-R, and keeps Western Latin-1 as it is", () => {
    const russian = "Задача,Этап\nнаписать сценарий,в работе\nпроверить тексты,готово";
    expect(decodeCsv(encode(russian, koi8), "auto")).toEqual({ text: russian, encoding: "koi8-r" });
    const french = "Name,Note\nCafé crème,déjà vu\nGarçon,très bien";
    const latin1 = Uint8Array.from([...french].map((char) => char.charCodeAt(0)));
    expect(decodeCsv(latin1, "auto").text).toBe(french);
  });

  it("says in a sentence when UTF-8 was chosen for bytes that are not", () => {
    expect(() => decodeCsv(encode("Задача", cp1251), "utf-8")).toThrow(/^file: is not UTF-8 text/);
  });
});
