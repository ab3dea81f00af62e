const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

// Names typed by users end up in headers: keep them on one line.
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, " ").trim();
}
