import type { Db } from "../../db/index.ts";

// What a request or a realtime socket was authenticated with: a browser session or a personal access token,
// known by its SHA-256 (the raw value is never kept). A socket lives only as long as its credential.
export interface Credential {
  kind: "session" | "token";
  userGid: number;
  hash: string;
}

export const credentialKey = (credential: Credential) => `${credential.kind}:${credential.hash}`;

// The credentials among these that still hold (a session not ended or expired, a token not revoked), as keys.
// Two queries whatever the number of credentials.
export async function liveCredentials(db: Db, credentials: Credential[]): Promise<Set<string>> {
  const live = new Set<string>();
  const hashesOf = (kind: Credential["kind"]) => [
    ...new Set(credentials.filter((credential) => credential.kind === kind).map((credential) => credential.hash)),
  ];
  const sessions = hashesOf("session");
  if (sessions.length > 0) {
    const rows = await db
      .selectFrom("sessions")
      .select("token_hash")
      .where("token_hash", "in", sessions)
      .where("expires_at", ">", new Date().toISOString())
      .execute();
    for (const row of rows) live.add(`session:${row.token_hash}`);
  }
  const tokens = hashesOf("token");
  if (tokens.length > 0) {
    const rows = await db
      .selectFrom("personal_access_tokens")
      .select("token_hash")
      .where("token_hash", "in", tokens)
      .where("revoked_at", "is", null)
      .execute();
    for (const row of rows) live.add(`token:${row.token_hash}`);
  }
  return live;
}
