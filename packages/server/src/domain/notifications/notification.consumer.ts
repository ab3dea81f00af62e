import type { Transaction } from "kysely";
import type { Database, EventsTable } from "../../db/schema.ts";
import type { EventConsumer } from "../../events/consumer.ts";
import { newGid } from "../../ids.ts";
import { enqueueJob } from "../../jobs/queue.ts";
import { mentionedUserGids } from "../stories/story.mentions.ts";
import { taskIsVisibleTo } from "../tasks/task.policy.ts";
import { taskSeenBy } from "../visible-references.ts";

type Trx = Transaction<Database>;

export const NOTIFY_DELIVER = "notifications.deliver";
// Events older than this are history, not news: a new installation of this consumer does not flood inboxes.
const MAX_AGE_MS = 24 * 3600_000;

interface Draft {
  userGid: number;
  kind: string;
  text: string;
  taskGid: number | null;
  projectGid: number | null;
  storyGid: number | null;
  teamGid?: number | null;
}

interface Change {
  field?: string;
  action?: string;
  new_value?: unknown;
  added_value?: unknown;
  story?: unknown;
}

// Join requests are told in each reader's own language (the server has no other text to translate them from).
const TEAM_TEXTS = {
  en: {
    asked: (actor: string, team: string, message: string) =>
      `${actor} asked to join the team "${team}"${message ? `: ${message}` : ""}`,
    approved: (team: string) => `Your request to join the team "${team}" was approved`,
    declined: (team: string) => `Your request to join the team "${team}" was declined`,
  },
  ru: {
    asked: (actor: string, team: string, message: string) =>
      `${actor} просит принять в команду «${team}»${message ? `: ${message}` : ""}`,
    approved: (team: string) => `Ваша заявка на вступление в команду «${team}» одобрена`,
    declined: (team: string) => `Ваша заявка на вступление в команду «${team}» отклонена`,
  },
};

async function languagesOf(trx: Trx, userGids: number[]): Promise<Map<number, "en" | "ru">> {
  if (userGids.length === 0) return new Map();
  const rows = await trx.selectFrom("users").select(["gid", "language"]).where("gid", "in", userGids).execute();
  return new Map(rows.map((row) => [row.gid, row.language === "ru" ? "ru" : "en"]));
}

// A request to join a team: those who answer the team's requests hear of it (its admins, every member when the
// team lets all members answer; the workspace's admins when the team has no one to answer); the requester hears
// the answer.
async function teamDrafts(trx: Trx, change: Change, actor: string): Promise<Draft[]> {
  const requestGid = gidOf(change.action === "added" ? change.added_value : change.new_value);
  if (!requestGid) return [];
  const request = await trx
    .selectFrom("team_join_requests")
    .innerJoin("teams", "teams.gid", "team_join_requests.team_gid")
    .select([
      "team_join_requests.user_gid",
      "team_join_requests.message",
      "team_join_requests.status",
      "teams.gid as team_gid",
      "teams.name as team_name",
      "teams.workspace_gid",
      "teams.join_request_management_access_level as level",
    ])
    .where("team_join_requests.gid", "=", requestGid)
    .executeTakeFirst();
  if (!request) return [];
  const draft = (userGid: number, kind: string, text: string): Draft => ({
    userGid,
    kind,
    text,
    taskGid: null,
    projectGid: null,
    storyGid: null,
    teamGid: request.team_gid,
  });
  if (change.action === "added") {
    let answerers = (
      await trx
        .selectFrom("team_memberships")
        .select("user_gid")
        .where("team_gid", "=", request.team_gid)
        .$if(request.level !== "all_team_members", (q) => q.where("is_admin", "=", 1))
        .execute()
    ).map((row) => row.user_gid);
    if (answerers.length === 0) {
      answerers = (
        await trx
          .selectFrom("workspace_memberships")
          .select("user_gid")
          .where("workspace_gid", "=", request.workspace_gid)
          .where("role", "=", "admin")
          .execute()
      ).map((row) => row.user_gid);
    }
    const languages = await languagesOf(trx, answerers);
    return answerers.map((userGid) =>
      draft(
        userGid,
        "team_join_request",
        TEAM_TEXTS[languages.get(userGid) ?? "en"].asked(actor, request.team_name, request.message),
      ),
    );
  }
  const status = (change.new_value as { status?: string } | undefined)?.status;
  if (status !== "approved" && status !== "declined") return [];
  const language = (await languagesOf(trx, [request.user_gid])).get(request.user_gid) ?? "en";
  return [draft(request.user_gid, "team_join_decided", TEAM_TEXTS[language][status](request.team_name))];
}

function parseChange(raw: string | null): Change | null {
  try {
    return raw ? (JSON.parse(raw) as Change) : null;
  } catch {
    return null;
  }
}

const gidOf = (value: unknown) =>
  value && typeof value === "object" && "gid" in value ? Number((value as { gid: unknown }).gid) || null : null;

async function nameOf(trx: Trx, userGid: number | null): Promise<string> {
  if (!userGid) return "Someone";
  const row = await trx.selectFrom("users").select("name").where("gid", "=", userGid).executeTakeFirst();
  return row?.name ?? "Someone";
}

async function followersOf(trx: Trx, taskGid: number): Promise<number[]> {
  const rows = await trx.selectFrom("task_followers").select("user_gid").where("task_gid", "=", taskGid).execute();
  return rows.map((row) => row.user_gid);
}

// Per kind of event, who hears of it and what their inbox says. The actor never hears of their own action.
async function draftsFor(trx: Trx, event: EventsTable): Promise<Draft[]> {
  const change = parseChange(event.change);
  const actor = await nameOf(trx, event.actor_gid);
  const taskGid =
    event.resource_type === "task" ? event.resource_gid : event.parent_type === "task" ? event.parent_gid : null;
  const task = taskGid
    ? await trx
        .selectFrom("tasks")
        .select(["gid", "name", "resource_subtype"])
        .where("gid", "=", taskGid)
        .executeTakeFirst()
    : undefined;
  const forTask = (userGids: number[], kind: string, text: string, storyGid: number | null = null): Draft[] =>
    task ? userGids.map((userGid) => ({ userGid, kind, text, taskGid: task.gid, projectGid: null, storyGid })) : [];
  const quoted = task ? `"${task.name}"` : "";
  if (event.resource_type === "team" && change?.field === "join_requests") return teamDrafts(trx, change, actor);

  if (
    event.resource_type === "story" &&
    event.action === "added" &&
    event.resource_subtype === "comment_added" &&
    task
  ) {
    const story = await trx
      .selectFrom("stories")
      .select(["gid", "text", "html_text"])
      .where("gid", "=", event.resource_gid)
      .executeTakeFirst();
    if (!story) return [];
    const mentioned = new Set(mentionedUserGids(story.html_text));
    const followers = await followersOf(trx, task.gid);
    const excerpt = story.text.length > 140 ? `${story.text.slice(0, 140)}…` : story.text;
    return [
      ...forTask([...mentioned], "mention", `${actor} mentioned you on ${quoted}: ${excerpt}`, story.gid),
      ...forTask(
        followers.filter((gid) => !mentioned.has(gid)),
        "comment",
        `${actor} commented on ${quoted}: ${excerpt}`,
        story.gid,
      ),
    ];
  }
  if (event.resource_type === "task" && event.action === "changed" && task && change) {
    const followers = await followersOf(trx, task.gid);
    switch (change.field) {
      case "assignee": {
        const assigneeGid = gidOf(change.new_value);
        if (!assigneeGid) return [];
        const assignee = await nameOf(trx, assigneeGid);
        return [
          ...forTask([assigneeGid], "assigned", `${actor} assigned ${quoted} to you`),
          ...forTask(
            followers.filter((gid) => gid !== assigneeGid),
            "assigned",
            `${actor} assigned ${quoted} to ${assignee}`,
          ),
        ];
      }
      case "completed": {
        if (change.new_value !== true) return [];
        // An approval decision completes the task in the same transaction: one notification, the decision's.
        const decided = await trx
          .selectFrom("task_approvals")
          .select("task_gid")
          .where("task_gid", "=", task.gid)
          .where("decided_at", "=", event.created_at)
          .executeTakeFirst();
        if (decided) return [];
        // Whoever waits on this task hears that it is done: their own task is no longer blocked by it.
        const waiting = await trx
          .selectFrom("task_dependencies")
          .innerJoin("tasks", "tasks.gid", "task_dependencies.task_gid")
          .select(["tasks.gid", "tasks.name", "tasks.assignee_gid"])
          .where("task_dependencies.depends_on_gid", "=", task.gid)
          .where("tasks.completed", "=", 0)
          .execute();
        // The completed task is named only to those who may see it (a dependency can live in a private project).
        const assignees = waiting.flatMap((dependent) => (dependent.assignee_gid ? [dependent.assignee_gid] : []));
        const seeing = new Set(
          assignees.length
            ? (
                await trx
                  .selectFrom(["tasks", "users"])
                  .select("users.gid")
                  .where("tasks.gid", "=", task.gid)
                  .where("users.gid", "in", assignees)
                  .where((eb) => taskIsVisibleTo(trx, eb.ref("users.gid"))(eb))
                  .execute()
              ).map((row) => Number(row.gid))
            : [],
        );
        const unblocked: Draft[] = waiting.flatMap((dependent) =>
          dependent.assignee_gid
            ? [
                {
                  userGid: dependent.assignee_gid,
                  kind: "unblocked",
                  text: `${actor} completed ${seeing.has(dependent.assignee_gid) ? quoted : "a private task"}, which "${dependent.name}" was waiting on`,
                  taskGid: dependent.gid,
                  projectGid: null,
                  storyGid: null,
                },
              ]
            : [],
        );
        return [...forTask(followers, "completed", `${actor} completed ${quoted}`), ...unblocked];
      }
      case "approval_status": {
        const verb: Record<string, string> = {
          approved: "approved",
          rejected: "rejected",
          changes_requested: "requested changes on",
          pending: "reset the approval of",
        };
        const story = await trx
          .selectFrom("stories")
          .select(["gid", "text"])
          .where("event_id", "=", event.id)
          .executeTakeFirst();
        const detail = story?.text.includes(": ") ? `: ${story.text.slice(story.text.indexOf(": ") + 2)}` : "";
        return forTask(
          followers,
          "approval",
          `${actor} ${verb[String(change.new_value)] ?? "decided on"} ${quoted}${detail}`,
        );
      }
      case "due_on":
      case "due_at":
        return forTask(followers, "due_date_changed", `${actor} changed the due date of ${quoted}`);
      default:
        return [];
    }
  }
  if (event.resource_type === "form" && change?.field === "submissions" && event.parent_gid) {
    const submitted = gidOf(change.added_value);
    const project = await trx
      .selectFrom("projects")
      .select(["gid", "name", "owner_gid"])
      .where("gid", "=", event.parent_gid)
      .executeTakeFirst();
    if (!project || !submitted) return [];
    const form = await trx.selectFrom("forms").select("title").where("gid", "=", event.resource_gid).executeTakeFirst();
    const admins = await trx
      .selectFrom("project_memberships")
      .select("user_gid")
      .where("project_gid", "=", project.gid)
      .where("access_level", "=", "admin")
      .execute();
    const recipients = new Set([
      ...admins.map((row) => row.user_gid),
      ...(project.owner_gid ? [project.owner_gid] : []),
    ]);
    const taskRow = await trx.selectFrom("tasks").select("name").where("gid", "=", submitted).executeTakeFirst();
    return [...recipients].map((userGid) => ({
      userGid,
      kind: "form_submission",
      text: `New submission of "${form?.title ?? "a form"}" in ${project.name}: "${taskRow?.name ?? ""}"`,
      taskGid: submitted,
      projectGid: project.gid,
      storyGid: null,
    }));
  }
  return [];
}

// Whether draftsFor can find anyone to tell about this event: most events (tasks added, renamed, moved) tell
// no one, and are passed over without a query.
const NEWS_FIELDS = new Set(["assignee", "completed", "approval_status", "due_on", "due_at"]);
function mayNotify(event: EventsTable): boolean {
  // An imported comment is history, not news.
  if (event.resource_type === "story") {
    if (event.action !== "added" || event.resource_subtype !== "comment_added") return false;
    const story = parseChange(event.change)?.story as { imported?: boolean } | undefined;
    return story?.imported !== true;
  }
  if (event.resource_type === "task") {
    if (event.action !== "changed") return false;
    const change = parseChange(event.change);
    return (
      !!change?.field && NEWS_FIELDS.has(change.field) && (change.field !== "completed" || change.new_value === true)
    );
  }
  if (event.resource_type === "team") {
    const change = parseChange(event.change);
    return change?.field === "join_requests" && (change.action === "added" || change.action === "changed");
  }
  return event.resource_type === "form";
}

// Inbox entries from committed events; the unique (event, user) key makes a re-scan harmless. Delivery
// (the live bell and email) runs as a job per event.
export const notificationConsumer: EventConsumer = {
  name: "notifications",
  async handle(trx, events) {
    let enqueued = false;
    const oldest = new Date(Date.now() - MAX_AGE_MS).toISOString();
    for (const event of events) {
      if (event.created_at < oldest || !mayNotify(event)) continue;
      const drafts = (await draftsFor(trx, event)).filter((draft) => draft.userGid !== event.actor_gid);
      const seen = new Set<number>();
      let inserted = 0;
      for (const draft of drafts) {
        if (seen.has(draft.userGid)) continue;
        seen.add(draft.userGid);
        // Nobody hears of a task they cannot see (a follower who lost access to the project).
        if (draft.taskGid && !(await taskSeenBy(trx, draft.userGid, draft.taskGid))) continue;
        // Setting due_on and due_at in one write is one notification.
        if (draft.kind === "due_date_changed") {
          const twin = await trx
            .selectFrom("inbox_notifications")
            .select("gid")
            .where("user_gid", "=", draft.userGid)
            .where("task_gid", "=", draft.taskGid)
            .where("kind", "=", draft.kind)
            .where("created_at", "=", event.created_at)
            .executeTakeFirst();
          if (twin) continue;
        }
        const result = await trx
          .insertInto("inbox_notifications")
          .values({
            gid: newGid(),
            workspace_gid: event.workspace_gid,
            user_gid: draft.userGid,
            event_id: event.id,
            kind: draft.kind,
            actor_gid: event.actor_gid,
            task_gid: draft.taskGid,
            project_gid: draft.projectGid,
            story_gid: draft.storyGid,
            team_gid: draft.teamGid ?? null,
            text: draft.text,
            created_at: event.created_at,
            read_at: null,
            archived_at: null,
            emailed_at: null,
          })
          .onConflict((conflict) => conflict.columns(["event_id", "user_gid"]).doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      if (inserted > 0) {
        await enqueueJob(trx, { kind: NOTIFY_DELIVER, payload: { event_id: event.id }, key: `notify:${event.id}` });
        enqueued = true;
      }
    }
    return enqueued;
  },
};
