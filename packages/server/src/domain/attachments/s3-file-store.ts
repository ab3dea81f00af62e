import fs from "node:fs";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { LocalFileStore, type StagedFile } from "./attachment.storage.ts";
import { EMPTY_SHA256, type S3Credentials, signS3Request } from "./s3-signature.ts";

export interface S3Settings extends S3Credentials {
  endpoint: string;
  bucket: string;
}

// Attachments in an S3-compatible bucket (path-style URLs: <endpoint>/<bucket>/attachments/ab/<sha256>), for
// several app nodes without a shared disk. Uploads are staged (and hashed) on local disk as before, then PUT once
// the row is committed; the object key is the content hash, so identical uploads share one object.
export class S3FileStore extends LocalFileStore {
  constructor(
    dataDir: string,
    private readonly s3: S3Settings,
  ) {
    super(dataDir);
  }

  private urlOf(sha256: string): URL {
    this.pathOf(sha256); // validates the hash
    const base = this.s3.endpoint.replace(/\/+$/, "");
    return new URL(`${base}/${encodeURIComponent(this.s3.bucket)}/attachments/${sha256.slice(0, 2)}/${sha256}`);
  }

  private async send(method: string, sha256: string, body?: Buffer): Promise<Response> {
    const url = this.urlOf(sha256);
    const headers = signS3Request(this.s3, {
      method,
      url,
      // The staged file's SHA-256 is the payload hash S3 checks: a corrupted upload is refused.
      payloadSha256: body ? sha256 : EMPTY_SHA256,
      headers: body ? { "content-type": "application/octet-stream" } : {},
    });
    delete headers.host;
    return fetch(url, { method, headers, body: body ? new Uint8Array(body) : undefined });
  }

  private static async fail(response: Response, what: string): Promise<never> {
    const detail = (await response.text().catch(() => "")).slice(0, 300);
    throw new Error(`S3 ${what} failed: ${response.status} ${detail}`);
  }

  override async commit(staged: StagedFile): Promise<void> {
    const response = await this.send("PUT", staged.sha256, await fs.promises.readFile(staged.tempPath));
    if (!response.ok) await S3FileStore.fail(response, "PUT");
    await response.arrayBuffer();
    await this.discard(staged);
  }

  override async open(sha256: string): Promise<Readable | null> {
    const response = await this.send("GET", sha256);
    if (response.status === 404) {
      await response.arrayBuffer();
      return null;
    }
    if (!response.ok || !response.body) return S3FileStore.fail(response, "GET");
    return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  }

  override async remove(sha256: string): Promise<void> {
    const response = await this.send("DELETE", sha256);
    if (!response.ok && response.status !== 404) await S3FileStore.fail(response, "DELETE");
    await response.arrayBuffer().catch(() => undefined);
  }
}
