// Comment text with @mentions → the rich text the API stores (Asana marks a mention as an <a data-asana-gid>).

export interface Mention {
  gid: string;
  name: string;
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function commentHtml(text: string, mentions: Mention[]): string {
  let html = escapeHtml(text);
  // Longest names first, so "@Anna Petrova" wins over "@Anna".
  for (const mention of [...mentions].sort((a, b) => b.name.length - a.name.length)) {
    const label = escapeHtml(`@${mention.name}`);
    if (!html.includes(label)) continue;
    html = html.split(label).join(`<a data-asana-gid="${mention.gid}" data-asana-type="user">${label}</a>`);
  }
  return `<body>${html}</body>`;
}

// The "@que" being typed just before the caret, if any.
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([^\s@]{0,30}(?: [^\s@]{0,30})?)$/.exec(before);
  if (!match) return null;
  return { start: caret - match[2].length - 1, query: match[2] };
}

// Back from stored rich text to editable plain text, keeping the mentions it had.
export function editableOf(html: string | undefined, text: string): { text: string; mentions: Mention[] } {
  if (!html) return { text, mentions: [] };
  const mentions: Mention[] = [];
  for (const match of html.matchAll(/<a [^>]*data-asana-gid="(\d+)"[^>]*>@?([^<]*)<\/a>/g)) {
    mentions.push({ gid: match[1], name: match[2].replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">") });
  }
  return { text, mentions };
}
