import { describe, expect, it } from "vitest";
import { sniffMimeType } from "./mime-sniff.ts";

const bytes = (...values: number[]) => Buffer.from(values);

describe("sniffMimeType", () => {
  it("recognises images, PDF and ZIP by their signatures", () => {
    expect(sniffMimeType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toBe("image/png");
    expect(sniffMimeType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe("image/jpeg");
    expect(sniffMimeType(Buffer.from("GIF89a\x01\x00"))).toBe("image/gif");
    expect(sniffMimeType(Buffer.from("RIFF\x10\x00\x00\x00WEBPVP8 ", "latin1"))).toBe("image/webp");
    expect(sniffMimeType(Buffer.from("%PDF-1.7\n"))).toBe("application/pdf");
    expect(sniffMimeType(bytes(0x50, 0x4b, 0x03, 0x04, 0x14))).toBe("application/zip");
  });

  it("calls UTF-8 text plain text, including a character cut at the end of the sample", () => {
    expect(sniffMimeType(Buffer.from("Hello,\r\n\tworld"))).toBe("text/plain");
    const russian = Buffer.from("Привет ".repeat(100));
    expect(sniffMimeType(russian)).toBe("text/plain");
    expect(sniffMimeType(russian.subarray(0, 513))).toBe("text/plain");
  });

  it("falls back to octet-stream for binary, invalid UTF-8 and empty files, whatever they claim to be", () => {
    expect(sniffMimeType(bytes(0x00, 0x01, 0x02))).toBe("application/octet-stream");
    expect(sniffMimeType(bytes(0xc3, 0x28, 0x41))).toBe("application/octet-stream");
    expect(sniffMimeType(Buffer.alloc(0))).toBe("application/octet-stream");
    expect(sniffMimeType(Buffer.from("<svg onload=alert(1)>"))).toBe("text/plain");
  });
});
