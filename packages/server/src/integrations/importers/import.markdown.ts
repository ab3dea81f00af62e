import { Marked } from "marked";
import { sanitizeRichText } from "../../domain/rich-text.ts";

const markdown = new Marked({ gfm: true, breaks: true, async: false });

// Markdown (Trello card descriptions and comments, Slack's mrkdwn is close enough) as Takt's rich text: headings
// deeper than two levels become level two, images become links to them, and the result goes through the same
// sanitiser as any rich text a person writes.
export function markdownToRichText(source: string): string {
  if (source.trim() === "") return "<body></body>";
  const html = (markdown.parse(source) as string)
    .replace(/<(\/?)h[3-6]>/g, "<$1h2>")
    .replace(/<img [^>]*src="([^"]*)"[^>]*alt="([^"]*)"[^>]*>/g, '<a href="$1">$2</a>')
    .replace(/<img [^>]*src="([^"]*)"[^>]*>/g, '<a href="$1">$1</a>')
    .replace(/<input [^>]*>/g, "")
    .replace(/\n(?=<|$)/g, "")
    .replace(/<br>\n?/g, "<br>");
  return sanitizeRichText(html);
}
