import { createHash, createHmac } from "node:crypto";

// AWS Signature Version 4 for S3-compatible stores (AWS, MinIO, Garage, R2…), written out so Takt needs no SDK.
// Spec: "Authenticating Requests (AWS Signature Version 4)", header-based auth, one chunk (payload hash known).
export interface S3Credentials {
  accessKey: string;
  secretKey: string;
  region: string;
}

export const EMPTY_SHA256 = createHash("sha256").update("").digest("hex");

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();
const sha256Hex = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");

// RFC 3986 encoding, as SigV4 wants it: everything but unreserved characters; "/" kept in paths.
export function uriEncode(value: string, keepSlash: boolean): string {
  return Array.from(Buffer.from(value, "utf8"))
    .map((byte) => {
      const char = String.fromCharCode(byte);
      if (/[A-Za-z0-9\-._~]/.test(char) || (keepSlash && char === "/")) return char;
      return `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    })
    .join("");
}

export interface SignInput {
  method: string;
  url: URL;
  // Headers to sign besides host, x-amz-date and x-amz-content-sha256 (names in any case).
  headers?: Record<string, string>;
  payloadSha256: string;
  now?: Date;
}

// Returns every header the request must carry (host included, for clients that want to set it).
export function signS3Request(credentials: S3Credentials, input: SignInput): Record<string, string> {
  const stamp = (input.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = {
    host: input.url.host,
    "x-amz-content-sha256": input.payloadSha256,
    "x-amz-date": stamp,
  };
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
  const names = Object.keys(headers).sort();
  const query = [...input.url.searchParams]
    .map(([key, value]) => [uriEncode(key, false), uriEncode(value, false)])
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const canonicalRequest = [
    input.method.toUpperCase(),
    uriEncode(decodeURIComponent(input.url.pathname), true),
    query,
    names.map((name) => `${name}:${headers[name].trim().replace(/\s+/g, " ")}\n`).join(""),
    names.join(";"),
    input.payloadSha256,
  ].join("\n");
  const scope = `${day}/${credentials.region}/s3/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = ["s3", "aws4_request"].reduce(
    (key, part) => hmac(key, part),
    hmac(hmac(`AWS4${credentials.secretKey}`, day), credentials.region),
  );
  const signature = createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKey}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
  };
}
