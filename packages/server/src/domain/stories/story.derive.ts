import type { Transaction } from "kysely";
import { prepared } from "../../db/prepared.ts";
import type { Database, EventsTable, TasksTable } from "../../db/schema.ts";
import { newGid } from "../../ids.ts";
import { plainToRichText } from "../rich-text.ts";
import { formatDuration } from "../time/time.format.ts";
import { ALL_SEEING } from "../visible-references.ts";
import { goalStory } from "./story.goal.ts";
import { type Ref, type StoryDetails, storyText } from "./story.render.ts";
import { APPROVAL_VERB, datesText, quoted, subtypeText } from "./story.text.ts";

type Trx = Transaction<Database>;

interface Draft {
  resource_subtype: string;
  text: string;
  details: StoryDetails | Record<string, unknown>;
}

export type TaskRow = Pick<
  TasksTable,
  "gid" | "name" | "created_at" | "due_on" | "due_at" | "start_on" | "resource_subtype" | "assignee_gid"
>;

interface Change {
  field?: string;
  action?: string;
  new_value?: unknown;
  old_value?: unknown;
  added_value?: unknown;
  removed_value?: unknown;
  is_secret?: boolean;
  custom_field?: unknown;
  // What a story needs that the event's public fields do not say (events.presenter strips it).
  story?: StoryPayload;
}

// A story told by its command: a comment, a note (a rule's run, a role nobody holds, a secret revealed, an
// approval's words, time logged). created_by and created_at default to the event's actor and time; an import
// keeps the source's author and date.
export interface StoryPayload {
  type?: "comment" | "system";
  resource_subtype?: string;
  text?: string;
  html_text?: string;
  is_pinned?: boolean;
  sticker_name?: string | null;
  details?: StoryDetails & Record<string, unknown>;
  created_by?: number | null;
  created_at?: string;
  imported?: boolean;
  note?: string;
  duration_minutes?: number;
  entered_on?: string;
}

// A story that names a task or project: its English text is the one an all-seeing reader gets (readers are
// given theirs by story.render.ts); `creation` tells "created this task in" from "added this task to".
function named(subtype: string, details: StoryDetails, creation = false): Draft {
  return {
    resource_subtype: subtype,
    text: storyText(subtype, details, creation ? "created" : "", ALL_SEEING),
    details,
  };
}

const ref = (resourceType: string, gid: number | string, name: string | null): Ref => ({
  gid: String(gid),
  resource_type: resourceType,
  name,
});

function gidOf(value: unknown): number | null {
  if (value && typeof value === "object" && "gid" in value) {
    const gid = Number((value as { gid: unknown }).gid);
    return Number.isSafeInteger(gid) && gid > 0 ? gid : null;
  }
  return null;
}

// A compact user in a change event carries the name read in the same transaction: no need to read it again.
async function changedUserName(trx: Trx, value: unknown, gid: number): Promise<string | null> {
  const name = value && typeof value === "object" && "name" in value ? (value as { name: unknown }).name : undefined;
  return typeof name === "string" ? name : userName(trx, gid);
}

async function userName(trx: Trx, gid: number | null): Promise<string | null> {
  if (!gid) return null;
  const row = await trx.selectFrom("users").select("name").where("gid", "=", gid).executeTakeFirst();
  return row?.name ?? null;
}

async function taskName(trx: Trx, gid: number | null): Promise<string | null> {
  if (!gid) return null;
  const row = await trx.selectFrom("tasks").select("name").where("gid", "=", gid).executeTakeFirst();
  return row?.name ?? null;
}

// Every task added to a project tells it by name: compiled once (db/prepared.ts).
const projectNamed = prepared(["gid"], (db, params: { gid: number }) =>
  db.selectFrom("projects").select(["gid", "name"]).where("gid", "=", params.gid),
);

async function projectRef(trx: Trx, gid: number | null): Promise<Ref | null> {
  if (!gid) return null;
  const row = await projectNamed.first(trx, { gid });
  return row ? ref("project", row.gid, row.name) : null;
}

// A task created in this transaction: its created_at is the transaction's time, which every event carries.
const createdNow = (task: TaskRow, event: EventsTable) => task.created_at === event.created_at;

async function hasStory(trx: Trx, taskGid: number): Promise<boolean> {
  const row = await trx.selectFrom("stories").select("gid").where("task_gid", "=", taskGid).limit(1).executeTakeFirst();
  return Boolean(row);
}

// A task created in this transaction has only the stories this transaction wrote (all of them are written here):
// the memo knows them without asking.
const storiedKey = (taskGid: number) => `storied:${taskGid}`;

async function added(trx: Trx, event: EventsTable, task: TaskRow, memo?: StoryMemo): Promise<Draft | null> {
  if (event.parent_type === "section") return sectionChanged(trx, event, task);
  // One story for a creation: later "added" events of the same creation (a second project) say where it went.
  const creation = createdNow(task, event) && !(memo ? memo.has(storiedKey(task.gid)) : await hasStory(trx, task.gid));
  if (event.parent_type === "project") {
    const project = await projectRef(trx, event.parent_gid);
    if (!project) return null;
    return named("added_to_project", { project }, creation);
  }
  if (event.parent_type === "task") {
    const parent = ref("task", event.parent_gid ?? 0, await taskName(trx, event.parent_gid));
    return named("added_to_task", { task: parent }, creation);
  }
  if (creation) return { resource_subtype: "task_created", text: "created this task", details: {} };
  return null;
}

// Every move between sections asks both (prepared once, db/prepared.ts): the section with its project and when
// the task was placed in that project, and the section the task was in before.
const sectionWithPlacement = prepared(
  ["sectionGid", "taskGid"],
  (db, params: { sectionGid: number; taskGid: number }) =>
    db
      .selectFrom("sections")
      .innerJoin("projects", "projects.gid", "sections.project_gid")
      .leftJoin("task_memberships", (join) =>
        join
          .onRef("task_memberships.project_gid", "=", "projects.gid")
          .on("task_memberships.task_gid", "=", params.taskGid),
      )
      .select([
        "sections.gid",
        "sections.name",
        "projects.gid as project_gid",
        "projects.name as project_name",
        "task_memberships.created_at as placed_at",
      ])
      .where("sections.gid", "=", params.sectionGid),
);
const previousSection = prepared(
  ["taskGid", "projectGid", "eventId"],
  (db, params: { taskGid: number; projectGid: number; eventId: number }) =>
    db
      .selectFrom("events")
      .innerJoin("sections", "sections.gid", "events.parent_gid")
      .select(["sections.gid", "sections.name", "events.created_at"])
      .where("events.resource_gid", "=", params.taskGid)
      .where("events.resource_type", "=", "task")
      .where("events.parent_type", "=", "section")
      .where("events.action", "=", "added")
      .where("sections.project_gid", "=", params.projectGid)
      .where("events.id", "<", params.eventId)
      .orderBy("events.id", "desc")
      .limit(1),
);

// A move between sections of one project. The placement that comes with creating the task or adding it to
// the project is not a move; the section it came from is the one named by the task's previous placement.
async function sectionChanged(trx: Trx, event: EventsTable, task: TaskRow): Promise<Draft | null> {
  if (!event.parent_gid || createdNow(task, event)) return null;
  const section = await sectionWithPlacement.first(trx, { sectionGid: event.parent_gid, taskGid: task.gid });
  if (!section || section.placed_at === event.created_at) return null;
  const previous = await previousSection.first(trx, {
    taskGid: task.gid,
    projectGid: section.project_gid,
    eventId: event.id,
  });
  if (previous && (previous.gid === section.gid || previous.created_at === event.created_at)) return null;
  const project = ref("project", section.project_gid, section.project_name);
  const newSection = ref("section", section.gid, section.name);
  const oldSection = previous ? ref("section", previous.gid, previous.name) : null;
  return named("section_changed", { project, old_section: oldSection, new_section: newSection });
}

async function removed(trx: Trx, event: EventsTable): Promise<Draft | null> {
  if (event.parent_type === "task") {
    const parent = ref("task", event.parent_gid ?? 0, await taskName(trx, event.parent_gid));
    return named("removed_from_task", { task: parent });
  }
  if (event.parent_type !== "project") return null;
  const project = await projectRef(trx, event.parent_gid);
  if (!project) return null;
  return named("removed_from_project", { project });
}

async function lastAssignee(trx: Trx, taskGid: number): Promise<Ref | null> {
  const row = await trx
    .selectFrom("stories")
    .select("details")
    .where("task_gid", "=", taskGid)
    .where("resource_subtype", "=", "assigned")
    .orderBy("gid", "desc")
    .limit(1)
    .executeTakeFirst();
  const details = row?.details ? (JSON.parse(row.details) as StoryDetails) : null;
  return details?.assignee ?? null;
}

async function changed(trx: Trx, event: EventsTable, task: TaskRow, change: Change): Promise<Draft | null> {
  const now = event.created_at;
  switch (change.field) {
    case "name": {
      const newName = typeof change.new_value === "string" ? change.new_value : task.name;
      const oldName = typeof change.old_value === "string" ? change.old_value : null;
      return {
        resource_subtype: "name_changed",
        text: `changed the name to ${quoted(newName)}`,
        details: { old_name: oldName, new_name: newName },
      };
    }
    case "notes":
    case "html_notes":
      return { resource_subtype: "notes_changed", text: "changed the description", details: {} };
    case "assignee": {
      const assigneeGid = gidOf(change.new_value);
      if (assigneeGid) {
        const assignee = ref("user", assigneeGid, await changedUserName(trx, change.new_value, assigneeGid));
        return { resource_subtype: "assigned", text: `assigned to ${assignee.name}`, details: { assignee } };
      }
      const oldGid = gidOf(change.old_value);
      const previous = oldGid
        ? ref("user", oldGid, await changedUserName(trx, change.old_value, oldGid))
        : await lastAssignee(trx, task.gid);
      return {
        resource_subtype: "unassigned",
        text: previous ? `unassigned from ${previous.name}` : "unassigned this task",
        details: { assignee: previous },
      };
    }
    case "due_on":
    case "due_at":
    case "start_on": {
      const newDates = { start_on: task.start_on, due_on: task.due_on, due_at: task.due_at };
      return { resource_subtype: "due_date_changed", text: datesText(newDates, now), details: { new_dates: newDates } };
    }
    case "completed":
      return change.new_value === true || change.new_value === 1
        ? { resource_subtype: "marked_complete", text: "marked this task complete", details: {} }
        : { resource_subtype: "marked_incomplete", text: "marked this task incomplete", details: {} };
    case "resource_subtype": {
      const subtype = typeof change.new_value === "string" ? change.new_value : task.resource_subtype;
      return {
        resource_subtype: "resource_subtype_changed",
        text: subtypeText(subtype),
        details: { new_resource_subtype: subtype },
      };
    }
    case "parent": {
      const parentGid = gidOf(change.new_value);
      if (parentGid) {
        const parent = ref("task", parentGid, await taskName(trx, parentGid));
        return named("added_to_task", { task: parent });
      }
      const oldGid = gidOf(change.old_value);
      const oldParent = oldGid ? ref("task", oldGid, await taskName(trx, oldGid)) : null;
      if (oldParent) return named("removed_from_task", { task: oldParent });
      return { resource_subtype: "removed_from_task", text: "made this a top-level task", details: { task: null } };
    }
    case "followers": {
      const followerGid = gidOf(change.added_value);
      // Following a task oneself (creators and commenters do) is not news; being added by someone else is.
      if (change.action !== "added" || !followerGid || followerGid === event.actor_gid) return null;
      const follower = ref("user", followerGid, await userName(trx, followerGid));
      return {
        resource_subtype: "collaborator_added",
        text: `added ${follower.name} as a collaborator`,
        details: { follower },
      };
    }
    case "dependencies":
    case "dependents": {
      const adding = change.action === "added";
      const otherGid = gidOf(adding ? change.added_value : change.removed_value);
      if (!otherGid) return null;
      const dependency = ref("task", otherGid, await taskName(trx, otherGid));
      const kind = change.field === "dependencies" ? "dependency" : "dependent";
      return named(`${kind}_${adding ? "added" : "removed"}`, { dependency });
    }
    case "custom_fields":
      return customFieldChanged(trx, change);
    case "approval_status": {
      const status = String(change.new_value);
      const note = typeof change.story?.note === "string" ? change.story.note : "";
      const verb = APPROVAL_VERB[status] ?? `set the approval to ${status}`;
      return {
        resource_subtype: "approval_status_changed",
        text: note ? `${verb}: ${note}` : verb,
        details: { new_approval_status: status, old_approval_status: String(change.old_value ?? "pending") },
      };
    }
    default:
      return null;
  }
}

// "changed Priority to High": the field's name is read now; a secret field's value never enters a story.
async function customFieldChanged(trx: Trx, change: Change): Promise<Draft | null> {
  const fieldGid = gidOf(change.is_secret ? change.custom_field : change.new_value);
  if (!fieldGid) return null;
  const field = await trx
    .selectFrom("custom_fields")
    .select(["gid", "name", "resource_subtype"])
    .where("gid", "=", fieldGid)
    .executeTakeFirst();
  if (!field) return null;
  const customField = ref("custom_field", field.gid, field.name);
  if (change.is_secret || field.resource_subtype === "secret") {
    return {
      resource_subtype: "text_custom_field_changed",
      text: `changed the secret field ${field.name}`,
      details: { custom_field: customField },
    };
  }
  const value = change.new_value as { display_value?: unknown } | null;
  const shown = typeof value?.display_value === "string" && value.display_value !== "" ? value.display_value : null;
  return {
    resource_subtype: `${field.resource_subtype}_custom_field_changed`,
    text: shown ? `changed ${field.name} to ${shown}` : `cleared ${field.name}`,
    details: { custom_field: customField, new_display_value: shown },
  };
}

function parseChange(raw: string | null): Change | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw);
    return value && typeof value === "object" ? (value as Change) : null;
  } catch {
    return null;
  }
}

// Kinds told once per transaction however many events carry them: setting due_on and due_at is one story,
// and a new parent arrives both as an "added" event and as a change of the field "parent".
const ONCE_PER_TRANSACTION = new Set([
  "name_changed",
  "notes_changed",
  "due_date_changed",
  "assigned",
  "unassigned",
  "added_to_task",
  "removed_from_task",
  "resource_subtype_changed",
]);

// What one transaction remembers while deriving: the once-kinds it already wrote, as "task gid:subtype", and
// the tasks it wrote any story on ("storied:task gid").
export type StoryMemo = Set<string>;

// A story's own events: a comment added, edited, pinned or deleted, and the notes commands tell as stories.
async function storyEvent(trx: Trx, event: EventsTable, memo?: StoryMemo): Promise<void> {
  const change = parseChange(event.change);
  const payload = change?.story;
  if (event.action === "added" && payload && event.parent_type === "task" && event.parent_gid) {
    memo?.add(storiedKey(event.parent_gid));
    const type = payload.type ?? "system";
    const subtype = payload.resource_subtype ?? event.resource_subtype ?? "comment_added";
    const details = payload.details ?? null;
    const text = payload.text ?? storyText(subtype, details ?? {}, "", ALL_SEEING);
    await trx
      .insertInto("stories")
      .values({
        gid: event.resource_gid,
        task_gid: event.parent_gid,
        created_by_gid: payload.created_by !== undefined ? payload.created_by : event.actor_gid,
        type,
        resource_subtype: subtype,
        text,
        html_text: payload.html_text ?? plainToRichText(text),
        is_edited: 0,
        is_pinned: payload.is_pinned ? 1 : 0,
        sticker_name: payload.sticker_name ?? null,
        event_id: event.id,
        created_at: payload.created_at ?? event.created_at,
        details: details ? JSON.stringify(details) : null,
      })
      .execute();
    return;
  }
  if (event.action === "changed" && change?.field === "text" && payload?.text !== undefined) {
    const story = await trx
      .selectFrom("stories")
      .select(["text", "html_text"])
      .where("gid", "=", event.resource_gid)
      .executeTakeFirst();
    if (!story) return;
    // The text it had before, kept as the comment's edit history (GET /stories/{gid}/edits).
    await trx
      .insertInto("story_edits")
      .values({
        gid: newGid(),
        story_gid: event.resource_gid,
        edited_by_gid: event.actor_gid,
        previous_text: story.text,
        previous_html_text: story.html_text,
        created_at: event.created_at,
      })
      .execute();
    await trx
      .updateTable("stories")
      .set({ text: payload.text, html_text: payload.html_text ?? plainToRichText(payload.text), is_edited: 1 })
      .where("gid", "=", event.resource_gid)
      .execute();
    return;
  }
  if (event.action === "changed" && change?.field === "sticker_name") {
    await trx
      .updateTable("stories")
      .set({ sticker_name: typeof change.new_value === "string" ? change.new_value : null })
      .where("gid", "=", event.resource_gid)
      .execute();
    return;
  }
  if (event.action === "changed" && change?.field === "is_pinned") {
    await trx
      .updateTable("stories")
      .set({ is_pinned: change.new_value === true ? 1 : 0 })
      .where("gid", "=", event.resource_gid)
      .execute();
    return;
  }
  if (event.action === "deleted") {
    await trx.deleteFrom("stories").where("gid", "=", event.resource_gid).execute();
    // A deleted comment's words leave the events log too; the log keeps that it was written and edited.
    await trx
      .updateTable("events")
      .set({ change: null })
      .where("resource_type", "=", "story")
      .where("resource_gid", "=", event.resource_gid)
      .where("action", "=", "added")
      .execute();
    await trx
      .updateTable("events")
      .set({ change: JSON.stringify({ field: "text", action: "changed" }) })
      .where("resource_type", "=", "story")
      .where("resource_gid", "=", event.resource_gid)
      .where("action", "=", "changed")
      .where("change", "like", '{"field":"text"%')
      .execute();
  }
}

// The story of time logged on a task, from the entry's "added" event.
async function timeLogged(trx: Trx, event: EventsTable, memo?: StoryMemo): Promise<void> {
  const payload = parseChange(event.change)?.story;
  if (event.action !== "added" || event.parent_type !== "task" || !event.parent_gid || !payload?.duration_minutes)
    return;
  memo?.add(storiedKey(event.parent_gid));
  const text = `logged ${formatDuration(payload.duration_minutes)}`;
  await trx
    .insertInto("stories")
    .values({
      gid: newGid(),
      task_gid: event.parent_gid,
      created_by_gid: event.actor_gid,
      type: "system",
      resource_subtype: "time_logged",
      text,
      html_text: plainToRichText(text),
      is_edited: 0,
      is_pinned: 0,
      event_id: event.id,
      created_at: event.created_at,
      details: JSON.stringify({ duration_minutes: payload.duration_minutes, entered_on: payload.entered_on }),
    })
    .execute();
}

// Every story is written here, from the events of the transaction that tells it: system stories ("assigned
// to", "moved to section", …) from task events, a goal's ("changed the status to at risk") from goal events, comments and notes from story events, time logged from a time
// entry's event. `known`: the task's row as the command has just written it (saves reading it back); `memo`:
// the transaction's memory of once-kinds, instead of looking for a twin story in the table.
export async function deriveStory(trx: Trx, event: EventsTable, known?: TaskRow, memo?: StoryMemo): Promise<void> {
  if (event.resource_type === "story") return storyEvent(trx, event, memo);
  if (event.resource_type === "time_tracking_entry") return timeLogged(trx, event, memo);
  if (event.resource_type === "goal") return goalStory(trx, event);
  if (event.resource_type !== "task" || !["added", "removed", "changed"].includes(event.action)) return;
  const task =
    known && known.gid === event.resource_gid
      ? known
      : await trx
          .selectFrom("tasks")
          .select(["gid", "name", "created_at", "due_on", "due_at", "start_on", "resource_subtype", "assignee_gid"])
          .where("gid", "=", event.resource_gid)
          .executeTakeFirst();
  if (!task) return;
  let draft: Draft | null = null;
  if (event.action === "added") draft = await added(trx, event, task, memo);
  else if (event.action === "removed") draft = await removed(trx, event);
  else {
    const change = parseChange(event.change);
    // Fields given while creating the task belong to its creation story; an assignee is still worth a line.
    if (!change || (createdNow(task, event) && change.field !== "assignee" && change.field !== "approval_status"))
      return;
    draft = await changed(trx, event, task, change);
    if (draft && ONCE_PER_TRANSACTION.has(draft.resource_subtype)) {
      const key = `${task.gid}:${draft.resource_subtype}`;
      if (memo) {
        if (memo.has(key)) return;
      } else {
        const twin = await trx
          .selectFrom("stories")
          .select("gid")
          .where("task_gid", "=", task.gid)
          .where("created_at", "=", event.created_at)
          .where("resource_subtype", "=", draft.resource_subtype)
          .executeTakeFirst();
        if (twin) return;
      }
    }
  }
  if (!draft) return;
  memo?.add(`${task.gid}:${draft.resource_subtype}`);
  memo?.add(storiedKey(task.gid));
  await insertSystemStory.run(trx, {
    gid: newGid(),
    task_gid: task.gid,
    created_by_gid: event.actor_gid,
    resource_subtype: draft.resource_subtype,
    text: draft.text,
    html_text: plainToRichText(draft.text),
    event_id: event.id,
    created_at: event.created_at,
    details: JSON.stringify(draft.details),
  });
}

interface SystemStory {
  gid: number;
  task_gid: number;
  created_by_gid: number | null;
  resource_subtype: string;
  text: string;
  html_text: string;
  event_id: number;
  created_at: string;
  details: string;
}

// Most writes tell a system story: the statement is compiled once (db/prepared.ts).
const insertSystemStory = prepared(
  [
    "gid",
    "task_gid",
    "created_by_gid",
    "resource_subtype",
    "text",
    "html_text",
    "event_id",
    "created_at",
    "details",
  ] as const,
  (db, story: SystemStory) => db.insertInto("stories").values({ ...story, type: "system", is_edited: 0, is_pinned: 0 }),
);

// Merging two people (users/user.merge.ts): the stories one of them wrote on the workspace's tasks are
// re-attributed to the other. The only change to a story after it is derived besides edits and deletion.
export async function reattributeStories(trx: Trx, workspaceGid: number, fromGid: number, intoGid: number) {
  return trx
    .updateTable("stories")
    .set({ created_by_gid: intoGid })
    .where("created_by_gid", "=", fromGid)
    .where("task_gid", "in", trx.selectFrom("tasks").select("gid").where("workspace_gid", "=", workspaceGid))
    .execute();
}
