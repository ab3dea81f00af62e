import type { Db } from "../../db/index.ts";
import type {
  GoalRelationshipsTable,
  GoalStatusUpdatesTable,
  GoalStoriesTable,
  GoalsTable,
  TimePeriodsTable,
} from "../../db/schema-resources.ts";
import type { Actor } from "../context.ts";
import { visiblePortfolioGids } from "../portfolios/portfolio.policy.ts";
import { projectProgress } from "../portfolios/portfolio.queries.ts";
import { visibleProjectGids } from "../projects/project.policy.ts";
import { plainToRichText } from "../rich-text.ts";
import { type GoalSight, type GoalStoryDetails, goalDetailsFor, goalStoryText } from "../stories/story.goal.ts";
import { visibleTeamGids } from "../teams/team.policy.ts";
import { userIsVisible } from "../users/user.queries.ts";
import { seenAmong } from "../visible-references.ts";
import { visibleGoalGids } from "./goal.policy.ts";
import { displayValue, goalProgress, metricOf } from "./goal.progress.ts";

type Json = Record<string, unknown>;

export const GOAL_COMPACT = ["name", "owner"] as const;

async function names(db: Db, table: "users" | "workspaces", gids: (number | null)[]) {
  const wanted = [...new Set(gids.filter((gid): gid is number => gid !== null))];
  if (!wanted.length) return new Map<number, string>();
  const rows = await db.selectFrom(table).select(["gid", "name"]).where("gid", "in", wanted).execute();
  return new Map(rows.map((row) => [row.gid, row.name] as const));
}

export function presentTimePeriod(row: TimePeriodsTable, parent?: TimePeriodsTable | null): Json {
  const compact = (period: TimePeriodsTable) => ({
    gid: String(period.gid),
    resource_type: "time_period",
    display_name: period.display_name,
    period: period.period,
    start_on: period.start_on,
    end_on: period.end_on,
  });
  return parent === undefined ? compact(row) : { ...compact(row), parent: parent ? compact(parent) : null };
}

// `readerGid`: a goal names its team only to a reader who sees that team (a secret team's name stays with its
// members and the workspace's admins); to anyone else the goal shows no team.
export async function presentGoals(db: Db, goals: GoalsTable[], readerGid: number): Promise<Json[]> {
  if (goals.length === 0) return [];
  const gids = goals.map((goal) => goal.gid);
  const followers = await db
    .selectFrom("goal_followers")
    .innerJoin("users", "users.gid", "goal_followers.user_gid")
    .select(["goal_followers.goal_gid", "users.gid", "users.name"])
    .where("goal_followers.goal_gid", "in", gids)
    .execute();
  const users = await names(
    db,
    "users",
    goals.map((goal) => goal.owner_gid),
  );
  const teamGids = [...new Set(goals.map((goal) => goal.team_gid).filter((gid): gid is number => gid !== null))];
  const teams = new Map(
    teamGids.length === 0
      ? []
      : (
          await db
            .selectFrom("teams")
            .select(["gid", "name"])
            .where("gid", "in", teamGids)
            .where("gid", "in", visibleTeamGids(db, readerGid))
            .execute()
        ).map((row) => [row.gid, row.name] as const),
  );
  const workspaces = await names(
    db,
    "workspaces",
    goals.map((goal) => goal.workspace_gid),
  );
  const periodGids = [
    ...new Set(goals.map((goal) => goal.time_period_gid).filter((gid): gid is number => gid !== null)),
  ];
  const periods = new Map(
    periodGids.length
      ? (await db.selectFrom("time_periods").selectAll().where("gid", "in", periodGids).execute()).map(
          (row) => [row.gid, row] as const,
        )
      : [],
  );
  const latest = await db
    .selectFrom("goal_status_updates")
    .selectAll()
    .where("goal_gid", "in", gids)
    .where("gid", "in", (eb) =>
      eb
        .selectFrom("goal_status_updates as latest")
        .select((inner) => inner.fn.max("latest.gid").as("gid"))
        .groupBy("latest.goal_gid"),
    )
    .execute();
  const progress = await goalProgress(db, goals);
  return goals.map((goal) => {
    const metric = metricOf(goal);
    const value = progress.get(goal.gid) ?? 0;
    const status = latest.find((row) => row.goal_gid === goal.gid);
    const period = goal.time_period_gid === null ? undefined : periods.get(goal.time_period_gid);
    let current = metric?.current_number_value ?? 0;
    if (metric && metric.progress_source !== "manual" && metric.progress_source !== "external") {
      current = metric.initial_number_value + value * (metric.target_number_value - metric.initial_number_value);
    }
    return {
      gid: String(goal.gid),
      resource_type: "goal",
      name: goal.name,
      notes: goal.notes,
      html_notes: goal.html_notes,
      due_on: goal.due_on,
      start_on: goal.start_on,
      is_workspace_level: goal.team_gid === null,
      liked: false,
      likes: [],
      num_likes: 0,
      team:
        goal.team_gid === null || !teams.has(goal.team_gid)
          ? null
          : { gid: String(goal.team_gid), resource_type: "team", name: teams.get(goal.team_gid) },
      workspace: {
        gid: String(goal.workspace_gid),
        resource_type: "workspace",
        name: workspaces.get(goal.workspace_gid) ?? "",
      },
      followers: followers
        .filter((row) => row.goal_gid === goal.gid)
        .map((row) => ({ gid: String(row.gid), resource_type: "user", name: row.name })),
      time_period: period ? presentTimePeriod(period) : null,
      metric: metric
        ? {
            gid: String(goal.gid),
            resource_type: "goal_metric",
            ...metric,
            current_number_value: Math.round(current * 10 ** metric.precision) / 10 ** metric.precision,
            current_display_value: displayValue(metric, current),
          }
        : null,
      owner:
        goal.owner_gid === null
          ? null
          : { gid: String(goal.owner_gid), resource_type: "user", name: users.get(goal.owner_gid) ?? "" },
      current_status_update: status
        ? {
            gid: String(status.gid),
            resource_type: "status_update",
            resource_subtype: "goal_status_update",
            title: status.title,
            status_type: status.status_type,
            created_at: status.created_at,
          }
        : null,
      status: goal.status,
      privacy_setting: goal.privacy_setting,
      default_access_level: "commenter",
      custom_fields: [],
      custom_field_settings: [],
      progress: Math.round(value * 1000) / 1000,
      permalink_url: `/goals/${goal.gid}`,
    };
  });
}

// Relationships as Asana answers them; a supporting resource the actor may not see comes without its name.
export async function presentRelationships(
  db: Db,
  actor: Actor,
  rows: GoalRelationshipsTable[],
  goal: GoalsTable,
): Promise<Json[]> {
  if (rows.length === 0) return [];
  const byType = (type: string) => rows.filter((row) => row.supporting_type === type).map((row) => row.supporting_gid);
  const seenProjects = byType("project").length
    ? await db
        .selectFrom("projects")
        .select(["gid", "name"])
        .where("gid", "in", byType("project"))
        .where("gid", "in", visibleProjectGids(db, actor.gid))
        .execute()
    : [];
  const seenPortfolios = byType("portfolio").length
    ? await db
        .selectFrom("portfolios")
        .select(["gid", "name"])
        .where("gid", "in", byType("portfolio"))
        .where("gid", "in", visiblePortfolioGids(db, actor.gid))
        .execute()
    : [];
  const seenGoals = byType("goal").length
    ? await db
        .selectFrom("goals")
        .selectAll()
        .where("gid", "in", byType("goal"))
        .where("gid", "in", visibleGoalGids(db, actor.gid))
        .execute()
    : [];
  const named = new Map<number, string>(
    [...seenProjects, ...seenPortfolios, ...seenGoals].map((row) => [row.gid, row.name]),
  );
  const tasks = await projectProgress(
    db,
    seenProjects.map((row) => row.gid),
  );
  const subgoals = await goalProgress(db, seenGoals);
  const portfolioProgress = new Map<number, number>();
  if (seenPortfolios.length) {
    const items = await db
      .selectFrom("portfolio_items")
      .select(["portfolio_gid", "item_gid"])
      .where(
        "portfolio_gid",
        "in",
        seenPortfolios.map((row) => row.gid),
      )
      .where("item_type", "=", "project")
      .execute();
    const counts = await projectProgress(
      db,
      items.map((item) => item.item_gid),
    );
    for (const portfolio of seenPortfolios) {
      let done = 0;
      let total = 0;
      for (const item of items.filter((line) => line.portfolio_gid === portfolio.gid)) {
        done += counts.get(item.item_gid)?.completed ?? 0;
        total += counts.get(item.item_gid)?.total ?? 0;
      }
      portfolioProgress.set(portfolio.gid, total ? done / total : 0);
    }
  }
  return rows.map((row) => {
    const counts = tasks.get(row.supporting_gid);
    const progress =
      row.supporting_type === "project"
        ? counts?.total
          ? counts.completed / counts.total
          : 0
        : row.supporting_type === "goal"
          ? (subgoals.get(row.supporting_gid) ?? 0)
          : (portfolioProgress.get(row.supporting_gid) ?? 0);
    return {
      gid: String(row.gid),
      resource_type: "goal_relationship",
      resource_subtype: row.supporting_type === "goal" ? "subgoal" : "supporting_work",
      supporting_resource: {
        gid: String(row.supporting_gid),
        resource_type: row.supporting_type,
        name: named.get(row.supporting_gid) ?? null,
      },
      contribution_weight: row.contribution_weight,
      supported_goal: { gid: String(goal.gid), resource_type: "goal", name: goal.name },
      progress: named.has(row.supporting_gid) ? Math.round(progress * 1000) / 1000 : 0,
    };
  });
}

export async function presentGoalStatusUpdates(
  db: Db,
  rows: GoalStatusUpdatesTable[],
  goal: GoalsTable,
): Promise<Json[]> {
  const authors = await names(
    db,
    "users",
    rows.map((row) => row.created_by_gid),
  );
  return rows.map((row) => {
    const author =
      row.created_by_gid === null
        ? null
        : { gid: String(row.created_by_gid), resource_type: "user", name: authors.get(row.created_by_gid) ?? "" };
    return {
      gid: String(row.gid),
      resource_type: "status_update",
      resource_subtype: "goal_status_update",
      title: row.title,
      text: row.text,
      status_type: row.status_type,
      author,
      created_by: author,
      created_at: row.created_at,
      parent: { gid: String(goal.gid), resource_type: "goal", name: goal.name },
    };
  });
}

// Goal stories in Asana's story shape: comments, and the system stories told from the goal's changes, each
// rendered for its reader (a person or team they cannot see stays unnamed). The target is the goal.
export async function presentGoalStories(
  db: Db,
  goal: Pick<GoalsTable, "gid" | "name">,
  rows: Pick<
    GoalStoriesTable,
    "gid" | "created_by_gid" | "text" | "html_text" | "created_at" | "type" | "resource_subtype" | "details"
  >[],
  readerGid: number,
): Promise<Json[]> {
  const people = await names(
    db,
    "users",
    rows.map((row) => row.created_by_gid),
  );
  const told = new Map(rows.map((row) => [row.gid, parseGoalDetails(row.details ?? null)]));
  const sight = await goalSightOf(db, readerGid, [...told.values()]);
  return rows.map((row) => {
    const system = row.type === "system";
    const details = told.get(row.gid) ?? {};
    const subtype = row.resource_subtype ?? "comment_added";
    const text = system ? goalStoryText(subtype, details, sight, row.created_at) : row.text;
    return {
      gid: String(row.gid),
      resource_type: "story",
      type: system ? "system" : "comment",
      resource_subtype: subtype,
      text,
      html_text: system ? plainToRichText(text) : row.html_text,
      created_at: row.created_at,
      created_by: row.created_by_gid
        ? { gid: String(row.created_by_gid), resource_type: "user", name: people.get(row.created_by_gid) ?? "" }
        : null,
      target: { gid: String(goal.gid), resource_type: "goal", name: goal.name },
      ...(system ? goalDetailsFor(details, sight) : {}),
    };
  });
}

function parseGoalDetails(raw: string | null): GoalStoryDetails {
  if (!raw) return {};
  try {
    const value = JSON.parse(raw);
    return value && typeof value === "object" ? (value as GoalStoryDetails) : {};
  } catch {
    return {};
  }
}

// Which of the people and teams a page of goal stories names the reader sees: one query each.
async function goalSightOf(db: Db, readerGid: number, details: GoalStoryDetails[]): Promise<GoalSight> {
  const [seenUsers, seenTeams] = await Promise.all([
    seenAmong(
      details.flatMap((detail) => (detail.owner ? [Number(detail.owner.gid)] : [])),
      (gids) =>
        db.selectFrom("users").select("gid").where("gid", "in", gids).where(userIsVisible(db, readerGid)).execute(),
    ),
    seenAmong(
      details.flatMap((detail) => (detail.team ? [Number(detail.team.gid)] : [])),
      (gids) =>
        db
          .selectFrom("teams")
          .select("gid")
          .where("gid", "in", gids)
          .where("gid", "in", visibleTeamGids(db, readerGid))
          .execute(),
    ),
  ]);
  return { user: (gid) => seenUsers.has(gid), team: (gid) => seenTeams.has(gid) };
}

export function presentGoalFieldSettings(
  goal: Pick<GoalsTable, "gid" | "name">,
  rows: { gid: number; is_important: number; field_gid: number; name: string; resource_subtype: string }[],
): Json[] {
  return rows.map((row) => ({
    gid: String(row.gid),
    resource_type: "custom_field_setting",
    is_important: row.is_important === 1,
    parent: { gid: String(goal.gid), resource_type: "goal", name: goal.name },
    custom_field: {
      gid: String(row.field_gid),
      resource_type: "custom_field",
      name: row.name,
      resource_subtype: row.resource_subtype,
    },
  }));
}
