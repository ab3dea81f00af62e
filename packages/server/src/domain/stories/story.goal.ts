import type { Transaction } from "kysely";
import type { Database, EventsTable } from "../../db/schema.ts";
import { newGid } from "../../ids.ts";
import { displayValue, metricOf } from "../goals/goal.progress.ts";
import { plainToRichText } from "../rich-text.ts";
import type { Ref } from "./story.render.ts";
import { datesText } from "./story.text.ts";

type Trx = Transaction<Database>;

// A goal's system stories, told from its events (goal.commands.ts raises one per changed field): what the feed
// says, the references it keeps (a person, a team: named for a reader who sees them, see goalStoryText) and the
// values a client may render in its own language.
export interface GoalStoryDetails {
  old_name?: string | null;
  new_name?: string;
  old_status?: string | null;
  new_status?: string | null;
  old_dates?: { due_on: string | null } | null;
  new_dates?: { due_on: string | null } | null;
  owner?: Ref | null;
  team?: Ref | null;
  old_number_value?: number | null;
  new_number_value?: number | null;
  new_display_value?: string | null;
}

const FIELD_SUBTYPE: Record<string, string> = {
  name: "name_changed",
  status: "goal_status_changed",
  due_on: "due_date_changed",
  owner: "owner_changed",
  team: "team_changed",
  current_number_value: "current_value_changed",
};

export const GOAL_STATUS_WORDS: Record<string, string> = {
  green: "on track",
  yellow: "at risk",
  red: "off track",
  achieved: "achieved",
  partial: "partially achieved",
  missed: "missed",
  dropped: "dropped",
};

// Who the reader sees: a person or a team they cannot see stays unnamed.
export interface GoalSight {
  user(gid: number): boolean;
  team(gid: number): boolean;
}

export const ALL_SEEN: GoalSight = { user: () => true, team: () => true };

const seen = (ref: Ref | null | undefined, sees: (gid: number) => boolean) =>
  ref?.name && sees(Number(ref.gid)) ? ref.name : null;

// The story's English text for a reader (clients render the details in their own language).
export function goalStoryText(subtype: string, details: GoalStoryDetails, sight: GoalSight, now: string): string {
  switch (subtype) {
    case "name_changed":
      return `changed the name to "${details.new_name ?? ""}"`;
    case "goal_status_changed":
      return details.new_status
        ? `changed the status to ${GOAL_STATUS_WORDS[details.new_status] ?? details.new_status}`
        : "cleared the status";
    case "due_date_changed":
      return datesText({ due_on: details.new_dates?.due_on ?? null, start_on: null, due_at: null }, now);
    case "owner_changed": {
      if (!details.owner) return "removed the owner";
      const name = seen(details.owner, sight.user);
      return name ? `changed the owner to ${name}` : "changed the owner";
    }
    case "team_changed": {
      if (!details.team) return "made this goal workspace-wide";
      const name = seen(details.team, sight.team);
      return name ? `moved this goal to the team ${name}` : "moved this goal to a private team";
    }
    case "current_value_changed":
      return details.new_display_value
        ? `updated the current value to ${details.new_display_value}`
        : "updated progress";
    default:
      return "changed this goal";
  }
}

// The details as the reader may see them: an unseen person or team keeps its gid and loses its name.
export function goalDetailsFor(details: GoalStoryDetails, sight: GoalSight): GoalStoryDetails {
  const shown = { ...details };
  const strip = (ref: Ref) => ({ gid: ref.gid, resource_type: ref.resource_type });
  if (details.owner && !seen(details.owner, sight.user)) shown.owner = strip(details.owner);
  if (details.team && !seen(details.team, sight.team)) shown.team = strip(details.team);
  return shown;
}

function parse(raw: string | null): Record<string, unknown> | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const gidOf = (value: unknown) =>
  value && typeof value === "object" && "gid" in value ? Number((value as { gid: unknown }).gid) || null : null;

async function details(trx: Trx, goalGid: number, change: Record<string, unknown>): Promise<GoalStoryDetails> {
  switch (change.field) {
    case "name":
      return { old_name: (change.old_value as string) ?? null, new_name: String(change.new_value ?? "") };
    case "status":
      return { old_status: (change.old_value as string) ?? null, new_status: (change.new_value as string) ?? null };
    case "due_on":
      return {
        old_dates: { due_on: (change.old_value as string) ?? null },
        new_dates: { due_on: (change.new_value as string) ?? null },
      };
    case "owner": {
      const gid = gidOf(change.new_value);
      const user = gid ? await trx.selectFrom("users").select("name").where("gid", "=", gid).executeTakeFirst() : null;
      return { owner: gid ? { gid: String(gid), resource_type: "user", name: user?.name ?? null } : null };
    }
    case "team": {
      const gid = gidOf(change.new_value);
      const team = gid ? await trx.selectFrom("teams").select("name").where("gid", "=", gid).executeTakeFirst() : null;
      return { team: gid ? { gid: String(gid), resource_type: "team", name: team?.name ?? null } : null };
    }
    default: {
      const goal = await trx.selectFrom("goals").select("metric").where("gid", "=", goalGid).executeTakeFirst();
      const metric = goal ? metricOf(goal) : null;
      const value = typeof change.new_value === "number" ? change.new_value : null;
      return {
        old_number_value: typeof change.old_value === "number" ? change.old_value : null,
        new_number_value: value,
        new_display_value: metric && value !== null ? displayValue(metric, value) : null,
      };
    }
  }
}

// A goal's change event becomes one system story in its feed.
export async function goalStory(trx: Trx, event: EventsTable): Promise<void> {
  if (event.action !== "changed") return;
  const change = parse(event.change);
  const subtype = typeof change?.field === "string" ? FIELD_SUBTYPE[change.field] : undefined;
  if (!change || !subtype) return;
  const told = await details(trx, event.resource_gid, change);
  const text = goalStoryText(subtype, told, ALL_SEEN, event.created_at);
  await trx
    .insertInto("goal_stories")
    .values({
      gid: newGid(),
      goal_gid: event.resource_gid,
      created_by_gid: event.actor_gid,
      type: "system",
      resource_subtype: subtype,
      text,
      html_text: plainToRichText(text),
      details: JSON.stringify(told),
      event_id: event.id,
      created_at: event.created_at,
    })
    .execute();
}
