// Seeds a realistic workspace by calling the server's own commands in-process (createTask, updateTask,
// addComment, createProject…), so the rows, events, system stories, search-index rows (kept by triggers),
// order keys, memberships and root_gid are exactly what the API writes. Only the transaction boundaries
// differ: a few hundred commands share one transaction (see batch-db.mjs). Loaded through tsx by bench/seed.mjs.
import fs from "node:fs";
import { loadConfig } from "../../packages/server/src/config.ts";
import { migrateToLatest, openDb } from "../../packages/server/src/db/index.ts";
import { reindexQueued } from "../../packages/server/src/db/search-index.ts";
import { createAccessToken } from "../../packages/server/src/domain/auth/auth.commands.ts";
import { createField } from "../../packages/server/src/domain/custom-fields/custom-field.commands.ts";
import { addSetting } from "../../packages/server/src/domain/custom-fields/custom-field.settings.ts";
import { secretKeyOf } from "../../packages/server/src/domain/custom-fields/secret-box.ts";
import { prepareTaskExtras } from "../../packages/server/src/domain/custom-fields/task-extras.ts";
import { addProjectMembers, createProject } from "../../packages/server/src/domain/projects/project.commands.ts";
import { createSection } from "../../packages/server/src/domain/sections/section.commands.ts";
import { addComment } from "../../packages/server/src/domain/stories/story.commands.ts";
import { createTask, updateTask } from "../../packages/server/src/domain/tasks/task.commands.ts";
import { addTeamUser, createTeam } from "../../packages/server/src/domain/teams/team.commands.ts";
import { addUserToWorkspace, createUser } from "../../packages/server/src/domain/users/user.commands.ts";
import { createWorkspace } from "../../packages/server/src/domain/workspaces/workspace.commands.ts";
import { EventBus } from "../../packages/server/src/events/bus.ts";
import { GIDS_PER_MS, LATE_COMMIT_WINDOW_MS } from "../../packages/server/src/events/consumer.ts";
import "../../packages/server/src/jobs/handlers.ts";
import { consumers } from "../../packages/server/src/jobs/registry.ts";
import { openBatchedDb } from "./batch-db.mjs";
import { CLIENTS, COMMENTS, NOTES, OBJECTS, PROJECT_KINDS, SECTION_NAMES, VERBS } from "./words.mjs";

export const SHAPE = {
  people: 50,
  // Extra members of the list project, so 200 distinct people can watch it over WebSockets.
  observers: 150,
  teams: 10,
  projects: 200,
  fieldsPerProject: 5,
  // Top-level tasks the measured list project gets first, so its page of 100 looks the same at every size.
  listProjectTasks: 400,
  storiesPerTask: 3,
  subtaskShare: 0.2,
  multiHomedShare: 0.1,
};
export const BENCH_PASSWORD = "bench-password";
const BATCH = 250;

// Small deterministic PRNG (mulberry32): the same seed gives the same workspace.
function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const dayOffset = (days) => new Date(Date.UTC(2026, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);

function progress(label) {
  let last = 0;
  const started = performance.now();
  return (done, total) => {
    const now = performance.now();
    if (done !== total && now - last < 5000) return;
    last = now;
    const rate = done / Math.max(0.001, (now - started) / 1000);
    process.stderr.write(
      `  seed: ${label} ${done.toLocaleString("en")}/${total.toLocaleString("en")} (${rate.toFixed(0)}/s)\n`,
    );
  };
}

function actorOf(person) {
  return { gid: person.gid, name: person.name, email: person.email, language: "en" };
}

// The field library: 10 workspace fields; each project carries 5 of them (3 fixed, 2 varying).
const FIELDS = [
  {
    name: "Priority",
    resource_subtype: "enum",
    enum_options: ["Low", "Medium", "High", "Urgent"].map((name) => ({ name })),
  },
  {
    name: "Status",
    resource_subtype: "enum",
    enum_options: ["On track", "At risk", "Off track"].map((name) => ({ name })),
  },
  { name: "Effort", resource_subtype: "number", precision: 1 },
  { name: "Budget", resource_subtype: "number", format: "currency", currency_code: "EUR", precision: 2 },
  { name: "Client contact", resource_subtype: "text" },
  { name: "Review date", resource_subtype: "date" },
  { name: "Reviewer", resource_subtype: "people" },
  {
    name: "Channel",
    resource_subtype: "multi_enum",
    enum_options: ["Web", "Mobile", "Email", "Social"].map((name) => ({ name })),
  },
  { name: "Story points", resource_subtype: "number", precision: 0 },
  { name: "Ticket", resource_subtype: "text" },
];

function fieldValue(rng, field, people) {
  switch (field.resource_subtype) {
    case "enum":
      return String(rng.pick(field.options));
    case "multi_enum":
      return [String(rng.pick(field.options))];
    case "number":
      return field.name === "Budget" ? rng.int(500000) / 100 : rng.int(40) / 2;
    case "text":
      return field.name === "Ticket" ? `TK-${10000 + rng.int(90000)}` : `${rng.pick(CLIENTS)} office`;
    case "date":
      return { date: dayOffset(rng.int(365)) };
    case "people":
      return [String(rng.pick(people).gid)];
    default:
      return null;
  }
}

async function seedBase(handle, ctxOf) {
  const { db } = handle;
  const rng = random(1);
  const system = ctxOf(null);
  const state = {};
  await handle.batch(async () => {
    const workspace = await createWorkspace(system, "Bench Co");
    state.workspace = workspace.gid;
    state.people = [];
    for (let index = 0; index < SHAPE.people; index += 1) {
      const email = index === 0 ? "bench@example.test" : `person${index}@example.test`;
      const name = index === 0 ? "Bench Person" : `Person ${index}`;
      // Only the bench person signs in with a password (scrypt is slow on purpose); the others use tokens.
      const user = await createUser(system, { email, name, password: index === 0 ? BENCH_PASSWORD : null });
      await addUserToWorkspace(system, workspace.gid, user.gid, index === SHAPE.people - 1 ? "admin" : "member");
      state.people.push({ gid: user.gid, name: user.name, email });
    }
    state.observers = [];
    for (let index = 0; index < SHAPE.observers; index += 1) {
      const email = `observer${index}@example.test`;
      const user = await createUser(system, { email, name: `Observer ${index}`, password: null });
      await addUserToWorkspace(system, workspace.gid, user.gid, "member");
      state.observers.push({ gid: user.gid, name: user.name, email });
    }
  });
  for (const person of [...state.people, ...state.observers]) {
    person.token = (await createAccessToken(db, person.gid, "bench")).token;
  }
  const admin = state.people.at(-1);
  const perTeam = SHAPE.people / SHAPE.teams;
  await handle.batch(async () => {
    state.teams = [];
    for (let index = 0; index < SHAPE.teams; index += 1) {
      const members = state.people.slice(index * perTeam, (index + 1) * perTeam);
      const team = await createTeam(ctxOf(members[0]), state.workspace, {
        name: `${["Sales", "Marketing", "Production", "Design", "Bots", "Video", "Support", "HR", "Management", "R&D"][index]}`,
        description: "",
      });
      for (const member of members.slice(1)) await addTeamUser(ctxOf(members[0]), team, member.gid);
      state.teams.push({ gid: team.gid, row: team, members: members.map((member) => member.gid) });
    }
    state.fields = [];
    for (const input of FIELDS) {
      const field = await createField(ctxOf(admin), state.workspace, null, input);
      const options = input.enum_options
        ? (
            await db
              .selectFrom("custom_field_enum_options")
              .select("gid")
              .where("custom_field_gid", "=", field.gid)
              .orderBy("order_key")
              .execute()
          ).map((option) => option.gid)
        : [];
      state.fields.push({ gid: field.gid, name: field.name, resource_subtype: field.resource_subtype, options });
    }
  });
  state.projects = [];
  const byGid = new Map(state.people.map((person) => [person.gid, person]));
  const report = progress("projects");
  for (let index = 0; index < SHAPE.projects; index += 1) {
    await handle.batch(async () => {
      const team = state.teams[index % SHAPE.teams];
      const owner = byGid.get(team.members[Math.floor(index / SHAPE.teams) % team.members.length]);
      const others = new Set();
      while (others.size < 3) {
        const candidate = rng.pick(state.people).gid;
        if (!team.members.includes(candidate)) others.add(candidate);
      }
      // The list project (index 0) is shared with everyone: all people and the observers.
      const followers =
        index === 0
          ? state.people.map((person) => person.gid).filter((gid) => gid !== owner.gid)
          : [...team.members.filter((gid) => gid !== owner.gid), ...others];
      const project = await createProject(ctxOf(owner), {
        workspace_gid: state.workspace,
        team_gid: team.gid,
        owner_gid: owner.gid,
        name: index === 0 ? "Bench list" : `${rng.pick(CLIENTS)} ${rng.pick(PROJECT_KINDS)} ${index}`,
        notes: "",
        html_notes: "<body></body>",
        color: null,
        default_view: index % 3 === 0 ? "board" : "list",
        privacy_setting: index !== 0 && index % 4 === 3 ? "private" : "public_to_workspace",
        archived: 0,
        due_on: null,
        start_on: null,
        followers,
      });
      if (index === 0) {
        await addProjectMembers(
          ctxOf(owner),
          project,
          state.observers.map((observer) => observer.gid),
          "commenter",
        );
      }
      const sections = [
        (await db.selectFrom("sections").select("gid").where("project_gid", "=", project.gid).executeTakeFirst()).gid,
      ];
      for (const name of SECTION_NAMES) sections.push((await createSection(ctxOf(owner), project, name, null)).gid);
      const fieldIndexes = [0, 1, 2, 3 + (index % 7), 3 + ((index + 3) % 7)];
      for (const [position, fieldIndex] of fieldIndexes.entries()) {
        await addSetting(ctxOf(owner), project, { fieldGid: state.fields[fieldIndex].gid, isImportant: position < 2 });
      }
      state.projects.push({
        gid: project.gid,
        team: team.gid,
        privacy: project.privacy_setting,
        members: [owner.gid, ...followers],
        sections,
        fields: fieldIndexes,
      });
    });
    report(index + 1, SHAPE.projects);
  }
  state.listProject = state.projects[0].gid;
  state.tasks = 0;
  state.topLevel = 0;
  state.actorTasks = [];
  state.stages = [];
  for (const team of state.teams) delete team.row;
  return state;
}

// Adds tasks (with subtasks, second homes, completions, date changes) and comments up to `target` tasks.
async function seedTasks(handle, ctxOf, takt, state, target) {
  const { db } = handle;
  const rng = random(1000 + state.tasks);
  const people = new Map([...state.people, ...state.observers].map((person) => [person.gid, person]));
  const editors = (project) => project.members.filter((gid) => people.has(gid) && gid !== undefined).slice(0, 8);
  const fresh = [];
  const freshTop = [];
  const started = performance.now();
  const reportTasks = progress("tasks");
  const start = state.tasks;
  while (state.tasks < target) {
    await handle.batch(async () => {
      const end = Math.min(target, state.tasks + BATCH);
      for (; state.tasks < end; state.tasks += 1) {
        const index = state.tasks;
        const isSubtask = index % 5 === 4 && freshTop.length > 0;
        let project;
        let parent = null;
        if (isSubtask) {
          parent = freshTop[freshTop.length - 1 - rng.int(Math.min(freshTop.length, 50))];
          project = parent.project;
        } else {
          // The list project fills first, then the others round robin.
          project =
            state.topLevel < SHAPE.listProjectTasks
              ? state.projects[0]
              : state.projects[1 + (state.topLevel % (SHAPE.projects - 1))];
          state.topLevel += 1;
        }
        const members = editors(project);
        const creator = people.get(rng.pick(members));
        const verb = rng.pick(VERBS);
        const object = rng.pick(OBJECTS);
        const name = rng.chance(0.6) ? `${verb} ${object} for ${rng.pick(CLIENTS)}` : `${verb} ${object}`;
        const assignee = rng.chance(isSubtask ? 0.6 : 0.7) ? rng.pick(members) : null;
        const dueDay = rng.chance(0.5) ? 7 + rng.int(358) : null;
        const due = dueDay === null ? null : dayOffset(dueDay);
        const placements = [];
        if (!isSubtask) {
          const sectionIndex = Math.min(
            project.sections.length - 1,
            Math.floor(rng.next() ** 0.7 * project.sections.length),
          );
          placements.push({ projectGid: project.gid, sectionGid: project.sections[sectionIndex] });
          // A tenth of all tasks (an eighth of the top-level ones) also live in a second project of the team.
          if (index % 10 === 3) {
            const sameTeam = state.projects.filter((other) => other.team === project.team && other !== project);
            const second = rng.pick(sameTeam);
            placements.push({ projectGid: second.gid, sectionGid: rng.pick(second.sections) });
          }
        }
        const customFields = {};
        if (!isSubtask) {
          for (const fieldIndex of project.fields) {
            if (rng.chance(0.6)) {
              const field = state.fields[fieldIndex];
              customFields[field.gid] = fieldValue(rng, field, state.people);
            }
          }
        }
        const actor = actorOf(creator);
        const parentRow = parent?.row ?? null;
        const after = await prepareTaskExtras(takt.db, actor, {
          secretKey: () => secretKeyOf(takt),
          workspaceGid: state.workspace,
          projectGids: isSubtask
            ? [...new Set(parent.placements)]
            : placements.map((placement) => placement.projectGid),
          customFields: Object.keys(customFields).length ? customFields : undefined,
        });
        const row = await createTask(ctxOf(creator), {
          workspaceGid: state.workspace,
          fields: {
            name,
            notes: rng.chance(0.5) ? `${rng.pick(NOTES)} ${rng.pick(NOTES)}` : undefined,
            assignee_gid: assignee,
            due_on: due,
            start_on: dueDay !== null && rng.chance(0.2) ? dayOffset(dueDay - 1 - rng.int(6)) : undefined,
          },
          parent: parentRow,
          placements,
          followerGids: [],
          after,
        });
        const task = {
          row,
          project,
          parent,
          placements: isSubtask ? parent.placements : placements.map((placement) => placement.projectGid),
          members,
        };
        fresh.push(task);
        if (!isSubtask) freshTop.push(task);
        // Tasks the first team may read and edit: what the benchmark's reads and updates rotate over.
        if (project.team === state.teams[0].gid && state.actorTasks.length < 5000) {
          state.actorTasks.push({ gid: row.gid, project: isSubtask ? null : project.gid });
        }
        // Life after creation: some are completed, some rescheduled (events and system stories like the API's).
        if (rng.chance(0.3)) {
          const closer = people.get(assignee ?? creator.gid);
          task.row = await updateTask(ctxOf(closer), task.row, { completed: true });
        }
        if (rng.chance(0.1)) {
          const moved = dayOffset(7 + rng.int(358));
          if (!task.row.start_on || task.row.start_on <= moved) {
            task.row = await updateTask(ctxOf(creator), task.row, { due_on: moved });
          }
        }
      }
    });
    reportTasks(state.tasks - start, target - start);
  }
  const taskSeconds = (performance.now() - started) / 1000;
  // Comments fill the stories up to storiesPerTask per task (system stories already count).
  const { count } = await db
    .selectFrom("stories")
    .select((eb) => eb.fn.countAll().as("count"))
    .executeTakeFirstOrThrow();
  const comments = Math.max(0, target * SHAPE.storiesPerTask - Number(count));
  const commentStarted = performance.now();
  const reportComments = progress("comments");
  for (let done = 0; done < comments; ) {
    await handle.batch(async () => {
      const end = Math.min(comments, done + BATCH * 2);
      for (; done < end; done += 1) {
        const task = fresh[rng.int(fresh.length)];
        const author = people.get(rng.pick(task.members));
        const text = `${rng.pick(COMMENTS)}${rng.chance(0.3) ? ` ${rng.pick(NOTES)}` : ""}`;
        await addComment(ctxOf(author), task.row, { text });
      }
    });
    reportComments(done, comments);
  }
  return { tasks: target - start, taskSeconds, comments, commentSeconds: (performance.now() - commentStarted) / 1000 };
}

// Runs the seed into the database of `config` (SQLite data dir or PostgreSQL URL) up to `target` tasks.
// The state (gids, tokens) lives in `stateFile`, so a later call grows the same workspace.
export async function seed({ dataDir, databaseUrl, target, stateFile }) {
  const config = loadConfig({ dataDir, databaseUrl }, { ...process.env, DATABASE_URL: "" });
  const migrating = openDb(config);
  await migrateToLatest(migrating.db);
  await migrating.destroy();

  const handle = openBatchedDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const bus = new EventBus();
  const ctxOf = (person) => ({ db: handle.db, bus, actor: person ? actorOf(person) : null });
  const takt = { db: handle.db, dialect: handle.dialect, config };
  try {
    const started = performance.now();
    let state = fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, "utf8")) : null;
    if (!state) {
      state = await seedBase(handle, ctxOf);
      process.stderr.write(`  seed: base workspace in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    }
    const outcome = await seedTasks(handle, ctxOf, takt, state, target);
    // The search index of the seeded tasks, as the server keeps it (in batches, db/search-index.ts).
    if (handle.dialect === "sqlite") await handle.batch(() => reindexQueued(handle.db));
    // The event consumers (notifications, webhooks, rules…) start after the seeded history, as if it had
    // happened before them: replaying a million events (or even the last seconds of them, which a consumer
    // re-scans behind its cursor for late commits) would swamp the measurements with notification jobs. So the
    // cursor goes one re-scan window past the newest seeded event; events written after the seed still fall
    // inside the window and are handled.
    const newest = await handle.db
      .selectFrom("events")
      .select((eb) => eb.fn.max("id").as("id"))
      .executeTakeFirst();
    const cursor = Number(newest?.id ?? 0) + (LATE_COMMIT_WINDOW_MS + 1) * GIDS_PER_MS;
    for (const name of consumers.keys()) {
      await handle.db
        .insertInto("consumer_cursors")
        .values({ name, last_event_id: cursor, updated_at: new Date().toISOString() })
        .onConflict((conflict) => conflict.column("name").doUpdateSet({ last_event_id: cursor }))
        .execute();
    }
    const counts = {};
    for (const table of ["tasks", "stories", "events", "task_memberships", "task_custom_field_values"]) {
      const row = await handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("count"))
        .executeTakeFirstOrThrow();
      counts[table] = Number(row.count);
    }
    state.stages.push({ target, seconds: (performance.now() - started) / 1000, ...outcome, counts });
    fs.writeFileSync(stateFile, JSON.stringify(state));
    return state;
  } finally {
    await handle.destroy();
  }
}
