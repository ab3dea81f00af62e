// The type of a file decided from its first bytes, never from the name or the type the client claimed.
export const SNIFF_BYTES = 512;

const SIGNATURES: { type: string; matches(head: Buffer): boolean }[] = [
  { type: "image/png", matches: (head) => startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: "image/jpeg", matches: (head) => startsWith(head, [0xff, 0xd8, 0xff]) },
  { type: "image/gif", matches: (head) => ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a") },
  { type: "image/webp", matches: (head) => ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP") },
  { type: "application/pdf", matches: (head) => ascii(head, 0, "%PDF-") },
  {
    type: "application/zip",
    matches: (head) => startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06]),
  },
];

// Images a browser may show inline: none of them can carry script.
export const INLINE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

function startsWith(head: Buffer, bytes: number[]): boolean {
  return head.length >= bytes.length && bytes.every((byte, index) => head[index] === byte);
}

function ascii(head: Buffer, at: number, text: string): boolean {
  return head.length >= at + text.length && head.toString("latin1", at, at + text.length) === text;
}

// UTF-8 without control characters other than tab, newlines and form feed; a multi-byte character cut at the
// end of the sample is fine.
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  for (const byte of head) {
    if (byte === 0x7f || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d))
      return false;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export function sniffMimeType(head: Buffer): string {
  const sample = head.subarray(0, SNIFF_BYTES);
  for (const signature of SIGNATURES) if (signature.matches(sample)) return signature.type;
  if (looksLikeText(sample)) return "text/plain";
  return "application/octet-stream";
}
