import type { Config } from "../../config.ts";
import { type FileStore, LocalFileStore } from "./attachment.storage.ts";
import { S3FileStore } from "./s3-file-store.ts";

// The configured attachment store: an S3-compatible bucket when TAKT_S3_ENDPOINT is set, else the data directory.
export function fileStoreOf(config: Config): FileStore {
  if (config.s3Endpoint && config.s3Bucket && config.s3AccessKey && config.s3SecretKey) {
    return new S3FileStore(config.dataDir, {
      endpoint: config.s3Endpoint,
      bucket: config.s3Bucket,
      accessKey: config.s3AccessKey,
      secretKey: config.s3SecretKey,
      region: config.s3Region,
    });
  }
  return new LocalFileStore(config.dataDir);
}
