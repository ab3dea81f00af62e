import type { AccessLevel, ProjectsTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { auditInTx } from "../audit/audit.record.ts";
import { type Ctx, type Tx, transact } from "../context.ts";
import { keysAfter } from "../ordering.ts";
import { keepProjectInTrash } from "../trash/trash.commands.ts";

export const FIRST_SECTION_NAME = "Untitled section";

// Fields a client may set; references are already resolved to gids and checked by the caller.
export interface ProjectFields {
  name: string;
  notes: string;
  html_notes: string;
  color: string | null;
  default_view: string;
  privacy_setting: ProjectsTable["privacy_setting"];
  archived: 0 | 1;
  due_on: string | null;
  start_on: string | null;
  owner_gid: number | null;
  team_gid: number | null;
  // Asana parity (0027).
  icon?: string | null;
  default_access_level?: string | null;
  completed?: 0 | 1;
  completed_at?: string | null;
  completed_by_gid?: number | null;
}

export interface NewProject extends ProjectFields {
  workspace_gid: number;
  // Extra people to share the project with (Asana's followers on create), as editors.
  followers: number[];
  // The project's sections in order; without them it starts with one untitled section.
  sections?: string[];
}

function parentOf(project: Pick<ProjectsTable, "team_gid" | "workspace_gid">) {
  return project.team_gid
    ? { parent_type: "team", parent_gid: project.team_gid }
    : { parent_type: "workspace", parent_gid: project.workspace_gid };
}

function userValue(gid: number) {
  return { gid: String(gid), resource_type: "user" };
}

async function insertMember(tx: Tx, project: ProjectsTable, userGid: number, accessLevel: AccessLevel) {
  await tx.trx
    .insertInto("project_memberships")
    .values({
      gid: newGid(),
      project_gid: project.gid,
      user_gid: userGid,
      access_level: accessLevel,
      created_at: tx.now,
    })
    .execute();
  await tx.emit({
    workspace_gid: project.workspace_gid,
    resource_type: "project",
    resource_gid: project.gid,
    action: "changed",
    change: { field: "members", action: "added", added_value: userValue(userGid) },
  });
}

// The creator becomes an admin member (and the owner unless another is named); the project starts with the
// sections named, or with one untitled section.
export async function createProject(ctx: Ctx & { actor: { gid: number } }, input: NewProject) {
  return transact(ctx, async (tx) => {
    const { followers, sections: names, ...fields } = input;
    const project: ProjectsTable = { gid: newGid(), ...fields, created_at: tx.now, modified_at: tx.now };
    await tx.trx.insertInto("projects").values(project).execute();
    await tx.emit({
      workspace_gid: project.workspace_gid,
      resource_type: "project",
      resource_gid: project.gid,
      ...parentOf(project),
      action: "added",
    });
    const sectionNames = names?.length ? names : [FIRST_SECTION_NAME];
    const keys = keysAfter(null, sectionNames.length);
    const sections = sectionNames.map((name, index) => ({
      gid: newGid(),
      project_gid: project.gid,
      name,
      order_key: keys[index],
      created_at: tx.now,
    }));
    await tx.trx.insertInto("sections").values(sections).execute();
    for (const section of sections) {
      await tx.emit({
        workspace_gid: project.workspace_gid,
        resource_type: "section",
        resource_gid: section.gid,
        parent_type: "project",
        parent_gid: project.gid,
        action: "added",
      });
    }
    const levels = new Map<number, AccessLevel>([[ctx.actor.gid, "admin"]]);
    if (project.owner_gid && !levels.has(project.owner_gid)) levels.set(project.owner_gid, "admin");
    for (const follower of followers) if (!levels.has(follower)) levels.set(follower, "editor");
    for (const [userGid, level] of levels) await insertMember(tx, project, userGid, level);
    return project;
  });
}

// Small values travel in the event; long text does not.
function changeValue(field: keyof ProjectFields, value: unknown) {
  if (field === "notes" || field === "html_notes") return undefined;
  if (field === "owner_gid") return value ? userValue(value as number) : null;
  if (field === "team_gid") return value ? { gid: String(value), resource_type: "team" } : null;
  if (field === "archived" || field === "completed") return value === 1;
  if (field === "completed_by_gid") return value ? userValue(value as number) : null;
  return value;
}

const EVENT_FIELD: Partial<Record<keyof ProjectFields, string>> = {
  owner_gid: "owner",
  team_gid: "team",
  completed_by_gid: "completed_by",
};

export async function updateProject(ctx: Ctx, project: ProjectsTable, changes: Partial<ProjectFields>) {
  return transact(ctx, async (tx) => {
    const fields = (Object.keys(changes) as (keyof ProjectFields)[]).filter(
      (field) => changes[field] !== undefined && changes[field] !== project[field],
    );
    if (fields.length === 0) return project;
    const values = Object.fromEntries(fields.map((field) => [field, changes[field]]));
    await tx.trx
      .updateTable("projects")
      .set({ ...values, modified_at: tx.now })
      .where("gid", "=", project.gid)
      .execute();
    // A new owner is an admin member of the project.
    const newOwner = fields.includes("owner_gid") ? changes.owner_gid : null;
    if (newOwner) {
      const membership = await tx.trx
        .selectFrom("project_memberships")
        .select(["gid", "access_level"])
        .where("project_gid", "=", project.gid)
        .where("user_gid", "=", newOwner)
        .executeTakeFirst();
      if (!membership) await insertMember(tx, project, newOwner, "admin");
      else if (membership.access_level !== "admin") {
        await tx.trx
          .updateTable("project_memberships")
          .set({ access_level: "admin" })
          .where("gid", "=", membership.gid)
          .execute();
      }
    }
    // Whoever makes a project private stays in it, so it never ends up visible to nobody.
    if (fields.includes("privacy_setting") && changes.privacy_setting === "private" && tx.actor) {
      const actorGid = tx.actor.gid;
      const own = await tx.trx
        .selectFrom("project_memberships")
        .select("gid")
        .where("project_gid", "=", project.gid)
        .where("user_gid", "=", actorGid)
        .executeTakeFirst();
      if (!own) await insertMember(tx, project, actorGid, "admin");
    }
    for (const field of fields) {
      const newValue = changeValue(field, changes[field]);
      await tx.emit({
        workspace_gid: project.workspace_gid,
        resource_type: "project",
        resource_gid: project.gid,
        action: "changed",
        change: {
          field: EVENT_FIELD[field] ?? field,
          action: "changed",
          ...(newValue === undefined ? {} : { new_value: newValue }),
        },
      });
    }
    return tx.trx.selectFrom("projects").selectAll().where("gid", "=", project.gid).executeTakeFirstOrThrow();
  });
}

// Asana's rule: top-level tasks that live only in this project are deleted with it (their subtasks, stories
// and followers go by cascade); tasks also homed elsewhere, and subtasks homed here, just leave the project.
export async function deleteProject(ctx: Ctx, project: ProjectsTable) {
  return transact(ctx, async (tx) => {
    const onlyHere = await tx.trx
      .selectFrom("task_memberships as tm")
      .innerJoin("tasks", "tasks.gid", "tm.task_gid")
      .select("tasks.gid")
      .where("tm.project_gid", "=", project.gid)
      .where("tasks.parent_gid", "is", null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("task_memberships as elsewhere")
              .select("elsewhere.task_gid")
              .whereRef("elsewhere.task_gid", "=", "tm.task_gid")
              .where("elsewhere.project_gid", "<>", project.gid),
          ),
        ),
      )
      .execute();
    const taskGids = onlyHere.map((row) => row.gid);
    // The deleter can bring it back, tasks and all, for a while (domain/trash).
    await keepProjectInTrash(tx, project, taskGids);
    await tx.trx.deleteFrom("task_memberships").where("project_gid", "=", project.gid).execute();
    for (let start = 0; start < taskGids.length; start += 500) {
      await tx.trx
        .deleteFrom("tasks")
        .where("gid", "in", taskGids.slice(start, start + 500))
        .execute();
    }
    await tx.trx.deleteFrom("sections").where("project_gid", "=", project.gid).execute();
    await tx.trx.deleteFrom("project_memberships").where("project_gid", "=", project.gid).execute();
    await tx.trx.deleteFrom("projects").where("gid", "=", project.gid).execute();
    for (const taskGid of taskGids) {
      await tx.emit({
        workspace_gid: project.workspace_gid,
        resource_type: "task",
        resource_gid: taskGid,
        parent_type: "project",
        parent_gid: project.gid,
        action: "deleted",
      });
    }
    await tx.emit({
      workspace_gid: project.workspace_gid,
      resource_type: "project",
      resource_gid: project.gid,
      ...parentOf(project),
      action: "deleted",
    });
    await auditInTx(tx, {
      workspaceGid: project.workspace_gid,
      eventType: "project_deleted",
      category: "deletion",
      resource: { type: "project", gid: project.gid, name: project.name },
      details: { tasks_deleted: taskGids.length },
    });
    return { deletedTasks: taskGids.length };
  });
}

async function touch(tx: Tx, project: ProjectsTable) {
  await tx.trx.updateTable("projects").set({ modified_at: tx.now }).where("gid", "=", project.gid).execute();
}

// Checked after the write, inside the transaction: throwing rolls the change back.
async function requireAnAdmin(tx: Tx, project: ProjectsTable, field: string) {
  const admin = await tx.trx
    .selectFrom("project_memberships")
    .select("gid")
    .where("project_gid", "=", project.gid)
    .where("access_level", "=", "admin")
    .executeTakeFirst();
  if (!admin) throw badRequest(`${field}: a project must keep at least one admin`);
}

// People already in the project keep their access; change it with PUT /project_memberships/{gid}.
export async function addProjectMembers(ctx: Ctx, project: ProjectsTable, userGids: number[], level: AccessLevel) {
  return transact(ctx, async (tx) => {
    const existing = await tx.trx
      .selectFrom("project_memberships")
      .select("user_gid")
      .where("project_gid", "=", project.gid)
      .where("user_gid", "in", userGids)
      .execute();
    const present = new Set(existing.map((row) => row.user_gid));
    const added = [...new Set(userGids)].filter((gid) => !present.has(gid));
    for (const userGid of added) await insertMember(tx, project, userGid, level);
    if (added.length) await touch(tx, project);
    return added;
  });
}

export async function removeProjectMembers(ctx: Ctx, project: ProjectsTable, userGids: number[]) {
  return transact(ctx, async (tx) => {
    const removed = await tx.trx
      .selectFrom("project_memberships")
      .select(["user_gid", "access_level"])
      .where("project_gid", "=", project.gid)
      .where("user_gid", "in", userGids)
      .execute();
    if (removed.length === 0) return [];
    await tx.trx
      .deleteFrom("project_memberships")
      .where("project_gid", "=", project.gid)
      .where("user_gid", "in", userGids)
      .execute();
    if (removed.some((row) => row.access_level === "admin")) await requireAnAdmin(tx, project, "members");
    for (const row of removed) {
      await tx.emit({
        workspace_gid: project.workspace_gid,
        resource_type: "project",
        resource_gid: project.gid,
        action: "changed",
        change: { field: "members", action: "removed", removed_value: userValue(row.user_gid) },
      });
    }
    await touch(tx, project);
    return removed.map((row) => row.user_gid);
  });
}

export async function changeMemberAccess(
  ctx: Ctx,
  project: ProjectsTable,
  membership: { gid: number; user_gid: number; access_level: AccessLevel },
  level: AccessLevel,
) {
  return transact(ctx, async (tx) => {
    if (membership.access_level === level) return;
    await tx.trx
      .updateTable("project_memberships")
      .set({ access_level: level })
      .where("gid", "=", membership.gid)
      .execute();
    if (membership.access_level === "admin") await requireAnAdmin(tx, project, "access_level");
    await tx.emit({
      workspace_gid: project.workspace_gid,
      resource_type: "project",
      resource_gid: project.gid,
      action: "changed",
      change: {
        field: "members",
        action: "changed",
        new_value: { ...userValue(membership.user_gid), access_level: level },
      },
    });
    await touch(tx, project);
  });
}
