import { describe, expect, it } from "vitest";
import { plainToRichText, richTextToPlain, sanitizeRichText } from "./rich-text.ts";

describe("rich text", () => {
  it("drops scripts, handlers and javascript links but keeps formatting", () => {
    const html = sanitizeRichText(
      '<body><strong>Hi</strong><script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">x</a><img src=x onerror=alert(1)></body>',
    );
    expect(html).toBe("<body><strong>Hi</strong><a>x</a></body>");
  });

  it("wraps bare fragments in a body", () => {
    expect(sanitizeRichText("<em>soon</em>")).toBe("<body><em>soon</em></body>");
  });

  it("turns rich text into plain text and back", () => {
    expect(richTextToPlain("<body><ul><li>one</li><li>two &amp; three</li></ul></body>")).toBe("one\ntwo & three");
    expect(plainToRichText("a < b")).toBe("<body>a &lt; b</body>");
  });
});
