import type { Kysely } from "kysely";

// Stories are rendered for their reader from the references they keep (gids of the tasks, projects, sections
// and rules they name). Stories written before they kept references get them here where they can be recovered:
// a derived story from the event it was derived from, a rule's story from the rule its text names among the
// rules of the task's projects. What cannot be recovered stays as it is and reads as written.

interface Tables {
  stories: {
    gid: number;
    task_gid: number;
    type: string;
    resource_subtype: string;
    text: string;
    details: string | null;
    event_id: number | null;
  };
  events: { id: number; parent_type: string | null; parent_gid: number | null; change: string | null };
  tasks: { gid: number; name: string };
  projects: { gid: number; name: string };
  sections: { gid: number; name: string; project_gid: number };
  rules: { gid: number; name: string; project_gid: number };
  task_memberships: { task_gid: number; project_gid: number };
}

type Db = Kysely<Tables>;
type Ref = { gid: string; resource_type: string; name: string | null };

const NAMING = [
  "added_to_project",
  "removed_from_project",
  "added_to_task",
  "removed_from_task",
  "section_changed",
  "dependency_added",
  "dependency_removed",
  "dependent_added",
  "dependent_removed",
];

function parse(raw: string | null): Record<string, unknown> {
  try {
    const value = raw ? JSON.parse(raw) : null;
    return value && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
}

const gidIn = (value: unknown) =>
  value && typeof value === "object" && "gid" in value ? Number((value as { gid: unknown }).gid) || null : null;

async function named(db: Db, table: "tasks" | "projects", gid: number | null): Promise<Ref | null> {
  if (!gid) return null;
  const row = await db.selectFrom(table).select("name").where("gid", "=", gid).executeTakeFirst();
  return { gid: String(gid), resource_type: table === "tasks" ? "task" : "project", name: row?.name ?? null };
}

async function derivedDetails(
  db: Db,
  story: { resource_subtype: string; text: string },
  event: { parent_type: string | null; parent_gid: number | null; change: string | null },
): Promise<Record<string, unknown> | null> {
  const change = parse(event.change);
  switch (story.resource_subtype) {
    case "added_to_project":
    case "removed_from_project": {
      const project = event.parent_type === "project" ? await named(db, "projects", event.parent_gid) : null;
      return project ? { project } : null;
    }
    case "added_to_task":
    case "removed_from_task": {
      const gid =
        event.parent_type === "task" ? event.parent_gid : (gidIn(change.new_value) ?? gidIn(change.old_value));
      if (!gid) return story.text === "made this a top-level task" ? { task: null } : null;
      const task = await named(db, "tasks", gid);
      return task ? { task } : null;
    }
    case "section_changed": {
      if (event.parent_type !== "section" || !event.parent_gid) return null;
      const section = await db
        .selectFrom("sections")
        .select(["gid", "name", "project_gid"])
        .where("gid", "=", event.parent_gid)
        .executeTakeFirst();
      if (!section) return null;
      const project = await named(db, "projects", section.project_gid);
      const from = /^moved this task from "(.*)" to "/s.exec(story.text)?.[1];
      const old = from
        ? await db
            .selectFrom("sections")
            .select(["gid", "name"])
            .where("project_gid", "=", section.project_gid)
            .where("name", "=", from)
            .executeTakeFirst()
        : undefined;
      return {
        project,
        new_section: { gid: String(section.gid), resource_type: "section", name: section.name },
        old_section: old ? { gid: String(old.gid), resource_type: "section", name: old.name } : null,
      };
    }
    default: {
      const gid = gidIn(story.resource_subtype.endsWith("_added") ? change.added_value : change.removed_value);
      const dependency = await named(db, "tasks", gid);
      return dependency ? { dependency } : null;
    }
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const typed = db as unknown as Db;
  const derived = await typed
    .selectFrom("stories")
    .innerJoin("events", "events.id", "stories.event_id")
    .select([
      "stories.gid",
      "stories.resource_subtype",
      "stories.text",
      "events.parent_type",
      "events.parent_gid",
      "events.change",
    ])
    .where("stories.type", "=", "system")
    .where("stories.details", "is", null)
    .where("stories.resource_subtype", "in", NAMING)
    .execute();
  for (const story of derived) {
    const details = await derivedDetails(typed, story, story);
    if (details) {
      await typed
        .updateTable("stories")
        .set({ details: JSON.stringify(details) })
        .where("gid", "=", story.gid)
        .execute();
    }
  }

  const ruleStories = await typed
    .selectFrom("stories")
    .select(["gid", "task_gid", "text"])
    .where("resource_subtype", "=", "rule_ran")
    .where("details", "is", null)
    .execute();
  for (const story of ruleStories) {
    const candidates = await typed
      .selectFrom("rules")
      .select(["gid", "name", "project_gid"])
      .where(
        "project_gid",
        "in",
        typed.selectFrom("task_memberships").select("project_gid").where("task_gid", "=", story.task_gid),
      )
      .execute();
    const matching = candidates.filter((rule) => story.text.startsWith(`Rule "${rule.name}" `));
    if (matching.length !== 1) continue;
    const [rule] = matching;
    const rest = story.text.slice(`Rule "${rule.name}" `.length).replace(/\.$/, "");
    const details = {
      rule: {
        gid: String(rule.gid),
        resource_type: "rule",
        name: rule.name,
        project: { gid: String(rule.project_gid), resource_type: "project" },
      },
      steps: [{ text: rest }],
    };
    await typed
      .updateTable("stories")
      .set({ details: JSON.stringify(details) })
      .where("gid", "=", story.gid)
      .execute();
  }
}

// The references are harmless to keep: stories read the same with or without them for a reader who sees all.
export async function down(): Promise<void> {}
