import { describe, expect, it } from "vitest";
import { markdownToRichText } from "./import.markdown.ts";

describe("markdownToRichText", () => {
  it("renders emphasis, lists, links and headings as rich text, not raw marks", () => {
    const html = markdownToRichText("**Срочно**: см. [ТЗ](https://example.com/spec)\n\n### Шаги\n- один\n- _два_");
    expect(html).toBe(
      '<body><p><strong>Срочно</strong>: см. <a href="https://example.com/spec">ТЗ</a></p><h2>Шаги</h2><ul><li>один</li><li><em>два</em></li></ul></body>',
    );
    expect(html).not.toContain("**");
  });

  it("drops script and keeps line breaks inside a paragraph", () => {
    expect(markdownToRichText("line one\nline two<script>alert(1)</script>")).toBe(
      "<body><p>line one<br />line two</p></body>",
    );
    expect(markdownToRichText("   ")).toBe("<body></body>");
  });
});
