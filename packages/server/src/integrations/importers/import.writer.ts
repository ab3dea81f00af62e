import { EnumOptionColor, TagColor } from "@takt/contracts";
import type { Transaction } from "kysely";
import type { Db } from "../../db/index.ts";
import type { Database, TasksTable } from "../../db/schema.ts";
import type { StagedFile } from "../../domain/attachments/attachment.storage.ts";
import { cleanFileName } from "../../domain/attachments/attachment.upload.ts";
import { sniffMimeType } from "../../domain/attachments/mime-sniff.ts";
import { type Actor, type Ctx, type Tx, transact } from "../../domain/context.ts";
import { insertField } from "../../domain/custom-fields/custom-field.commands.ts";
import { MAX_FIELDS_PER_PROJECT } from "../../domain/custom-fields/custom-field.settings.ts";
import { prepareValues, writeValues } from "../../domain/custom-fields/custom-field.values.ts";
import { keyAfter, keyBetween, keysAfter } from "../../domain/ordering.ts";
import { plainToRichText } from "../../domain/rich-text.ts";
import { taskEvent } from "../../domain/tasks/task.commands.ts";
import { sectionKey, subtaskKey } from "../../domain/tasks/task.placement.ts";
import { ApiError } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { matchPeople, type PersonChoice, peopleSource, workspaceMembers } from "./import.people.ts";
import { emptyCounts, type ImportCounts, type ImportPlan, type PlanFieldValue, type PlanTask } from "./import.plan.ts";
import { distinct, type ImportProblem, problem } from "./import.problems.ts";

export interface ImportTarget {
  workspaceGid: number;
  teamGid: number | null;
  // Names the project the plan creates, instead of the board's or file's own name.
  projectName?: string;
  // The importer's decisions per incoming person (plan user key); anyone not named is matched automatically.
  people?: Map<string, PersonChoice>;
  // Staged bytes per attachment key (import.files.ts): those attachments are stored as files, not links.
  files?: Map<string, StagedFile>;
}

export interface ImportResult {
  projectGid: number;
  counts: ImportCounts;
  // Things imported differently than they were (an author nobody matched): the import still succeeds.
  notes: ImportProblem[];
  // Attachment keys stored as files from target.files: their bytes move into place once this has committed.
  usedFiles: Set<string>;
  // Files the source holds that were written as links this time (no bytes in the export, no credentials).
  uploadsLinked: number;
}

class Keys {
  private readonly known = new Map<string, number>();
  private readonly fresh: { source: string; external_id: string; resource_gid: number }[] = [];
  // Keys written by other imports of the same family (another Asana project): ids unique across the family.
  private readonly shared = new Map<string, number>();
  constructor(
    private readonly trx: Transaction<Database>,
    private readonly workspaceGid: number,
  ) {}

  async load(source: string): Promise<void> {
    const rows = await this.trx
      .selectFrom("import_keys")
      .select(["external_id", "resource_gid"])
      .where("workspace_gid", "=", this.workspaceGid)
      .where("source", "=", source)
      .execute();
    for (const row of rows) this.known.set(`${source}\n${row.external_id}`, row.resource_gid);
  }

  // The family's other imports, for the given keys (a project's own key is never shared).
  async loadFamily(family: string, source: string, externalIds: string[]): Promise<void> {
    const wanted = [...new Set(externalIds)].filter((key) => key !== "project");
    for (let index = 0; index < wanted.length; index += 500) {
      const rows = await this.trx
        .selectFrom("import_keys")
        .select(["external_id", "resource_gid"])
        .where("workspace_gid", "=", this.workspaceGid)
        .where("source", "like", `${family}%`)
        .where("source", "<>", source)
        .where("external_id", "in", wanted.slice(index, index + 500))
        .execute();
      for (const row of rows) this.shared.set(row.external_id, row.resource_gid);
    }
  }

  get(source: string, key: string): number | undefined {
    return this.known.get(`${source}\n${key}`) ?? (key === "project" ? undefined : this.shared.get(key));
  }

  // Known to this source itself (not only through another of its family).
  own(source: string, key: string): boolean {
    return this.known.has(`${source}\n${key}`);
  }

  set(source: string, key: string, gid: number): void {
    if (this.known.get(`${source}\n${key}`) === gid) return;
    this.known.set(`${source}\n${key}`, gid);
    this.fresh.push({ source, external_id: key, resource_gid: gid });
  }

  async flush(now: string): Promise<void> {
    for (let index = 0; index < this.fresh.length; index += 200) {
      const batch = this.fresh.slice(index, index + 200);
      await this.trx
        .insertInto("import_keys")
        .values(batch.map((row) => ({ ...row, workspace_gid: this.workspaceGid, created_at: now })))
        // A person re-mapped on a later run points elsewhere from now on.
        .onConflict((conflict) =>
          conflict
            .columns(["workspace_gid", "source", "external_id"])
            .doUpdateSet((eb) => ({ resource_gid: eb.ref("excluded.resource_gid") })),
        )
        .execute();
    }
    this.fresh.length = 0;
  }
}

// Writes a plan in one transaction: every row, its import key and the events, or nothing. Items whose key is
// already known (a rerun of the same file) are skipped, so a rerun creates and changes nothing.
export async function writePlan(
  ctx: Ctx & { actor: Actor },
  plan: ImportPlan,
  target: ImportTarget,
): Promise<ImportResult> {
  return transact(ctx, async (tx) => {
    const { trx } = tx;
    const counts = emptyCounts();
    const notes: ImportProblem[] = [...(plan.notes ?? [])];
    const keys = new Keys(trx, target.workspaceGid);
    const source = plan.sourceId;
    const people = peopleSource(plan.sourceId);
    await keys.load(source);
    await keys.load(people);
    if (plan.family) await keys.loadFamily(plan.family, source, planKeys(plan));
    const usedFiles = new Set<string>();
    let uploadsLinked = 0;

    const projectGid = await ensureProject(tx, keys, plan, target);
    const sectionGids = await ensureSections(tx, keys, plan, projectGid, counts);
    const userGids = await ensureUsers(tx, keys, plan, target, counts, notes);
    await ensureMembers(tx, plan, projectGid, userGids);
    const tagGids = await ensureTags(tx, keys, plan, target.workspaceGid, counts);
    const fieldGids = await ensureCustomFields(tx, plan, projectGid, target.workspaceGid, notes);

    const firstSection = await trx
      .selectFrom("sections")
      .select("gid")
      .where("project_gid", "=", projectGid)
      .orderBy("order_key")
      .executeTakeFirstOrThrow();
    const writeTask = async (item: PlanTask, parent: TasksTable | null, orderKey: string): Promise<void> => {
      const existing = keys.get(source, item.key);
      let row: TasksTable | undefined;
      if (existing) {
        row = await trx.selectFrom("tasks").selectAll().where("gid", "=", existing).executeTakeFirst();
        if (!row) return;
        let changed = await updateTask(tx, row, item, userGids);
        // A card moved to another list, or given another label, since the last run follows here too.
        if (!parent && keys.own(source, item.key)) {
          const sectionGid = item.sectionKey ? sectionGids.get(item.sectionKey) : undefined;
          if (sectionGid && (await moveToSection(tx, row, projectGid, sectionGid))) changed = true;
          if (await addTags(tx, row.gid, item.tagKeys, tagGids)) changed = true;
        }
        if (changed) counts.updated += 1;
        else counts.skipped += 1;
        // A task that lives in several projects, imported with another one, is added to this project in its
        // section here and takes this project's field values: one task, never a copy. A subtask listed in this
        // project (Asana lets one be) joins it too.
        if (!parent && !keys.own(source, item.key)) {
          const sectionGid = (item.sectionKey && sectionGids.get(item.sectionKey)) || firstSection.gid;
          if (await joinProject(tx, row, projectGid, sectionGid)) {
            counts.added_to_project = (counts.added_to_project ?? 0) + 1;
            await writeFieldValues(tx, ctx.actor, row, projectGid, item, fieldGids, userGids, notes);
          }
        }
        // Imported first as a project's own task, it is now found under its parent: it becomes the subtask it is.
        if (parent && row.parent_gid === null && parent.root_gid !== row.gid) row = await reparent(tx, row, parent);
        if (!keys.own(source, item.key)) keys.set(source, item.key, row.gid);
      } else {
        // A subtask listed in this project whose parent came with another project is created under that parent.
        const ownerGid = !parent && item.parentKey ? keys.get(source, item.parentKey) : undefined;
        const owner =
          parent ??
          (ownerGid
            ? ((await trx.selectFrom("tasks").selectAll().where("gid", "=", ownerGid).executeTakeFirst()) ?? null)
            : null);
        row = await insertTask(
          tx,
          item,
          owner,
          target.workspaceGid,
          userGids,
          parent || !owner ? orderKey : await lastSubtaskKey(tx, owner.gid),
        );
        keys.set(source, item.key, row.gid);
        if (owner) {
          counts.subtasks += 1;
          await tx.emit(taskEvent(row, { action: "added", parent_type: "task", parent_gid: owner.gid }));
        }
        if (!parent) {
          if (!owner) counts.tasks += 1;
          else counts.added_to_project = (counts.added_to_project ?? 0) + 1;
          const sectionGid = (item.sectionKey && sectionGids.get(item.sectionKey)) || firstSection.gid;
          await placeInProject(trx, row.gid, projectGid, sectionGid, tx.now);
          await tx.emit(taskEvent(row, { action: "added", parent_type: "project", parent_gid: projectGid }));
        }
        await writeFieldValues(tx, ctx.actor, row, projectGid, item, fieldGids, userGids, notes);
        for (const followerKey of new Set(item.followerKeys)) {
          const follower = userGids.get(followerKey);
          if (follower && follower !== tx.actor?.gid)
            await trx.insertInto("task_followers").values({ task_gid: row.gid, user_gid: follower }).execute();
        }
        for (const tagKey of new Set(item.tagKeys)) {
          const tagGid = tagGids.get(tagKey);
          if (tagGid)
            await trx
              .insertInto("task_tags")
              .values({ task_gid: row.gid, tag_gid: tagGid, created_at: tx.now })
              .execute();
        }
      }
      for (const comment of item.comments) {
        if (keys.get(source, comment.key)) continue;
        const author = comment.authorKey ? userGids.get(comment.authorKey) : undefined;
        const signed = !author && comment.authorName;
        const body = signed ? `${comment.text}\n\n(${comment.authorName})` : comment.text;
        const html =
          comment.html && !signed
            ? comment.html
            : comment.html
              ? comment.html.replace(/<\/body>$/, `<p>(${escapeHtml(comment.authorName ?? "")})</p></body>`)
              : plainToRichText(body);
        const gid = newGid();
        // Written by the story derivation like every story; the source's author and date are kept, and the
        // event says it is history (nobody is notified of an imported comment).
        await tx.emit({
          workspace_gid: target.workspaceGid,
          resource_type: "story",
          resource_gid: gid,
          resource_subtype: "comment_added",
          parent_type: "task",
          parent_gid: row.gid,
          action: "added",
          change: {
            story: {
              type: "comment",
              text: body,
              html_text: html,
              created_by: author ?? tx.actor?.gid ?? null,
              created_at: comment.createdAt ?? tx.now,
              imported: true,
            },
          },
        });
        keys.set(source, comment.key, gid);
        counts.comments += 1;
      }
      for (const link of item.links) {
        const staged = target.files?.get(link.key);
        const earlier = keys.get(source, link.key);
        if (earlier) {
          // An earlier run kept this file as a link (its bytes were not at hand then): it becomes the file now.
          if (staged && (await linkToFile(tx, earlier, row.gid, staged, link.name))) {
            usedFiles.add(link.key);
            counts.attachment_files = (counts.attachment_files ?? 0) + 1;
            counts.links_made_files = (counts.links_made_files ?? 0) + 1;
          }
          continue;
        }
        if (!staged && !link.url) continue;
        const gid = newGid();
        await trx
          .insertInto("attachments")
          .values({
            gid,
            workspace_gid: target.workspaceGid,
            parent_gid: row.gid,
            resource_subtype: staged ? "asana" : "external",
            name: staged ? cleanFileName(link.name) : link.name,
            sha256: staged?.sha256 ?? null,
            size: staged?.size ?? null,
            content_type: staged ? sniffMimeType(staged.head) : null,
            url: staged ? null : link.url,
            created_by_gid: tx.actor?.gid ?? null,
            created_at: tx.now,
          })
          .execute();
        keys.set(source, link.key, gid);
        counts.attachments += 1;
        if (staged) {
          usedFiles.add(link.key);
          counts.attachment_files = (counts.attachment_files ?? 0) + 1;
        } else {
          counts.attachment_links = (counts.attachment_links ?? 0) + 1;
          if (link.download) uploadsLinked += 1;
        }
      }
      if (item.subtasks.length > 0) {
        const last = await trx
          .selectFrom("tasks")
          .select("subtask_order_key")
          .where("parent_gid", "=", row.gid)
          .orderBy("subtask_order_key", "desc")
          .limit(1)
          .executeTakeFirst();
        const orderKeys = keysAfter(last?.subtask_order_key ?? null, item.subtasks.length);
        for (const [index, subtask] of item.subtasks.entries()) await writeTask(subtask, row, orderKeys[index]);
      }
    };
    for (const item of plan.tasks) await writeTask(item, null, "");
    await writeDependencies(tx, keys, source, plan.tasks);
    await keys.flush(tx.now);
    return { projectGid, counts, notes: distinct(notes), usedFiles, uploadsLinked };
  });
}

// Every source key a plan names (tasks, comments, attachments, sections, tags), to find them in its family.
function planKeys(plan: ImportPlan): string[] {
  const found = [...plan.sections.map((section) => section.key), ...plan.tags.map((tag) => tag.key)];
  const visit = (task: PlanTask) => {
    found.push(task.key, ...task.comments.map((comment) => comment.key), ...task.links.map((link) => link.key));
    task.subtasks.forEach(visit);
  };
  plan.tasks.forEach(visit);
  return found;
}

// Turns an imported link attachment into the stored file it stood for; false when it is no longer a link of
// that task (deleted, or already a file).
async function linkToFile(tx: Tx, gid: number, taskGid: number, staged: StagedFile, name: string): Promise<boolean> {
  const changed = await tx.trx
    .updateTable("attachments")
    .set({
      resource_subtype: "asana",
      name: cleanFileName(name),
      sha256: staged.sha256,
      size: staged.size,
      content_type: sniffMimeType(staged.head),
      url: null,
    })
    .where("gid", "=", gid)
    .where("parent_gid", "=", taskGid)
    .where("resource_subtype", "=", "external")
    .executeTakeFirst();
  return Number(changed.numUpdatedRows) > 0;
}

// The task's place in the project (its section), when it is in it.
function membershipIn(tx: Tx, taskGid: number, projectGid: number) {
  return tx.trx
    .selectFrom("task_memberships")
    .select("section_gid")
    .where("task_gid", "=", taskGid)
    .where("project_gid", "=", projectGid)
    .executeTakeFirst();
}

// Moves a task to another section of the project, last in it; false when it is there already (or not in it).
async function moveToSection(tx: Tx, row: TasksTable, projectGid: number, sectionGid: number): Promise<boolean> {
  const membership = await membershipIn(tx, row.gid, projectGid);
  if (!membership || membership.section_gid === sectionGid) return false;
  // Last in the section, through the same keys (and, on PostgreSQL, the same list lock) as every other move.
  const orderKey = await sectionKey(tx.trx, sectionGid, row.gid, { at: "end" });
  await tx.trx
    .updateTable("task_memberships")
    .set({ section_gid: sectionGid, order_key: orderKey })
    .where("task_gid", "=", row.gid)
    .where("project_gid", "=", projectGid)
    .execute();
  await tx.emit(taskEvent(row, { action: "added", parent_type: "section", parent_gid: sectionGid }));
  return true;
}

// Adds the tags a rerun brings that the task lacks; a tag is never taken off by a rerun.
async function addTags(tx: Tx, taskGid: number, tagKeys: string[], tagGids: Map<string, number>): Promise<boolean> {
  const wanted = [...new Set(tagKeys.map((key) => tagGids.get(key)).filter((gid): gid is number => Boolean(gid)))];
  if (wanted.length === 0) return false;
  const there = new Set(
    (await tx.trx.selectFrom("task_tags").select("tag_gid").where("task_gid", "=", taskGid).execute()).map(
      (tag) => tag.tag_gid,
    ),
  );
  const missing = wanted.filter((gid) => !there.has(gid));
  for (const tagGid of missing) {
    await tx.trx.insertInto("task_tags").values({ task_gid: taskGid, tag_gid: tagGid, created_at: tx.now }).execute();
  }
  return missing.length > 0;
}

// The key after a task's last subtask (the shared placement, with its list lock); `taskGid` 0 for a task not yet written.
function lastSubtaskKey(tx: Tx, parentGid: number, taskGid = 0): Promise<string> {
  return subtaskKey(tx.trx, parentGid, taskGid, { at: "end" });
}

// Moves a task (and its own subtasks) under a parent, last among its subtasks; its projects stay.
async function reparent(tx: Tx, row: TasksTable, parent: TasksTable): Promise<TasksTable> {
  const moved = {
    ...row,
    parent_gid: parent.gid,
    root_gid: parent.root_gid,
    subtask_order_key: await lastSubtaskKey(tx, parent.gid, row.gid),
    modified_at: tx.now,
  };
  await tx.trx
    .updateTable("tasks")
    .set({ root_gid: parent.root_gid })
    .where("root_gid", "=", row.gid)
    .where("gid", "<>", row.gid)
    .execute();
  await tx.trx
    .updateTable("tasks")
    .set({
      parent_gid: moved.parent_gid,
      root_gid: moved.root_gid,
      subtask_order_key: moved.subtask_order_key,
      modified_at: tx.now,
    })
    .where("gid", "=", row.gid)
    .execute();
  await tx.emit(taskEvent(moved, { action: "changed", change: { field: "parent", action: "changed" } }));
  return moved;
}

// Adds a task to a project (in the section given) unless it is there already; true when it was added.
async function joinProject(tx: Tx, row: TasksTable, projectGid: number, sectionGid: number): Promise<boolean> {
  if (await membershipIn(tx, row.gid, projectGid)) return false;
  await placeInProject(tx.trx, row.gid, projectGid, sectionGid, tx.now);
  await tx.emit(taskEvent(row, { action: "added", parent_type: "project", parent_gid: projectGid }));
  return true;
}

const escapeHtml = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// A rerun brings the source's current state: changed names, notes, dates, completion and assignee are written
// (with their events); a task nothing changed on is left alone.
async function updateTask(tx: Tx, row: TasksTable, item: PlanTask, userGids: Map<string, number>): Promise<boolean> {
  const next = {
    name: item.name,
    notes: item.notes,
    html_notes: item.htmlNotes ?? plainToRichText(item.notes),
    due_on: item.dueOn,
    due_at: item.dueAt,
    start_on: item.startOn && (item.dueOn || item.dueAt) ? item.startOn : null,
    completed: item.completed ? (1 as const) : (0 as const),
    assignee_gid: (item.assigneeKey && userGids.get(item.assigneeKey)) || null,
  };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((field) => row[field] !== next[field]);
  if (changed.length === 0) return false;
  const completion =
    changed.includes("completed") && next.completed
      ? { completed_at: item.completedAt ?? tx.now, completed_by_gid: tx.actor?.gid ?? null }
      : changed.includes("completed")
        ? { completed_at: null, completed_by_gid: null }
        : {};
  const updated = { ...row, ...next, ...completion, modified_at: tx.now };
  await tx.trx
    .updateTable("tasks")
    .set({ ...next, ...completion, modified_at: tx.now })
    .where("gid", "=", row.gid)
    .execute();
  for (const field of changed) {
    const apiField = field === "assignee_gid" ? "assignee" : field === "html_notes" ? "notes" : field;
    if (field === "html_notes" && changed.includes("notes")) continue;
    await tx.emit(taskEvent(updated, { action: "changed", change: { field: apiField, action: "changed" } }));
  }
  return true;
}

// Dependencies between tasks of this source, once every task has its row; a pair already there is kept.
async function writeDependencies(tx: Tx, keys: Keys, source: string, tasks: PlanTask[]): Promise<void> {
  const pairs: { task_gid: number; depends_on_gid: number }[] = [];
  const visit = (item: PlanTask) => {
    const gid = keys.get(source, item.key);
    for (const key of item.dependencyKeys) {
      const dependsOn = keys.get(source, key);
      if (gid && dependsOn && dependsOn !== gid) pairs.push({ task_gid: gid, depends_on_gid: dependsOn });
    }
    item.subtasks.forEach(visit);
  };
  tasks.forEach(visit);
  await insertDependencies(tx, pairs);
}

export async function insertDependencies(tx: Tx, pairs: { task_gid: number; depends_on_gid: number }[]) {
  for (const pair of pairs) {
    const there = await tx.trx
      .selectFrom("task_dependencies")
      .select("task_gid")
      .where("task_gid", "=", pair.task_gid)
      .where("depends_on_gid", "=", pair.depends_on_gid)
      .executeTakeFirst();
    if (!there) await tx.trx.insertInto("task_dependencies").values(pair).execute();
  }
}

// The project's members from the source, at their access; nobody already in the project is lowered.
async function ensureMembers(tx: Tx, plan: ImportPlan, projectGid: number, userGids: Map<string, number>) {
  for (const member of plan.members ?? []) {
    const userGid = userGids.get(member.userKey);
    if (!userGid) continue;
    const there = await tx.trx
      .selectFrom("project_memberships")
      .select("gid")
      .where("project_gid", "=", projectGid)
      .where("user_gid", "=", userGid)
      .executeTakeFirst();
    if (there) continue;
    await tx.trx
      .insertInto("project_memberships")
      .values({
        gid: newGid(),
        project_gid: projectGid,
        user_gid: userGid,
        access_level: member.accessLevel,
        created_at: tx.now,
      })
      .execute();
  }
}

async function ensureProject(tx: Tx, keys: Keys, plan: ImportPlan, target: ImportTarget): Promise<number> {
  const existing = keys.get(plan.sourceId, "project");
  if (existing) {
    const row = await tx.trx
      .selectFrom("projects")
      .select(["gid", "team_gid", "workspace_gid"])
      .where("gid", "=", existing)
      .executeTakeFirst();
    // A rerun that names a team moves the project there, as the first run would have placed it.
    if (row && target.teamGid && row.team_gid !== target.teamGid) {
      await tx.trx
        .updateTable("projects")
        .set({ team_gid: target.teamGid, modified_at: tx.now })
        .where("gid", "=", row.gid)
        .execute();
      await tx.emit({
        workspace_gid: row.workspace_gid,
        resource_type: "project",
        resource_gid: row.gid,
        action: "changed",
        change: { field: "team", action: "changed" },
      });
    }
    if (row) return row.gid;
  }
  const project = {
    gid: newGid(),
    workspace_gid: target.workspaceGid,
    team_gid: target.teamGid,
    owner_gid: tx.actor?.gid ?? null,
    name: (target.projectName || plan.projectName).slice(0, 200),
    notes: "",
    html_notes: "<body></body>",
    color: null,
    default_view: plan.defaultView ?? "list",
    privacy_setting: "public_to_workspace" as const,
    archived: 0 as const,
    due_on: null,
    start_on: null,
    created_at: tx.now,
    modified_at: tx.now,
  };
  await tx.trx.insertInto("projects").values(project).execute();
  await tx.emit({
    workspace_gid: project.workspace_gid,
    resource_type: "project",
    resource_gid: project.gid,
    parent_type: project.team_gid ? "team" : "workspace",
    parent_gid: project.team_gid ?? project.workspace_gid,
    action: "added",
  });
  if (tx.actor) {
    await tx.trx
      .insertInto("project_memberships")
      .values({
        gid: newGid(),
        project_gid: project.gid,
        user_gid: tx.actor.gid,
        access_level: "admin",
        created_at: tx.now,
      })
      .execute();
  }
  // Every project has at least one section: tasks of a closed Trello list or without a section land in it.
  if (plan.sections.length === 0 || plan.tasks.some((task) => !task.sectionKey)) {
    await tx.trx
      .insertInto("sections")
      .values({
        gid: newGid(),
        project_gid: project.gid,
        name: "Untitled section",
        order_key: keyAfter(null),
        created_at: tx.now,
      })
      .execute();
  }
  keys.set(plan.sourceId, "project", project.gid);
  return project.gid;
}

async function ensureSections(
  tx: Tx,
  keys: Keys,
  plan: ImportPlan,
  projectGid: number,
  counts: ImportCounts,
): Promise<Map<string, number>> {
  const gids = new Map<string, number>();
  const missing = plan.sections.filter((section) => {
    const gid = keys.get(plan.sourceId, section.key);
    if (gid) gids.set(section.key, gid);
    return !gid;
  });
  if (missing.length === 0) return gids;
  const last = await tx.trx
    .selectFrom("sections")
    .select("order_key")
    .where("project_gid", "=", projectGid)
    .orderBy("order_key", "desc")
    .limit(1)
    .executeTakeFirst();
  const orderKeys = keysAfter(last?.order_key ?? null, missing.length);
  const workspace = await tx.trx
    .selectFrom("projects")
    .select("workspace_gid")
    .where("gid", "=", projectGid)
    .executeTakeFirstOrThrow();
  const archived = tx.actor?.language === "ru" ? "в архиве" : "archived";
  for (const [index, section] of missing.entries()) {
    const gid = newGid();
    const name = section.archived ? `${section.name} (${archived})` : section.name;
    await tx.trx
      .insertInto("sections")
      .values({ gid, project_gid: projectGid, name, order_key: orderKeys[index], created_at: tx.now })
      .execute();
    await tx.emit({
      workspace_gid: workspace.workspace_gid,
      resource_type: "section",
      resource_gid: gid,
      parent_type: "project",
      parent_gid: projectGid,
      action: "added",
    });
    keys.set(plan.sourceId, section.key, gid);
    gids.set(section.key, gid);
    counts.sections += 1;
  }
  return gids;
}

// Each incoming person becomes who the importer chose, or the member matched by email, username or full name
// (matchPeople), or else a placeholder: a user without a password who joins the workspace as a guest, whose name
// shows on tasks and comments, and who can be merged into a real person or claimed through an invitation to
// their email. A member is never duplicated by a placeholder.
async function ensureUsers(
  tx: Tx,
  keys: Keys,
  plan: ImportPlan,
  target: ImportTarget,
  counts: ImportCounts,
  notes: ImportProblem[],
): Promise<Map<string, number>> {
  const gids = new Map<string, number>();
  const source = peopleSource(plan.sourceId);
  const workspaceGid = target.workspaceGid;
  const matches = await matchPeople(tx.trx as unknown as Db, workspaceGid, plan.sourceId, plan.users);
  const members = new Set((await workspaceMembers(tx.trx as unknown as Db, workspaceGid)).map((row) => row.gid));
  for (const { person, member } of matches) {
    const choice = target.people?.get(person.key);
    if (choice?.action === "none") continue;
    if (choice?.action === "match" && members.has(choice.user)) {
      gids.set(person.key, choice.user);
      keys.set(source, person.key, choice.user);
      counts.users_matched += 1;
      continue;
    }
    if (choice?.action === "match") notes.push(problem("person_not_in_workspace", { person: person.name }));
    // An explicit placeholder or invitation wins over an automatic match.
    if (member && (!choice || choice.action === "match")) {
      gids.set(person.key, member.gid);
      keys.set(source, person.key, member.gid);
      counts.users_matched += 1;
      continue;
    }
    const email = choice?.action === "invite" ? choice.email : person.email;
    if (email) {
      const account = await tx.trx.selectFrom("users").select("gid").where("email", "=", email).executeTakeFirst();
      if (account && members.has(account.gid)) {
        gids.set(person.key, account.gid);
        keys.set(source, person.key, account.gid);
        counts.users_matched += 1;
        continue;
      }
      // Someone with an account elsewhere is not pulled into this workspace by an import.
      if (account) {
        notes.push(problem("person_outside_workspace", { person: person.name }));
        continue;
      }
    }
    const gid = newGid();
    const address =
      email ?? `${source}-${person.key.replace(/[^a-z0-9]+/gi, "-")}-${gid}@placeholder.invalid`.toLowerCase();
    await tx.trx
      .insertInto("users")
      .values({ gid, email: address, name: person.name, password_hash: null, language: "en", created_at: tx.now })
      .execute();
    await tx.trx
      .insertInto("workspace_memberships")
      .values({ gid: newGid(), workspace_gid: workspaceGid, user_gid: gid, role: "guest", created_at: tx.now })
      .execute();
    members.add(gid);
    gids.set(person.key, gid);
    keys.set(source, person.key, gid);
    counts.users_created += 1;
  }
  return gids;
}

async function ensureTags(
  tx: Tx,
  keys: Keys,
  plan: ImportPlan,
  workspaceGid: number,
  counts: ImportCounts,
): Promise<Map<string, number>> {
  const gids = new Map<string, number>();
  const existing = await tx.trx
    .selectFrom("tags")
    .select(["gid", "name"])
    .where("workspace_gid", "=", workspaceGid)
    .execute();
  const byName = new Map(existing.map((tag) => [tag.name.toLowerCase(), tag.gid]));
  for (const tag of plan.tags) {
    const known = keys.get(plan.sourceId, tag.key) ?? byName.get(tag.name.toLowerCase());
    if (known) {
      gids.set(tag.key, known);
      continue;
    }
    const gid = newGid();
    const color = TagColor.options.find((name) => name === tag.color) ?? null;
    await tx.trx
      .insertInto("tags")
      .values({
        gid,
        workspace_gid: workspaceGid,
        name: tag.name,
        color,
        notes: "",
        created_by_gid: tx.actor?.gid ?? null,
        created_at: tx.now,
      })
      .execute();
    keys.set(plan.sourceId, tag.key, gid);
    byName.set(tag.name.toLowerCase(), gid);
    gids.set(tag.key, gid);
    counts.tags += 1;
  }
  return gids;
}

interface ImportedField {
  gid: number;
  name: string;
  multi: boolean;
  // Option gids by lower-cased name.
  options: Map<string, number>;
  // A workspace text field of the plan field's name: every value is written as the text it reads.
  asText: boolean;
}

// Each plan field becomes a workspace field, or reuses the workspace's field of the same name and type (a rerun
// finds the one it created), and is added to the imported project; missing enum options are added by name.
async function ensureCustomFields(
  tx: Tx,
  plan: ImportPlan,
  projectGid: number,
  workspaceGid: number,
  notes: ImportProblem[],
): Promise<Map<string, ImportedField>> {
  const imported = new Map<string, ImportedField>();
  const planned = plan.customFields ?? [];
  if (planned.length === 0) return imported;
  const existing = await tx.trx
    .selectFrom("custom_fields")
    .selectAll()
    .where("workspace_gid", "=", workspaceGid)
    .where((eb) => eb.or([eb("project_gid", "is", null), eb("project_gid", "=", projectGid)]))
    .orderBy("gid")
    .execute();
  const settings = await tx.trx
    .selectFrom("custom_field_settings")
    .select(["custom_field_gid", "order_key"])
    .where("project_gid", "=", projectGid)
    .orderBy("order_key", "desc")
    .execute();
  const onProject = new Set(settings.map((setting) => setting.custom_field_gid));
  let lastKey = settings[0]?.order_key ?? null;
  for (const planField of planned) {
    let field = planField;
    const sameName = existing.filter((candidate) => candidate.name.toLowerCase() === field.name.toLowerCase());
    let gid = sameName.find((candidate) => candidate.resource_subtype === field.subtype)?.gid;
    let asText = false;
    if (!gid && sameName.length > 0) {
      // The workspace has a field of this name of another type. A text field holds any value as it reads; else
      // the values go to a new field "Name (2)". Nothing of the file is left out.
      const textField = sameName.find((candidate) => candidate.resource_subtype === "text");
      if (textField && field.subtype !== "people") {
        gid = textField.gid;
        asText = true;
        notes.push(problem("field_as_text", { field: field.name }));
      } else {
        const taken = new Set(existing.map((candidate) => candidate.name.toLowerCase()));
        let name = field.name;
        for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${field.name.slice(0, 190)} (${n})`;
        notes.push(problem("field_renamed", { field: field.name, name }));
        field = { ...field, name };
        gid = existing.find(
          (candidate) =>
            candidate.name.toLowerCase() === name.toLowerCase() && candidate.resource_subtype === field.subtype,
        )?.gid;
      }
    }
    if (!gid && onProject.size >= MAX_FIELDS_PER_PROJECT) {
      notes.push(problem("field_limit", { field: field.name, max: MAX_FIELDS_PER_PROJECT }));
      continue;
    }
    if (!gid) {
      const created = await insertField(tx, workspaceGid, null, {
        name: field.name,
        resource_subtype: field.subtype,
        ...(field.subtype === "number" && field.precision !== null ? { precision: field.precision } : {}),
      });
      existing.push(created);
      gid = created.gid;
    }
    // A number field reused for values with more decimals shows them all (raising a precision loses nothing).
    const reused = existing.find((candidate) => candidate.gid === gid);
    if (
      !asText &&
      field.subtype === "number" &&
      field.precision !== null &&
      reused &&
      (reused.precision ?? 0) < field.precision
    ) {
      await tx.trx.updateTable("custom_fields").set({ precision: field.precision }).where("gid", "=", gid).execute();
      await tx.emit({
        workspace_gid: workspaceGid,
        resource_type: "custom_field",
        resource_gid: gid,
        resource_subtype: "number",
        action: "changed",
        change: { field: "precision", action: "changed" },
      });
      notes.push(problem("field_precision", { field: field.name, precision: field.precision ?? 0 }));
      reused.precision = field.precision;
    }
    if (!onProject.has(gid)) {
      if (onProject.size >= MAX_FIELDS_PER_PROJECT) {
        notes.push(problem("field_limit", { field: field.name, max: MAX_FIELDS_PER_PROJECT }));
        continue;
      }
      lastKey = keyBetween(lastKey, null);
      await tx.trx
        .insertInto("custom_field_settings")
        .values({
          gid: newGid(),
          project_gid: projectGid,
          custom_field_gid: gid,
          is_important: 0,
          order_key: lastKey,
          created_at: tx.now,
        })
        .execute();
      await tx.emit({
        workspace_gid: workspaceGid,
        resource_type: "custom_field",
        resource_gid: gid,
        parent_type: "project",
        parent_gid: projectGid,
        action: "added",
      });
      onProject.add(gid);
    }
    const options = new Map<string, number>();
    if (asText) {
      imported.set(field.key, { gid, name: field.name, multi: false, options, asText: true });
      continue;
    }
    if (field.subtype === "enum" || field.subtype === "multi_enum") {
      const rows = await tx.trx
        .selectFrom("custom_field_enum_options")
        .select(["gid", "name", "order_key"])
        .where("custom_field_gid", "=", gid)
        .orderBy("order_key")
        .execute();
      for (const row of rows) if (!options.has(row.name.toLowerCase())) options.set(row.name.toLowerCase(), row.gid);
      let optionKey = rows.at(-1)?.order_key ?? null;
      for (const option of field.options) {
        if (options.has(option.name.toLowerCase())) continue;
        if (options.size >= 500) {
          notes.push(problem("field_options_limit", { field: field.name }));
          break;
        }
        optionKey = keyBetween(optionKey, null);
        const optionGid = newGid();
        await tx.trx
          .insertInto("custom_field_enum_options")
          .values({
            gid: optionGid,
            custom_field_gid: gid,
            name: option.name,
            color: EnumOptionColor.options.find((color) => color === option.color) ?? "none",
            enabled: 1,
            order_key: optionKey,
          })
          .execute();
        await tx.emit({
          workspace_gid: workspaceGid,
          resource_type: "custom_field",
          resource_gid: gid,
          resource_subtype: field.subtype,
          action: "changed",
          change: {
            field: "enum_options",
            action: "added",
            added_value: { gid: String(optionGid), name: option.name },
          },
        });
        options.set(option.name.toLowerCase(), optionGid);
      }
    }
    imported.set(field.key, { gid, name: field.name, multi: field.subtype === "multi_enum", options, asText: false });
  }
  return imported;
}

// Sets a new task's imported values through the same checks as PUT /tasks: a value a field refuses (a disabled
// option, a person outside the workspace) is left out with a note instead of failing the import.
async function writeFieldValues(
  tx: Tx,
  actor: Actor,
  task: TasksTable,
  projectGid: number,
  item: PlanTask,
  fields: Map<string, ImportedField>,
  userGids: Map<string, number>,
  notes: ImportProblem[],
): Promise<void> {
  for (const { fieldKey, value } of item.customValues) {
    const field = fields.get(fieldKey);
    if (!field) continue;
    const raw = rawValue(value, field, userGids);
    if (raw === undefined) {
      notes.push(problem("field_value_unmatched", { field: field.name }));
      continue;
    }
    try {
      const prepared = await prepareValues(tx.trx as unknown as Db, actor, {
        workspaceGid: task.workspace_gid,
        projectGids: [projectGid],
        raw: { [String(field.gid)]: raw },
        secretKey: () => Promise.reject(new Error("an import never writes secret fields")),
      });
      await writeValues(tx, task, prepared);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      notes.push(problem("field_value_refused", { field: field.name, reason: error.message }));
    }
  }
}

function rawValue(value: PlanFieldValue, field: ImportedField, userGids: Map<string, number>): unknown {
  if (field.asText) {
    const written =
      value.kind === "options"
        ? value.names.join(", ")
        : value.kind === "date"
          ? (value.dateTime ?? value.date ?? "")
          : value.kind === "people"
            ? ""
            : String(value.value);
    return written.slice(0, 1024) || undefined;
  }
  switch (value.kind) {
    case "text":
    case "number":
      return value.value;
    case "options": {
      const gids = value.names.map((name) => field.options.get(name.toLowerCase()));
      if (gids.some((gid) => gid === undefined)) return undefined;
      return field.multi ? gids.map(String) : String(gids[0]);
    }
    case "date":
      return value.dateTime ? { date_time: value.dateTime } : { date: value.date };
    case "people": {
      const gids = value.userKeys.map((key) => userGids.get(key));
      if (gids.some((gid) => gid === undefined)) return undefined;
      return gids.map(String);
    }
  }
}

async function insertTask(
  tx: Tx,
  item: PlanTask,
  parent: TasksTable | null,
  workspaceGid: number,
  userGids: Map<string, number>,
  subtaskKey: string,
): Promise<TasksTable> {
  const gid = newGid();
  const row: TasksTable = {
    gid,
    workspace_gid: workspaceGid,
    root_gid: parent ? parent.root_gid : gid,
    parent_gid: parent?.gid ?? null,
    subtask_order_key: parent ? subtaskKey : null,
    name: item.name,
    notes: item.notes,
    html_notes: item.htmlNotes ?? plainToRichText(item.notes),
    resource_subtype: "default_task",
    assignee_gid: (item.assigneeKey && userGids.get(item.assigneeKey)) || null,
    due_on: item.dueOn,
    due_at: item.dueAt,
    start_on: item.startOn && (item.dueOn || item.dueAt) ? item.startOn : null,
    completed: item.completed ? 1 : 0,
    completed_at: item.completed ? (item.completedAt ?? tx.now) : null,
    completed_by_gid: item.completed ? (tx.actor?.gid ?? null) : null,
    created_by_gid: tx.actor?.gid ?? null,
    created_at: tx.now,
    modified_at: tx.now,
  };
  await tx.trx.insertInto("tasks").values(row).execute();
  if (tx.actor) await tx.trx.insertInto("task_followers").values({ task_gid: gid, user_gid: tx.actor.gid }).execute();
  return row;
}

async function placeInProject(
  trx: Transaction<Database>,
  taskGid: number,
  projectGid: number,
  sectionGid: number,
  now: string,
) {
  const last = await trx
    .selectFrom("task_memberships")
    .select("order_key")
    .where("section_gid", "=", sectionGid)
    .orderBy("order_key", "desc")
    .limit(1)
    .executeTakeFirst();
  await trx
    .insertInto("task_memberships")
    .values({
      task_gid: taskGid,
      project_gid: projectGid,
      section_gid: sectionGid,
      order_key: keyAfter(last?.order_key ?? null),
      created_at: now,
    })
    .execute();
}
