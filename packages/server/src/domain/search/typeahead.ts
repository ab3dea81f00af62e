import type { TypeaheadType } from "@takt/contracts";
import { type ExpressionBuilder, type RawBuilder, sql } from "kysely";
import type { Db, DialectName } from "../../db/index.ts";
import type { Database } from "../../db/schema.ts";
import { flushSearchIndex } from "../../db/search-index.ts";
import type { Actor } from "../context.ts";
import { visibleFieldGids } from "../custom-fields/custom-field.policy.ts";
import { visibleProjectGids } from "../projects/project.policy.ts";
import { visibleTagGids } from "../tags/tag.policy.ts";
import { taskIsVisible } from "../tasks/task.policy.ts";
import { visibleTeamGids } from "../teams/team.policy.ts";
import { userIsVisible } from "../users/user.queries.ts";
import { workspaceRole } from "../workspaces/workspace.policy.ts";
import { adaptiveTypeahead, outsideArchivedProjects, type TypeaheadRow } from "./search.adaptive.ts";
import {
  fewMatches,
  inMatches,
  matchesName,
  nameQuery,
  nameVariants,
  searchWords,
  sqliteNameQuery,
} from "./search.text.ts";

export interface Found {
  gid: number;
  name: string;
  extra?: Record<string, unknown>;
}

// name matches the query anywhere, ignoring case (see nameVariants for SQLite's ASCII-only LIKE).
function nameMatches(dialect: DialectName, column: string, query: string) {
  const operator = sql.raw(dialect === "postgres" ? "ilike" : "like");
  const patterns = nameVariants(query);
  return sql<boolean>`(${sql.join(
    patterns.map((pattern) => sql`${sql.ref(column)} ${operator} ${pattern} escape '\\'`),
    sql` or `,
  )})`;
}

// From this many name matches on, walking tasks newest-first beats sorting every match.
const WALK_THRESHOLD = 300;

// Tasks whose name has each word as a prefix of one of its words, open ones first, newest change first. With few
// matches the name index drives the plan; with many (or no words), tasks_workspace_modified is walked newest first,
// open tasks then completed ones, each row probed, so the work is bounded by `count`, not by the matches.
async function taskTypeahead(
  db: Db,
  dialect: DialectName,
  actor: Actor,
  workspaceGid: number,
  words: string[],
  count: number,
  archived: boolean,
  walkThreshold: number,
): Promise<Found[]> {
  // The index is kept in batches on SQLite: what the writes so far queued is indexed before it is read.
  if (words.length) await flushSearchIndex(db, dialect);
  // On SQLite the plan with words is one prepared statement that picks its branch itself (search.adaptive.ts).
  const rows =
    words.length > 0 && dialect === "sqlite"
      ? await adaptiveTypeahead(
          db,
          { outsideArchived: !archived, threshold: walkThreshold },
          { query: sqliteNameQuery(words), workspaceGid, actorGid: actor.gid, count },
        )
      : await plannedTypeahead(db, dialect, actor, workspaceGid, words, count, archived, walkThreshold);
  return rows.map((row) => ({
    gid: row.gid,
    name: row.name,
    extra: { completed: row.completed === 1, resource_subtype: row.resource_subtype },
  }));
}

// The same on PostgreSQL (and on SQLite without words): the engine's matches are asked for first, and their
// number picks the plan.
async function plannedTypeahead(
  db: Db,
  dialect: DialectName,
  actor: Actor,
  workspaceGid: number,
  words: string[],
  count: number,
  archived: boolean,
  walkThreshold: number,
): Promise<TypeaheadRow[]> {
  const found = words.length > 0 ? await fewMatches(db, dialect, nameQuery(dialect, words), walkThreshold) : null;
  if (found?.length === 0) return [];
  const walk = found === null;
  const base = (workspaceColumn: RawBuilder<number>) =>
    db
      .selectFrom("tasks")
      .select(["tasks.gid", "tasks.name", "tasks.completed", "tasks.resource_subtype"])
      .where(workspaceColumn, "=", workspaceGid)
      .where(taskIsVisible(db, actor.gid))
      .$if(!archived, (q) => q.where(outsideArchivedProjects))
      .$if(words.length > 0, (q) =>
        q.where((eb: ExpressionBuilder<Database, "tasks">) =>
          found ? inMatches(dialect, found)(eb) : matchesName(dialect, words, walk)(eb),
        ),
      );
  let rows: TypeaheadRow[];
  if (walk) {
    const newest = (completed: 0 | 1, limit: number) =>
      base(sql<number>`tasks.workspace_gid`)
        .where("tasks.completed", "=", completed)
        .orderBy("tasks.modified_at", "desc")
        .orderBy("tasks.gid", "desc")
        .limit(limit)
        .execute();
    rows = await newest(0, count);
    if (rows.length < count) rows = [...rows, ...(await newest(1, count - rows.length))];
  } else {
    rows = await base(dialect === "sqlite" ? sql<number>`+tasks.workspace_gid` : sql<number>`tasks.workspace_gid`)
      .orderBy("tasks.completed")
      .orderBy("tasks.modified_at", "desc")
      .orderBy("tasks.gid", "desc")
      .limit(count)
      .execute();
  }
  return rows;
}

// Quick pickers: the best few matches of one kind, only among what the actor may see. A guest gets their projects'
// tasks and people, never the workspace's teams.
export async function typeahead(
  db: Db,
  dialect: DialectName,
  actor: Actor,
  workspaceGid: number,
  type: TypeaheadType,
  query: string,
  count: number,
  // walkThreshold: from this many name matches on, tasks are walked newest first (a test picks either plan).
  options: { archived?: boolean; walkThreshold?: number } = {},
): Promise<Found[]> {
  const archived = options.archived === true;
  const text = query.trim();
  switch (type) {
    case "task":
      return taskTypeahead(
        db,
        dialect,
        actor,
        workspaceGid,
        searchWords(text),
        count,
        archived,
        options.walkThreshold ?? WALK_THRESHOLD,
      );
    case "project":
      return db
        .selectFrom("projects")
        .select(["gid", "name"])
        .where("workspace_gid", "=", workspaceGid)
        .where("gid", "in", visibleProjectGids(db, actor.gid))
        .$if(!archived, (q) => q.where("archived", "=", 0))
        .$if(text.length > 0, (q) => q.where(nameMatches(dialect, "projects.name", text)))
        .orderBy("archived")
        .orderBy("name")
        .limit(count)
        .execute();
    case "user":
      return db
        .selectFrom("users")
        .select(["gid", "name"])
        .where(userIsVisible(db, actor.gid))
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom("workspace_memberships as twm")
              .select("twm.gid")
              .whereRef("twm.user_gid", "=", "users.gid")
              .where("twm.workspace_gid", "=", workspaceGid),
          ),
        )
        .$if(text.length > 0, (q) =>
          q.where((eb) => eb.or([nameMatches(dialect, "users.name", text), nameMatches(dialect, "users.email", text)])),
        )
        .orderBy("name")
        .limit(count)
        .execute();
    case "team": {
      const role = await workspaceRole(db, actor, workspaceGid);
      if (role !== "admin" && role !== "member") return [];
      return db
        .selectFrom("teams")
        .select(["gid", "name"])
        .where("workspace_gid", "=", workspaceGid)
        .where("gid", "in", visibleTeamGids(db, actor.gid))
        .$if(text.length > 0, (q) => q.where(nameMatches(dialect, "teams.name", text)))
        .orderBy("name")
        .limit(count)
        .execute();
    }
    case "tag":
      return (
        await db
          .selectFrom("tags")
          .select(["gid", "name", "color"])
          .where("workspace_gid", "=", workspaceGid)
          .where("gid", "in", visibleTagGids(db, actor.gid))
          .$if(text.length > 0, (q) => q.where(nameMatches(dialect, "tags.name", text)))
          .orderBy("name")
          .limit(count)
          .execute()
      ).map((row) => ({ gid: row.gid, name: row.name, extra: { color: row.color } }));
    case "custom_field":
      return (
        await db
          .selectFrom("custom_fields")
          .select(["gid", "name", "resource_subtype"])
          .where("workspace_gid", "=", workspaceGid)
          .where("gid", "in", visibleFieldGids(db, actor.gid))
          .$if(text.length > 0, (q) => q.where(nameMatches(dialect, "custom_fields.name", text)))
          .orderBy("name")
          .limit(count)
          .execute()
      ).map((row) => ({ gid: row.gid, name: row.name, extra: { resource_subtype: row.resource_subtype } }));
  }
}
