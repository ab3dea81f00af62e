#!/usr/bin/env node
// Proves the bulk seed writes what the API writes: seeds a small workspace (SQLite), then for a few seeded tasks
// of different kinds (multi-homed with custom field values, subtask, completed, commented) replays the same
// history through the HTTP API as the same people, and compares the two tasks as the API shows them (every
// field, stories) and as the database holds them (events, search-index row, memberships, followers, custom
// field values, root_gid). Exits 1 on any difference. Usage: node bench/check-seed.mjs
import path from "node:path";
import SQLite from "better-sqlite3";
import { freshDatabase, seedTo, startTakt } from "./lib/takt-server.mjs";

const TASK_FIELDS =
  "name,resource_subtype,notes,html_notes,assignee,assignee.name,assignee_status,completed,completed_by,due_on,due_at," +
  "start_on,created_by,followers,memberships.project.name,memberships.section.name,projects,parent,num_subtasks," +
  "num_likes,tags,workspace,custom_fields,dependencies,dependents";

const database = await freshDatabase("sqlite");
let server = null;
let failures = 0;
try {
  const { state } = await seedTo(database, 400);
  server = await startTakt(database);
  const sqlite = new SQLite(path.join(database.dataDir, "takt.sqlite"), { readonly: true });
  const tokens = new Map([...state.people, ...state.observers].map((person) => [String(person.gid), person.token]));

  async function call(token, method, route, data) {
    const response = await fetch(`${server.api}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: data === undefined ? undefined : JSON.stringify({ data }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`${method} ${route} -> ${response.status} ${JSON.stringify(body)}`);
    return body.data;
  }

  // Seeded tasks to compare: each kind once, none with a due date changed after creation (its first date is
  // not visible in the API, so it cannot be replayed) nor with subtasks (those are compared on their own).
  const replayable = `and not exists (select 1 from stories s where s.task_gid = t.gid and s.resource_subtype = 'due_date_changed')
    and not exists (select 1 from tasks c where c.parent_gid = t.gid)`;
  const picks = {
    "multi-homed, custom fields": `select t.gid from tasks t where (select count(*) from task_memberships m where m.task_gid = t.gid) = 2
      and exists (select 1 from task_custom_field_values v where v.task_gid = t.gid) ${replayable}`,
    subtask: `select t.gid from tasks t where t.parent_gid is not null and t.assignee_gid is not null ${replayable}`,
    completed: `select t.gid from tasks t where t.completed = 1 and t.due_on is not null ${replayable}`,
    commented: `select t.gid from tasks t where (select count(*) from stories s where s.task_gid = t.gid and s.type = 'comment') >= 2 ${replayable}`,
  };

  const CUSTOM_INPUT = {
    enum: (value) => value.enum_value?.gid,
    multi_enum: (value) => value.multi_enum_values?.map((option) => option.gid),
    number: (value) => value.number_value,
    text: (value) => value.text_value,
    date: (value) => (value.date_value ? { date: value.date_value.date } : null),
    people: (value) => value.people_value?.map((user) => user.gid),
  };

  async function replay(seededGid) {
    const creator = String(
      sqlite.prepare("select created_by_gid from tasks where gid = ?").get(seededGid).created_by_gid,
    );
    const seededStories = await call(tokens.get(creator), "GET", `/tasks/${seededGid}/stories`);
    const seeded = await call(tokens.get(creator), "GET", `/tasks/${seededGid}?opt_fields=${TASK_FIELDS}`);
    const customFields = {};
    for (const value of seeded.custom_fields) {
      const input = CUSTOM_INPUT[value.resource_subtype]?.(value);
      if (input !== null && input !== undefined && !(Array.isArray(input) && input.length === 0))
        customFields[value.gid] = input;
    }
    const body = {
      name: seeded.name,
      notes: seeded.notes || undefined,
      assignee: seeded.assignee?.gid ?? null,
      due_on: seeded.due_on,
      start_on: seeded.start_on ?? undefined,
      memberships: seeded.parent
        ? undefined
        : seeded.memberships.map((membership) => ({
            project: membership.project.gid,
            section: membership.section.gid,
          })),
      custom_fields: Object.keys(customFields).length ? customFields : undefined,
    };
    const route = seeded.parent ? `/tasks/${seeded.parent.gid}/subtasks` : "/tasks";
    const replayed = await call(tokens.get(creator), "POST", route, body);
    for (const story of seededStories) {
      const token = tokens.get(story.created_by?.gid);
      if (story.resource_subtype === "marked_complete")
        await call(token, "PUT", `/tasks/${replayed.gid}`, { completed: true });
      else if (story.type === "comment")
        await call(token, "POST", `/tasks/${replayed.gid}/stories`, { text: story.text });
    }
    return { seeded, replayed: replayed.gid, creator };
  }

  const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
  // Replaces the two tasks' own gids (and story/event gids) so only meaningful differences remain.
  function normalize(value, gids) {
    if (Array.isArray(value)) return value.map((item) => normalize(item, gids));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalize(item, gids)]));
    }
    if (typeof value === "string" && TIME.test(value)) return "<time>";
    if ((typeof value === "string" || typeof value === "number") && gids.has(String(value)))
      return gids.get(String(value));
    return value;
  }

  function rowsOf(gid) {
    const storyGids = sqlite
      .prepare("select gid from stories where task_gid = ?")
      .all(gid)
      .map((row) => row.gid);
    const events = sqlite
      .prepare(
        `select actor_gid, resource_type, resource_gid, resource_subtype, parent_type, parent_gid, action, change
         from events where resource_gid = ? or parent_gid = ? or resource_gid in (select gid from stories where task_gid = ?)
         order by id`,
      )
      .all(gid, gid, gid)
      .map((event) => ({ ...event, change: event.change ? JSON.parse(event.change) : null }));
    return {
      storyGids,
      task: sqlite
        .prepare(
          "select workspace_gid, parent_gid, root_gid = gid as is_root, root_gid, subtask_order_key is not null as has_subtask_key, name, notes, html_notes, assignee_gid, completed, completed_by_gid, due_on, start_on, created_by_gid from tasks where gid = ?",
        )
        .get(gid),
      memberships: sqlite
        .prepare(
          "select project_gid, section_gid, length(order_key) > 0 as keyed from task_memberships where task_gid = ? order by project_gid",
        )
        .all(gid),
      followers: sqlite
        .prepare("select user_gid from task_followers where task_gid = ? order by user_gid")
        .all(gid)
        .map((row) => row.user_gid),
      values: sqlite
        .prepare(
          "select custom_field_gid, text_value, number_value, enum_option_gid, date_value, multi_value from task_custom_field_values where task_gid = ? order by custom_field_gid",
        )
        .all(gid),
      search: sqlite.prepare("select name, notes, comments from task_search where rowid = ?").get(gid),
      events,
    };
  }

  function differences(left, right, where = "") {
    if (JSON.stringify(left) === JSON.stringify(right)) return [];
    if (left && right && typeof left === "object" && typeof right === "object") {
      const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
      return [...keys].flatMap((key) => differences(left[key], right[key], `${where}.${key}`));
    }
    return [`${where || "."}: seeded ${JSON.stringify(left)} vs API ${JSON.stringify(right)}`];
  }

  for (const [kind, query] of Object.entries(picks)) {
    const found = sqlite.prepare(`${query} order by t.gid limit 1`).get();
    if (!found) {
      console.log(`${kind}: no such seeded task (seed too small?)`);
      failures += 1;
      continue;
    }
    const { seeded, replayed, creator } = await replay(found.gid);
    const token = tokens.get(creator);
    const seededRows = rowsOf(found.gid);
    // The server indexes search in batches (db/search-index.ts): wait for the replay's batch before reading it.
    const queued = sqlite.prepare("select count(*) as n from task_search_pending");
    for (let waited = 0; queued.get().n > 0 && waited < 10_000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    const replayedRows = rowsOf(Number(replayed));
    const gidsFor = (rows, self) =>
      new Map([[String(self), "<task>"], ...rows.storyGids.map((gid, index) => [String(gid), `<story ${index}>`])]);
    const api = {
      seeded: normalize(
        {
          task: seeded,
          stories: await call(token, "GET", `/tasks/${found.gid}/stories`),
        },
        gidsFor(seededRows, found.gid),
      ),
      replayed: normalize(
        {
          task: await call(token, "GET", `/tasks/${replayed}?opt_fields=${TASK_FIELDS}`),
          stories: await call(token, "GET", `/tasks/${replayed}/stories`),
        },
        gidsFor(replayedRows, replayed),
      ),
    };
    const strip = ({ storyGids: _gids, ...rest }) => rest;
    const diffs = [
      ...differences(api.seeded, api.replayed, "api"),
      ...differences(
        normalize(strip(seededRows), gidsFor(seededRows, found.gid)),
        normalize(strip(replayedRows), gidsFor(replayedRows, replayed)),
        "db",
      ),
    ];
    console.log(
      `${kind}: seeded ${found.gid} vs API-created ${replayed}: ${diffs.length ? `${diffs.length} differences` : "identical"} ` +
        `(${seededRows.events.length} events, ${api.seeded.stories.length} stories, ${seededRows.memberships.length} memberships, ` +
        `${seededRows.values.length} custom field values)`,
    );
    for (const diff of diffs) console.log(`  ${diff}`);
    failures += diffs.length;
  }
  sqlite.close();
} finally {
  await server?.stop();
  await database.drop();
}
process.exit(failures ? 1 : 0);
