import type { Db } from "../../db/index.ts";
import type { PlanUser } from "./import.plan.ts";

// What the person who imports decided for one incoming person: the workspace member they are, an invitation to
// their email, a placeholder (a name on tasks that cannot sign in, mergeable later), or nobody (their comments
// keep the name in the text, their tasks stay unassigned).
export type PersonChoice =
  | { action: "match"; user: number }
  | { action: "invite"; email: string }
  | { action: "placeholder" }
  | { action: "none" };

export type MatchedBy = "earlier_import" | "email" | "username" | "name";

export interface Member {
  gid: number;
  name: string;
  email: string;
}

export interface PersonMatch {
  person: PlanUser;
  member: Member | null;
  by: MatchedBy | null;
  // Several members fit equally (two people of the same name): nobody is picked, the admin chooses.
  candidates: Member[];
}

// People are matched across every import of a source, not per board: one Trello member is one person.
export const peopleSource = (sourceId: string) => `${sourceId.split(":")[0]}-people`;

// "Мария  Петрова", "петрова мария" and "Maria Petrova" in another order are the same full name; ё is е.
export function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/ё/g, "е")
    .split(/[\s.,]+/)
    .filter(Boolean)
    .sort()
    .join(" ");
}

const localPart = (email: string) => email.toLowerCase().split("@")[0] ?? "";

export function workspaceMembers(db: Db, workspaceGid: number): Promise<Member[]> {
  return db
    .selectFrom("users")
    .innerJoin("workspace_memberships", "workspace_memberships.user_gid", "users.gid")
    .select(["users.gid", "users.name", "users.email"])
    .where("workspace_memberships.workspace_gid", "=", workspaceGid)
    .orderBy("users.gid")
    .execute();
}

// Email first, then the username against the part of an email before the @, then the full name; a person an
// earlier import of the same source already placed keeps that place. A tie is never guessed.
export async function matchPeople(
  db: Db,
  workspaceGid: number,
  sourceId: string,
  people: PlanUser[],
): Promise<PersonMatch[]> {
  if (people.length === 0) return [];
  const members = await workspaceMembers(db, workspaceGid);
  const byGid = new Map(members.map((member) => [member.gid, member]));
  const earlier = new Map(
    (
      await db
        .selectFrom("import_keys")
        .select(["external_id", "resource_gid"])
        .where("workspace_gid", "=", workspaceGid)
        .where("source", "=", peopleSource(sourceId))
        .execute()
    ).map((row) => [row.external_id, row.resource_gid]),
  );
  const unique = (found: Member[]) => (found.length === 1 ? found[0] : null);
  return people.map((person) => {
    const known = byGid.get(earlier.get(person.key) ?? 0);
    if (known) return { person, member: known, by: "earlier_import", candidates: [] };
    const email = person.email?.toLowerCase();
    const byEmail = email ? members.filter((member) => member.email.toLowerCase() === email) : [];
    if (byEmail.length > 0) return { person, member: byEmail[0], by: "email", candidates: [] };
    const username = person.username?.toLowerCase();
    const byUsername = username ? members.filter((member) => localPart(member.email) === username) : [];
    if (unique(byUsername)) return { person, member: byUsername[0], by: "username", candidates: [] };
    const name = nameKey(person.name);
    const byName = name ? members.filter((member) => nameKey(member.name) === name) : [];
    if (unique(byName)) return { person, member: byName[0], by: "name", candidates: [] };
    const candidates = byUsername.length > 1 ? byUsername : byName;
    return { person, member: null, by: null, candidates };
  });
}
