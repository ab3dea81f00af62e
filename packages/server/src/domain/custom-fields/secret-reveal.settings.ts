import type { CustomFieldSubtype, RevealAccess } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import type { Tx } from "../context.ts";

type Trx = Tx["trx"];

export interface RevealInput {
  reveal_access?: RevealAccess;
  reveal_people?: string[];
}

// The reveal rule a create or update asks for, checked: only secret fields have one; "people" names at least one
// person of the workspace, and only "people" names anyone. people: null when the list stays as it is.
export async function revealRule(
  trx: Trx,
  workspaceGid: number,
  subtype: CustomFieldSubtype,
  input: RevealInput,
  current?: RevealAccess,
): Promise<{ access: RevealAccess; people: number[] | null }> {
  if (subtype !== "secret") {
    if (input.reveal_access !== undefined) throw badRequest("reveal_access: only secret fields have it");
    if (input.reveal_people !== undefined) throw badRequest("reveal_people: only secret fields have it");
    return { access: "editors", people: null };
  }
  const access = input.reveal_access ?? current ?? "editors";
  if (access !== "people") {
    if (input.reveal_people?.length) throw badRequest("reveal_people: only used when reveal_access is people");
    return { access, people: current === "people" ? [] : null };
  }
  if (input.reveal_people === undefined) {
    if (current === "people") return { access, people: null };
    throw badRequest("reveal_people: Missing input. Name the people who may reveal the values.");
  }
  if (input.reveal_people.length === 0) throw badRequest("reveal_people: name at least one person");
  const people = [
    ...new Set(
      input.reveal_people.map((raw) => {
        const gid = parseGid(raw);
        if (gid === null) throw badRequest(`reveal_people: ${raw} is not a user gid`);
        return gid;
      }),
    ),
  ];
  const members = await trx
    .selectFrom("workspace_memberships")
    .select("user_gid")
    .where("workspace_gid", "=", workspaceGid)
    .where("user_gid", "in", people)
    .execute();
  const known = new Set(members.map((member) => member.user_gid));
  const stranger = people.find((gid) => !known.has(gid));
  if (stranger !== undefined) throw badRequest(`reveal_people: ${stranger} is not a person of this workspace`);
  return { access, people };
}

export async function saveRevealers(trx: Trx, fieldGid: number, people: number[]): Promise<void> {
  await trx.deleteFrom("custom_field_revealers").where("custom_field_gid", "=", fieldGid).execute();
  if (people.length === 0) return;
  await trx
    .insertInto("custom_field_revealers")
    .values(people.map((userGid) => ({ custom_field_gid: fieldGid, user_gid: userGid })))
    .execute();
}
