import { describe, expect, it } from "vitest";
import { plainToRichText, richTextToPlain, sanitizeRichText } from "./rich-text.ts";

describe("rich text", () => {
  it("drops scripts, handlers and javascript links but keeps formatting", () => {
    const html = sanitizeRichText(
      '<body><strong>Hi</strong><script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">x</a><img src=x onerror=alert(1)></body>',
    );
    expect(html).toBe("<body><strong>Hi</strong><a>x</a></body>");
  });

  it("drops disguised script links, data: URLs, event handlers, styles and active elements", () => {
    const cases: [string, string][] = [
      ['<a href="JaVaScRiPt:alert(1)">a</a>', "<a>a</a>"],
      ['<a href=" javascript:alert(1)">a</a>', "<a>a</a>"],
      ['<a href="java&#x09;script:alert(1)">a</a>', "<a>a</a>"],
      ['<a href="&#106;avascript:alert(1)">a</a>', "<a>a</a>"],
      ['<a href="java\nscript:alert(1)">a</a>', "<a>a</a>"],
      ['<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a</a>', "<a>a</a>"],
      ['<a href="vbscript:msgbox(1)">a</a>', "<a>a</a>"],
      ['<p style="background:url(javascript:alert(1))" onclick="x()">p</p>', "<p>p</p>"],
      [
        '<a href="https://ok.example" onmouseover="alert(1)" style="color:red" target="_blank">ok</a>',
        '<a href="https://ok.example">ok</a>',
      ],
      ['<svg><script>alert(1)</script></svg><math><mi xlink:href="javascript:alert(1)">x</mi></math>', "x"],
      ['<iframe src="javascript:alert(1)"></iframe><object data="x"></object><embed src=x><form action=x></form>', ""],
      ['<style>body{}</style><link rel=stylesheet href=x><meta http-equiv=refresh content="0;url=x">', ""],
      ['"><svg onload=alert(1)>', '"&gt;'],
      ['<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "<p></p>"],
    ];
    for (const [input, inner] of cases) expect(sanitizeRichText(input), input).toBe(`<body>${inner}</body>`);
    expect(sanitizeRichText('<a href="mailto:a@b.example">m</a>')).toBe(
      '<body><a href="mailto:a@b.example">m</a></body>',
    );
  });

  it("wraps bare fragments in a body", () => {
    expect(sanitizeRichText("<em>soon</em>")).toBe("<body><em>soon</em></body>");
  });

  it("turns rich text into plain text and back", () => {
    expect(richTextToPlain("<body><ul><li>one</li><li>two &amp; three</li></ul></body>")).toBe("one\ntwo & three");
    expect(plainToRichText("a < b")).toBe("<body>a &lt; b</body>");
  });
});
