import { type ExpressionBuilder, sql } from "kysely";
import type { Db, DialectName } from "../../db/index.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../context.ts";
import { visibleFieldGids } from "../custom-fields/custom-field.policy.ts";
import { visibleProjectGids } from "../projects/project.policy.ts";
import { visibleTagGids } from "../tags/tag.policy.ts";
import { taskIsVisible } from "../tasks/task.policy.ts";
import { visibleUserGids } from "../users/user.queries.ts";
import { workspaceRole } from "../workspaces/workspace.policy.ts";
import { matchesText, nameVariants, searchWords } from "./search.text.ts";

export const TYPEAHEAD_TYPES = ["task", "project", "user", "team", "tag", "custom_field"] as const;
export type TypeaheadType = (typeof TYPEAHEAD_TYPES)[number];

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
): Promise<Found[]> {
  const text = query.trim();
  switch (type) {
    case "task": {
      const words = searchWords(text);
      const rows = await db
        .selectFrom("tasks")
        .select(["tasks.gid", "tasks.name", "tasks.completed", "tasks.resource_subtype"])
        .where("tasks.workspace_gid", "=", workspaceGid)
        .where(taskIsVisible(db, actor.gid))
        .$if(words.length > 0, (q) =>
          q.where((eb: ExpressionBuilder<Database, "tasks">) => matchesText(dialect, words)(eb)),
        )
        .orderBy("tasks.completed")
        .orderBy("tasks.modified_at", "desc")
        .limit(count)
        .execute();
      return rows.map((row) => ({
        gid: row.gid,
        name: row.name,
        extra: { completed: row.completed === 1, resource_subtype: row.resource_subtype },
      }));
    }
    case "project":
      return db
        .selectFrom("projects")
        .select(["gid", "name"])
        .where("workspace_gid", "=", workspaceGid)
        .where("gid", "in", visibleProjectGids(db, actor.gid))
        .$if(text.length > 0, (q) => q.where(nameMatches(dialect, "projects.name", text)))
        .orderBy("archived")
        .orderBy("name")
        .limit(count)
        .execute();
    case "user":
      return db
        .selectFrom("users")
        .select(["gid", "name"])
        .where("gid", "in", visibleUserGids(db, actor.gid))
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
