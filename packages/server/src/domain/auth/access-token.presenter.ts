import type { PersonalAccessTokensTable } from "../../db/schema.ts";

// A personal access token as its owner sees it: never the token, only its last characters.
export function presentAccessToken(
  row: Pick<PersonalAccessTokensTable, "gid" | "name" | "hint" | "created_at" | "last_used_at">,
) {
  return {
    gid: String(row.gid),
    resource_type: "personal_access_token",
    name: row.name,
    hint: `…${row.hint}`,
    created_at: row.created_at,
    last_used_at: row.last_used_at,
  };
}
