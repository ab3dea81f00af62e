import sanitizeHtml from "sanitize-html";

// Asana's rich text: a <body> with a small set of tags. Everything else is dropped, never executed.
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "body",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "code",
    "pre",
    "ol",
    "ul",
    "li",
    "a",
    "blockquote",
    "h1",
    "h2",
    "hr",
    "br",
    "p",
  ],
  allowedAttributes: { a: ["href", "data-asana-gid", "data-asana-type"] },
  allowedSchemes: ["http", "https", "mailto"],
  disallowedTagsMode: "discard",
};

export function sanitizeRichText(html: string): string {
  const clean = sanitizeHtml(html, OPTIONS).trim();
  const inner = clean.replace(/^<body>/, "").replace(/<\/body>$/, "");
  return `<body>${inner}</body>`;
}

export function richTextToPlain(html: string): string {
  return sanitizeHtml(html.replace(/<br\s*\/?>|<\/(p|li|h1|h2|blockquote|pre)>/gi, "\n"), {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();
}

export function plainToRichText(text: string): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<body>${escaped}</body>`;
}
